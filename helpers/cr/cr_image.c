/* Reads and writes C/R image directories: a text manifest plus pages.img, vdso.img and regs.img. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cr_image.h"

int cr_fail(struct cr_result *res, enum cr_status st, const char *fmt, ...)
{
	va_list ap;

	res->status = st;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
	return st;
}

/* FNV-1a over 64-bit words (then the tail bytes): a megabyte costs well under a millisecond. */
uint64_t cr_csum(const void *buf, unsigned long len)
{
	const unsigned char *p = buf;
	uint64_t h = 0xcbf29ce484222325ULL, w;

	for (; len >= 8; len -= 8, p += 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
	}
	while (len--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

static void put_hex(FILE *f, const unsigned char *p, unsigned long len)
{
	while (len--)
		fprintf(f, "%02x", *p++);
}

static int write_blob(const char *dir, const char *name, const void *buf, unsigned long len,
		      struct cr_result *res)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f))
		return cr_fail(res, CR_E_SYS, "%s: cannot write: %s", path, strerror(errno));
	return 0;
}

static void write_manifest_body(FILE *f, const struct cr_image *img)
{
	const struct cr_mm *m = &img->mm;
	int i;

	fprintf(f, "cr-image %d\nabi %s\npid %d\npage_size %lx\n", CR_IMAGE_VERSION, img->abi,
		img->pid, img->page_size);
	for (i = 0; i < img->nr_vmas; i++) {
		const struct cr_vma *v = &img->vmas[i];

		fprintf(f, "vma %lx %lx %x %d %lx %llx\n", v->start, v->end, v->prot, v->has_data,
			v->data_off, (unsigned long long)v->csum);
	}
	if (img->vdso_size)
		fprintf(f, "vdso %lx %lx %llx\n", img->vdso_start, img->vdso_size,
			(unsigned long long)cr_csum(img->vdso, img->vdso_size));
	for (i = 0; i < img->nr_vvars; i++)
		fprintf(f, "vvar %lx %lx %s\n", img->vvars[i].start, img->vvars[i].end,
			img->vvars[i].name);
	if (img->has_rt)
		fprintf(f, "rt_vdso %lx %lx\n", img->rt_vdso.start, img->rt_vdso.end);
	for (i = 0; i < img->nr_rt_vvars; i++)
		fprintf(f, "rt_vvar %lx %lx %s\n", img->rt_vvars[i].start, img->rt_vvars[i].end,
			img->rt_vvars[i].name);
	fprintf(f, "auxv ");
	put_hex(f, img->auxv, img->auxv_len);
	fprintf(f, "\n");
	for (i = 0; i < img->nr_regsets; i++)
		fprintf(f, "regset %x %lx\n", img->regsets[i].type, img->regsets[i].len);
	for (i = 0; i < img->nr_sigs; i++) {
		fprintf(f, "sigaction %d ", img->sigs[i].sig);
		put_hex(f, img->sigs[i].raw, CR_KSIGACTION_SIZE);
		fprintf(f, "\n");
	}
	fprintf(f, "sigmask %llx\n", (unsigned long long)img->sigmask);
	if (img->in_timens)
		fprintf(f, "timens %lld %lld %lld %lld\n", img->timens_mono[0], img->timens_mono[1],
			img->timens_boot[0], img->timens_boot[1]);
	if (img->rseq.ptr)
		fprintf(f, "rseq %llx %x %x\n", (unsigned long long)img->rseq.ptr, img->rseq.size,
			img->rseq.sig);
	fprintf(f, "mm %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx\n", m->start_code, m->end_code,
		m->start_data, m->end_data, m->start_brk, m->brk, m->start_stack, m->arg_start,
		m->arg_end, m->env_start, m->env_end);
}

int cr_image_write_meta(const struct cr_image *img, const char *dir, struct cr_result *res)
{
	char path[512];
	unsigned long total = 0, off = 0;
	unsigned char *regs;
	FILE *f;
	int i, ret;

	if (img->vdso_size && write_blob(dir, "vdso.img", img->vdso, img->vdso_size, res))
		return res->status;
	for (i = 0; i < img->nr_regsets; i++)
		total += img->regsets[i].len;
	regs = malloc(total + 1);
	if (!regs)
		return cr_fail(res, CR_E_SYS, "out of memory");
	for (i = 0; i < img->nr_regsets; i++) {
		memcpy(regs + off, img->regsets[i].data, img->regsets[i].len);
		off += img->regsets[i].len;
	}
	ret = write_blob(dir, "regs.img", regs, total, res);
	free(regs);
	if (ret)
		return ret;
	/* The manifest goes last and ends with "end": a crash mid-dump leaves no valid image. */
	snprintf(path, sizeof(path), "%s/manifest", dir);
	f = fopen(path, "w");
	if (!f)
		return cr_fail(res, CR_E_SYS, "%s: cannot write: %s", path, strerror(errno));
	write_manifest_body(f, img);
	fprintf(f, "end\n");
	if (fclose(f))
		return cr_fail(res, CR_E_SYS, "%s: cannot write: %s", path, strerror(errno));
	return 0;
}

