/* Moves of the vDSO area the kernel must refuse, each with its documented errno. */
#include <errno.h>
#include <sys/mman.h>
#include "harness.h"
#include "rawsys.h"
#include "reloc.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

FIXTURE(refuse) {
	struct vdso_layout l;
	struct vdso_area a;
	struct vdso_vma v;	/* the VMA under test */
	unsigned long len;
	unsigned int major, minor;
};

FIXTURE_VARIANT(refuse) {
	bool vdso;		/* [vdso], or the first [vvar*] */
};

FIXTURE_VARIANT_ADD(refuse, vdso) { .vdso = true };
FIXTURE_VARIANT_ADD(refuse, vvar) { .vdso = false };

FIXTURE_SETUP(refuse)
{
	int i = 0;

	if (!reloc_setup(_metadata, &self->l, &self->a))
		return;
	if (variant->vdso)
		i = self->a.vdso;
	else if (self->a.vdso == 0)
		i = 1;
	if (i >= self->a.n)
		SKIP(return, "no [vvar*] VMA in this layout");
	self->v = self->a.vma[i];
	self->len = self->v.end - self->v.start;
	reloc_kernel_version(&self->major, &self->minor);
}

/* The refusal left everything where it was, and the image there still works. */
FIXTURE_TEARDOWN(refuse)
{
	struct vdso_area now;
	char msg[256];
	int i;

	if (_metadata->skip || !self->a.n)
		return;
	ASSERT_EQ(0, vdso_area_read(&now, self->a.page));
	ASSERT_EQ(self->a.n, now.n);
	for (i = 0; i < now.n; i++) {
		ASSERT_EQ(self->a.vma[i].start, now.vma[i].start);
		ASSERT_EQ(self->a.vma[i].end, now.vma[i].end);
	}
	ASSERT_LT(0, reloc_time_calls(self->l.ehdr, self->a.vma[self->a.vdso].end -
				      self->l.ehdr, msg, sizeof(msg))) TH_LOG("%s", msg);
}

/* Checks a refusal; a sealed area gives EPERM first and its own result. */
static void expect_err(struct __test_metadata *_metadata, const struct vdso_area *a,
		       long want, long got, const char *what)
{
	if (got != want && reloc_sealed_result(_metadata, a, got))
		return;
	ASSERT_EQ(want, got) TH_LOG("%s", what);
}

/* Splitting a special mapping is refused since 5.11 (871402e05b24). */
static bool can_split_check(struct __test_metadata *_metadata, FIXTURE_DATA(refuse) *self)
{
	if (self->len <= self->a.page)
		SKIP(return false, "%s is one page: there is no part to move", self->v.name);
	if (self->major < 5 || (self->major == 5 && self->minor < 11))
		SKIP(return false, "kernels before 5.11 may split special mappings");
	return true;
}

TEST_F(refuse, partial_move)
{
	long to;

	if (!can_split_check(_metadata, self))
		return;
	to = vdso_area_reserve(&self->a, VDSO_ANYWHERE, self->len);
	ASSERT_FALSE(raw_mmap_failed(to));
	expect_err(_metadata, &self->a, -EINVAL,
		   raw_mremap((void *)self->v.start, self->a.page, self->a.page,
			      MREMAP_MAYMOVE | MREMAP_FIXED, (void *)to), "move one page");
}

TEST_F(refuse, partial_unmap)
{
	if (!can_split_check(_metadata, self))
		return;
	expect_err(_metadata, &self->a, -EINVAL,
		   raw_munmap((void *)self->v.start, self->a.page), "unmap one page");
}

TEST_F(refuse, shrink)
{
	if (!can_split_check(_metadata, self))
		return;
	expect_err(_metadata, &self->a, -EINVAL,
		   raw_mremap((void *)self->v.start, self->len, self->len - self->a.page, 0, NULL),
		   "shrink in place");
}

/* VM_DONTEXPAND (vdso) and VM_PFNMAP (vvar) have refused growth with EFAULT since 2.6. */
TEST_F(refuse, grow)
{
	expect_err(_metadata, &self->a, -EFAULT,
		   raw_mremap((void *)self->v.start, self->len, self->len + self->a.page,
			      MREMAP_MAYMOVE, NULL), "grow by a page");
}

/* mremap_to() refuses overlapping old and new ranges before looking at the VMA. */
TEST_F(refuse, overlapping_fixed)
{
	unsigned long to = self->v.start + (self->len > self->a.page ? self->a.page : 0);

	expect_err(_metadata, &self->a, -EINVAL,
		   raw_mremap((void *)self->v.start, self->len, self->len,
			      MREMAP_MAYMOVE | MREMAP_FIXED, (void *)to), "overlapping target");
}

/* DONTUNMAP would leave a second copy; special and PFN mappings refuse it with EINVAL. */
TEST_F(refuse, dontunmap)
{
	long to = vdso_area_reserve(&self->a, VDSO_ANYWHERE, self->len);

	ASSERT_FALSE(raw_mmap_failed(to));
	expect_err(_metadata, &self->a, -EINVAL,
		   raw_mremap((void *)self->v.start, self->len, self->len,
			      MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, (void *)to),
		   "MREMAP_DONTUNMAP");
}

TEST_HARNESS_MAIN
