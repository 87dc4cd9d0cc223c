/* Every export the running vDSO has (walked from the image, not a list) is called or entered. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ksigaction.h"
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"

static char why[256];

static __attribute__((format(printf, 1, 2))) int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return 1;
}

/* One CLOCK_MONOTONIC reading, bracketed by the raw syscall. */
static int ex_gettime(const struct vdso_sym *s, bool old)
{
	struct __kernel_timespec a, b, t64 = { 0, 0 };
	struct __kernel_old_timespec t32 = { 0, 0 };
	struct abi_ts v;
	int ret;

	raw_clock_gettime(1, &a);
	ret = vdso_call_int(s->addr, 1, old ? (long)&t32 : (long)&t64, 0, 0, 0);
	raw_clock_gettime(1, &b);
	v = old ? abi_ts_from_old(&t32) : abi_ts_from64(&t64);
	if (ret)
		return fail("%s returned %d", s->name, ret);
	if (abi_ts_cmp(abi_ts_from64(&a), v) > 0 || abi_ts_cmp(v, abi_ts_from64(&b)) > 0)
		return fail("%s: %ld s outside the syscall bracket (%ld s)", s->name, (long)v.sec,
			    (long)a.tv_sec);
	return 0;
}

static int ex_getres(const struct vdso_sym *s, bool old)
{
	struct __kernel_timespec ref, t64 = { -1, -1 };
	struct __kernel_old_timespec t32 = { -1, -1 };
	struct abi_ts v;
	int ret;

	raw_clock_getres(1, &ref);
	ret = vdso_call_int(s->addr, 1, old ? (long)&t32 : (long)&t64, 0, 0, 0);
	v = old ? abi_ts_from_old(&t32) : abi_ts_from64(&t64);
	if (ret || abi_ts_cmp(v, abi_ts_from64(&ref)))
		return fail("%s: ret %d, nsec %lld", s->name, ret, v.nsec);
	return 0;
}

static int ex_gettimeofday(const struct vdso_sym *s)
{
	struct __kernel_old_timeval a, v = { 0, 0 }, b;
	int ret;

	raw_gettimeofday(&a, NULL);
	ret = vdso_call_int(s->addr, (long)&v, 0, 0, 0, 0);
	raw_gettimeofday(&b, NULL);
	if (ret || abi_ts_cmp(abi_ts_from_tv(&a), abi_ts_from_tv(&v)) > 0 ||
	    abi_ts_cmp(abi_ts_from_tv(&v), abi_ts_from_tv(&b)) > 0)
		return fail("%s: ret %d, %ld s outside the bracket", s->name, ret, (long)v.tv_sec);
	return 0;
}

/* time() reads the tick-updated seconds: compare with time(2) or CLOCK_REALTIME_COARSE. */
static long coarse_seconds(void)
{
	struct __kernel_timespec ts;
	long t = raw_time(NULL);

	if (t != -ENOSYS)
		return t;
	raw_clock_gettime(5, &ts);
	return (long)ts.tv_sec;
}

static int ex_time(const struct vdso_sym *s)
{
	long a, t, b;

	a = coarse_seconds();
	t = arch_vdso_call(s->addr, 0, 0, 0, 0, 0);
	b = coarse_seconds();
	if (t < a || t > b)
		return fail("%s returned %ld, outside [%ld, %ld]", s->name, t, a, b);
	return 0;
}

static int ex_getcpu(const struct vdso_sym *s)
{
	unsigned int cpu = ~0U, node = ~0U;
	int ret = vdso_call_int(s->addr, (long)&cpu, (long)&node, 0, 0, 0);

	if (ret || cpu >= (unsigned int)sysconf(_SC_NPROCESSORS_CONF))
		return fail("%s: ret %d, cpu %u", s->name, ret, cpu);
	return 0;
}

static int ex_getrandom(const struct vdso_sym *s)
{
	unsigned int params[16] = { 0 };
	long ret = arch_vdso_call(s->addr, 0, 0, 0, (long)params, ~0L);

	/* -ENOSYS: the CPU lacks what the implementation needs; still a well-formed answer. */
	if (ret == -ENOSYS)
		return 0;
	if (ret || !params[0])
		return fail("%s state query: ret %ld, state size %u", s->name, ret, params[0]);
	return 0;
}

/* ---- trampolines: the kernel enters them when a handler without SA_RESTORER returns ----- */

static void *volatile handler_return;
static volatile int handler_hits;

static __attribute__((noinline)) void on_signal(int sig)
{
	handler_hits++;
	handler_return = __builtin_return_address(0);
}

static __attribute__((noinline)) void on_signal_info(int sig, siginfo_t *si, void *uc)
{
	handler_hits++;
	handler_return = __builtin_return_address(0);
}

