/* Everything that must hold after a successful move of the vDSO area. */
#include <elf.h>
#include "harness.h"
#include "vdso.h"
#include "reloc.h"

void reloc_verify_moved(struct __test_metadata *_metadata, const struct vdso_area *before,
			unsigned long new_lo, unsigned long ehdr0)
{
	struct vdso_area now;
	unsigned long aux = 0;
	char msg[256];
	int i, r;

	ASSERT_EQ(0, vdso_area_read(&now, before->page));
	ASSERT_EQ(before->n, now.n);
	ASSERT_EQ(new_lo, now.lo) TH_LOG("maps do not show the area at its new address");
	for (i = 0; i < now.n; i++) {
		ASSERT_STREQ(before->vma[i].name, now.vma[i].name);
		ASSERT_EQ(before->vma[i].start - before->lo, now.vma[i].start - now.lo);
		ASSERT_EQ(before->vma[i].end - before->vma[i].start,
			  now.vma[i].end - now.vma[i].start);
	}
	ASSERT_EQ(1, vdso_auxv_get(AT_SYSINFO_EHDR, &aux));
	/* The auxiliary vector is written once at exec; nothing updates it after a move. */
	ASSERT_EQ(ehdr0, aux) TH_LOG("AT_SYSINFO_EHDR changed after mremap");
	r = reloc_time_calls(now.vma[now.vdso].start, now.vma[now.vdso].end -
			     now.vma[now.vdso].start, msg, sizeof(msg));
	ASSERT_LT(0, r) TH_LOG("after the move: %s", msg);
	reloc_check_signal(_metadata);
	reloc_check_exec(_metadata);
}
