/* Decides between remapping and proxying the vDSO on restore, and builds the proxy. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cr_arch.h"
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
	struct cr_result *res;
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

/* Bytes before the next entry (or the end of the text) of entry i. */
static unsigned long room_of(const struct patch_ctx *p, unsigned int i, unsigned long base)
{
	return (i + 1 < p->n ? p->e[i + 1].offset : p->old->text_end - base) - p->e[i].offset;
}

static int check_targets(struct patch_ctx *p)
{
	unsigned int i;

	for (i = 0; i < p->n; i++)
		if (!p->e[i].target)
			return cr_fail(p->res, CR_E_VDSO, "proxy: runtime vDSO has no %s@%s to "
				       "redirect the old entry at +0x%lx to", p->e[i].name,
				       p->e[i].version ? p->e[i].version : "(none)",
				       p->e[i].offset);
	return 0;
}

/*
 * The short PC-relative jump where it reaches (fewer bytes overwritten),
 * else the long one; an entry with room for neither is named.
 */
static int write_jump(struct patch_ctx *p, unsigned int i, unsigned char *buf, unsigned long at,
		      bool long_only, unsigned char *orig, unsigned int *len)
{
	unsigned long room = room_of(p, i, (unsigned long)buf), pc = at + p->e[i].offset;
	unsigned char jump[CR_PROXY_MAX_JUMP];
	int n = -ERANGE;

	if (!long_only && arch_cr_short_jump_len && room >= arch_cr_short_jump_len)
		n = arch_cr_short_jump_write(jump, pc, p->e[i].target);
	if (n < 0 && room >= arch_cr_jump_len)
		n = arch_cr_jump_write(jump, pc, p->e[i].target);
	if (n < 0)
		return cr_fail(p->res, CR_E_VDSO, "proxy: %s at +0x%lx has %lu bytes before the "
			       "next entry: the %u-byte jump does not fit and the %u-byte one "
			       "does not reach 0x%lx", p->e[i].name, p->e[i].offset, room,
			       arch_cr_jump_len, arch_cr_short_jump_len, p->e[i].target);
	memcpy(orig, buf + p->e[i].offset, n);
	memcpy(buf + p->e[i].offset, jump, n);
	*len = n;
	return 0;
}

int cr_proxy_patch(unsigned char *buf, unsigned long size, unsigned long at, const void *rt,
		   unsigned long rt_size, unsigned long rt_at, bool long_only,
		   struct cr_proxy_record *rec, unsigned int *nr_patched, struct cr_result *res)
{
	struct vdso_image old, run;
	struct patch_ctx p = { res, &old, &run, rt_at };
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
	ret = check_targets(&p);
	if (ret)
		return ret;
	memcpy(rec->magic, CR_PROXY_MAGIC, sizeof(CR_PROXY_MAGIC));
	rec->proxy_start = at;
	rec->proxy_size = size;
	rec->nr_entries = p.n;
	for (i = 0; i < p.n; i++) {
		rec->entries[i].offset = p.e[i].offset;
		ret = write_jump(&p, i, buf, at, long_only, rec->entries[i].orig,
				 &rec->entries[i].len);
		if (ret)
			return ret;
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
