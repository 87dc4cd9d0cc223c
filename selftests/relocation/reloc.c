/* Shared pieces of the relocation and timens tests: find, move and check the vDSO area. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <fcntl.h>
#include <arch/ksigaction.h>
#include <arch/sigframe.h>
#include "harness.h"
#include "maps.h"
#include "rawsys.h"
#include "vdso.h"
#include "vdso_abi.h"
#include "raw_extra.h"
#include "reloc.h"

#define NR_MAPS 512
static struct map_entry maps[NR_MAPS];

static bool is_vvar(const char *name)
{
	return name[0] == '[' && name[1] == 'v' && name[2] == 'v' && name[3] == 'a' &&
	       name[4] == 'r';
}

int reloc_area_now(struct reloc_area *a, unsigned long page)
{
	int n = maps_read(0, maps, NR_MAPS), i;

	if (n < 0)
		return n;
	a->n = 0;
	a->vdso = -1;
	a->page = page;
	for (i = 0; i < n; i++) {
		struct vdso_vma *v;
		bool vdso = !vdso_strcmp(maps[i].name, "[vdso]");

		if (!vdso && !is_vvar(maps[i].name))
			continue;
		if (a->n == (int)(sizeof(a->vma) / sizeof(a->vma[0])))
			return -E2BIG;
		if (vdso)
			a->vdso = a->n;
		v = &a->vma[a->n++];
		v->start = maps[i].start;
		v->end = maps[i].end;
		snprintf(v->name, sizeof(v->name), "%s", maps[i].name);
		v->sealed = maps_sealed(0, v->start) == 1;
	}
	if (!a->n)
		return -ENOENT;
	a->lo = a->vma[0].start;
	a->hi = a->vma[a->n - 1].end;
	return 0;
}

/* PROT_NONE at exactly addr without replacing anything; -EEXIST if the range is taken. */
static long reserve_at(unsigned long addr, unsigned long len)
{
	long r = raw_mmap((void *)addr, len, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (raw_mmap_failed(r))
		return r;
	if ((unsigned long)r != addr) {
		/* Kernels before 4.17 treat the flag as a hint. */
		raw_munmap((void *)r, len);
		return -EEXIST;
	}
	return r;
}

long reloc_reserve(const struct reloc_area *a, enum reloc_where where, unsigned long len)
{
	unsigned long step = 64 * a->page, addr;
	long r = -EEXIST;
	int i;

	switch (where) {
	case RELOC_ANYWHERE:
		return raw_mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case RELOC_ADJ_BELOW:
		return a->lo >= len ? reserve_at(a->lo - len, len) : -ERANGE;
	case RELOC_ADJ_ABOVE:
		return reserve_at(a->hi, len);
	case RELOC_LOWER:
		for (i = 1; i <= 512 && raw_mmap_failed(r) && a->lo > len + i * step; i++)
			r = reserve_at(a->lo - len - i * step, len);
		return r;
	case RELOC_HIGHER:
		for (i = 1; i <= 512 && raw_mmap_failed(r); i++) {
			addr = a->hi + i * step;
			if (addr < a->hi)
				return -ERANGE;
			r = reserve_at(addr, len);
		}
		return r;
	}
	return -EINVAL;
}

long reloc_move_vma(const struct vdso_vma *v, unsigned long to)
{
	unsigned long len = v->end - v->start;
	long r = raw_mremap((void *)v->start, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)to);

	if (raw_mmap_failed(r))
		return r;
	return (unsigned long)r == to ? 0 : -EPROTO;
}

