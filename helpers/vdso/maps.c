/* The one /proc/<pid>/maps and smaps parser (raw syscalls only, usable after the vDSO moved). */
#include <sys/mman.h>
#include "rawsys.h"
#include "maps.h"
#include "lineread.h"

static void skip_spaces(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
}

static void skip_field(const char **s)
{
	while (**s && **s != ' ' && **s != '\t')
		(*s)++;
	skip_spaces(s);
}

/* "start-end perms offset dev inode   name"; returns 0 or -EPROTO for a line of another shape. */
static int parse_maps_line(const char *s, struct map_entry *e)
{
	const char *p = s;
	unsigned int i = 0;

	e->start = parse_hex(&p);
	if (*p++ != '-')
		return -EPROTO;
	e->end = parse_hex(&p);
	if (*p++ != ' ' || e->end < e->start)
		return -EPROTO;
	if (!p[0] || !p[1] || !p[2] || !p[3])
		return -EPROTO;
	e->prot = (p[0] == 'r' ? PROT_READ : 0) | (p[1] == 'w' ? PROT_WRITE : 0) |
		  (p[2] == 'x' ? PROT_EXEC : 0);
	e->shared = p[3] == 's';
	p += 4;
	skip_spaces(&p);
	e->offset = parse_hex(&p);
	skip_spaces(&p);
	skip_field(&p);		/* major:minor */
	e->inode = parse_dec(&p);
	skip_spaces(&p);
	while (*p && i + 1 < sizeof(e->name))
		e->name[i++] = *p++;
	e->name[i] = '\0';
	return 0;
}

int maps_scan(int pid, int (*cb)(const struct map_entry *e, void *arg), void *arg)
{
	struct line_reader r;
	struct map_entry e;
	char path[40], line[256];
	int ret;

	proc_path(path, sizeof(path), pid, "maps");
	ret = lr_open(&r, path);
	if (ret)
		return ret;
	while ((ret = lr_next(&r, line, sizeof(line))) > 0) {
		ret = parse_maps_line(line, &e);
		if (ret)
			break;
		ret = cb(&e, arg);
		if (ret)
			break;
	}
	lr_close(&r);
	return ret;
}

struct read_ctx {
	struct map_entry *out;
	int max, n;
};

static void copy_entry(struct map_entry *dst, const struct map_entry *src)
{
	unsigned int i;

	dst->start = src->start;
	dst->end = src->end;
	dst->offset = src->offset;
	dst->prot = src->prot;
	dst->shared = src->shared;
	dst->inode = src->inode;
	for (i = 0; i < sizeof(dst->name); i++) {
		dst->name[i] = src->name[i];
		if (!src->name[i])
			break;
	}
}

static int read_one(const struct map_entry *e, void *arg)
{
	struct read_ctx *c = arg;

	if (c->n >= c->max)
		return -ENOSPC;
	copy_entry(&c->out[c->n++], e);
	return 0;
}

int maps_read(int pid, struct map_entry *out, int max)
{
	struct read_ctx c = { .out = out, .max = max, .n = 0 };
	int ret = maps_scan(pid, read_one, &c);

	return ret < 0 ? ret : c.n;
}

static int name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int maps_find(const struct map_entry *m, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (name_eq(m[i].name, name))
			return i;
	return -1;
}

int maps_find_addr(const struct map_entry *m, int n, unsigned long addr)
{
	int i;

	for (i = 0; i < n; i++)
		if (addr >= m[i].start && addr < m[i].end)
			return i;
	return -1;
}

/* Is this smaps line a mapping header ("start-end perms ...")? Sets *start if so. */
static int smaps_header(const char *s, unsigned long *start)
{
	const char *p = s;

	*start = parse_hex(&p);
	return p != s && *p == '-';
}

static int has_flag(const char *flags, const char *flag)
{
	const char *p = flags;

	while (*p) {
		skip_spaces(&p);
		if (p[0] == flag[0] && p[1] == flag[1] && (p[2] == ' ' || p[2] == '\0'))
			return 1;
		skip_field(&p);
	}
	return 0;
}

int maps_sealed(int pid, unsigned long start)
{
	struct line_reader r;
	char path[40], line[256];
	unsigned long s;
	int ret, in_target = 0, found = 0, result = 0;

	proc_path(path, sizeof(path), pid, "smaps");
	ret = lr_open(&r, path);
	if (ret)
		return ret;
	while ((ret = lr_next(&r, line, sizeof(line))) > 0) {
		if (smaps_header(line, &s)) {
			if (in_target)
				break;
			in_target = s == start;
			found |= in_target;
		} else if (in_target && line[0] == 'V' && line[1] == 'm' &&
			   line[2] == 'F' && line[3] == 'l' && line[6] == 's' && line[7] == ':') {
			result = has_flag(line + 8, "sl");
		}
	}
	lr_close(&r);
	if (ret < 0)
		return ret;
	return found ? result : -ENOENT;
}
