/* Finding and moving the vDSO area ([vdso] and every [vvar*]) with raw syscalls only. */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include "harness.h"
#include "maps.h"
#include "rawsys.h"
#include "vdso.h"
#include "reloc.h"

#define NR_MAPS 512
static struct map_entry maps[NR_MAPS];

static bool is_vvar(const char *name)
{
	return name[0] == '[' && name[1] == 'v' && name[2] == 'v' && name[3] == 'a' &&
	       name[4] == 'r';
}

int reloc_area_now(struct reloc_area *a, unsigned long page)
{
	int n = maps_read(0, maps, NR_MAPS), i;

	if (n < 0)
		return n;
	a->n = 0;
	a->vdso = -1;
	a->page = page;
	for (i = 0; i < n; i++) {
		struct vdso_vma *v;
		bool vdso = !vdso_strcmp(maps[i].name, "[vdso]");

		if (!vdso && !is_vvar(maps[i].name))
			continue;
		if (a->n == (int)(sizeof(a->vma) / sizeof(a->vma[0])))
			return -E2BIG;
		if (vdso)
			a->vdso = a->n;
		v = &a->vma[a->n++];
		v->start = maps[i].start;
		v->end = maps[i].end;
		snprintf(v->name, sizeof(v->name), "%s", maps[i].name);
		v->sealed = maps_sealed(0, v->start) == 1;
	}
	if (!a->n)
		return -ENOENT;
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

long reloc_reserve(const struct reloc_area *a, enum reloc_where where, unsigned long len)
{
	unsigned long step = 64 * a->page, addr;
	long r = -EEXIST;
	int i;

	switch (where) {
	case RELOC_ANYWHERE:
		return raw_mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	case RELOC_ADJ_BELOW:
		return a->lo >= len ? reserve_at(a->lo - len, len) : -ERANGE;
	case RELOC_ADJ_ABOVE:
		return reserve_at(a->hi, len);
	case RELOC_LOWER:
		for (i = 1; i <= 512 && raw_mmap_failed(r) && a->lo > len + i * step; i++)
			r = reserve_at(a->lo - len - i * step, len);
		return r;
	case RELOC_HIGHER:
		for (i = 1; i <= 512 && raw_mmap_failed(r); i++) {
			addr = a->hi + i * step;
			if (addr < a->hi)
				return -ERANGE;
			r = reserve_at(addr, len);
		}
		return r;
	}
	return -EINVAL;
}

long reloc_move_vma(const struct vdso_vma *v, unsigned long to)
{
	unsigned long len = v->end - v->start;
	long r = raw_mremap((void *)v->start, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)to);

	if (raw_mmap_failed(r))
		return r;
	return (unsigned long)r == to ? 0 : -EPROTO;
}

long reloc_move_area(const struct reloc_area *a, unsigned long new_lo, bool vdso_first)
{
	unsigned long new_hi = new_lo + (a->hi - a->lo);
	int order[sizeof(a->vma) / sizeof(a->vma[0])], m = 0, i;
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

		r = reloc_move_vma(v, new_lo + (v->start - a->lo));
		if (r)
			return r;
	}
	return 0;
}

bool reloc_setup(struct __test_metadata *_metadata, struct vdso_layout *l, struct reloc_area *a)
{
	int r = vdso_layout_read(l);

	if (r == -ENOENT)
		SKIP(return false, "no vDSO in this process (vdso=0 or CONFIG_VDSO=n)");
	ASSERT_EQ(0, r) TH_LOG("vdso_layout_read: %d", r);
	ASSERT_EQ(0, reloc_area_now(a, l->page_size));
	ASSERT_LE(0, a->vdso) TH_LOG("maps show [vvar] but no [vdso]");
	ASSERT_EQ(l->ehdr, a->vma[a->vdso].start);
	return true;
}

bool reloc_sealed_result(struct __test_metadata *_metadata, const struct reloc_area *a, long err)
{
	int i;

	for (i = 0; i < a->n; i++) {
		if (!a->vma[i].sealed)
			continue;
		ASSERT_EQ(-EPERM, err) TH_LOG("%s is sealed (VmFlags sl) yet mremap gave %ld",
					      a->vma[i].name, err);
		SKIP(return true, "SEALED: %s has VmFlags sl (CONFIG_MSEAL_SYSTEM_MAPPINGS): "
		     "mremap/munmap fail with EPERM as documented, nothing can move",
		     a->vma[i].name);
	}
	return false;
}
