/* Restores a C/R image into a fresh child through syscall injection, then places the vDSO. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/prctl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cr_arch.h"
#include "cr_plan.h"
#include "cr_ptrace.h"
#include "cr_vdso.h"
#include "rawsys.h"
#include "vdso.h"

struct restore {
	struct cr_image img;
	struct cr_target t;
	struct vdso_layout lay;		/* the runtime vDSO: ours, and so the stub's */
	struct cr_range rt_vvars[CR_MAX_VVARS];
	unsigned long rt_at;		/* where the runtime [vdso] ends up */
	unsigned long scratch;
	unsigned int flags;
	struct cr_result *res;
};

const char *cr_strategy_name(enum cr_strategy s)
{
	return s == CR_VDSO_REMAP ? "remap" : s == CR_VDSO_PROXY ? "proxy" : "none";
}

/*
 * Another kernel may have other pages or a smaller user address space
 * (Debian ppc64el: 64 KiB pages and 128 TiB in 6.1, 4 KiB and 64 TiB in
 * 6.12): refuse such an image up front, naming the mapping that cannot be.
 */
static int check_fits_kernel(struct restore *r)
{
	unsigned long pg = r->t.page_size, top = 0;
	long p;
	int i;

	for (i = 0; i < r->img.nr_vmas; i++) {
		const struct cr_vma *v = &r->img.vmas[i];

		if ((v->start | v->end) & (pg - 1))
			return cr_fail(r->res, CR_E_KERNEL, "VMA %lx-%lx is not aligned to this "
				       "kernel's %lu-byte pages (image: %lu)", v->start, v->end,
				       pg, r->img.page_size);
		top = v->end > top ? v->end : top;
	}
	if (r->img.vdso_start + r->img.vdso_size > top)
		top = r->img.vdso_start + r->img.vdso_size;
	p = raw_mmap((void *)(top - pg), pg, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == (long)(top - pg))
		raw_munmap((void *)p, pg);
	else if (p != -EEXIST)
		return cr_fail(r->res, CR_E_KERNEL, "address %lx is outside this kernel's user "
			       "address space (%s; image pages %lu, here %lu)", top - pg,
			       strerror(-p), r->img.page_size, pg);
	return 0;
}

static int choose_strategy(struct restore *r)
{
	char why[160];
	int i, err = vdso_layout_read(&r->lay);

	if (!r->img.vdso_size) {
		r->res->st.strategy = CR_VDSO_NONE;
		return 0;
	}
	if (err || !r->lay.has_vdso)
		return cr_fail(r->res, CR_E_VDSO, "the image has a vDSO but this kernel maps none "
			       "(%s)", strerror(err ? -err : ENOENT));
	for (i = 0; i < r->lay.nr_vvar; i++) {
		r->rt_vvars[i].start = r->lay.vvar[i].start;
		r->rt_vvars[i].end = r->lay.vvar[i].end;
		snprintf(r->rt_vvars[i].name, sizeof(r->rt_vvars[i].name), "%s",
			 r->lay.vvar[i].name);
	}
	if (!(r->flags & CR_RESTORE_FORCE_PROXY) &&
	    cr_vdso_same(&r->img, (const void *)r->lay.vdso.start,
			 r->lay.vdso.end - r->lay.vdso.start, r->lay.vdso.start, r->rt_vvars,
			 r->lay.nr_vvar, why, sizeof(why)))
		r->res->st.strategy = CR_VDSO_REMAP;
	else
		r->res->st.strategy = CR_VDSO_PROXY;
	return 0;
}

/*
 * An image without vvar (a launched look-alike) has no placeholder to hold
 * the proxy record: give it one page beside the proxy, where nothing else goes.
 */
static void add_record_page(struct restore *r, struct cr_plan *p)
{
	unsigned long pg = r->t.page_size, at = r->img.vdso_start - pg;

	if (cr_plan_image_overlaps(p, at, at + pg))
		at = r->img.vdso_start + r->img.vdso_size;
	if (cr_plan_image_overlaps(p, at, at + pg))
		return;		/* no room: a later checkpoint records the patched image */
	r->img.vvars[0] = (struct cr_range){ at, at + pg, "[cr-record]" };
	r->img.nr_vvars = 1;
	cr_plan_init(p, &r->img, pg);	/* again, now with the page among the image's ranges */
}

