/* vDSO time() vs time(2) (or CLOCK_REALTIME where there is none): bracketed, tloc set. */
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"

/*
 * Seconds from time(2) where the ABI has it, else from CLOCK_REALTIME_COARSE:
 * time() reads the seconds the tick updates, which can trail the high
 * resolution CLOCK_REALTIME across a second boundary.
 */
static long ref_seconds(void)
{
	struct __kernel_timespec ts;
	long t = raw_time(NULL);

	if (t != -ENOSYS)
		return t;
	raw_clock_gettime(5 /* CLOCK_REALTIME_COARSE */, &ts);
	return (long)ts.tv_sec;
}

FIXTURE(tm) {
	const void *fn;
};

FIXTURE_VARIANT(tm) {
	bool with_tloc;
};

FIXTURE_VARIANT_ADD(tm, tloc_null) { .with_tloc = false };
FIXTURE_VARIANT_ADD(tm, with_tloc) { .with_tloc = true };

FIXTURE_SETUP(tm)
{
	const struct abi_vdso *v = abi_vdso();

	NEED_VDSO(v);
	self->fn = abi_entry(VDSO_FN_TIME, NULL);
	if (!self->fn)
		SKIP(return, "this vDSO exports no time (none on " VDSO_ABI ")");
}

FIXTURE_TEARDOWN(tm)
{
}

TEST_F(tm, bracketed_by_syscalls)
{
	unsigned int round;

	for (round = 0; round < 200; round++) {
		long tloc = -1, a, v, b;

		a = ref_seconds();
		v = arch_vdso_call(self->fn, variant->with_tloc ? (long)&tloc : 0, 0, 0, 0, 0);
		b = ref_seconds();
		ASSERT_LE(a, v);
		ASSERT_LE(v, b);
		if (variant->with_tloc)
			ASSERT_EQ(v, tloc) TH_LOG("time() returned %ld but stored %ld", v, tloc);
	}
}

TEST_HARNESS_MAIN
