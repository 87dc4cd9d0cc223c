/* The test child's side of the harness: asserts, TH_LOG, SKIP, fixture steps; no libc syscalls. */
/* Fortified longjmp may call sigaltstack, which i386 glibc enters through the vDSO. */
#undef _FORTIFY_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "ktap.h"

/*
 * The frame an ASSERT bails out to. _setjmp saves no signal mask, so
 * _longjmp makes no system call and works with the vDSO gone.
 */
static jmp_buf bail_env;
static int bail_armed;

static unsigned long long load_bits(const void *p, size_t size, int kind)
{
	union {
		unsigned char u8;
		unsigned short u16;
		unsigned int u32;
		unsigned long long u64;
		signed char s8;
		short s16;
		int s32;
		long long s64;
	} v;

	memset(&v, 0, sizeof(v));
	memcpy(&v, p, size < sizeof(v) ? size : sizeof(v));
	if (kind == __TH_KIND_SIGNED) {
		switch (size) {
		case 1: return (unsigned long long)(long long)v.s8;
		case 2: return (unsigned long long)(long long)v.s16;
		case 4: return (unsigned long long)(long long)v.s32;
		default: return (unsigned long long)v.s64;
		}
	}
	switch (size) {
	case 1: return v.u8;
	case 2: return v.u16;
	case 4: return v.u32;
	default: return v.u64;
	}
}

static double load_double(const void *p, size_t size, int kind)
{
	float f;
	double d;

	if (kind != __TH_KIND_FLOAT) {
		unsigned long long bits = load_bits(p, size, kind);

		return kind == __TH_KIND_SIGNED ? (double)(long long)bits : (double)bits;
	}
	if (size == sizeof(float)) {
		memcpy(&f, p, sizeof(f));
		return f;
	}
	if (size == sizeof(double)) {
		memcpy(&d, p, sizeof(d));
		return d;
	}
	return __builtin_nan("");	/* long double: not supported, never equal */
}

static void format_value(char *buf, size_t len, const void *p, size_t size, int kind)
{
	unsigned long long bits;

	if (kind == __TH_KIND_FLOAT) {
		snprintf(buf, len, "%g", load_double(p, size, kind));
		return;
	}
	bits = load_bits(p, size, kind);
	if (kind == __TH_KIND_SIGNED)
		snprintf(buf, len, "%lld", (long long)bits);
	else if (kind == __TH_KIND_POINTER)
		snprintf(buf, len, "0x%llx", bits);
	else
		snprintf(buf, len, "%llu", bits);
}

/* -1, 0 or 1 comparing the values as numbers; 2 if unordered (NaN). */
static int compare_values(const void *a, size_t asize, int akind,
			  const void *b, size_t bsize, int bkind)
{
	unsigned long long x, y;
	int xneg, yneg;

	if (akind == __TH_KIND_FLOAT || bkind == __TH_KIND_FLOAT) {
		double da = load_double(a, asize, akind), db = load_double(b, bsize, bkind);

		if (da != da || db != db)
			return 2;
		return da < db ? -1 : da > db;
	}
	x = load_bits(a, asize, akind);
	y = load_bits(b, bsize, bkind);
	xneg = akind == __TH_KIND_SIGNED && (long long)x < 0;
	yneg = bkind == __TH_KIND_SIGNED && (long long)y < 0;
	if (xneg != yneg)
		return xneg ? -1 : 1;
	/* Same sign: two's complement keeps the order of sign-extended negatives. */
	return x < y ? -1 : x > y;
}

static int holds(const char *op, int cmp)
{
	if (cmp == 2)
		return !strcmp(op, "!=");
	if (!strcmp(op, "=="))
		return cmp == 0;
	if (!strcmp(op, "!="))
		return cmp != 0;
	if (!strcmp(op, "<"))
		return cmp < 0;
	if (!strcmp(op, "<="))
		return cmp <= 0;
	if (!strcmp(op, ">"))
		return cmp > 0;
	return cmp >= 0;	/* ">=" */
}

