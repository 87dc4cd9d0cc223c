/* Finding and moving the vDSO area ([vdso] and every [vvar*]) with raw syscalls only. */
#include <sys/mman.h>
#include "rawsys.h"
#include "maps.h"
#include "vdso.h"
#include "vdso_move.h"

#define AREA_MAX	(int)(sizeof(((struct vdso_area *)0)->vma) / sizeof(struct vdso_vma))

static int area_one(const struct map_entry *e, void *arg)
{
	struct vdso_area *a = arg;
	struct vdso_vma *v;
	bool vdso = !vdso_strcmp(e->name, "[vdso]");

	if (!vdso && !vdso_starts_with(e->name, "[vvar"))
		return 0;
	if (a->n == AREA_MAX)
		return -E2BIG;
	if (vdso)
		a->vdso = a->n;
	v = &a->vma[a->n++];
	v->start = e->start;
	v->end = e->end;
	vdso_strlcpy(v->name, e->name, sizeof(v->name));
	return 0;
}

int vdso_area_read(struct vdso_area *a, unsigned long page)
{
	int r, i;

	a->n = 0;
	a->vdso = -1;
	a->page = page;
	r = maps_scan(0, area_one, a);
	if (r < 0)
		return r;
	if (!a->n)
		return -ENOENT;
	/* smaps is read once per VMA after the scan: the scan's reader is closed by then. */
	for (i = 0; i < a->n; i++)
		a->vma[i].sealed = maps_sealed(0, a->vma[i].start) == 1;
	a->lo = a->vma[0].start;
	a->hi = a->vma[a->n - 1].end;
	return 0;
}

/* PROT_NONE at exactly addr without replacing anything; -EEXIST if the range is taken. */
static long reserve_at(unsigned long addr, unsigned long len)
{
	long r = raw_mmap((void *)addr, len, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (raw_mmap_failed(r))
		return r;
	if ((unsigned long)r != addr) {
		/* Kernels before 4.17 treat the flag as a hint. */
		raw_munmap((void *)r, len);
		return -EEXIST;
	}
	return r;
}

/* Tries every 64th page below (dir < 0) or above the area until one range is free. */
static long reserve_near(const struct vdso_area *a, int dir, unsigned long len)
{
	unsigned long step = 64 * a->page, addr;
	long r = -EEXIST;
	int i;

	for (i = 1; i <= 512 && raw_mmap_failed(r); i++) {
		if (dir < 0) {
			if (a->lo <= len + i * step)
				break;
			addr = a->lo - len - i * step;
		} else {
			addr = a->hi + i * step;
			if (addr < a->hi)
				return -ERANGE;
		}
		r = reserve_at(addr, len);
	}
	return r;
}

long vdso_area_reserve(const struct vdso_area *a, enum vdso_where where, unsigned long len)
{
	switch (where) {
	case VDSO_ANYWHERE:
		return raw_mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case VDSO_ADJ_BELOW:
		return a->lo >= len ? reserve_at(a->lo - len, len) : -ERANGE;
	case VDSO_ADJ_ABOVE:
		return reserve_at(a->hi, len);
	case VDSO_LOWER:
		return reserve_near(a, -1, len);
	case VDSO_HIGHER:
		return reserve_near(a, 1, len);
	}
	return -EINVAL;
}

long vdso_vma_move(const struct vdso_vma *v, unsigned long to)
{
	unsigned long len = v->end - v->start;
	long r = raw_mremap((void *)v->start, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)to);

	if (raw_mmap_failed(r))
		return r;
	return (unsigned long)r == to ? 0 : -EPROTO;
}

long vdso_area_move(const struct vdso_area *a, unsigned long new_lo, bool vdso_first)
{
	unsigned long new_hi = new_lo + (a->hi - a->lo);
	int order[AREA_MAX], m = 0, i;
	long r;

	if (a->vdso < 0)
		return -ENOENT;
	if (new_lo < a->hi && a->lo < new_hi)
		return -EDEADLK;
	if (vdso_first)
		order[m++] = a->vdso;
	for (i = 0; i < a->n; i++)
		if (i != a->vdso)
			order[m++] = i;
	if (!vdso_first)
		order[m++] = a->vdso;
	for (i = 0; i < m; i++) {
		const struct vdso_vma *v = &a->vma[order[i]];

		r = vdso_vma_move(v, new_lo + (v->start - a->lo));
		if (r)
			return r;
	}
	return 0;
}

long vdso_area_move_anywhere(const struct vdso_area *a)
{
	long to = vdso_area_reserve(a, VDSO_ANYWHERE, a->hi - a->lo), r;

	if (raw_mmap_failed(to))
		return to;
	r = vdso_area_move(a, to, false);
	return r ? r : to;
}

const struct vdso_vma *vdso_area_sealed(const struct vdso_area *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		if (a->vma[i].sealed)
			return &a->vma[i];
	return NULL;
}
