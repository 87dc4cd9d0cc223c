/* Shared pieces of the abi collection: the running vDSO, its entries by role, time comparisons. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "rawsys.h"
#include "abi_common.h"

static struct abi_vdso the_vdso;
static bool loaded;

const struct abi_vdso *abi_vdso(void)
{
	struct abi_vdso *v = &the_vdso;

	if (loaded)
		return v;
	loaded = true;
	v->err = vdso_layout_read(&v->layout);
	if (v->err) {
		v->why = "vdso_layout_read";
		return v;
	}
	v->err = vdso_image_open(&v->image, v->layout.ehdr,
				 v->layout.vdso.end - v->layout.vdso.start);
	if (v->err)
		v->why = "vdso_image_open";
	return v;
}

const void *abi_entry(enum vdso_fn fn, const struct vdso_export **e)
{
	const struct abi_vdso *v = abi_vdso();
	unsigned int i;
	void *addr;

	if (v->err)
		return NULL;
	for (i = 0; i < arch_vdso_nr_exports; i++) {
		if (arch_vdso_exports[i].fn != fn)
			continue;
		addr = vdso_image_sym(&v->image, arch_vdso_exports[i].version,
				      arch_vdso_exports[i].name);
		if (addr) {
			if (e)
				*e = &arch_vdso_exports[i];
			return addr;
		}
	}
	return NULL;
}

void abi_kernel_version(unsigned int *major, unsigned int *minor)
{
	struct utsname u;

	*major = *minor = 0;
	if (!uname(&u))
		sscanf(u.release, "%u.%u", major, minor);
}

struct abi_ts abi_ts_from64(const struct __kernel_timespec *t)
{
	return (struct abi_ts){ t->tv_sec, t->tv_nsec };
}

struct abi_ts abi_ts_from_old(const struct __kernel_old_timespec *t)
{
	return (struct abi_ts){ t->tv_sec, t->tv_nsec };
}

struct abi_ts abi_ts_from_tv(const struct __kernel_old_timeval *tv)
{
	return (struct abi_ts){ tv->tv_sec, (long long)tv->tv_usec * 1000 };
}

int abi_ts_cmp(struct abi_ts a, struct abi_ts b)
{
	if (a.sec != b.sec)
		return a.sec < b.sec ? -1 : 1;
	if (a.nsec != b.nsec)
		return a.nsec < b.nsec ? -1 : 1;
	return 0;
}

bool abi_ts_valid(struct abi_ts t)
{
	return t.nsec >= 0 && t.nsec < 1000000000LL;
}

static const char *const clock_names[] = {
	"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
	"CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
	"CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME", "CLOCK_REALTIME_ALARM",
	"CLOCK_BOOTTIME_ALARM", "CLOCK_SGI_CYCLE", "CLOCK_TAI",
};

const char *abi_clock_name(int clk)
{
	if (clk < 0 || clk >= (int)(sizeof(clock_names) / sizeof(clock_names[0])))
		return "invalid";
	return clock_names[clk];
}

static volatile long *child_result;

int abi_child_prepare(void)
{
	void *p;

	if (child_result)
		return 0;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	child_result = p;
	return 0;
}

int abi_run_child(long (*fn)(void *arg), void *arg, long *ret)
{
	int status;
	pid_t pid;

	if (abi_child_prepare())
		return -1;
	child_result[0] = -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		child_result[0] = fn(arg);
		raw_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	*ret = child_result[0];
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return 0;
}