long reloc_move_area(const struct reloc_area *a, unsigned long new_lo, bool vdso_first)
{
	unsigned long new_hi = new_lo + (a->hi - a->lo);
	int order[sizeof(a->vma) / sizeof(a->vma[0])], m = 0, i;
	long r;

	if (a->vdso < 0)
		return -ENOENT;
	if (new_lo < a->hi && a->lo < new_hi)
		return -EDEADLK;
	if (vdso_first)
		order[m++] = a->vdso;
	for (i = 0; i < a->n; i++)
		if (i != a->vdso)
			order[m++] = i;
	if (!vdso_first)
		order[m++] = a->vdso;
	for (i = 0; i < m; i++) {
		const struct vdso_vma *v = &a->vma[order[i]];

		r = reloc_move_vma(v, new_lo + (v->start - a->lo));
		if (r)
			return r;
	}
	return 0;
}

bool reloc_setup(struct __test_metadata *_metadata, struct vdso_layout *l, struct reloc_area *a)
{
	int r = vdso_layout_read(l);

	if (r == -ENOENT)
		SKIP(return false, "no vDSO in this process (vdso=0 or CONFIG_VDSO=n)");
	ASSERT_EQ(0, r) TH_LOG("vdso_layout_read: %d", r);
	ASSERT_EQ(0, reloc_area_now(a, l->page_size));
	ASSERT_LE(0, a->vdso) TH_LOG("maps show [vvar] but no [vdso]");
	ASSERT_EQ(l->ehdr, a->vma[a->vdso].start);
	return true;
}

bool reloc_sealed_result(struct __test_metadata *_metadata, const struct reloc_area *a, long err)
{
	int i;

	for (i = 0; i < a->n; i++) {
		if (!a->vma[i].sealed)
			continue;
		ASSERT_EQ(-EPERM, err) TH_LOG("%s is sealed (VmFlags sl) yet mremap gave %ld",
					      a->vma[i].name, err);
		SKIP(return true, "SEALED: %s has VmFlags sl (CONFIG_MSEAL_SYSTEM_MAPPINGS): "
		     "mremap/munmap fail with EPERM as documented, nothing can move",
		     a->vma[i].name);
	}
	return false;
}

/* ---- time calls through a (possibly moved) image ------------------------------------------ */

static const int time_clocks[] = { 0, 1, 4, 5, 6, 7, 11 };	/* REALTIME .. TAI */

static long long ts_ns(long long sec, long long nsec)
{
	return sec * 1000000000LL + nsec;
}

