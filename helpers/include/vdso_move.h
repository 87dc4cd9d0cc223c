/* Finding, reserving room for and moving the vDSO area ([vdso] and every [vvar*]); libc-free. */
#ifndef VDSO_MOVE_H
#define VDSO_MOVE_H

#include <stdbool.h>
#include "vdso.h"

/* [vdso] and every [vvar*] VMA, in address order, as /proc/self/maps shows them now. */
struct vdso_area {
	int n;
	int vdso;			/* index of [vdso] in vma[], -1 if unmapped */
	struct vdso_vma vma[6];
	unsigned long lo, hi;		/* span of all of them */
	unsigned long page;
};

/* Where a reservation goes, relative to the area. */
enum vdso_where {
	VDSO_ANYWHERE, VDSO_LOWER, VDSO_HIGHER, VDSO_ADJ_BELOW, VDSO_ADJ_ABOVE
};

/*
 * Reads the area from maps (raw syscalls only, so it works after a move).
 * page comes from the caller (AT_PAGESZ via vdso_layout_read). Returns 0 or
 * -errno; -ENOENT if neither [vdso] nor [vvar*] is mapped, -E2BIG if more
 * VMAs than vma[] holds.
 */
int vdso_area_read(struct vdso_area *a, unsigned long page);

/* Reserves (PROT_NONE) len bytes at a place chosen by where; returns the address or -errno. */
long vdso_area_reserve(const struct vdso_area *a, enum vdso_where where, unsigned long len);

/* Moves one VMA to to with MREMAP_FIXED; 0 or -errno (-EPROTO if it landed elsewhere). */
long vdso_vma_move(const struct vdso_vma *v, unsigned long to);

/*
 * Moves every VMA of a so the span starts at new_lo, keeping distances;
 * vdso_first chooses the order. Refuses (-EDEADLK, nothing moved) if the
 * new span overlaps the old one: a piece could land on another. -ENOENT
 * if the area has no [vdso].
 */
long vdso_area_move(const struct vdso_area *a, unsigned long new_lo, bool vdso_first);

/*
 * Moves the whole area, [vvar*] first, to a place the kernel picks. Returns
 * the new lo, or -errno (test it with raw_mmap_failed(): on 32-bit ABIs an
 * address can look negative).
 */
long vdso_area_move_anywhere(const struct vdso_area *a);

/* The first VMA of the area that is sealed (VmFlags sl), or NULL. */
const struct vdso_vma *vdso_area_sealed(const struct vdso_area *a);

#endif