/* Where the runtime pair goes: over the old pair, back where a previous proxy kept it, or free. */
static int plan_addresses(struct restore *r)
{
	struct cr_plan p;
	unsigned long lo = r->lay.lo, hi = r->lay.hi, at;

	cr_plan_init(&p, &r->img, r->t.page_size);
	if (r->res->st.strategy == CR_VDSO_PROXY && !r->img.nr_vvars)
		add_record_page(r, &p);
	if (cr_plan_add_self(&p))
		return cr_fail(r->res, CR_E_SYS, "cannot read /proc/self/maps");
	if (r->res->st.strategy == CR_VDSO_REMAP) {
		r->rt_at = r->img.vdso_start;
	} else if (r->res->st.strategy == CR_VDSO_PROXY) {
		/* Near the proxy, so that short PC-relative jumps reach the runtime image. */
		at = r->img.has_rt ? r->img.rt_vdso.start : 0;
		if (!at || cr_plan_image_overlaps(&p, at - (r->lay.vdso.start - lo),
						  at + (hi - r->lay.vdso.start)))
			at = cr_plan_hole_near(&p, hi - lo, r->img.vdso_start) +
			     (r->lay.vdso.start - lo);
		r->rt_at = at;
		cr_plan_add(&p, at - (r->lay.vdso.start - lo), at + (hi - r->lay.vdso.start));
	}
	r->scratch = cr_plan_hole(&p, r->t.page_size, false);
	if (!r->scratch)
		return cr_fail(r->res, CR_E_SYS, "no free address range for the injection page");
	return 0;
}

static int inject(struct restore *r, long *ret, long nr, long a0, long a1, long a2, long a3,
		  long a4, long a5)
{
	int err = cr_inject(&r->t, ret, nr, a0, a1, a2, a3, a4, a5);

	if (err)
		return cr_fail(r->res, CR_E_SYS, "syscall %ld injection failed: %s", nr,
			       strerror(-err));
	return 0;
}

/* Runs in the forked child: a blank, stopped task with the injection page at r->scratch. */
static void __attribute__((noreturn)) stub(const struct restore *r)
{
	static const unsigned char zero[CR_KSIGACTION_SIZE];
	long p;
	int sig;

	for (sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			arch_syscall6(__NR_rt_sigaction, sig, (long)zero, 0, 8, 0, 0);
	p = raw_mmap((void *)r->scratch, r->t.page_size, PROT_READ | PROT_WRITE | PROT_EXEC,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != (long)r->scratch)
		raw_exit(126);
	memcpy((void *)p, arch_cr_syscall_insn, arch_cr_syscall_insn_len);
	raw_ptrace(PTRACE_TRACEME, 0, NULL, NULL);
	raw_kill(raw_getpid(), SIGSTOP);
	raw_exit(127);
}

static int write_timens_offsets(const struct cr_image *img)
{
	char buf[128];
	int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC), n, ok;

	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "monotonic %lld %lld\nboottime %lld %lld\n",
		     img->timens_mono[0], img->timens_mono[1], img->timens_boot[0],
		     img->timens_boot[1]);
	ok = write(fd, buf, n) == n;
	close(fd);
	return ok ? 0 : -errno;
}

/* The child is born in a new time namespace with the image's offsets; we stay where we are. */
static int spawn_stub(struct restore *r)
{
	int own = -1, pid, sig, err;

	if (r->img.in_timens) {
		own = open("/proc/self/ns/time", O_RDONLY | O_CLOEXEC);
		if (own < 0 || unshare(CLONE_NEWTIME) || write_timens_offsets(&r->img)) {
			if (own >= 0)
				close(own);
			return cr_fail(r->res, CR_E_SYS, "time namespace with the image's "
				       "offsets: %s", strerror(errno));
		}
	}
	pid = fork();
	if (pid == 0)
		stub(r);
	if (own >= 0) {
		setns(own, CLONE_NEWTIME);
		close(own);
	}
	if (pid < 0)
		return cr_fail(r->res, CR_E_SYS, "fork: %s", strerror(errno));
	err = cr_wait_stop(pid, &sig);
	if (err || sig != SIGSTOP) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return cr_fail(r->res, CR_E_SYS, "restore stub did not stop (%s)",
			       err ? strerror(-err) : "signal");
	}
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)PTRACE_O_EXITKILL);
	if (cr_target_open(&r->t, pid))
		return cr_fail(r->res, CR_E_SYS, "/proc/%d/mem: %s", pid, strerror(errno));
	r->t.insn = r->t.scratch = r->scratch;
	return 0;
}