static int __attribute__((format(printf, 3, 4))) fail(char *msg, unsigned long len,
							 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int check_gettime(const struct vdso_export *e, const void *fn, char *msg,
			 unsigned long len)
{
	struct __kernel_timespec t0, t1, v;
	struct __kernel_old_timespec v32;
	bool old = e->fn == VDSO_FN_CLOCK_GETTIME32;
	unsigned int i;
	long r0, r, r1;
	long long n;

	for (i = 0; i < sizeof(time_clocks) / sizeof(time_clocks[0]); i++) {
		int clk = time_clocks[i];

		r0 = raw_clock_gettime(clk, &t0);
		r = vdso_call_int(fn, clk, old ? (long)&v32 : (long)&v, 0, 0, 0);
		r1 = raw_clock_gettime(clk, &t1);
		if (r0 < 0 || r1 < 0) {
			/* A clock this kernel lacks: the vDSO must fall back to the same error. */
			if (r != r0)
				return fail(msg, len, "clock %d: vDSO %ld, syscall %ld", clk, r,
					    r0);
			continue;
		}
		if (r)
			return fail(msg, len, "clock %d: vDSO call returned %ld", clk, r);
		n = old ? ts_ns(v32.tv_sec, v32.tv_nsec) : ts_ns(v.tv_sec, v.tv_nsec);
		if (n < ts_ns(t0.tv_sec, t0.tv_nsec) || n > ts_ns(t1.tv_sec, t1.tv_nsec))
			return fail(msg, len, "clock %d: vDSO %lld ns outside syscall bracket "
				    "starting %lld ns", clk, n, ts_ns(t0.tv_sec, t0.tv_nsec));
	}
	return 0;
}

static int check_getres(const struct vdso_export *e, const void *fn, char *msg,
			unsigned long len)
{
	struct __kernel_timespec ref, v;
	struct __kernel_old_timespec v32;
	bool old = e->fn == VDSO_FN_CLOCK_GETRES32;
	unsigned int i;
	long r0, r;

	for (i = 0; i < sizeof(time_clocks) / sizeof(time_clocks[0]); i++) {
		int clk = time_clocks[i];

		r0 = raw_clock_getres(clk, &ref);
		r = vdso_call_int(fn, clk, old ? (long)&v32 : (long)&v, 0, 0, 0);
		if (r != r0)
			return fail(msg, len, "getres clock %d: vDSO %ld, syscall %ld", clk, r, r0);
		if (!r0 && (old ? v32.tv_nsec : v.tv_nsec) != ref.tv_nsec)
			return fail(msg, len, "getres clock %d: vDSO %lld ns, syscall %lld ns", clk,
				    (long long)(old ? v32.tv_nsec : v.tv_nsec),
				    (long long)ref.tv_nsec);
	}
	return 0;
}

static int check_gettimeofday(const void *fn, char *msg, unsigned long len)
{
	struct __kernel_timespec t0, t1;
	struct __kernel_old_timeval tv;
	long long us;
	long r;

	raw_clock_gettime(0, &t0);
	r = vdso_call_int(fn, (long)&tv, 0, 0, 0, 0);
	raw_clock_gettime(0, &t1);
	if (r)
		return fail(msg, len, "gettimeofday returned %ld", r);
	us = tv.tv_sec * 1000000LL + tv.tv_usec;
	if (us < ts_ns(t0.tv_sec, t0.tv_nsec) / 1000 || us > ts_ns(t1.tv_sec, t1.tv_nsec) / 1000)
		return fail(msg, len, "gettimeofday %lld us outside [%lld, %lld] us", us,
			    ts_ns(t0.tv_sec, t0.tv_nsec) / 1000,
			    ts_ns(t1.tv_sec, t1.tv_nsec) / 1000);
	return 0;
}

static int check_time(const void *fn, char *msg, unsigned long len)
{
	struct __kernel_timespec t0, t1;
	long v, w = 0;

	/* time() reads the tick-updated seconds, so it is bracketed by REALTIME_COARSE. */
	raw_clock_gettime(5, &t0);
	v = arch_vdso_call(fn, (long)&w, 0, 0, 0, 0);
	raw_clock_gettime(5, &t1);
	if (v < t0.tv_sec || v > t1.tv_sec || w != v)
		return fail(msg, len, "time() %ld (stored %ld) outside coarse second %lld",
			    v, w, (long long)t0.tv_sec);
	return 0;
}

static int check_getcpu(const void *fn, char *msg, unsigned long len)
{
	unsigned int c0, n0, c1, n1, c = ~0u, n = ~0u;
	int tries;
	long r;

	/* Only a reading between two equal syscall answers can be compared. */
	for (tries = 0; tries < 1000; tries++) {
		raw_getcpu(&c0, &n0);
		r = vdso_call_int(fn, (long)&c, (long)&n, 0, 0, 0);
		raw_getcpu(&c1, &n1);
		if (r)
			return fail(msg, len, "getcpu returned %ld", r);
		if (c0 == c1 && n0 == n1)
			return c == c0 && n == n0 ? 0 :
			       fail(msg, len, "getcpu cpu %u node %u, syscall cpu %u", c, n, c0);
	}
	return fail(msg, len, "getcpu: the task migrated during %d attempts", tries);
}

int reloc_time_calls(unsigned long base, unsigned long size, char *msg, unsigned long len)
{
	struct vdso_image img;
	unsigned int i;
	int checked = 0, r = vdso_image_open(&img, base, size);

	if (r)
		return fail(msg, len, "vdso_image_open(%#lx, %lu): %d", base, size, r);
	for (i = 0; i < arch_vdso_nr_exports; i++) {
		const struct vdso_export *e = &arch_vdso_exports[i];
		void *fn = vdso_image_sym(&img, e->version, e->name);

		if (!fn)
			continue;
		switch (e->fn) {
		case VDSO_FN_CLOCK_GETTIME:
		case VDSO_FN_CLOCK_GETTIME64:
		case VDSO_FN_CLOCK_GETTIME32:
			r = check_gettime(e, fn, msg, len);
			break;
		case VDSO_FN_CLOCK_GETRES:
		case VDSO_FN_CLOCK_GETRES32:
			r = check_getres(e, fn, msg, len);
			break;
		case VDSO_FN_GETTIMEOFDAY:
			r = check_gettimeofday(fn, msg, len);
			break;
		case VDSO_FN_TIME:
			r = check_time(fn, msg, len);
			break;
		case VDSO_FN_GETCPU:
			r = check_getcpu(fn, msg, len);
			break;
		default:
			continue;
		}
		if (r) {
			/* Name the export in front of the detail. */
			char detail[200];

			snprintf(detail, sizeof(detail), "%s", msg);
			snprintf(msg, len, "%s@%s: %s", e->name, e->version ? e->version : "-",
				 detail);
			return -1;
		}
		checked++;
	}
	if (!checked)
		return fail(msg, len, "no time function of the export table resolved at %#lx",
			    base);
	return checked;
}

/* ---- signals -------------------------------------------------------------------------------- */

long reloc_sigaction(int sig, void *handler, unsigned long flags, bool via_vdso,
		     const char **why)
{
	struct ksigaction ka = { .handler = handler, .flags = flags };

	if (via_vdso && !ARCH_KSA_NULL_RESTORER_OK) {
		*why = ARCH_KSA_NULL_RESTORER_WHY;
		return -EOPNOTSUPP;
	}
	if (!via_vdso) {
		if (!ARCH_KSA_RESTORER_HONOURED) {
			*why = ARCH_KSA_RESTORER_WHY;
			return -EOPNOTSUPP;
		}
		if (!(flags & KSA_SIGINFO)) {
			*why = "the raw restorer returns only from SA_SIGINFO (rt) frames";
			return -EOPNOTSUPP;
		}
		ka.flags |= KSA_RESTORER;
		ka.restorer = arch_sigframe_restorer;
	}
	return rx_sigaction(sig, &ka, NULL);
}

static volatile int chk_count, chk_badinfo;
static volatile long chk_pid;

static void chk_siginfo(int sig, siginfo_t *si, void *uc)
{
	chk_count++;
	if (si->si_signo != sig || si->si_code != SI_TKILL || si->si_pid != chk_pid)
		chk_badinfo++;
}

static void chk_plain(int sig)
{
	chk_count++;
}

/* One signal taken on return from a patterned tgkill; the interrupted state must survive. */
static void signal_once(struct __test_metadata *_metadata, void *handler, unsigned long flags,
			bool via_vdso)
{
	unsigned long clobbered = ~0UL;
	const char *why = "";
	int count, badinfo;
	long r;

	r = reloc_sigaction(SIGUSR1, handler, flags, via_vdso, &why);
	ASSERT_EQ(0, r) TH_LOG("rt_sigaction: %s", why);
	chk_count = 0;
	chk_badinfo = 0;
	chk_pid = raw_getpid();
	r = arch_sigframe_syscall(__NR_tgkill, chk_pid, raw_gettid(), SIGUSR1, &clobbered);
	count = chk_count;
	badinfo = chk_badinfo;
	ASSERT_EQ(0, r);
	ASSERT_EQ(1, count) TH_LOG("the handler did not run once");
	ASSERT_EQ(0, badinfo) TH_LOG("siginfo does not describe the tgkill");
	ASSERT_EQ(0UL, clobbered) TH_LOG("registers changed across the signal (bits of \"%s\")",
					 ARCH_SIGFRAME_REGS);
}

bool reloc_check_signal_via(struct __test_metadata *_metadata, bool via_vdso, const char **why)
{
	if (via_vdso && !ARCH_KSA_NULL_RESTORER_OK) {
		*why = ARCH_KSA_NULL_RESTORER_WHY;
		return false;
	}
	if (!via_vdso && !ARCH_KSA_RESTORER_HONOURED) {
		*why = ARCH_KSA_RESTORER_WHY;
		return false;
	}
	signal_once(_metadata, chk_siginfo, KSA_SIGINFO, via_vdso);
	/* Without SA_SIGINFO i386 builds a non-rt frame and enters __kernel_sigreturn. */
	if (via_vdso)
		signal_once(_metadata, chk_plain, 0, true);
	return true;
}

void reloc_check_signal(struct __test_metadata *_metadata)
{
	const char *why;

	reloc_check_signal_via(_metadata, ARCH_KSA_NULL_RESTORER_OK, &why);
}

/* ---- fork + exec ---------------------------------------------------------------------------- */

struct exec_report {
	long status;
	unsigned long ehdr, vdso_start;
	int checked;
	char msg[200];
};

#define EXEC_ENV "VDSOTEST_RELOC_EXEC="

/* A fresh process may use libc's clock_gettime (through its own vDSO): bracket it too. */
static int libc_clock_off(char *msg, unsigned long len)
{
	struct __kernel_timespec t0, t1;
	struct timespec g;

	raw_clock_gettime(1, &t0);
	if (clock_gettime(CLOCK_MONOTONIC, &g))
		return fail(msg, len, "libc clock_gettime failed");
	raw_clock_gettime(1, &t1);
	if (ts_ns(g.tv_sec, g.tv_nsec) < ts_ns(t0.tv_sec, t0.tv_nsec) ||
	    ts_ns(g.tv_sec, g.tv_nsec) > ts_ns(t1.tv_sec, t1.tv_nsec))
		return fail(msg, len, "libc clock_gettime %lld ns outside the syscall bracket",
			    ts_ns(g.tv_sec, g.tv_nsec));
	return 0;
}

/* The exec'd copy of a test program lands here before main: check, report, exit. */
static void __attribute__((constructor)) reloc_exec_child(void)
{
	extern char **environ;
	struct exec_report rep = { 0 };
	struct vdso_layout l;
	const char *v = NULL;
	int i, fd = 0;

	for (i = 0; environ && environ[i] && !v; i++)
		if (!strncmp(environ[i], EXEC_ENV, sizeof(EXEC_ENV) - 1))
			v = environ[i] + sizeof(EXEC_ENV) - 1;
	if (!v)
		return;
	while (*v >= '0' && *v <= '9')
		fd = fd * 10 + *v++ - '0';
	rep.status = vdso_layout_read(&l);
	if (rep.status) {
		snprintf(rep.msg, sizeof(rep.msg), "vdso_layout_read: %ld", rep.status);
	} else {
		rep.ehdr = l.ehdr;
		rep.vdso_start = l.vdso.start;
		rep.checked = reloc_time_calls(l.vdso.start, l.vdso.end - l.vdso.start, rep.msg,
					       sizeof(rep.msg));
		rep.status = rep.checked < 0;
	}
	if (!rep.status && libc_clock_off(rep.msg, sizeof(rep.msg)))
		rep.status = 1;
	raw_write(fd, &rep, sizeof(rep));
	raw_exit(0);
}

void reloc_check_exec(struct __test_metadata *_metadata)
{
	struct exec_report rep;
	char env[64];
	int fds[2], status = 0;
	long pid, n;

	ASSERT_EQ(0, rx_pipe(fds));
	snprintf(env, sizeof(env), EXEC_ENV "%d", fds[1]);
	pid = rx_fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		char *argv[] = { "reloc-exec-child", NULL }, *envp[] = { env, NULL };

		raw_close(fds[0]);
		rx_execve("/proc/self/exe", argv, envp);
		raw_exit(127);
	}
	raw_close(fds[1]);
	n = raw_read(fds[0], &rep, sizeof(rep));
	raw_close(fds[0]);
	ASSERT_EQ(pid, rx_wait(pid, &status));
	ASSERT_TRUE(RX_EXITED(status) && RX_EXITCODE(status) == 0)
		TH_LOG("exec'd child: wait status %#x", status);
	ASSERT_EQ((long)sizeof(rep), n) TH_LOG("the exec'd child sent no report");
	ASSERT_EQ(0, rep.status) TH_LOG("exec'd child: %s", rep.msg);
	/*
	 * Fresh means consistent: its auxv names its [vdso] (the mover's no
	 * longer does). The address itself is random and may repeat the
	 * parent's, so it is not compared.
	 */
	ASSERT_EQ(rep.ehdr, rep.vdso_start) TH_LOG("exec'd child: AT_SYSINFO_EHDR is not [vdso]");
	ASSERT_NE(0UL, rep.vdso_start);
	ASSERT_LT(0, rep.checked);
}

