/* Which series a run measures: every exported time function and clock, three ways to call each. */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "bench.h"
#include "rawsys.h"
#include "vdso_abi.h"

#define NR_CLOCKS	12

static const char *const clock_names[NR_CLOCKS] = {
	"REALTIME", "MONOTONIC", "PROCESS_CPUTIME", "THREAD_CPUTIME", "MONOTONIC_RAW",
	"REALTIME_COARSE", "MONOTONIC_COARSE", "BOOTTIME", "REALTIME_ALARM", "BOOTTIME_ALARM",
	"SGI_CYCLE", "TAI",
};

static const char *const op_names[OP_NR] = {
	"clock_gettime", "clock_getres", "gettimeofday", "time", "getcpu", "empty",
};

static const char *const method_names[] = { "vdso", "syscall", "libc", "empty" };

const char *bench_op_name(enum bench_op op)
{
	return op_names[op];
}

const char *bench_method_name(enum bench_method m)
{
	return method_names[m];
}

const char *bench_clock_name(int clk)
{
	return clk >= 0 && clk < NR_CLOCKS ? clock_names[clk] : "";
}

/* Room for either timespec layout and a timeval; the value is never looked at. */
union time_buf {
	struct __kernel_timespec ts;
	long words[4];
};

typedef int (*clock_fn)(long clk, void *ts);
typedef int (*tod_fn)(void *tv, void *tz);
typedef long (*time_fn)(long *t);
typedef int (*cpu_fn)(unsigned int *cpu, unsigned int *node, void *unused);

/*
 * vDSO entries are called through a direct typed pointer, as libc calls
 * them: arch_vdso_call() normalizes errors (ppc's CR0.SO) with an extra
 * out-of-line hop that would be billed to the vDSO. It still makes the
 * one checked call that decides whether a series is measured.
 */
static void vdso_clock(const struct bench_series *s)
{
	union time_buf b;

	((clock_fn)s->fn)(s->clock, &b);
}

static void vdso_tod(const struct bench_series *s)
{
	union time_buf b;

	((tod_fn)s->fn)(&b, NULL);
}

static void vdso_time(const struct bench_series *s)
{
	((time_fn)s->fn)(NULL);
}

static void vdso_cpu(const struct bench_series *s)
{
	unsigned int c, n;

	((cpu_fn)s->fn)(&c, &n, NULL);
}

static void sys_gettime(const struct bench_series *s)
{
	struct __kernel_timespec ts;

	raw_clock_gettime(s->clock, &ts);
}

static void sys_getres(const struct bench_series *s)
{
	struct __kernel_timespec ts;

	raw_clock_getres(s->clock, &ts);
}

static void sys_tod(const struct bench_series *s)
{
	struct __kernel_old_timeval tv;

	raw_gettimeofday(&tv, NULL);
}

static void sys_time(const struct bench_series *s)
{
	raw_time(NULL);
}

static void sys_cpu(const struct bench_series *s)
{
	unsigned int c, n;

	raw_getcpu(&c, &n);
}

static void libc_gettime(const struct bench_series *s)
{
	struct timespec ts;

	clock_gettime(s->clock, &ts);
}

static void libc_getres(const struct bench_series *s)
{
	struct timespec ts;

	clock_getres(s->clock, &ts);
}

static void libc_tod(const struct bench_series *s)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
}

static void libc_time(const struct bench_series *s)
{
	time(NULL);
}

static void libc_cpu(const struct bench_series *s)
{
	unsigned int c, n;

	getcpu(&c, &n);
}