static int get_hex(const char *s, unsigned char *out, unsigned long max, unsigned long *len)
{
	unsigned long n = 0;
	unsigned int b;

	while (s[0] && s[0] != '\n') {
		if (n >= max || sscanf(s, "%2x", &b) != 1 || !s[1])
			return -1;
		out[n++] = b;
		s += 2;
	}
	*len = n;
	return 0;
}

static int parse_range(const char *arg, struct cr_range *r)
{
	r->name[0] = 0;
	return sscanf(arg, "%lx %lx %23s", &r->start, &r->end, r->name) >= 2 && r->start < r->end ?
	       0 : -1;
}

/* One manifest line into img; returns 1 at "end", 0 if parsed, -1 if malformed. */
static int parse_line(struct cr_image *img, const char *line)
{
	char key[16];
	const char *arg;
	unsigned long len;
	unsigned long long x;
	struct cr_mm *m = &img->mm;

	if (sscanf(line, "%15s", key) != 1)
		return -1;
	arg = line + strlen(key);
	while (*arg == ' ')
		arg++;
	if (!strcmp(key, "end"))
		return 1;
	if (!strcmp(key, "abi"))
		return sscanf(arg, "%15s", img->abi) == 1 ? 0 : -1;
	if (!strcmp(key, "pid"))
		return sscanf(arg, "%d", &img->pid) == 1 ? 0 : -1;
	if (!strcmp(key, "page_size"))
		return sscanf(arg, "%lx", &img->page_size) == 1 ? 0 : -1;
	if (!strcmp(key, "vma")) {
		struct cr_vma *v = &img->vmas[img->nr_vmas];
		int has;

		if (img->nr_vmas >= CR_MAX_VMAS ||
		    sscanf(arg, "%lx %lx %x %d %lx %llx", &v->start, &v->end, &v->prot, &has,
			   &v->data_off, &x) != 6 || v->start >= v->end)
			return -1;
		v->has_data = has;
		v->csum = x;
		img->nr_vmas++;
		return 0;
	}
	if (!strcmp(key, "vdso")) {
		if (sscanf(arg, "%lx %lx %llx", &img->vdso_start, &img->vdso_size, &x) != 3 ||
		    !img->vdso_size)
			return -1;
		img->vdso_csum = x;
		return 0;
	}
	if (!strcmp(key, "vvar"))
		return img->nr_vvars < CR_MAX_VVARS ?
		       parse_range(arg, &img->vvars[img->nr_vvars++]) : -1;
	if (!strcmp(key, "rt_vdso")) {
		img->has_rt = true;
		return parse_range(arg, &img->rt_vdso);
	}
	if (!strcmp(key, "rt_vvar"))
		return img->nr_rt_vvars < CR_MAX_VVARS ?
		       parse_range(arg, &img->rt_vvars[img->nr_rt_vvars++]) : -1;
	if (!strcmp(key, "auxv"))
		return get_hex(arg, img->auxv, sizeof(img->auxv), &img->auxv_len);
	if (!strcmp(key, "regset")) {
		struct cr_regset *r = &img->regsets[img->nr_regsets];

		if (img->nr_regsets >= CR_MAX_REGSETS ||
		    sscanf(arg, "%x %lx", &r->type, &r->len) != 2)
			return -1;
		img->nr_regsets++;
		return 0;
	}
	if (!strcmp(key, "sigaction")) {
		struct cr_sigaction *s = &img->sigs[img->nr_sigs];
		int n;

		if (img->nr_sigs >= CR_MAX_SIGS || sscanf(arg, "%d %n", &s->sig, &n) != 1 ||
		    s->sig < 1 || s->sig > 64 || get_hex(arg + n, s->raw, sizeof(s->raw), &len) ||
		    len != sizeof(s->raw))
			return -1;
		img->nr_sigs++;
		return 0;
	}
	if (!strcmp(key, "sigmask")) {
		if (sscanf(arg, "%llx", &x) != 1)
			return -1;
		img->sigmask = x;
		return 0;
	}
	if (!strcmp(key, "timens")) {
		img->in_timens = true;
		return sscanf(arg, "%lld %lld %lld %lld", &img->timens_mono[0],
			      &img->timens_mono[1], &img->timens_boot[0],
			      &img->timens_boot[1]) == 4 ? 0 : -1;
	}
	if (!strcmp(key, "rseq")) {
		if (sscanf(arg, "%llx %x %x", &x, &img->rseq.size, &img->rseq.sig) != 3 || !x)
			return -1;
		img->rseq.ptr = x;
		return 0;
	}
	if (!strcmp(key, "mm"))
		return sscanf(arg, "%lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx", &m->start_code,
			      &m->end_code, &m->start_data, &m->end_data, &m->start_brk, &m->brk,
			      &m->start_stack, &m->arg_start, &m->arg_end, &m->env_start,
			      &m->env_end) == 11 ? 0 : -1;
	return -1;
}