static bool kernel_owned(const struct map_entry *e)
{
	return !strcmp(e->name, "[vdso]") || !strncmp(e->name, "[vvar", 5) ||
	       !strcmp(e->name, "[vsyscall]");
}

/* The stub's rseq area is in the TLS we are about to unmap: the kernel would SIGSEGV it. */
static int drop_stub_rseq(struct restore *r)
{
	struct cr_rseq q;
	long ret;

	if (cr_rseq_get(r->t.pid, &q))
		return cr_fail(r->res, CR_E_SYS, "rseq configuration of the stub: %s",
			       strerror(errno));
	if (!q.ptr)
		return 0;
	if (inject(r, &ret, __NR_rseq, (long)q.ptr, q.size, 1 /* UNREGISTER */, q.sig, 0, 0))
		return r->res->status;
	return ret ? cr_fail(r->res, CR_E_SYS, "rseq unregister in the stub: %s", strerror(-ret))
		   : 0;
}

static int restore_rseq(struct restore *r)
{
	long ret;

	if (!r->img.rseq.ptr)
		return 0;
	if (inject(r, &ret, __NR_rseq, (long)r->img.rseq.ptr, r->img.rseq.size, 0,
		   r->img.rseq.sig, 0, 0))
		return r->res->status;
	return ret ? cr_fail(r->res, CR_E_SYS, "rseq register at %llx: %s",
			     (unsigned long long)r->img.rseq.ptr, strerror(-ret)) : 0;
}

static int clear_stub(struct restore *r)
{
	static struct map_entry m[CR_MAX_VMAS];
	int n = maps_read(r->t.pid, m, CR_MAX_VMAS), i;
	long ret;

	if (drop_stub_rseq(r))
		return r->res->status;

	if (n < 0)
		return cr_fail(r->res, CR_E_SYS, "maps of the stub: %s", strerror(-n));
	for (i = 0; i < n; i++) {
		bool drop = r->res->st.strategy == CR_VDSO_NONE ? strcmp(m[i].name, "[vsyscall]") :
			    !kernel_owned(&m[i]);

		if (m[i].start == r->scratch || !drop)
			continue;
		if (inject(r, &ret, __NR_munmap, m[i].start, m[i].end - m[i].start, 0, 0, 0, 0))
			return r->res->status;
		if (ret)
			return cr_fail(r->res, CR_E_SYS, "munmap %lx-%lx %s in the stub: %s",
				       m[i].start, m[i].end, m[i].name, strerror(-ret));
	}
	return 0;
}

/* mremap every runtime VMA by the same distance so vvar stays where the vDSO code expects it. */
static int shift_pair(struct restore *r, unsigned long from, unsigned long to)
{
	long ret;
	int i;

	for (i = 0; i <= r->lay.nr_vvar; i++) {
		const struct vdso_vma *v = i < r->lay.nr_vvar ? &r->lay.vvar[i] : &r->lay.vdso;
		unsigned long len = v->end - v->start, src = v->start - r->lay.vdso.start + from;

		if (inject(r, &ret, __NR_mremap, src, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
			   src - from + to, 0))
			return r->res->status;
		if ((unsigned long)ret != src - from + to)
			return cr_fail(r->res, CR_E_VDSO, "mremap %s %lx -> %lx: %s", v->name, src,
				       src - from + to, strerror(-ret));
	}
	return 0;
}

static int place_runtime(struct restore *r)
{
	unsigned long cur = r->lay.vdso.start, to = r->rt_at, lo = r->lay.lo, hi = r->lay.hi;
	struct cr_plan p;

	if (r->res->st.strategy == CR_VDSO_NONE || cur == to)
		return 0;
	/* Overlapping mremap(MREMAP_FIXED) is refused: go through a free range first. */
	if (to - (cur - lo) < hi && to + (hi - cur) > lo) {
		unsigned long via;

		cr_plan_init(&p, &r->img, r->t.page_size);
		cr_plan_add_self(&p);
		cr_plan_add(&p, to - (cur - lo), to + (hi - cur));
		cr_plan_add(&p, r->scratch, r->scratch + r->t.page_size);
		via = cr_plan_hole(&p, hi - lo, true) + (cur - lo);
		if (shift_pair(r, cur, via))
			return r->res->status;
		cur = via;
	}
	return shift_pair(r, cur, to);
}

