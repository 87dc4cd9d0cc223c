/* Every exported time function of an image at any base, bracketed between raw syscalls. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "rawsys.h"
#include "vdso.h"
#include "vdso_abi.h"
#include "reloc.h"

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