static int ex_trampoline(const struct vdso_sym *s, bool rt)
{
	struct ksigaction ka = { 0 }, old;
	long ret;

	ka.handler = rt ? (void *)on_signal_info : (void *)on_signal;
	ka.flags = rt ? KSA_SIGINFO : 0;
	ret = raw_sigaction(SIGUSR1, &ka, &old);
	if (ret)
		return fail("rt_sigaction for %s: %ld", s->name, ret);
	handler_hits = 0;
	handler_return = NULL;
	raw_tgkill((int)raw_getpid(), (int)raw_gettid(), SIGUSR1);
	raw_sigaction(SIGUSR1, &old, NULL);
	/* Reaching this line means the trampoline's sigreturn restored our context. */
	if (handler_hits != 1)
		return fail("%s: handler ran %d times", s->name, handler_hits);
	/* Every ABI here returns exactly to the exported symbol (ppc64 after its bctrl). */
	if (handler_return != s->addr)
		return fail("%s: handler returns to %#lx, trampoline is at %#lx", s->name,
			    (long)handler_return, (long)s->addr);
	return 0;
}

static int ex_sigreturn(const struct vdso_sym *s)
{
	int tried = 0, ret = 0;

	if (!arch_sigreturn_via_vdso)
		return fail("%s exported but arch says signals do not return via the vDSO",
			    s->name);
	if (!strcmp(s->name, arch_vdso_sigtramp)) {
		tried++;
		ret |= ex_trampoline(s, false);
	}
	if (!strcmp(s->name, arch_vdso_sigtramp_rt)) {
		tried++;
		ret |= ex_trampoline(s, true);
	}
	if (!tried)
		return fail("%s is neither arch_vdso_sigtramp nor _rt", s->name);
	return ret;
}

/*
 * A stop signal during clock_nanosleep makes the kernel restart it through
 * restart_syscall (s390x enters it through the vDSO). The sleep must then
 * complete and return 0.
 */
static int ex_restart_syscall(const struct vdso_sym *s)
{
	char path[64], buf[256], *p;
	int status, tries;
	FILE *f;
	pid_t pid = fork();

	if (pid == 0) {
		struct __kernel_timespec ts = { 0, 300 * 1000 * 1000 };

		raw_exit(raw_clock_nanosleep(1, 0, &ts, NULL) ? 1 : 0);
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (tries = 0; tries < 10000; tries++) {
		f = fopen(path, "r");
		p = f && fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		if (f)
			fclose(f);
		if (p && p[2] == 'S')
			break;
		usleep(1000);
	}
	kill(pid, SIGSTOP);
	waitpid(pid, &status, WUNTRACED);
	kill(pid, SIGCONT);
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return fail("%s: restarted sleep ended with status %#x", s->name, status);
	return 0;
}

static int exercise(const struct vdso_sym *s, enum vdso_fn fn)
{
	int ret;

	switch (fn) {
	case VDSO_FN_CLOCK_GETTIME:
	case VDSO_FN_CLOCK_GETTIME64:
		return ex_gettime(s, false);
	case VDSO_FN_CLOCK_GETTIME32:
		return ex_gettime(s, true);
	case VDSO_FN_CLOCK_GETRES:
		return ex_getres(s, false);
	case VDSO_FN_CLOCK_GETRES32:
		return ex_getres(s, true);
	case VDSO_FN_GETTIMEOFDAY:
		return ex_gettimeofday(s);
	case VDSO_FN_TIME:
		return ex_time(s);
	case VDSO_FN_GETCPU:
		return ex_getcpu(s);
	case VDSO_FN_GETRANDOM:
		return ex_getrandom(s);
	case VDSO_FN_SIGRETURN:
	case VDSO_FN_RT_SIGRETURN:
		return ex_sigreturn(s);
	case VDSO_FN_RESTART_SYSCALL:
		return ex_restart_syscall(s);
	default:
		ret = arch_vdso_exercise(fn, s->addr, why, sizeof(why));
		if (ret == -EOPNOTSUPP)
			return fail("%s: arch/" VDSO_ABI "/vdso_call.c has no exerciser", s->name);
		return ret;
	}
}

struct walk {
	struct __test_metadata *_metadata;
	unsigned int exercised, unknown;
};

static int exercise_one(const struct vdso_sym *s, void *arg)
{
	struct walk *w = arg;
	struct __test_metadata *_metadata = w->_metadata;
	const struct vdso_export *e = vdso_export_find(s->name);

	if (!e) {
		w->unknown++;
		TH_LOG("unknown export %s@%s: no exerciser (see exports_present)", s->name,
		       s->version ? s->version : "-");
		return 0;
	}
	why[0] = '\0';
	EXPECT_EQ(0, exercise(s, e->fn)) TH_LOG("%s", why);
	w->exercised++;
	return 0;
}

TEST(every_export_exercised)
{
	const struct abi_vdso *v = abi_vdso();
	struct walk w = { _metadata, 0, 0 };

	NEED_VDSO(v);
	ASSERT_EQ(0, vdso_image_for_each(&v->image, exercise_one, &w));
	TH_LOG("%u export(s) exercised, %u unknown", w.exercised, w.unknown);
	ASSERT_GT(w.exercised, 0U);
}

TEST_HARNESS_MAIN