static int map_vma(struct restore *r, unsigned long start, unsigned long end, int prot,
		   const void *data, unsigned long len)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	long ret;

	if (start <= r->img.mm.start_stack && r->img.mm.start_stack < end)
		flags |= MAP_GROWSDOWN;
	if (cr_inject_mmap(&r->t, &ret, start, end - start, prot, flags))
		return cr_fail(r->res, CR_E_SYS, "mmap injection failed");
	if ((unsigned long)ret != start)
		return cr_fail(r->res, CR_E_SYS, "mmap %lx-%lx in the new task: %s", start, end,
			       (unsigned long)ret > -4096UL ? strerror(-ret) : "placed elsewhere");
	if (len && cr_mem_write(&r->t, start, data, len))
		return cr_fail(r->res, CR_E_SYS, "writing %lx-%lx: %s", start, end,
			       strerror(errno));
	r->res->st.bytes += len;
	return 0;
}

static int map_memory(struct restore *r)
{
	int i;

	for (i = 0; i < r->img.nr_vmas; i++) {
		const struct cr_vma *v = &r->img.vmas[i];

		if (map_vma(r, v->start, v->end, v->prot, r->img.pages + v->data_off,
			    v->has_data ? v->end - v->start : 0))
			return r->res->status;
	}
	r->res->st.nr_vmas = r->img.nr_vmas;
	return 0;
}

/* Old image at its old address, every export jumping into the runtime one; record beside it. */
static int map_proxy(struct restore *r)
{
	struct cr_proxy_record *rec = calloc(1, sizeof(*rec));
	unsigned char *buf = malloc(r->img.vdso_size);
	int i, err = 0;

	if (!rec || !buf)
		err = cr_fail(r->res, CR_E_SYS, "out of memory");
	if (!err) {
		memcpy(buf, r->img.vdso, r->img.vdso_size);
		err = cr_proxy_patch(buf, r->img.vdso_size, r->img.vdso_start,
				     (const void *)r->lay.vdso.start,
				     r->lay.vdso.end - r->lay.vdso.start, r->rt_at, false, rec,
				     &r->res->st.nr_redirected, r->res);
	}
	if (!err)
		err = map_vma(r, r->img.vdso_start, r->img.vdso_start + r->img.vdso_size,
			      PROT_READ | PROT_EXEC, buf, r->img.vdso_size);
	rec->nr_vvars = r->img.nr_vvars;
	for (i = 0; !err && i < r->img.nr_vvars; i++) {
		const struct cr_range *v = &r->img.vvars[i];

		rec->vvars[i].start = v->start;
		rec->vvars[i].end = v->end;
		memcpy(rec->vvars[i].name, v->name, sizeof(v->name));
		err = map_vma(r, v->start, v->end, PROT_READ, NULL, 0);
	}
	if (!err && r->img.nr_vvars &&
	    cr_mem_write(&r->t, r->img.vvars[0].start, rec, sizeof(*rec)))
		err = cr_fail(r->res, CR_E_SYS, "cannot write the proxy record");
	free(rec);
	free(buf);
	return err;
}

static int restore_signals(struct restore *r)
{
	unsigned long arg = r->scratch + 512;
	long ret;
	int i;

	for (i = 0; i < r->img.nr_sigs; i++) {
		if (cr_mem_write(&r->t, arg, r->img.sigs[i].raw, CR_KSIGACTION_SIZE) ||
		    inject(r, &ret, __NR_rt_sigaction, r->img.sigs[i].sig, arg, 0, 8, 0, 0))
			return cr_fail(r->res, CR_E_SYS, "restoring signal %d", r->img.sigs[i].sig);
		if (ret)
			return cr_fail(r->res, CR_E_SYS, "rt_sigaction(%d): %s", r->img.sigs[i].sig,
				       strerror(-ret));
	}
	if (cr_mem_write(&r->t, arg, &r->img.sigmask, 8) ||
	    inject(r, &ret, __NR_rt_sigprocmask, SIG_SETMASK, arg, 0, 8, 0, 0) || ret)
		return cr_fail(r->res, CR_E_SYS, "restoring the signal mask");
	return 0;
}

/*
 * struct prctl_mm_map as a 64-bit kernel reads it: 32-bit tasks on a 64-bit
 * kernel must pass this layout (their own one is 4 bytes short and EINVAL).
 */
struct mm_map64 {
	uint64_t f[11];
	uint64_t auxv;
	uint32_t auxv_size, exe_fd;
};

