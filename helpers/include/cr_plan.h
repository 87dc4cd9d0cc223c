/* Address-space planning for restore: which ranges are taken, and finding free ones. */
#ifndef CR_PLAN_H
#define CR_PLAN_H

#include <stdbool.h>
#include "cr_image.h"

#define CR_PLAN_MAX	(CR_MAX_VMAS * 2 + 32)

struct cr_plan {
	unsigned long page, ceil;	/* ceil: end of the highest user range seen */
	int n, nr_image;		/* the first nr_image spans are the image's own */
	struct {
		unsigned long start, end;
	} span[CR_PLAN_MAX];
};

/* Starts a plan with every range the image will occupy (VMAs, vDSO, vvar, previous runtime). */
void cr_plan_init(struct cr_plan *p, const struct cr_image *img, unsigned long page);
void cr_plan_add(struct cr_plan *p, unsigned long start, unsigned long end);
/* Adds this process's mappings (a forked stub starts with the same ones). */
int cr_plan_add_self(struct cr_plan *p);
bool cr_plan_image_overlaps(const struct cr_plan *p, unsigned long start, unsigned long end);
/* Lowest free page-aligned range of len bytes above the low 16 MiB; 0 if none. */
unsigned long cr_plan_hole(const struct cr_plan *p, unsigned long len, bool high);
/* The free range of len bytes closest to near; 0 if none. */
unsigned long cr_plan_hole_near(const struct cr_plan *p, unsigned long len, unsigned long near);

#endif