void reloc_verify_moved(struct __test_metadata *_metadata, const struct reloc_area *before,
			unsigned long new_lo, unsigned long ehdr0)
{
	struct reloc_area now;
	unsigned long aux = 0;
	char msg[256];
	int i, r;

	ASSERT_EQ(0, reloc_area_now(&now, before->page));
	ASSERT_EQ(before->n, now.n);
	ASSERT_EQ(new_lo, now.lo) TH_LOG("maps do not show the area at its new address");
	for (i = 0; i < now.n; i++) {
		ASSERT_STREQ(before->vma[i].name, now.vma[i].name);
		ASSERT_EQ(before->vma[i].start - before->lo, now.vma[i].start - now.lo);
		ASSERT_EQ(before->vma[i].end - before->vma[i].start,
			  now.vma[i].end - now.vma[i].start);
	}
	ASSERT_EQ(1, vdso_auxv_get(AT_SYSINFO_EHDR, &aux));
	/* The auxiliary vector is written once at exec; nothing updates it after a move. */
	ASSERT_EQ(ehdr0, aux) TH_LOG("AT_SYSINFO_EHDR changed after mremap");
	r = reloc_time_calls(now.vma[now.vdso].start, now.vma[now.vdso].end -
			     now.vma[now.vdso].start, msg, sizeof(msg));
	ASSERT_LT(0, r) TH_LOG("after the move: %s", msg);
	reloc_check_signal(_metadata);
	reloc_check_exec(_metadata);
}