/* brk, stack, argv/env bounds and the saved auxv, so /proc/pid/auxv matches the stack again. */
static int restore_mm(struct restore *r)
{
	const struct cr_mm *m = &r->img.mm;
	unsigned long at = r->scratch + 1024, auxv = r->scratch + 2048;
	struct prctl_mm_map native = {
		.start_code = m->start_code, .end_code = m->end_code,
		.start_data = m->start_data, .end_data = m->end_data,
		.start_brk = m->start_brk, .brk = m->brk, .start_stack = m->start_stack,
		.arg_start = m->arg_start, .arg_end = m->arg_end,
		.env_start = m->env_start, .env_end = m->env_end,
		.auxv = (void *)auxv, .auxv_size = r->img.auxv_len, .exe_fd = -1,
	};
	struct mm_map64 wide = {
		{ m->start_code, m->end_code, m->start_data, m->end_data, m->start_brk, m->brk,
		  m->start_stack, m->arg_start, m->arg_end, m->env_start, m->env_end },
		auxv, r->img.auxv_len, -1,
	};
	long ret;

	if (cr_mem_write(&r->t, auxv, r->img.auxv, r->img.auxv_len) ||
	    cr_mem_write(&r->t, at, &wide, sizeof(wide)) ||
	    inject(r, &ret, __NR_prctl, PR_SET_MM, PR_SET_MM_MAP, at, sizeof(wide), 0, 0))
		return cr_fail(r->res, CR_E_SYS, "PR_SET_MM_MAP injection failed");
	if (ret == -EINVAL && sizeof(native) != sizeof(wide) &&
	    (cr_mem_write(&r->t, at, &native, sizeof(native)) ||
	     inject(r, &ret, __NR_prctl, PR_SET_MM, PR_SET_MM_MAP, at, sizeof(native), 0, 0)))
		return cr_fail(r->res, CR_E_SYS, "PR_SET_MM_MAP injection failed");
	if (ret)
		return cr_fail(r->res, CR_E_SYS, "prctl(PR_SET_MM_MAP): %s", strerror(-ret));
	return 0;
}

static int restore_regs(struct restore *r)
{
	int i, err;

	if (cr_scratch_destroy(&r->t))
		return cr_fail(r->res, CR_E_SYS, "cannot remove the injection page");
	for (i = 0; i < r->img.nr_regsets; i++) {
		err = cr_regset_set(r->t.pid, r->img.regsets[i].type, r->img.regsets[i].data,
				    r->img.regsets[i].len);
		if (err)
			return cr_fail(r->res, CR_E_SYS, "PTRACE_SETREGSET 0x%x: %s",
				       r->img.regsets[i].type, strerror(-err));
	}
	return 0;
}

static int restore_task(struct restore *r)
{
	if (clear_stub(r) || place_runtime(r) || map_memory(r))
		return r->res->status;
	if (r->res->st.strategy == CR_VDSO_PROXY && map_proxy(r))
		return r->res->status;
	if (restore_signals(r) || restore_mm(r) || restore_rseq(r))
		return r->res->status;
	r->res->st.nr_injected = r->t.nr_injected + 1;
	return restore_regs(r);
}

int cr_restore(const char *dir, unsigned int flags, int *pid, struct cr_result *res)
{
	struct restore *r = calloc(1, sizeof(*r));

	memset(res, 0, sizeof(*res));
	*pid = -1;
	if (!r)
		return cr_fail(res, CR_E_SYS, "out of memory");
	r->res = res;
	r->flags = flags;
	r->t.page_size = sysconf(_SC_PAGESIZE);
	r->t.memfd = -1;
	if (cr_image_load(&r->img, dir, res) || check_fits_kernel(r) || choose_strategy(r) ||
	    plan_addresses(r) || spawn_stub(r))
		goto out;
	if (restore_task(r)) {
		kill(r->t.pid, SIGKILL);
		waitpid(r->t.pid, NULL, 0);
		goto out;
	}
	if (ptrace(PTRACE_DETACH, r->t.pid, NULL, NULL)) {
		cr_fail(res, CR_E_SYS, "PTRACE_DETACH: %s", strerror(errno));
		kill(r->t.pid, SIGKILL);
		waitpid(r->t.pid, NULL, 0);
		goto out;
	}
	*pid = r->t.pid;
out:
	cr_target_close(&r->t);
	cr_image_free(&r->img);
	free(r);
	return res->status;
}