static void note_check(struct __test_metadata *_metadata, int failed)
{
	_metadata->asserts++;
	if (failed) {
		_metadata->failures++;
		_metadata->passed = 0;
	}
}

int __th_check_cmp(struct __test_metadata *_metadata, const char *file, int line,
		   const char *exp_str, const char *op, const char *seen_str,
		   const void *exp, size_t exp_size, int exp_kind,
		   const void *seen, size_t seen_size, int seen_kind)
{
	int ok = holds(op, compare_values(exp, exp_size, exp_kind, seen, seen_size, seen_kind));
	char e[64], s[64];

	note_check(_metadata, !ok);
	if (ok)
		return 0;
	format_value(e, sizeof(e), exp, exp_size, exp_kind);
	format_value(s, sizeof(s), seen, seen_size, seen_kind);
	ktap_diag_raw("%s:%d: Expected %s (%s) %s %s (%s)", file, line, exp_str, e, op,
		      seen_str, s);
	return 1;
}

int __th_check_str(struct __test_metadata *_metadata, int want_equal, const char *file,
		   int line, const char *exp_str, const char *seen_str,
		   const char *exp, const char *seen)
{
	int equal = exp && seen ? strcmp(exp, seen) == 0 : exp == seen;
	int failed = equal != want_equal;

	note_check(_metadata, failed);
	if (!failed)
		return 0;
	ktap_diag_raw("%s:%d: Expected %s %s %s: \"%s\" vs \"%s\"", file, line, exp_str,
		      want_equal ? "==" : "!=", seen_str, exp ? exp : "(null)",
		      seen ? seen : "(null)");
	return 1;
}

int __th_check_bool(struct __test_metadata *_metadata, const char *file, int line,
		    const char *seen_str, int seen, int want)
{
	note_check(_metadata, seen != want);
	if (seen == want)
		return 0;
	ktap_diag_raw("%s:%d: Expected %s to be %s", file, line, seen_str,
		      want ? "true" : "false");
	return 1;
}

/* Runs after the failure block of a check: an ASSERT leaves the step. */
int __th_after_failure(struct __test_metadata *_metadata, int is_assert)
{
	if (is_assert && bail_armed)
		_longjmp(bail_env, 1);
	return 0;
}

void __th_log(struct __test_metadata *_metadata, const char *file, int line,
	      const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ktap_diag_raw("%s:%d:%s: %s", file, line, _metadata->name, msg);
}

void __th_skip(struct __test_metadata *_metadata, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(_metadata->skip_reason, sizeof(_metadata->skip_reason), fmt, ap);
	va_end(ap);
	_metadata->skip = 1;
}

/* Runs one step; returns 0 if it returned, 1 if an ASSERT bailed out of it. */
static __attribute__((noinline)) int run_step(struct __test_metadata *_metadata, void *self,
					      const void *variant, __th_step_fn step,
					      enum __th_step which)
{
	if (_setjmp(bail_env)) {
		bail_armed = 0;
		return 1;
	}
	bail_armed = 1;
	step(_metadata, self, variant, which);
	bail_armed = 0;
	return 0;
}

/*
 * Setup, then the test unless setup failed or skipped, then the teardown
 * whenever setup completed, even after a failed ASSERT in the test.
 */
void __th_run_fixture(struct __test_metadata *_metadata, void *self, const void *variant,
		      __th_step_fn step)
{
	if (run_step(_metadata, self, variant, step, __TH_SETUP))
		return;
	_metadata->setup_completed = 1;
	if (!_metadata->skip && !_metadata->failures)
		run_step(_metadata, self, variant, step, __TH_BODY);
	run_step(_metadata, self, variant, step, __TH_TEARDOWN);
}

/* TEST() bodies have no fixture: give them the same bail-out frame. */
void __th_run_plain(struct __test_metadata *_metadata, const void *variant, __th_test_fn fn)
{
	if (_setjmp(bail_env)) {
		bail_armed = 0;
		return;
	}
	bail_armed = 1;
	fn(_metadata, variant);
	bail_armed = 0;
}