/* ---- small process helpers ------------------------------------------------------------------ */

int reloc_in_child(int (*fn)(void *arg), void *arg)
{
	int status = 0;
	long pid = rx_fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		rx_prctl(4 /* PR_SET_DUMPABLE */, 0, 0);
		raw_exit(fn(arg));
	}
	if (rx_wait(pid, &status) != pid)
		return -1;
	return status;
}

void *reloc_shared(unsigned long len)
{
	long r = raw_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return raw_mmap_failed(r) ? NULL : (void *)r;
}

void reloc_kernel_version(unsigned int *major, unsigned int *minor)
{
	static struct utsname u;
	const char *p = u.release;

	*major = *minor = 0;
	if (arch_syscall6(__NR_uname, (long)&u, 0, 0, 0, 0, 0))
		return;
	while (*p >= '0' && *p <= '9')
		*major = *major * 10 + *p++ - '0';
	if (*p++ != '.')
		return;
	while (*p >= '0' && *p <= '9')
		*minor = *minor * 10 + *p++ - '0';
}

void reloc_clocksource(char *buf, unsigned long len)
{
	long fd = raw_open("/sys/devices/system/clocksource/clocksource0/current_clocksource",
			   O_RDONLY, 0);
	long n = fd < 0 ? -1 : raw_read((int)fd, buf, len - 1);

	if (fd >= 0)
		raw_close((int)fd);
	if (n <= 0) {
		snprintf(buf, len, "?");
		return;
	}
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}
