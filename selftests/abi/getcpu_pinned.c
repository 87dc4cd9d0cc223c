/* vDSO getcpu reports the CPU the task is pinned to, and the syscall's node, on each CPU. */
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"

#define MASK_WORDS	(1024 / (8 * sizeof(unsigned long)))
#define WORD_BITS	(8 * sizeof(unsigned long))

TEST(matches_pinned_cpu)
{
	const void *fn = abi_entry(VDSO_FN_GETCPU, NULL);
	unsigned long allowed[MASK_WORDS] = { 0 };
	unsigned int cpu, tested = 0;
	long n;

	NEED_VDSO(abi_vdso());
	if (!fn)
		SKIP(return, "this vDSO exports no getcpu (none on " VDSO_ABI ")");
	n = raw_sched_getaffinity(0, sizeof(allowed), allowed);
	ASSERT_GT(n, 0);
	for (cpu = 0; cpu < (unsigned int)n * 8; cpu++) {
		unsigned long one[MASK_WORDS] = { 0 };
		unsigned int kc = ~0U, kn = ~0U, vc = ~0U, vn = ~0U;

		if (!(allowed[cpu / WORD_BITS] & (1UL << (cpu % WORD_BITS))))
			continue;
		one[cpu / WORD_BITS] = 1UL << (cpu % WORD_BITS);
		/* The kernel migrates the task before sched_setaffinity returns. */
		ASSERT_EQ(0, raw_sched_setaffinity(0, sizeof(one), one)) TH_LOG("cpu %u", cpu);
		ASSERT_EQ(0, raw_getcpu(&kc, &kn));
		ASSERT_EQ(0, vdso_call_int(fn, (long)&vc, (long)&vn, 0, 0, 0));
		EXPECT_EQ(cpu, kc);
		EXPECT_EQ(cpu, vc) TH_LOG("pinned to %u, vDSO getcpu says %u", cpu, vc);
		EXPECT_EQ(kn, vn) TH_LOG("cpu %u: syscall node %u, vDSO node %u", cpu, kn, vn);
		tested++;
	}
	ASSERT_EQ(0, raw_sched_setaffinity(0, sizeof(allowed), allowed));
	ASSERT_GT(tested, 0U);
	TH_LOG("checked %u CPU(s)", tested);
}

/* Either output pointer may be NULL (glibc's sched_getcpu passes only cpu). */
TEST(null_outputs)
{
	const void *fn = abi_entry(VDSO_FN_GETCPU, NULL);
	unsigned int c = ~0U, nd = ~0U;

	NEED_VDSO(abi_vdso());
	if (!fn)
		SKIP(return, "this vDSO exports no getcpu (none on " VDSO_ABI ")");
	EXPECT_EQ(0, vdso_call_int(fn, 0, 0, 0, 0, 0));
	EXPECT_EQ(0, vdso_call_int(fn, (long)&c, 0, 0, 0, 0));
	EXPECT_NE(~0U, c);
	EXPECT_EQ(0, vdso_call_int(fn, 0, (long)&nd, 0, 0, 0));
	EXPECT_NE(~0U, nd);
}

TEST_HARNESS_MAIN
