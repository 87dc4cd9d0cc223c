/* vDSO discovery: AT_SYSINFO_EHDR (/proc/self/auxv) checked against [vdso]/[vvar*] in maps. */
#include <elf.h>
#include <fcntl.h>
#include "rawsys.h"
#include "maps.h"
#include "vdso.h"

long vdso_auxv_get(unsigned long type, unsigned long *val)
{
	unsigned long pair[2 * 16];
	long fd, n, found = 0;
	unsigned long i;

	*val = 0;
	fd = raw_open("/proc/self/auxv", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	/* auxv entries are pairs of native words; reads of whole pairs keep them aligned. */
	while ((n = raw_read((int)fd, pair, sizeof(pair))) > 0 && !found) {
		for (i = 0; i + 1 < (unsigned long)n / sizeof(unsigned long); i += 2) {
			if (pair[i] == AT_NULL)
				break;
			if (pair[i] == type) {
				*val = pair[i + 1];
				found = 1;
				break;
			}
		}
	}
	raw_close((int)fd);
	return n < 0 ? n : found;
}

static void set_vma(struct vdso_vma *v, const struct map_entry *e)
{
	v->start = e->start;
	v->end = e->end;
	vdso_strlcpy(v->name, e->name, sizeof(v->name));
	v->sealed = false;
}

static int layout_one(const struct map_entry *e, void *arg)
{
	struct vdso_layout *l = arg;

	if (!vdso_strcmp(e->name, "[vdso]")) {
		set_vma(&l->vdso, e);
	} else if (vdso_starts_with(e->name, "[vvar")) {
		if (l->nr_vvar == (int)(sizeof(l->vvar) / sizeof(l->vvar[0])))
			return -E2BIG;
		set_vma(&l->vvar[l->nr_vvar++], e);
	}
	return 0;
}

static void layout_span(struct vdso_layout *l)
{
	int i;

	l->lo = l->vdso.start;
	l->hi = l->vdso.end;
	for (i = 0; i < l->nr_vvar; i++) {
		if (!l->lo || l->vvar[i].start < l->lo)
			l->lo = l->vvar[i].start;
		if (l->vvar[i].end > l->hi)
			l->hi = l->vvar[i].end;
	}
}

int vdso_layout_read(struct vdso_layout *l)
{
	unsigned long val;
	long ret;
	int i;

	vdso_memzero(l, sizeof(*l));
	ret = vdso_auxv_get(AT_PAGESZ, &val);
	if (ret < 0)
		return (int)ret;
	l->page_size = val;
	ret = vdso_auxv_get(AT_SYSINFO_EHDR, &l->ehdr);
	if (ret < 0)
		return (int)ret;
	ret = maps_scan(0, layout_one, l);
	if (ret < 0)
		return (int)ret;
	layout_span(l);
	if (l->vdso.end)
		l->vdso.sealed = maps_sealed(0, l->vdso.start) == 1;
	for (i = 0; i < l->nr_vvar; i++)
		l->vvar[i].sealed = maps_sealed(0, l->vvar[i].start) == 1;
	l->has_vdso = l->ehdr || l->vdso.end;
	if (!l->has_vdso)
		return -ENOENT;
	/* The ELF header is the first byte of [vdso]; anything else is a layout not understood. */
	if (l->ehdr != l->vdso.start)
		return -EPROTO;
	return 0;
}
