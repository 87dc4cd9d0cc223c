/* The post-restore oracle: every vDSO export through the old pointers versus raw syscalls. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "cr_oracle.h"
#include "maps.h"
#include "rawsys.h"
#include "vdso.h"

static const int clocks[] = { 0 /* REALTIME */, 1 /* MONOTONIC */, 7 /* BOOTTIME */ };

static int add_fn(const struct vdso_sym *s, void *arg)
{
	struct cr_fns *fns = arg;
	const struct vdso_export *e = vdso_export_find(s->name);
	struct cr_fn *f;

	if (s->type != 2 /* STT_FUNC */ || fns->n == CR_MAX_FNS)
		return 0;
	f = &fns->f[fns->n++];
	snprintf(f->name, sizeof(f->name), "%s", s->name);
	f->fn = e ? e->fn : VDSO_FN_NR;
	f->addr = s->addr;
	return 0;
}

int cr_fns_resolve(struct cr_fns *fns, unsigned long base)
{
	static struct map_entry m[256];
	struct vdso_image img;
	int n = maps_read(0, m, 256), i = n > 0 ? maps_find_addr(m, n, base) : -1;

	fns->n = 0;
	if (i < 0)
		return -ENOENT;
	if (vdso_image_open(&img, base, m[i].end - base))
		return -ENOEXEC;
	return vdso_image_for_each(&img, add_fn, fns);
}

static long long ns_of(const struct __kernel_timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* Old-time_t entries of 32-bit ABIs use native longs; 64-bit ABIs never reach this. */
struct old_ts {
	long sec, nsec;
};

static int check_gettime(const struct cr_fn *f, bool old, char *msg, unsigned long len)
{
	unsigned int i;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		struct __kernel_timespec a, b, v;
		struct old_ts o;
		int rc;

		raw_clock_gettime(clocks[i], &a);
		rc = vdso_call_int(f->addr, clocks[i], old ? (long)&o : (long)&v, 0, 0, 0);
		raw_clock_gettime(clocks[i], &b);
		if (old) {
			v.tv_sec = o.sec;
			v.tv_nsec = o.nsec;
		}
		if (rc || ns_of(&v) < ns_of(&a) || ns_of(&v) > ns_of(&b)) {
			snprintf(msg, len, "%s(clock %d) = %d, %lld ns not within the "
				 "syscalls' [%lld, %lld]", f->name, clocks[i], rc, ns_of(&v),
				 ns_of(&a), ns_of(&b));
			return 1;
		}
	}
	return 0;
}

/* Resolution is a constant: exact equality (CRIU's proxy returned 0 ns here). */
static int check_getres(const struct cr_fn *f, bool old, char *msg, unsigned long len)
{
	static const int res_clocks[] = { 0, 1, 6 /* MONOTONIC_COARSE */ };
	unsigned int i;

	for (i = 0; i < sizeof(res_clocks) / sizeof(res_clocks[0]); i++) {
		struct __kernel_timespec r, v = { -1, -1 };
		struct old_ts o = { -1, -1 };
		int rc = vdso_call_int(f->addr, res_clocks[i], old ? (long)&o : (long)&v, 0, 0, 0);

		raw_clock_getres(res_clocks[i], &r);
		if (old) {
			v.tv_sec = o.sec;
			v.tv_nsec = o.nsec;
		}
		if (rc || v.tv_sec != r.tv_sec || v.tv_nsec != r.tv_nsec) {
			snprintf(msg, len, "%s(clock %d) = %d, %lld.%09lld s; the syscall says "
				 "%lld.%09lld s", f->name, res_clocks[i], rc, (long long)v.tv_sec,
				 (long long)v.tv_nsec, (long long)r.tv_sec, (long long)r.tv_nsec);
			return 1;
		}
	}
	return 0;
}

static int check_tod(const struct cr_fn *f, char *msg, unsigned long len)
{
	struct __kernel_old_timeval a, b, v;
	int rc;

	raw_gettimeofday(&a, NULL);
	rc = vdso_call_int(f->addr, (long)&v, 0, 0, 0, 0);
	raw_gettimeofday(&b, NULL);
	if (rc || v.tv_sec * 1000000LL + v.tv_usec < a.tv_sec * 1000000LL + a.tv_usec ||
	    v.tv_sec * 1000000LL + v.tv_usec > b.tv_sec * 1000000LL + b.tv_usec) {
		snprintf(msg, len, "%s = %d, %lld.%06lld not within the syscalls' bracket", f->name,
			 rc, (long long)v.tv_sec, (long long)v.tv_usec);
		return 1;
	}
	return 0;
}

/* time() reads the coarse realtime clock: bracket it with that, not with gettimeofday. */
static int check_time(const struct cr_fn *f, char *msg, unsigned long len)
{
	struct __kernel_timespec a, b;
	long v;

	raw_clock_gettime(5 /* REALTIME_COARSE */, &a);
	v = arch_vdso_call(f->addr, 0, 0, 0, 0, 0);
	raw_clock_gettime(5, &b);
	if (v < a.tv_sec || v > b.tv_sec) {
		snprintf(msg, len, "%s = %ld, outside [%ld, %ld]", f->name, v, (long)a.tv_sec,
			 (long)b.tv_sec);
		return 1;
	}
	return 0;
}

