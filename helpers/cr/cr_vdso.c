/* Decides between remapping and proxying the vDSO on restore, and builds the proxy. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arch/cr.h>
#include "cr_vdso.h"
#include "vdso.h"

struct sym_check {
	const struct vdso_image *other;
	char *why;
	unsigned long why_len;
};

static int sym_matches(const struct vdso_sym *s, void *arg)
{
	struct sym_check *c = arg;
	struct vdso_sym o;

	if (vdso_image_lookup(c->other, s->version, s->name, &o)) {
		snprintf(c->why, c->why_len, "runtime vDSO lacks %s", s->name);
		return 1;
	}
	if (o.offset != s->offset) {
		snprintf(c->why, c->why_len, "%s moved from +0x%lx to +0x%lx", s->name, s->offset,
			 o.offset);
		return 1;
	}
	return 0;
}

static unsigned int count_syms(const struct vdso_image *im)
{
	return im->nsyms;
}

bool cr_vdso_same(const struct cr_image *img, const void *rt, unsigned long rt_size,
		  unsigned long rt_start, const struct cr_range *rt_vvars, int nr_rt_vvars,
		  char *why, unsigned long why_len)
{
	struct vdso_image a, b;
	struct sym_check c = { &b, why, why_len };
	int i;

	if (img->vdso_size != rt_size) {
		snprintf(why, why_len, "size %lu vs runtime %lu", img->vdso_size, rt_size);
		return false;
	}
	if (img->nr_vvars != nr_rt_vvars) {
		snprintf(why, why_len, "%d vvar VMAs vs runtime %d", img->nr_vvars, nr_rt_vvars);
		return false;
	}
	for (i = 0; i < nr_rt_vvars; i++)
		if (img->vvars[i].start - img->vdso_start != rt_vvars[i].start - rt_start ||
		    img->vvars[i].end - img->vvars[i].start !=
		    rt_vvars[i].end - rt_vvars[i].start) {
			snprintf(why, why_len, "%s layout differs", rt_vvars[i].name);
			return false;
		}
	if (!memcmp(img->vdso, rt, rt_size))
		return true;
	if (vdso_image_open(&a, (unsigned long)img->vdso, img->vdso_size) ||
	    vdso_image_open(&b, (unsigned long)rt, rt_size)) {
		snprintf(why, why_len, "an image does not parse");
		return false;
	}
	if (count_syms(&a) != count_syms(&b)) {
		snprintf(why, why_len, "%lu symbols vs runtime %lu", a.nsyms, b.nsyms);
		return false;
	}
	return vdso_image_for_each(&a, sym_matches, &c) == 0;
}

struct entry {
	unsigned long offset;
	const char *name, *version;
	unsigned long target;	/* 0: no same-named export in the runtime image yet */
};

struct patch_ctx {
	const struct vdso_image *old, *rt;
	unsigned long rt_at;
	struct entry e[CR_PROXY_MAX_ENTRIES];
	unsigned int n;
	bool overflow;
};

/* One entry per distinct address; an alias resolving in the runtime image is enough. */
static int collect(const struct vdso_sym *s, void *arg)
{
	struct patch_ctx *p = arg;
	unsigned long at = (unsigned long)s->addr;
	struct vdso_sym r;
	unsigned int i;

	if (at < p->old->text_start || at >= p->old->text_end)
		return 0;
	for (i = 0; i < p->n && p->e[i].offset != s->offset; i++)
		;
	if (i == p->n) {
		if (p->n == CR_PROXY_MAX_ENTRIES) {
			p->overflow = true;
			return 1;
		}
		p->e[p->n++] = (struct entry){ s->offset, s->name, s->version, 0 };
	}
	if (!p->e[i].target && !vdso_image_lookup(p->rt, s->version, s->name, &r))
		p->e[i].target = p->rt_at + r.offset;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int check_room(struct patch_ctx *p, unsigned long base, struct cr_result *res)
{
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		unsigned long next = i + 1 < p->n ? p->e[i + 1].offset : p->old->text_end - base;

		if (!p->e[i].target)
			return cr_fail(res, CR_E_VDSO, "proxy: runtime vDSO has no %s@%s to "
				       "redirect the old entry at +0x%lx to", p->e[i].name,
				       p->e[i].version ? p->e[i].version : "(none)",
				       p->e[i].offset);
		if (next - p->e[i].offset < arch_cr_jump_len)
			return cr_fail(res, CR_E_VDSO, "proxy: %s at +0x%lx has %lu bytes before "
				       "the next entry, the %u-byte jump does not fit",
				       p->e[i].name, p->e[i].offset, next - p->e[i].offset,
				       arch_cr_jump_len);
	}
	return 0;
}

int cr_proxy_patch(unsigned char *buf, unsigned long size, unsigned long at, const void *rt,
		   unsigned long rt_size, unsigned long rt_at, struct cr_proxy_record *rec,
		   unsigned int *nr_patched, struct cr_result *res)
{
	struct vdso_image old, run;
	struct patch_ctx p = { &old, &run, rt_at };
	unsigned int i;
	int ret;

	if (vdso_image_open(&old, (unsigned long)buf, size))
		return cr_fail(res, CR_E_VDSO, "proxy: the checkpointed vDSO image does not parse");
	if (vdso_image_open(&run, (unsigned long)rt, rt_size))
		return cr_fail(res, CR_E_VDSO, "proxy: the runtime vDSO image does not parse");
	vdso_image_for_each(&old, collect, &p);
	if (p.overflow)
		return cr_fail(res, CR_E_VDSO, "proxy: more than %d exports", CR_PROXY_MAX_ENTRIES);
	qsort(p.e, p.n, sizeof(p.e[0]), cmp_entry);
	ret = check_room(&p, (unsigned long)buf, res);
	if (ret)
		return ret;
	memcpy(rec->magic, CR_PROXY_MAGIC, sizeof(CR_PROXY_MAGIC));
	rec->proxy_start = at;
	rec->proxy_size = size;
	rec->nr_entries = p.n;
	for (i = 0; i < p.n; i++) {
		unsigned char *e = buf + p.e[i].offset;
		int len;

		rec->entries[i].offset = p.e[i].offset;
		rec->entries[i].len = arch_cr_jump_len;
		memcpy(rec->entries[i].orig, e, arch_cr_jump_len);
		len = arch_cr_jump_write(e, at + p.e[i].offset, p.e[i].target);
		if (len < 0)
			return cr_fail(res, CR_E_VDSO, "proxy: %s: the jump cannot reach 0x%lx "
				       "from 0x%lx", p.e[i].name, p.e[i].target,
				       at + p.e[i].offset);
	}
	*nr_patched = p.n;
	return 0;
}

int cr_proxy_unpatch(unsigned char *buf, unsigned long size, const struct cr_proxy_record *rec)
{
	unsigned int i;

	if (rec->nr_entries > CR_PROXY_MAX_ENTRIES || rec->proxy_size != size)
		return -EINVAL;
	for (i = 0; i < rec->nr_entries; i++) {
		if (rec->entries[i].len > CR_PROXY_MAX_JUMP ||
		    rec->entries[i].offset + rec->entries[i].len > size)
			return -EINVAL;
		memcpy(buf + rec->entries[i].offset, rec->entries[i].orig, rec->entries[i].len);
	}
	return 0;
}
