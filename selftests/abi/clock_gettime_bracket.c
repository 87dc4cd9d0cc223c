/* vDSO clock_gettime (and _gettime64/_gettime32) vs raw clock_gettime64 for every clock id. */
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"
#include "clock_variants.h"

/* Each entry this ABI may have, and the timespec type it writes. */
static const struct {
	enum vdso_fn fn;
	bool old_timespec;
} forms[] = {
	{ VDSO_FN_CLOCK_GETTIME, false },
	{ VDSO_FN_CLOCK_GETTIME64, false },
	{ VDSO_FN_CLOCK_GETTIME32, true },
};

#define NFORMS	(sizeof(forms) / sizeof(forms[0]))

/* Reads the clock through form i of the vDSO; returns its result (0 or -errno). */
static int vdso_gettime(unsigned int i, const void *fn, int clk, struct abi_ts *out)
{
	struct __kernel_timespec t64 = { -1, -1 };
	struct __kernel_old_timespec t32 = { -1, -1 };
	int ret;

	if (forms[i].old_timespec) {
		ret = vdso_call_int(fn, clk, (long)&t32, 0, 0, 0);
		*out = abi_ts_from_old(&t32);
	} else {
		ret = vdso_call_int(fn, clk, (long)&t64, 0, 0, 0);
		*out = abi_ts_from64(&t64);
	}
	return ret;
}

static struct abi_ts raw_now(int clk, long *ret)
{
	struct __kernel_timespec t = { -1, -1 };

	*ret = raw_clock_gettime(clk, &t);
	return abi_ts_from64(&t);
}

FIXTURE(clk) {
	const void *fn[NFORMS];
	unsigned int nfn;
};

FIXTURE_VARIANT(clk) {
	int clk;
};

ABI_CLOCK_VARIANTS(clk);

FIXTURE_SETUP(clk)
{
	const struct abi_vdso *v = abi_vdso();
	unsigned int i;

	NEED_VDSO(v);
	for (i = 0; i < NFORMS; i++) {
		self->fn[i] = abi_entry(forms[i].fn, NULL);
		self->nfn += !!self->fn[i];
	}
	if (!self->nfn)
		SKIP(return, "this vDSO exports no clock_gettime");
}

FIXTURE_TEARDOWN(clk)
{
}

/* Bracketing is exact ordering, not a tolerance: syscall <= vDSO <= syscall. */
TEST_F(clk, bracketed_by_syscalls)
{
	unsigned int i, round;
	long r0, r1;

	for (i = 0; i < NFORMS; i++) {
		if (!self->fn[i])
			continue;
		for (round = 0; round < 200; round++) {
			struct abi_ts s0 = raw_now(variant->clk, &r0), v, s1;
			int ret = vdso_gettime(i, self->fn[i], variant->clk, &v);

			s1 = raw_now(variant->clk, &r1);
			if (r0 < 0) {
				/* Invalid id: the vDSO falls back and must agree. */
				ASSERT_EQ(r0, ret) TH_LOG("%s(%d) vs syscall",
							  vdso_fn_name(forms[i].fn), variant->clk);
				break;
			}
			ASSERT_EQ(0, ret) TH_LOG("%s(%s)", vdso_fn_name(forms[i].fn),
						 abi_clock_name(variant->clk));
			ASSERT_TRUE(abi_ts_valid(v)) TH_LOG("nsec %lld", v.nsec);
			ASSERT_LE(abi_ts_cmp(s0, v), 0)
				TH_LOG("%s: vDSO %lld.%09lld before syscall %lld.%09lld",
				       vdso_fn_name(forms[i].fn), v.sec, v.nsec, s0.sec, s0.nsec);
			ASSERT_LE(abi_ts_cmp(v, s1), 0)
				TH_LOG("%s: vDSO %lld.%09lld after syscall %lld.%09lld",
				       vdso_fn_name(forms[i].fn), v.sec, v.nsec, s1.sec, s1.nsec);
		}
	}
}

/*
 * A frozen vDSO clock still brackets if the syscall never advances past
 * it, so wait until the syscall has moved strictly past a vDSO reading;
 * the next vDSO reading must then be past it too. The wait is bounded by
 * CLOCK_MONOTONIC through the syscall (a liveness bound, not a tolerance).
 */
TEST_F(clk, advances_with_syscall)
{
	struct abi_ts v1, v2, s, start, now;
	unsigned int i, round;
	long r;

	raw_now(variant->clk, &r);
	if (r < 0)
		SKIP(return, "%s: syscall says %ld", abi_clock_name(variant->clk), r);
	for (i = 0; i < NFORMS; i++) {
		if (!self->fn[i])
			continue;
		for (round = 0; round < 3; round++) {
			ASSERT_EQ(0, vdso_gettime(i, self->fn[i], variant->clk, &v1));
			start = raw_now(1, &r);
			do {
				s = raw_now(variant->clk, &r);
				now = raw_now(1, &r);
				ASSERT_LT(now.sec - start.sec, 20)
					TH_LOG("syscall %s did not pass %lld.%09lld in 20 s",
					       abi_clock_name(variant->clk), v1.sec, v1.nsec);
			} while (abi_ts_cmp(s, v1) <= 0);
			ASSERT_EQ(0, vdso_gettime(i, self->fn[i], variant->clk, &v2));
			ASSERT_GT(abi_ts_cmp(v2, v1), 0)
				TH_LOG("%s(%s) frozen at %lld.%09lld while the syscall reached "
				       "%lld.%09lld", vdso_fn_name(forms[i].fn),
				       abi_clock_name(variant->clk), v1.sec, v1.nsec,
				       s.sec, s.nsec);
			ASSERT_GE(abi_ts_cmp(v2, s), 0);
		}
	}
}

TEST_HARNESS_MAIN
