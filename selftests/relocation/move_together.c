/* Moves [vdso] and every [vvar*] VMA together, keeping their distances, and checks the result. */
#include <errno.h>
#include <sys/mman.h>
#include "harness.h"
#include "rawsys.h"
#include "reloc.h"

FIXTURE(move) {
	struct vdso_layout l;
	struct vdso_area a;
};

FIXTURE_VARIANT(move) {
	enum vdso_where where;
	bool vdso_first;	/* move [vdso] before the [vvar*] pieces */
	bool back;		/* then move everything back where it was */
	bool overlap;		/* target overlaps the source: go through a scratch area */
};

FIXTURE_VARIANT_ADD(move, lower) { .where = VDSO_LOWER };
FIXTURE_VARIANT_ADD(move, higher) { .where = VDSO_HIGHER };
FIXTURE_VARIANT_ADD(move, adjacent_below) { .where = VDSO_ADJ_BELOW };
FIXTURE_VARIANT_ADD(move, adjacent_above) { .where = VDSO_ADJ_ABOVE };
FIXTURE_VARIANT_ADD(move, vvar_first) { .where = VDSO_ANYWHERE, .vdso_first = false };
FIXTURE_VARIANT_ADD(move, vdso_first) { .where = VDSO_ANYWHERE, .vdso_first = true };
FIXTURE_VARIANT_ADD(move, and_back) { .where = VDSO_HIGHER, .back = true };
FIXTURE_VARIANT_ADD(move, and_back_vdso_first) {
	.where = VDSO_LOWER, .back = true, .vdso_first = true
};
FIXTURE_VARIANT_ADD(move, overlap_via_scratch) { .where = VDSO_ANYWHERE, .overlap = true };

FIXTURE_SETUP(move)
{
	reloc_setup(_metadata, &self->l, &self->a);
}

FIXTURE_TEARDOWN(move)
{
}

/* Moves the area to new_lo; a sealed area ends the test with its own result. */
static bool move_to(struct __test_metadata *_metadata, const struct vdso_area *a,
		    unsigned long new_lo, bool vdso_first)
{
	long r = vdso_area_move(a, new_lo, vdso_first);

	if (r && reloc_sealed_result(_metadata, a, r))
		return false;
	ASSERT_EQ(0, r) TH_LOG("moving the area %#lx-%#lx to %#lx", a->lo, a->hi, new_lo);
	return true;
}

/*
 * The pages right next to the vDSO area often hold other mappings, so the
 * adjacent cases first park the area in the middle of a free triple span.
 */
static bool make_room_around(struct __test_metadata *_metadata, struct vdso_area *a)
{
	unsigned long span = a->hi - a->lo;
	long room = vdso_area_reserve(a, VDSO_ANYWHERE, 3 * span);

	ASSERT_FALSE(raw_mmap_failed(room));
	if (!move_to(_metadata, a, room + span, false))
		return false;
	ASSERT_EQ(0, raw_munmap((void *)room, span));
	ASSERT_EQ(0, raw_munmap((void *)(room + 2 * span), span));
	ASSERT_EQ(0, vdso_area_read(a, a->page));
	return true;
}

/* An overlapping target: the scratch area first, then the final place (rr, DMTCP do this). */
static bool move_overlapping(struct __test_metadata *_metadata, struct vdso_area *a,
			     unsigned long *new_lo)
{
	unsigned long span = a->hi - a->lo, target;
	struct vdso_area mid;
	/* Reserved first, so that it cannot take the room freed around the area. */
	long scratch = vdso_area_reserve(a, VDSO_ANYWHERE, span);

	ASSERT_FALSE(raw_mmap_failed(scratch));
	if (!make_room_around(_metadata, a))
		return false;
	target = a->lo + a->page;
	if (!move_to(_metadata, a, scratch, false))
		return false;
	ASSERT_EQ(0, vdso_area_read(&mid, a->page));
	/* The old place is free now, so only the page above it must be. */
	ASSERT_FALSE(raw_mmap_failed(raw_mmap((void *)target, span, PROT_NONE,
					      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
					      -1, 0)))
		TH_LOG("the page above the vDSO area is taken");
	*new_lo = target;
	return move_to(_metadata, &mid, target, false);
}

TEST_F_TIMEOUT(move, together, 20)
{
	unsigned long span = self->a.hi - self->a.lo, new_lo;
	struct vdso_area moved;
	long r;

	if (variant->overlap) {
		if (!move_overlapping(_metadata, &self->a, &new_lo))
			return;
	} else {
		if ((variant->where == VDSO_ADJ_BELOW || variant->where == VDSO_ADJ_ABOVE) &&
		    !make_room_around(_metadata, &self->a))
			return;
		r = vdso_area_reserve(&self->a, variant->where, span);
		ASSERT_FALSE(raw_mmap_failed(r)) TH_LOG("no room for the target: %ld", r);
		new_lo = r;
		if (!move_to(_metadata, &self->a, new_lo, variant->vdso_first))
			return;
	}
	reloc_verify_moved(_metadata, &self->a, new_lo, self->l.ehdr);
	if (!variant->back)
		return;
	ASSERT_EQ(0, vdso_area_read(&moved, self->a.page));
	if (!move_to(_metadata, &moved, self->a.lo, !variant->vdso_first))
		return;
	reloc_verify_moved(_metadata, &self->a, self->a.lo, self->l.ehdr);
}

TEST_HARNESS_MAIN
