/* The moved-vDSO and time-namespace cases: the same series, measured in a forked child. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"
#include "rawsys.h"
#include "vdso_move.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif

/* A day ahead: a namespace with zero offsets could share the plain data page's fast path. */
static const char timens_offsets[] = "monotonic 86400 0\nboottime 86400 0\n";

int bench_open_vdso(struct vdso_image *img, struct vdso_layout *l)
{
	int err = vdso_layout_read(l);

	if (err)
		return err;
	return vdso_image_open(img, l->ehdr, l->vdso.end - l->vdso.start);
}

static void set_why(struct bench_run *run, int err, const char *fmt, const char *what)
{
	run->status = err ? err : -EPROTO;
	snprintf(run->why, sizeof(run->why), fmt, what, strerror(-run->status));
}

/*
 * In the child: moves [vvar*] and [vdso] together to a fresh place, then
 * measures from the moved image. From here on only raw syscalls and the
 * resolver run, and the child leaves with exit_group.
 */
static void __attribute__((noreturn)) moved_child(struct bench_run *run,
						  const struct bench_opts *o)
{
	struct vdso_layout l;
	struct vdso_area a;
	struct vdso_image img;
	const struct vdso_vma *v;
	long new_lo, r;

	r = vdso_layout_read(&l);
	if (!r)
		r = vdso_area_read(&a, l.page_size);
	if (r) {
		set_why(run, r, "%s: %s", "reading the vDSO layout");
		raw_exit(0);
	}
	new_lo = vdso_area_move_anywhere(&a);
	if (raw_mmap_failed(new_lo)) {
		set_why(run, new_lo, "%s: %s", "moving [vvar*] and [vdso]");
		raw_exit(0);
	}
	v = &a.vma[a.vdso];
	r = vdso_image_open(&img, v->start - a.lo + new_lo, v->end - v->start);
	if (r) {
		set_why(run, r, "%s: %s", "resolving the moved image");
		raw_exit(0);
	}
	bench_series_build(run, &img, true, false);
	bench_measure(run, o);
	run->status = 0;
	raw_exit(0);
}

static void measure_here(struct bench_run *run, const struct bench_opts *o)
{
	struct vdso_layout l;
	struct vdso_image img;
	int err = bench_open_vdso(&img, &l);

	if (err) {
		set_why(run, err, "%s: %s", "opening the vDSO");
		return;
	}
	bench_series_build(run, &img, true, false);
	bench_measure(run, o);
	run->status = 0;
}

static int write_offsets(void)
{
	long fd = raw_open("/proc/self/timens_offsets", O_WRONLY, 0);
	long r;

	if (fd < 0)
		return fd;
	r = raw_write(fd, timens_offsets, sizeof(timens_offsets) - 1);
	raw_close(fd);
	return r < 0 ? r : 0;
}

/* unshare(CLONE_NEWTIME) applies to children only: this child makes one more. */
static void __attribute__((noreturn)) timens_child(struct bench_run *run,
						   const struct bench_opts *o)
{
	long r = raw_unshare(CLONE_NEWTIME);
	pid_t pid;

	if (r) {
		set_why(run, r, "%s: %s", "unshare(CLONE_NEWTIME)");
		raw_exit(0);
	}
	r = write_offsets();
	if (r) {
		set_why(run, r, "%s: %s", "writing /proc/self/timens_offsets");
		raw_exit(0);
	}
	pid = fork();
	if (pid < 0) {
		set_why(run, -errno, "%s: %s", "fork into the time namespace");
		raw_exit(0);
	}
	if (!pid) {
		measure_here(run, o);
		raw_exit(0);
	}
	waitpid(pid, NULL, 0);
	raw_exit(0);
}

static void in_child(struct bench_run *run, const struct bench_opts *o,
		     void (*fn)(struct bench_run *, const struct bench_opts *))
{
	struct bench_run *shared;
	int status;
	pid_t pid;

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (shared == MAP_FAILED) {
		set_why(run, -errno, "%s: %s", "shared memory for the child");
		return;
	}
	memset(shared, 0, sizeof(*shared));
	set_why(shared, -ECHILD, "%s: %s", "the child died before reporting");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		set_why(run, -errno, "%s: %s", "fork");
	} else if (!pid) {
		fn(shared, o);
	} else {
		waitpid(pid, &status, 0);
		*run = *shared;
		if (WIFSIGNALED(status)) {
			run->status = -ECHILD;
			snprintf(run->why, sizeof(run->why), "the child was killed by signal %d",
				 WTERMSIG(status));
		}
	}
	munmap(shared, sizeof(*shared));
}

void bench_case_moved(struct bench_run *run, const struct bench_opts *o)
{
	in_child(run, o, moved_child);
}

void bench_case_timens(struct bench_run *run, const struct bench_opts *o)
{
	in_child(run, o, timens_child);
}