/* The task may migrate between calls: it must agree with a syscall on one side. */
static int check_getcpu(const struct cr_fn *f, char *msg, unsigned long len)
{
	unsigned int a = ~0U, b = ~0U, v = ~0U;
	int rc = 0, i;

	for (i = 0; i < 10; i++) {
		raw_getcpu(&a, NULL);
		rc = vdso_call_int(f->addr, (long)&v, 0, 0, 0, 0);
		raw_getcpu(&b, NULL);
		if (!rc && (v == a || v == b))
			return 0;
	}
	snprintf(msg, len, "%s = %d, cpu %u; the syscall said %u then %u", f->name, rc, v, a, b);
	return 1;
}

static int check_getrandom(const struct cr_fn *f, char *msg, unsigned long len)
{
	unsigned char buf[16];
	long rc = arch_vdso_call(f->addr, (long)buf, sizeof(buf), 0, 0, 0);

	if (rc != (long)sizeof(buf)) {
		snprintf(msg, len, "%s(16 bytes, no state) = %ld", f->name, rc);
		return 1;
	}
	return 0;
}

static int check_one(const struct cr_fn *f, char *msg, unsigned long len)
{
	int r;

	switch (f->fn) {
	case VDSO_FN_CLOCK_GETTIME:
	case VDSO_FN_CLOCK_GETTIME64:
		return check_gettime(f, false, msg, len);
	case VDSO_FN_CLOCK_GETTIME32:
		return check_gettime(f, true, msg, len);
	case VDSO_FN_CLOCK_GETRES:
		return check_getres(f, false, msg, len);
	case VDSO_FN_CLOCK_GETRES32:
		return check_getres(f, true, msg, len);
	case VDSO_FN_GETTIMEOFDAY:
		return check_tod(f, msg, len);
	case VDSO_FN_TIME:
		return check_time(f, msg, len);
	case VDSO_FN_GETCPU:
		return check_getcpu(f, msg, len);
	case VDSO_FN_GETRANDOM:
		return check_getrandom(f, msg, len);
	case VDSO_FN_SIGRETURN:
	case VDSO_FN_RT_SIGRETURN:
	case VDSO_FN_RESTART_SYSCALL:
	case VDSO_FN_NR:
		return 0;	/* entered by the kernel: the signal checks cover them */
	default:
		r = arch_vdso_exercise(f->fn, f->addr, msg, len);
		return r == 1;
	}
}

int cr_fns_check(const struct cr_fns *fns, char *msg, unsigned long len)
{
	int i;

	if (!fns->n) {
		snprintf(msg, len, "no exported functions resolved");
		return 1;
	}
	for (i = 0; i < fns->n; i++)
		if (check_one(&fns->f[i], msg, len))
			return 1;
	return 0;
}

int cr_glibc_check(char *msg, unsigned long len)
{
	struct __kernel_timespec a, b, r;
	struct __kernel_old_timeval ta, tb;
	struct timeval tv;
	struct timespec v;
	time_t t;
	int i, cpu;

	for (i = 0; i < 2; i++) {
		raw_clock_gettime(clocks[i], &a);
		clock_gettime(clocks[i], &v);
		raw_clock_gettime(clocks[i], &b);
		if (v.tv_sec * 1000000000LL + v.tv_nsec < ns_of(&a) ||
		    v.tv_sec * 1000000000LL + v.tv_nsec > ns_of(&b)) {
			snprintf(msg, len, "glibc clock_gettime(%d) outside the syscalls' bracket",
				 clocks[i]);
			return 1;
		}
		clock_getres(clocks[i], &v);
		raw_clock_getres(clocks[i], &r);
		if (v.tv_sec != r.tv_sec || v.tv_nsec != r.tv_nsec) {
			snprintf(msg, len, "glibc clock_getres(%d) = %lld ns, the syscall says "
				 "%lld ns", clocks[i], (long long)v.tv_nsec,
				 (long long)r.tv_nsec);
			return 1;
		}
	}
	cpu = sched_getcpu();
	if (cpu < 0) {
		snprintf(msg, len, "glibc sched_getcpu failed");
		return 1;
	}
	raw_clock_gettime(5 /* REALTIME_COARSE */, &a);
	raw_gettimeofday(&ta, NULL);
	t = time(NULL);
	gettimeofday(&tv, NULL);
	raw_gettimeofday(&tb, NULL);
	raw_clock_gettime(5, &b);
	if (t < a.tv_sec || t > b.tv_sec || tv.tv_sec < ta.tv_sec || tv.tv_sec > tb.tv_sec) {
		snprintf(msg, len, "glibc time()/gettimeofday() outside the syscalls' bracket");
		return 1;
	}
	return 0;
}
