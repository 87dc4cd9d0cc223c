/* vDSO gettimeofday vs the raw syscall: bracketed, with and without tz, tz as the kernel has it. */
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"

/* The kernel's struct timezone (UAPI); libc's has the same layout but another name space. */
struct ktz {
	int tz_minuteswest, tz_dsttime;
};

FIXTURE(gtod) {
	const void *fn;
};

FIXTURE_VARIANT(gtod) {
	bool with_tz;
};

FIXTURE_VARIANT_ADD(gtod, tz_null) { .with_tz = false };
FIXTURE_VARIANT_ADD(gtod, with_tz) { .with_tz = true };

FIXTURE_SETUP(gtod)
{
	const struct abi_vdso *v = abi_vdso();

	NEED_VDSO(v);
	self->fn = abi_entry(VDSO_FN_GETTIMEOFDAY, NULL);
	if (!self->fn)
		SKIP(return, "this vDSO exports no gettimeofday");
}

FIXTURE_TEARDOWN(gtod)
{
}

TEST_F(gtod, bracketed_by_syscalls)
{
	unsigned int round;

	for (round = 0; round < 200; round++) {
		struct __kernel_old_timeval a, v = { -1, -1 }, b;
		struct ktz tz = { -1, -1 }, *tzp = variant->with_tz ? &tz : NULL;
		struct abi_ts ta, tv, tb;

		ASSERT_EQ(0, raw_gettimeofday(&a, NULL));
		ASSERT_EQ(0, vdso_call_int(self->fn, (long)&v, (long)tzp, 0, 0, 0));
		ASSERT_EQ(0, raw_gettimeofday(&b, NULL));
		ta = abi_ts_from_tv(&a);
		tv = abi_ts_from_tv(&v);
		tb = abi_ts_from_tv(&b);
		ASSERT_TRUE(v.tv_usec >= 0 && v.tv_usec < 1000000) TH_LOG("usec %ld",
									 (long)v.tv_usec);
		ASSERT_LE(abi_ts_cmp(ta, tv), 0) TH_LOG("vDSO %lld.%06ld before syscall %lld.%06ld",
						       (long long)v.tv_sec, (long)v.tv_usec,
						       (long long)a.tv_sec, (long)a.tv_usec);
		ASSERT_LE(abi_ts_cmp(tv, tb), 0) TH_LOG("vDSO %lld.%06ld after syscall %lld.%06ld",
						       (long long)v.tv_sec, (long)v.tv_usec,
						       (long long)b.tv_sec, (long)b.tv_usec);
	}
}

/* The timezone is whatever settimeofday last stored: the vDSO must report the same. */
TEST(tz_equals_syscall)
{
	const void *fn = abi_entry(VDSO_FN_GETTIMEOFDAY, NULL);
	struct __kernel_old_timeval tv;
	struct ktz ref = { -1, -1 }, got = { -2, -2 };

	NEED_VDSO(abi_vdso());
	if (!fn)
		SKIP(return, "this vDSO exports no gettimeofday");
	ASSERT_EQ(0, raw_gettimeofday(&tv, (struct timezone *)&ref));
	ASSERT_EQ(0, vdso_call_int(fn, (long)&tv, (long)&got, 0, 0, 0));
	EXPECT_EQ(ref.tz_minuteswest, got.tz_minuteswest);
	EXPECT_EQ(ref.tz_dsttime, got.tz_dsttime);
	/* tv may be NULL when only the timezone is wanted. */
	got.tz_minuteswest = got.tz_dsttime = -2;
	ASSERT_EQ(0, vdso_call_int(fn, 0, (long)&got, 0, 0, 0));
	EXPECT_EQ(ref.tz_minuteswest, got.tz_minuteswest);
	EXPECT_EQ(ref.tz_dsttime, got.tz_dsttime);
}

TEST_HARNESS_MAIN
