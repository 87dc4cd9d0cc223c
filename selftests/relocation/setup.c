/* The tests' view of the vDSO area: SKIP without a vDSO, and the distinct result of a seal. */
#include <errno.h>
#include "harness.h"
#include "rawsys.h"
#include "vdso.h"
#include "vdso_move.h"
#include "reloc.h"

bool reloc_setup(struct __test_metadata *_metadata, struct vdso_layout *l, struct vdso_area *a)
{
	int r = vdso_layout_read(l);

	if (r == -ENOENT)
		SKIP(return false, "no vDSO in this process (vdso=0 or CONFIG_VDSO=n)");
	ASSERT_EQ(0, r) TH_LOG("vdso_layout_read: %d", r);
	ASSERT_EQ(0, vdso_area_read(a, l->page_size));
	ASSERT_LE(0, a->vdso) TH_LOG("maps show [vvar] but no [vdso]");
	ASSERT_EQ(l->ehdr, a->vma[a->vdso].start);
	return true;
}

bool reloc_sealed_result(struct __test_metadata *_metadata, const struct vdso_area *a, long err)
{
	const struct vdso_vma *v = vdso_area_sealed(a);

	if (!v)
		return false;
	ASSERT_EQ(-EPERM, err) TH_LOG("%s is sealed (VmFlags sl) yet mremap gave %ld",
				      v->name, err);
	SKIP(return true, "SEALED: %s has VmFlags sl (CONFIG_MSEAL_SYSTEM_MAPPINGS): "
	     "mremap/munmap fail with EPERM as documented, nothing can move", v->name);
}

bool reloc_move_anywhere(struct __test_metadata *_metadata, const struct vdso_area *a)
{
	long r = vdso_area_move_anywhere(a);

	if (raw_mmap_failed(r) && reloc_sealed_result(_metadata, a, r))
		return false;
	ASSERT_FALSE(raw_mmap_failed(r)) TH_LOG("moving the vDSO area: %ld", r);
	return true;
}
