/* Finds free address ranges that neither the image nor the restoring process uses. */
#include <string.h>
#include "cr_plan.h"
#include "maps.h"

/* Keep clear of low memory (mmap_min_addr, a static binary's text). */
#define PLAN_FLOOR	0x1000000UL
/* Kernel-half mappings (x86_64 [vsyscall]) do not tell where user space ends. */
#define PLAN_USER_TOP	(sizeof(long) == 4 ? 0xffffffffUL : (unsigned long)-1 >> 1)

void cr_plan_add(struct cr_plan *p, unsigned long start, unsigned long end)
{
	if (p->n < CR_PLAN_MAX && start < end) {
		p->span[p->n].start = start;
		p->span[p->n].end = end;
		p->n++;
		/* Nothing is placed above the highest user mapping seen (the stack). */
		if (end <= PLAN_USER_TOP && end > p->ceil)
			p->ceil = end;
	}
}

void cr_plan_init(struct cr_plan *p, const struct cr_image *img, unsigned long page)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->page = page;
	for (i = 0; i < img->nr_vmas; i++)
		cr_plan_add(p, img->vmas[i].start, img->vmas[i].end);
	cr_plan_add(p, img->vdso_start, img->vdso_start + img->vdso_size);
	for (i = 0; i < img->nr_vvars; i++)
		cr_plan_add(p, img->vvars[i].start, img->vvars[i].end);
	p->nr_image = p->n;
	if (img->has_rt)
		cr_plan_add(p, img->rt_vdso.start, img->rt_vdso.end);
	for (i = 0; i < img->nr_rt_vvars; i++)
		cr_plan_add(p, img->rt_vvars[i].start, img->rt_vvars[i].end);
}

static int add_entry(const struct map_entry *e, void *arg)
{
	cr_plan_add(arg, e->start, e->end);
	return 0;
}

int cr_plan_add_self(struct cr_plan *p)
{
	return maps_scan(0, add_entry, p);
}

static bool overlaps(const struct cr_plan *p, int n, unsigned long start, unsigned long end)
{
	int i;

	for (i = 0; i < n; i++)
		if (start < p->span[i].end && p->span[i].start < end)
			return true;
	return false;
}

bool cr_plan_image_overlaps(const struct cr_plan *p, unsigned long start, unsigned long end)
{
	return overlaps(p, p->nr_image, start, end);
}

static bool fits(const struct cr_plan *p, unsigned long at, unsigned long len)
{
	return at >= PLAN_FLOOR && at + len > at && at + len <= p->ceil &&
	       !overlaps(p, p->n, at, at + len);
}

/* Candidates are the floor and the page just after or just before each taken range. */
unsigned long cr_plan_hole(const struct cr_plan *p, unsigned long len, bool high)
{
	unsigned long best = 0, at;
	int i;

	len = (len + p->page - 1) & ~(p->page - 1);
	if (fits(p, PLAN_FLOOR, len))
		best = PLAN_FLOOR;
	for (i = 0; i < p->n; i++) {
		at = (p->span[i].end + p->page - 1) & ~(p->page - 1);
		if (fits(p, at, len) && (!best || (high ? at > best : at < best)))
			best = at;
		at = (p->span[i].start & ~(p->page - 1)) - len;
		if (fits(p, at, len) && (!best || (high ? at > best : at < best)))
			best = at;
	}
	return best;
}

static unsigned long distance(unsigned long a, unsigned long b)
{
	return a > b ? a - b : b - a;
}

unsigned long cr_plan_hole_near(const struct cr_plan *p, unsigned long len, unsigned long near)
{
	unsigned long best = 0, at;
	int i, side;

	len = (len + p->page - 1) & ~(p->page - 1);
	for (i = 0; i < p->n; i++)
		for (side = 0; side < 2; side++) {
			at = side ? (p->span[i].end + p->page - 1) & ~(p->page - 1) :
			     (p->span[i].start & ~(p->page - 1)) - len;
			if (fits(p, at, len) && (!best || distance(at, near) < distance(best, near)))
				best = at;
		}
	return best ? best : cr_plan_hole(p, len, true);
}