static int read_manifest(struct cr_image *img, const char *dir, struct cr_result *res)
{
	char path[512], line[4096];
	int lineno = 0, ver = 0, ret = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/manifest", dir);
	f = fopen(path, "r");
	if (!f)
		return cr_fail(res, CR_E_IMAGE, "%s: %s", path, strerror(errno));
	if (!fgets(line, sizeof(line), f) || sscanf(line, "cr-image %d", &ver) != 1) {
		fclose(f);
		return cr_fail(res, CR_E_IMAGE, "%s: not a cr image manifest", path);
	}
	if (ver != CR_IMAGE_VERSION) {
		fclose(f);
		return cr_fail(res, CR_E_IMAGE, "%s: image version %d, this engine reads %d", path,
			       ver, CR_IMAGE_VERSION);
	}
	lineno = 1;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		ret = strchr(line, '\n') ? parse_line(img, line) : -1;
		if (ret)
			break;
	}
	fclose(f);
	if (ret < 0)
		return cr_fail(res, CR_E_IMAGE, "%s:%d: malformed or cut-off line", path, lineno);
	if (ret == 0)
		return cr_fail(res, CR_E_IMAGE, "%s: truncated (no \"end\" line after line %d)",
			       path, lineno);
	if (strcmp(img->abi, VDSO_ABI))
		return cr_fail(res, CR_E_IMAGE, "%s: image is for ABI %s, this restorer is %s",
			       path, img->abi[0] ? img->abi : "(none)", VDSO_ABI);
	return 0;
}

/* Maps a whole file read-only; *len 0 and NULL for an empty file. */
static int map_file(const char *dir, const char *name, const unsigned char **p,
		    unsigned long *len, struct cr_result *res)
{
	char path[512];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return cr_fail(res, CR_E_IMAGE, "%s: %s", path, strerror(errno));
	}
	*len = st.st_size;
	*p = NULL;
	if (*len) {
		void *m = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);

		if (m == MAP_FAILED) {
			close(fd);
			return cr_fail(res, CR_E_IMAGE, "%s: mmap: %s", path, strerror(errno));
		}
		*p = m;
	}
	close(fd);
	return 0;
}

static int check_pages(struct cr_image *img, const char *dir, struct cr_result *res)
{
	int i;

	for (i = 0; i < img->nr_vmas; i++) {
		const struct cr_vma *v = &img->vmas[i];
		unsigned long len = v->end - v->start;

		if (!v->has_data)
			continue;
		if (v->data_off > img->pages_len || len > img->pages_len - v->data_off)
			return cr_fail(res, CR_E_IMAGE,
				       "%s/pages.img: missing pages of VMA %lx-%lx (needs %lu "
				       "bytes at %lu, file has %lu)", dir, v->start, v->end,
				       len, v->data_off, img->pages_len);
		if (cr_csum(img->pages + v->data_off, len) != v->csum)
			return cr_fail(res, CR_E_IMAGE,
				       "%s/pages.img: contents of VMA %lx-%lx fail their checksum",
				       dir, v->start, v->end);
	}
	return 0;
}

static int load_blobs(struct cr_image *img, const char *dir, struct cr_result *res)
{
	const unsigned char *p;
	unsigned long len, off = 0;
	int i;

	if (img->vdso_size) {
		if (map_file(dir, "vdso.img", &p, &len, res))
			return res->status;
		if (len != img->vdso_size || cr_csum(p, len) != img->vdso_csum) {
			if (p)
				munmap((void *)p, len);
			return cr_fail(res, CR_E_IMAGE, "%s/vdso.img: %lu bytes or checksum differ "
				       "from the manifest (%lu bytes)", dir, len, img->vdso_size);
		}
		img->vdso = (unsigned char *)p;
	}
	if (map_file(dir, "regs.img", &p, &len, res))
		return res->status;
	img->regs_map = p;
	img->regs_len = len;
	for (i = 0; i < img->nr_regsets; i++) {
		if (off + img->regsets[i].len > len)
			return cr_fail(res, CR_E_IMAGE, "%s/regs.img: truncated (%lu bytes)", dir,
				       len);
		img->regsets[i].data = (unsigned char *)p + off;
		off += img->regsets[i].len;
	}
	return 0;
}

int cr_image_load(struct cr_image *img, const char *dir, struct cr_result *res)
{
	memset(img, 0, sizeof(*img));
	if (read_manifest(img, dir, res))
		return res->status;
	if (!img->nr_vmas)
		return cr_fail(res, CR_E_IMAGE, "%s/manifest: no memory mappings", dir);
	if (!img->nr_regsets)
		return cr_fail(res, CR_E_IMAGE, "%s/manifest: no registers", dir);
	if (map_file(dir, "pages.img", &img->pages, &img->pages_len, res) ||
	    check_pages(img, dir, res) || load_blobs(img, dir, res))
		return res->status;
	return 0;
}

void cr_image_free(struct cr_image *img)
{
	if (img->pages)
		munmap((void *)img->pages, img->pages_len);
	if (img->regs_map)
		munmap((void *)img->regs_map, img->regs_len);
	if (img->vdso)
		munmap(img->vdso, img->vdso_size);
	img->pages = img->regs_map = img->vdso = NULL;
}
