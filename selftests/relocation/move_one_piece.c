/* Moves [vdso] without vvar, or vvar without [vdso]: time calls must fault, signals must return. */
#include <errno.h>
#include <signal.h>
#include "harness.h"
#include "rawsys.h"
#include "reloc.h"

FIXTURE(piece) {
	struct vdso_layout l;
	struct vdso_area a;
};

FIXTURE_VARIANT(piece) {
	bool move_vdso;		/* true: [vdso] alone; false: every [vvar*] alone */
};

FIXTURE_VARIANT_ADD(piece, vdso_alone) { .move_vdso = true };
FIXTURE_VARIANT_ADD(piece, vvar_alone) { .move_vdso = false };

FIXTURE_SETUP(piece)
{
	if (!reloc_setup(_metadata, &self->l, &self->a))
		return;
	/* ppc64 before 5.13 kept its data page inside [vdso]: nothing can be split off. */
	if (self->a.n == 1)
		SKIP(return, "no separate [vvar] VMA: the data page lives inside [vdso]");
}

FIXTURE_TEARDOWN(piece)
{
}

struct call_arg {
	unsigned long base, size;
	char msg[256];
};

static int call_time(void *p)
{
	struct call_arg *c = p;

	/* Returning at all means every time function ran without its data: exit 1. */
	return reloc_time_calls(c->base, c->size, c->msg, sizeof(c->msg)) > 0 ? 1 : 2;
}

/*
 * The vDSO finds vvar PC-relatively at a fixed distance; the kernel relinks
 * nothing. Split apart, its loads hit the PROT_NONE reservation (vdso alone)
 * or the hole the vvar left (vvar alone): SIGSEGV on every ABI.
 */
TEST_F_TIMEOUT(piece, time_faults_signals_return, 20)
{
	struct vdso_area now;
	struct call_arg *c = reloc_shared(sizeof(*c));
	long new_lo = vdso_area_reserve(&self->a, VDSO_ANYWHERE, self->a.hi - self->a.lo);
	int i, status;
	long r = 0;

	ASSERT_NE(NULL, c);
	ASSERT_FALSE(raw_mmap_failed(new_lo));
	for (i = 0; i < self->a.n && !r; i++) {
		if ((i == self->a.vdso) != variant->move_vdso)
			continue;
		r = vdso_vma_move(&self->a.vma[i], new_lo + (self->a.vma[i].start - self->a.lo));
	}
	if (r && reloc_sealed_result(_metadata, &self->a, r))
		return;
	ASSERT_EQ(0, r);
	ASSERT_EQ(0, vdso_area_read(&now, self->a.page));
	ASSERT_LE(0, now.vdso);
	ASSERT_EQ(variant->move_vdso ? new_lo + (self->a.vma[self->a.vdso].start - self->a.lo) :
		  self->a.vma[self->a.vdso].start, now.vma[now.vdso].start);
	c->base = now.vma[now.vdso].start;
	c->size = now.vma[now.vdso].end - now.vma[now.vdso].start;
	status = reloc_in_child(call_time, c);
	ASSERT_TRUE(RAW_WIFSIGNALED(status) && RAW_WTERMSIG(status) == SIGSEGV)
		TH_LOG("time calls with vvar out of place: wait status %#x (%s)", status,
		       c->msg);
	/* The sigreturn trampoline needs no vvar, and .mremap kept context.vdso current. */
	reloc_check_signal(_metadata);
	reloc_check_exec(_metadata);
}

TEST_HARNESS_MAIN