/* The empty loop's callee: the compiler must keep the call. */
static void __attribute__((noinline)) call_empty(const struct bench_series *s)
{
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

static const bench_call_fn vdso_calls[OP_NR] = { vdso_clock, vdso_clock, vdso_tod, vdso_time,
						 vdso_cpu };
static const bench_call_fn sys_calls[OP_NR] = { sys_gettime, sys_getres, sys_tod, sys_time,
						sys_cpu };
static const bench_call_fn libc_calls[OP_NR] = { libc_gettime, libc_getres, libc_tod, libc_time,
						 libc_cpu };

static int op_of(enum vdso_fn fn)
{
	switch (fn) {
	case VDSO_FN_CLOCK_GETTIME:
	case VDSO_FN_CLOCK_GETTIME64:
	case VDSO_FN_CLOCK_GETTIME32:
		return OP_GETTIME;
	case VDSO_FN_CLOCK_GETRES:
	case VDSO_FN_CLOCK_GETRES32:
		return OP_GETRES;
	case VDSO_FN_GETTIMEOFDAY:
		return OP_GETTIMEOFDAY;
	case VDSO_FN_TIME:
		return OP_TIME;
	case VDSO_FN_GETCPU:
		return OP_GETCPU;
	default:
		return -1;
	}
}

static bool is_clock_op(enum bench_op op)
{
	return op == OP_GETTIME || op == OP_GETRES;
}

/* The syscall's answer decides whether a clock exists here; 0 or -errno. */
static long sys_check(enum bench_op op, int clk)
{
	union time_buf b;
	unsigned int c, n;

	switch (op) {
	case OP_GETTIME:
		return raw_clock_gettime(clk, &b.ts);
	case OP_GETRES:
		return raw_clock_getres(clk, &b.ts);
	case OP_GETTIMEOFDAY:
		return raw_gettimeofday((void *)&b, NULL);
	case OP_TIME: {
		long r = raw_time(NULL);

		return r < 0 && r > -4096 ? r : 0;
	}
	default:
		return raw_getcpu(&c, &n);
	}
}

static long vdso_check(enum bench_op op, const void *fn, int clk)
{
	union time_buf b;
	unsigned int c, n;

	switch (op) {
	case OP_GETTIME:
	case OP_GETRES:
		return vdso_call_int(fn, clk, (long)&b, 0, 0, 0);
	case OP_GETTIMEOFDAY:
		return vdso_call_int(fn, (long)&b, 0, 0, 0, 0);
	case OP_TIME:
		return arch_vdso_call(fn, 0, 0, 0, 0, 0) < 0 ? -EINVAL : 0;
	default:
		return vdso_call_int(fn, (long)&c, (long)&n, 0, 0, 0);
	}
}

static struct bench_series *add(struct bench_run *run, enum bench_op op, enum bench_method m,
				int clk, bench_call_fn call)
{
	struct bench_series *s;

	if (run->nr_series >= BENCH_MAX_SERIES)
		return NULL;
	s = &run->series[run->nr_series++];
	memset(s, 0, sizeof(*s));
	s->op = op;
	s->method = m;
	s->clock = clk;
	s->call = call;
	return s;
}

/* x86 exports each function twice (clock_gettime and __vdso_clock_gettime): measure it once. */
static bool already(const struct bench_run *run, const void *fn, int clk)
{
	int i;

	for (i = 0; i < run->nr_series; i++)
		if (run->series[i].fn == fn && run->series[i].clock == clk)
			return true;
	return false;
}

static void add_vdso(struct bench_run *run, const struct vdso_image *img, enum bench_op op,
		     int clk)
{
	unsigned int i;

	for (i = 0; img && i < arch_vdso_nr_exports; i++) {
		const struct vdso_export *e = &arch_vdso_exports[i];
		struct bench_series *s;
		const void *fn;
		long r;

		if (op_of(e->fn) != (int)op)
			continue;
		fn = vdso_image_sym(img, e->version, e->name);
		if (!fn || already(run, fn, clk))
			continue;	/* an optional export left out, or an alias */
		r = vdso_check(op, fn, clk);
		if (r)
			continue;
		s = add(run, op, M_VDSO, clk, vdso_calls[op]);
		if (!s)
			return;
		s->fn = fn;
		s->check = r;
		snprintf(s->symbol, sizeof(s->symbol), "%s", e->name);
	}
}

static void add_op(struct bench_run *run, const struct vdso_image *img, enum bench_op op,
		   int clk, bool with_syscall, bool with_libc)
{
	bool have_sys = !sys_check(op, clk);

	if (clk >= 0 && !have_sys)
		return;		/* no such clock here */
	add_vdso(run, img, op, clk);
	if (with_syscall && have_sys)	/* aarch64 and s390x have no time(2) */
		add(run, op, M_SYSCALL, clk, sys_calls[op]);
	if (with_libc)
		add(run, op, M_LIBC, clk, libc_calls[op]);
}

void bench_series_build(struct bench_run *run, const struct vdso_image *img, bool with_syscall,
			bool with_libc)
{
	int op, clk;

	run->nr_series = 0;
	add(run, OP_EMPTY, M_EMPTY, -1, call_empty);
	for (op = 0; op < OP_EMPTY; op++) {
		if (!is_clock_op(op)) {
			add_op(run, img, op, -1, with_syscall, with_libc);
			continue;
		}
		for (clk = 0; clk < NR_CLOCKS; clk++)
			add_op(run, img, op, clk, with_syscall, with_libc);
	}
}
