/* vDSO getrandom: the opaque-state query, real calls into that state, syscall-like errors. */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"

/* UAPI struct vgetrandom_opaque_params (6.11); older host headers lack it. */
struct vgr_params {
	uint32_t size_of_opaque_state, mmap_prot, mmap_flags, reserved[13];
};

FIXTURE(vgr) {
	const void *fn;
	struct vgr_params p;
	void *state;
	unsigned long state_len;
};

FIXTURE_VARIANT(vgr) {
	unsigned int flags;
};

FIXTURE_VARIANT_ADD(vgr, blocking) { .flags = 0 };
FIXTURE_VARIANT_ADD(vgr, nonblock) { .flags = 1 /* GRND_NONBLOCK */ };
FIXTURE_VARIANT_ADD(vgr, insecure) { .flags = 4 /* GRND_INSECURE */ };

FIXTURE_SETUP(vgr)
{
	long ret;

	NEED_VDSO(abi_vdso());
	self->fn = abi_entry(VDSO_FN_GETRANDOM, NULL);
	if (!self->fn)
		SKIP(return, "this vDSO exports no getrandom");
	/* len ~0 with a NULL buffer asks for the state's size, protection and flags. */
	ret = arch_vdso_call(self->fn, 0, 0, 0, (long)&self->p, ~0L);
	if (ret == -ENOSYS)
		SKIP(return, "vDSO getrandom has no runtime support on this CPU");
	ASSERT_EQ(0, ret);
	ASSERT_GT(self->p.size_of_opaque_state, 0U);
	ASSERT_LE(self->p.size_of_opaque_state, 4096U);
	self->state_len = 4096;
	self->state = mmap(NULL, self->state_len, self->p.mmap_prot, self->p.mmap_flags, -1, 0);
	ASSERT_NE(MAP_FAILED, self->state) TH_LOG("mmap(prot %#x, flags %#x)",
						  self->p.mmap_prot, self->p.mmap_flags);
}

FIXTURE_TEARDOWN(vgr)
{
	if (self->state && self->state != MAP_FAILED)
		munmap(self->state, self->state_len);
}

static long vgr(const void *fn, void *buf, unsigned long len, unsigned int flags, void *state,
		unsigned long state_len)
{
	return arch_vdso_call(fn, (long)buf, (long)len, flags, (long)state, (long)state_len);
}

TEST_F(vgr, fills_buffers)
{
	unsigned char a[256], b[256];
	unsigned int i, zero = 0;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	ASSERT_EQ((long)sizeof(a), vgr(self->fn, a, sizeof(a), variant->flags, self->state,
				       self->p.size_of_opaque_state));
	ASSERT_EQ((long)sizeof(b), vgr(self->fn, b, sizeof(b), variant->flags, self->state,
				       self->p.size_of_opaque_state));
	for (i = 0; i < sizeof(a); i++)
		zero += !a[i];
	/* 256 random bytes with more than 32 zeros has probability far below 1e-9. */
	EXPECT_LT(zero, 32U);
	EXPECT_NE(0, memcmp(a, b, sizeof(a))) TH_LOG("two calls returned the same bytes");
	EXPECT_EQ(0L, vgr(self->fn, a, 0, variant->flags, self->state,
			  self->p.size_of_opaque_state));
}

/* Flags the syscall rejects must be rejected the same way (the vDSO falls back to it). */
TEST_F(vgr, bad_flags_like_syscall)
{
	unsigned char buf[16];
	unsigned int bad = variant->flags | 0x100;

	EXPECT_EQ(raw_getrandom(buf, sizeof(buf), bad),
		  vgr(self->fn, buf, sizeof(buf), bad, self->state, self->p.size_of_opaque_state));
}

TEST_HARNESS_MAIN
