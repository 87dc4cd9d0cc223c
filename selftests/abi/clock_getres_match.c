/* vDSO clock_getres (and its _time64/32 forms) returns what the syscall returns, per clock id. */
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"
#include "clock_variants.h"

static const struct {
	enum vdso_fn fn;
	bool old_timespec;
} forms[] = {
	{ VDSO_FN_CLOCK_GETRES, false },
	{ VDSO_FN_CLOCK_GETRES32, true },
};

#define NFORMS	(sizeof(forms) / sizeof(forms[0]))

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
		SKIP(return, "this vDSO exports no clock_getres");
}

FIXTURE_TEARDOWN(clk)
{
}

TEST_F(clk, equals_syscall)
{
	struct __kernel_timespec ref = { -1, -1 };
	long r = raw_clock_getres(variant->clk, &ref);
	unsigned int i;

	for (i = 0; i < NFORMS; i++) {
		struct __kernel_timespec t64 = { -1, -1 };
		struct __kernel_old_timespec t32 = { -1, -1 };
		struct abi_ts got;
		int ret;

		if (!self->fn[i])
			continue;
		if (forms[i].old_timespec) {
			ret = vdso_call_int(self->fn[i], variant->clk, (long)&t32, 0, 0, 0);
			got = abi_ts_from_old(&t32);
		} else {
			ret = vdso_call_int(self->fn[i], variant->clk, (long)&t64, 0, 0, 0);
			got = abi_ts_from64(&t64);
		}
		ASSERT_EQ(r, ret) TH_LOG("%s(%d)", vdso_fn_name(forms[i].fn), variant->clk);
		if (r)
			continue;
		EXPECT_EQ(ref.tv_sec, got.sec) TH_LOG("%s", vdso_fn_name(forms[i].fn));
		EXPECT_EQ(ref.tv_nsec, got.nsec) TH_LOG("%s", vdso_fn_name(forms[i].fn));
	}
}

/* res may be NULL: the call still validates the clock id, like the syscall. */
TEST_F(clk, null_res_like_syscall)
{
	long r = raw_clock_getres(variant->clk, NULL);
	unsigned int i;

	for (i = 0; i < NFORMS; i++)
		if (self->fn[i])
			EXPECT_EQ(r, vdso_call_int(self->fn[i], variant->clk, 0, 0, 0, 0))
				TH_LOG("%s(%d, NULL)", vdso_fn_name(forms[i].fn), variant->clk);
}

TEST_HARNESS_MAIN
