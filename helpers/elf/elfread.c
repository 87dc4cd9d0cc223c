/* The one libelf reader: validates headers up front, then walks symbols and relocations. */
#include <errno.h>
#include <fcntl.h>
#include <ar.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfread.h"

struct func_range {
	unsigned int shndx;
	uint64_t start, end;
	const char *name;
};

struct elfr {
	char name[512];
	Elf *elf;
	size_t image_size;
	GElf_Ehdr ehdr;
	size_t shnum;
	size_t shstrndx;
	const struct elf_arch *arch;
	struct func_range *funcs;	/* sorted, built on first elfr_function_at() */
	size_t nr_funcs;
	int funcs_built;
	char abi_buf[16];
	char err[1024];
};

int elfr_fail(struct elfr *e, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(e->err, sizeof(e->err), "%s: %s", e->name, msg);
	return -1;
}

const char *elfr_error(const struct elfr *e) { return e->err; }
const char *elfr_name(const struct elfr *e) { return e->name; }
unsigned int elfr_type(const struct elfr *e) { return e->ehdr.e_type; }
unsigned int elfr_machine(const struct elfr *e) { return e->ehdr.e_machine; }
unsigned int elfr_class(const struct elfr *e) { return e->ehdr.e_ident[EI_CLASS]; }
unsigned int elfr_data(const struct elfr *e) { return e->ehdr.e_ident[EI_DATA]; }
const struct elf_arch *elfr_arch(const struct elfr *e) { return e->arch; }

const char *elfr_abi_name(struct elfr *e)
{
	if (e->arch)
		return e->arch->abi;
	snprintf(e->abi_buf, sizeof(e->abi_buf), "EM_%u", e->ehdr.e_machine);
	return e->abi_buf;
}

const char *elfr_reloc_name(const struct elfr *e, unsigned int type, char *buf, size_t len)
{
	const char *n = elf_arch_reloc_name(e->arch, type);

	if (n)
		return n;
	snprintf(buf, len, "type %u", type);
	return buf;
}

static int get_shdr(struct elfr *e, size_t idx, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(e->elf, idx);

	if (!scn || !gelf_getshdr(scn, sh))
		return elfr_fail(e, "corrupt section header %zu: %s", idx, elf_errmsg(-1));
	return 0;
}

const char *elfr_section_name(struct elfr *e, unsigned int shndx)
{
	GElf_Shdr sh;
	const char *n;

	if (shndx == 0 || shndx >= e->shnum || get_shdr(e, shndx, &sh))
		return NULL;
	n = elf_strptr(e->elf, e->shstrndx, sh.sh_name);
	return n ? n : "?";
}

static int range_ok(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int check_entsize(struct elfr *e, size_t idx, const GElf_Shdr *sh, Elf_Type t)
{
	size_t want = gelf_fsize(e->elf, t, 1, EV_CURRENT);

	if (sh->sh_entsize != want)
		return elfr_fail(e, "section %zu has entry size %llu, expected %zu", idx,
				 (unsigned long long)sh->sh_entsize, want);
	if (sh->sh_link >= e->shnum)
		return elfr_fail(e, "section %zu links to section %u of %zu", idx,
				 (unsigned int)sh->sh_link, e->shnum);
	return 0;
}

static int validate_section(struct elfr *e, size_t idx)
{
	GElf_Shdr sh;

	if (get_shdr(e, idx, &sh))
		return -1;
	if (sh.sh_type != SHT_NOBITS && idx && !range_ok(sh.sh_offset, sh.sh_size, e->image_size))
		return elfr_fail(e, "section %zu (offset %llu, size %llu) runs past the end of the "
				 "file (%zu bytes): truncated?", idx, (unsigned long long)sh.sh_offset,
				 (unsigned long long)sh.sh_size, e->image_size);
	switch (sh.sh_type) {
	case SHT_SYMTAB:
	case SHT_DYNSYM:
		return check_entsize(e, idx, &sh, ELF_T_SYM);
	case SHT_REL:
		return check_entsize(e, idx, &sh, ELF_T_REL);
	case SHT_RELA:
		return check_entsize(e, idx, &sh, ELF_T_RELA);
	}
	return 0;
}

/* Catch truncation before libelf quietly reports "no sections". */
static int check_tables(struct elfr *e)
{
	const GElf_Ehdr *h = &e->ehdr;
	uint64_t n;

	if (h->e_shoff) {
		if (h->e_shentsize != gelf_fsize(e->elf, ELF_T_SHDR, 1, EV_CURRENT))
			return elfr_fail(e, "corrupt ELF header: section header size %u",
					 h->e_shentsize);
		n = h->e_shnum ? h->e_shnum : 1;
		if (!range_ok(h->e_shoff, n * h->e_shentsize, e->image_size))
			return elfr_fail(e, "section header table (offset %llu, %llu entries) runs "
					 "past the end of the file (%zu bytes): truncated?",
					 (unsigned long long)h->e_shoff, (unsigned long long)n,
					 e->image_size);
	}
	if (h->e_phoff && h->e_phnum) {
		if (h->e_phentsize != gelf_fsize(e->elf, ELF_T_PHDR, 1, EV_CURRENT))
			return elfr_fail(e, "corrupt ELF header: program header size %u",
					 h->e_phentsize);
		n = h->e_phnum;
		if (!range_ok(h->e_phoff, n * h->e_phentsize, e->image_size))
			return elfr_fail(e, "program header table runs past the end of the file "
					 "(%zu bytes): truncated?", e->image_size);
	}
	return 0;
}

static int validate(struct elfr *e)
{
	size_t i, phnum;
	GElf_Phdr ph;

	if (!gelf_getehdr(e->elf, &e->ehdr))
		return elfr_fail(e, "corrupt ELF header: %s", elf_errmsg(-1));
	if (e->ehdr.e_ident[EI_CLASS] != ELFCLASS32 && e->ehdr.e_ident[EI_CLASS] != ELFCLASS64)
		return elfr_fail(e, "unknown ELF class %u", e->ehdr.e_ident[EI_CLASS]);
	if (e->ehdr.e_ident[EI_DATA] != ELFDATA2LSB && e->ehdr.e_ident[EI_DATA] != ELFDATA2MSB)
		return elfr_fail(e, "unknown ELF data encoding %u", e->ehdr.e_ident[EI_DATA]);
	if (e->ehdr.e_version != EV_CURRENT)
		return elfr_fail(e, "unknown ELF version %u", (unsigned int)e->ehdr.e_version);
	if (check_tables(e))
		return -1;
	if (elf_getshdrnum(e->elf, &e->shnum) || elf_getshdrstrndx(e->elf, &e->shstrndx))
		return elfr_fail(e, "corrupt section header table: %s", elf_errmsg(-1));
	if (e->shnum && e->shstrndx >= e->shnum)
		return elfr_fail(e, "section name table index %zu out of range", e->shstrndx);
	for (i = 0; i < e->shnum; i++)
		if (validate_section(e, i))
			return -1;
	if (elf_getphdrnum(e->elf, &phnum))
		return elfr_fail(e, "corrupt program header table: %s", elf_errmsg(-1));
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(e->elf, i, &ph))
			return elfr_fail(e, "corrupt program header %zu: %s", i, elf_errmsg(-1));
		if (!range_ok(ph.p_offset, ph.p_filesz, e->image_size))
			return elfr_fail(e, "segment %zu runs past the end of the file: truncated?", i);
	}
	if (!e->shnum && !phnum)
		return elfr_fail(e, "no section or program headers");
	e->arch = elf_arch_find(e->ehdr.e_machine);
	return 0;
}

static int visit_elf(Elf *elf, const char *name, size_t size, elfr_image_fn fn, void *arg,
		     char *err, size_t errlen)
{
	struct elfr e;
	int ret;

	memset(&e, 0, sizeof(e));
	snprintf(e.name, sizeof(e.name), "%s", name);
	e.elf = elf;
	e.image_size = size;
	ret = validate(&e);
	if (!ret)
		ret = fn(&e, arg);
	if (ret < 0)
		snprintf(err, errlen, "%s", e.err[0] ? e.err : "unknown error");
	free(e.funcs);
	return ret;
}

static int visit_archive(Elf *ar, const char *name, elfr_image_fn fn, void *arg, char *err,
			 size_t errlen)
{
	char mname[512];
	Elf_Arhdr *h;
	Elf *m;
	int ret = 0;
	size_t size;

	for (;;) {
		elf_errno();
		m = elf_begin(-1, ELF_C_READ_MMAP, ar);	/* elf_memory() parents use this */
		if (!m) {
			int eno = elf_errno();	/* NULL without an error is the end */

			if (eno) {
				snprintf(err, errlen, "%s: corrupt archive: %s", name, elf_errmsg(eno));
				ret = -1;
			}
			break;
		}
		h = elf_getarhdr(m);
		if (!h) {
			snprintf(err, errlen, "%s: corrupt archive member header: %s", name,
				 elf_errmsg(-1));
			ret = -1;
		} else if (h->ar_name[0] != '/') {	/* "/" and "//": symbol and name tables */
			snprintf(mname, sizeof(mname), "%s(%s)", name, h->ar_name);
			if (elf_kind(m) != ELF_K_ELF) {
				snprintf(err, errlen, "%s: archive member is not an ELF object", mname);
				ret = -1;
			} else {
				elf_rawfile(m, &size);
				ret = visit_elf(m, mname, size, fn, arg, err, errlen);
			}
		}
		if (ret || elf_next(m) == ELF_C_NULL) {
			elf_end(m);
			break;
		}
		elf_end(m);
	}
	return ret;
}

/* libelf says only "not ELF": say which part of the identification is wrong. */
static void bad_ident(const char *name, const unsigned char *b, size_t size, char *err,
		      size_t errlen)
{
	if (size < SELFMAG || memcmp(b, ELFMAG, SELFMAG))
		snprintf(err, errlen, "%s: not an ELF file or ar archive", name);
	else if (size < EI_NIDENT)
		snprintf(err, errlen, "%s: truncated ELF header (%zu bytes)", name, size);
	else
		snprintf(err, errlen, "%s: corrupt ELF identification (class %u, data encoding %u, "
			 "version %u)", name, b[EI_CLASS], b[EI_DATA], b[EI_VERSION]);
}

int elfr_open_memory(const char *name, const void *buf, size_t size, elfr_image_fn fn,
		     void *arg, char *err, size_t errlen)
{
	char *copy;
	Elf *elf;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		snprintf(err, errlen, "%s: libelf is too old", name);
		return -1;
	}
	/* libelf may convert in place; never let it touch the caller's (maybe live) bytes. */
	copy = malloc(size ? size : 1);
	if (!copy) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	memcpy(copy, buf, size);
	elf_errno();
	elf = elf_memory(copy, size);
	if (!elf) {
		snprintf(err, errlen, "%s: cannot read: %s", name, elf_errmsg(-1));
		free(copy);
		return -1;
	}
	switch (elf_kind(elf)) {
	case ELF_K_ELF:
		ret = visit_elf(elf, name, size, fn, arg, err, errlen);
		break;
	case ELF_K_AR:
		/* an archive with no members at all is valid and clean */
		ret = size > SARMAG ? visit_archive(elf, name, fn, arg, err, errlen) : 0;
		break;
	default:
		bad_ident(name, (const unsigned char *)copy, size, err, errlen);
		ret = -1;
	}
	elf_end(elf);
	free(copy);
	return ret;
}

int elfr_open_path(const char *path, elfr_image_fn fn, void *arg, char *err, size_t errlen)
{
	size_t size = 0, cap = 0;
	char *buf = NULL, *nbuf;
	ssize_t n;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* Read rather than mmap: works for pipes and /proc files and never sees the file change. */
	for (;;) {
		if (size == cap) {
			cap = cap ? cap * 2 : 65536;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				snprintf(err, errlen, "%s: out of memory", path);
				ret = -1;
				goto out;
			}
			buf = nbuf;
		}
		n = read(fd, buf + size, cap - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			ret = -1;
			goto out;
		}
		if (!n)
			break;
		size += n;
	}
	ret = elfr_open_memory(path, buf, size, fn, arg, err, errlen);
out:
	free(buf);
	close(fd);
	return ret;
}

/* Finds the first section of a type; 0 if there is none. */
static size_t find_section(struct elfr *e, unsigned int type, GElf_Shdr *sh)
{
	size_t i;

	for (i = 1; i < e->shnum; i++)
		if (!get_shdr(e, i, sh) && sh->sh_type == type)
			return i;
	return 0;
}

int elfr_has_symtab(struct elfr *e, int dynamic)
{
	GElf_Shdr sh;

	return find_section(e, dynamic ? SHT_DYNSYM : SHT_SYMTAB, &sh) != 0;
}

static Elf_Data *section_data(struct elfr *e, size_t idx)
{
	Elf_Data *d = elf_getdata(elf_getscn(e->elf, idx), NULL);

	if (!d)
		elfr_fail(e, "cannot read section %zu: %s", idx, elf_errmsg(-1));
	return d;
}

/* Name of version index ver from .gnu.version_d or _r, or NULL. */
static const char *version_name(struct elfr *e, unsigned int ver)
{
	GElf_Shdr sh;
	size_t idx, off;
	Elf_Data *d;
	unsigned int i, j;

	idx = find_section(e, SHT_GNU_verdef, &sh);
	if (idx && (d = elf_getdata(elf_getscn(e->elf, idx), NULL))) {
		GElf_Verdef vd;
		GElf_Verdaux va;

		for (i = 0, off = 0; i < sh.sh_info && gelf_getverdef(d, off, &vd); i++) {
			if (vd.vd_ndx == ver && gelf_getverdaux(d, off + vd.vd_aux, &va))
				return elf_strptr(e->elf, sh.sh_link, va.vda_name);
			if (!vd.vd_next)
				break;
			off += vd.vd_next;
		}
	}
	idx = find_section(e, SHT_GNU_verneed, &sh);
	if (idx && (d = elf_getdata(elf_getscn(e->elf, idx), NULL))) {
		GElf_Verneed vn;
		GElf_Vernaux va;
		size_t aoff;

		for (i = 0, off = 0; i < sh.sh_info && gelf_getverneed(d, off, &vn); i++) {
			aoff = off + vn.vn_aux;
			for (j = 0; j < vn.vn_cnt && gelf_getvernaux(d, aoff, &va); j++) {
				if ((va.vna_other & 0x7fff) == ver)
					return elf_strptr(e->elf, sh.sh_link, va.vna_name);
				if (!va.vna_next)
					break;
				aoff += va.vna_next;
			}
			if (!vn.vn_next)
				break;
			off += vn.vn_next;
		}
	}
	return NULL;
}

static void add_version(struct elfr *e, Elf_Data *versym, struct elfr_sym *s)
{
	GElf_Versym v;

	if (!versym || !gelf_getversym(versym, s->index, &v) || (v & 0x7fff) <= 1)
		return;
	s->version = version_name(e, v & 0x7fff);
	s->version_default = !(v & 0x8000) && s->shndx != SHN_UNDEF;
}

static int read_sym(struct elfr *e, size_t symidx, Elf_Data *d, Elf_Data *xd, unsigned int i,
		    struct elfr_sym *s)
{
	GElf_Shdr sh;
	GElf_Sym sym;
	Elf32_Word xndx = 0;
	const char *n;

	if (!gelf_getsymshndx(d, xd, i, &sym, &xndx))
		return elfr_fail(e, "cannot read symbol %u: %s", i, elf_errmsg(-1));
	if (get_shdr(e, symidx, &sh))
		return -1;
	memset(s, 0, sizeof(*s));
	n = elf_strptr(e->elf, sh.sh_link, sym.st_name);
	if (!n)
		return elfr_fail(e, "symbol %u has a bad name offset %u", i,
				 (unsigned int)sym.st_name);
	s->name = n;
	s->index = i;
	s->value = sym.st_value;
	s->size = sym.st_size;
	s->shndx = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
	s->type = GELF_ST_TYPE(sym.st_info);
	s->bind = GELF_ST_BIND(sym.st_info);
	s->visibility = GELF_ST_VISIBILITY(sym.st_other);
	return 0;
}

static Elf_Data *xindex_data(struct elfr *e, size_t symidx)
{
	GElf_Shdr sh;
	size_t i;

	for (i = 1; i < e->shnum; i++)
		if (!get_shdr(e, i, &sh) && sh.sh_type == SHT_SYMTAB_SHNDX && sh.sh_link == symidx)
			return elf_getdata(elf_getscn(e->elf, i), NULL);
	return NULL;
}

static int walk_symbols(struct elfr *e, size_t symidx, elfr_sym_fn fn, void *arg)
{
	Elf_Data *d, *xd, *versym = NULL;
	struct elfr_sym s;
	GElf_Shdr sh, vsh;
	size_t n, i;
	int ret;

	if (get_shdr(e, symidx, &sh) || !(d = section_data(e, symidx)))
		return -1;
	xd = xindex_data(e, symidx);
	if (sh.sh_type == SHT_DYNSYM) {
		i = find_section(e, SHT_GNU_versym, &vsh);
		if (i)
			versym = elf_getdata(elf_getscn(e->elf, i), NULL);
	}
	n = d->d_size / sh.sh_entsize;
	for (i = 1; i < n; i++) {
		if (read_sym(e, symidx, d, xd, i, &s))
			return -1;
		if (sh.sh_type == SHT_DYNSYM)
			add_version(e, versym, &s);
		ret = fn(e, &s, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int elfr_symbols(struct elfr *e, int dynamic, elfr_sym_fn fn, void *arg)
{
	GElf_Shdr sh;
	size_t idx = find_section(e, dynamic ? SHT_DYNSYM : SHT_SYMTAB, &sh);

	return idx ? walk_symbols(e, idx, fn, arg) : 0;
}

/* For linked images: the allocated section holding an address. */
static unsigned int section_of_addr(struct elfr *e, uint64_t addr)
{
	GElf_Shdr sh;
	size_t i;

	for (i = 1; i < e->shnum; i++)
		if (!get_shdr(e, i, &sh) && (sh.sh_flags & SHF_ALLOC) && addr >= sh.sh_addr &&
		    addr - sh.sh_addr < sh.sh_size)
			return i;
	return 0;
}

static int one_reloc(struct elfr *e, size_t symidx, Elf_Data *symd, Elf_Data *xd,
		     struct elfr_reloc *r, uint64_t r_info, elfr_reloc_fn fn, void *arg)
{
	size_t symi = GELF_R_SYM(r_info);	/* gelf widens ELF32 r_info to the 64-bit layout */
	struct elfr_sym s;
	GElf_Shdr sh;

	r->type = GELF_R_TYPE(r_info);
	r->sym = NULL;
	if (symi) {
		if (!symd || get_shdr(e, symidx, &sh))
			return elfr_fail(e, "%s names symbol %zu but links to no symbol table",
					 r->rel_section, symi);
		if (symi >= symd->d_size / sh.sh_entsize)
			return elfr_fail(e, "%s names symbol %zu beyond its symbol table",
					 r->rel_section, symi);
		if (read_sym(e, symidx, symd, xd, symi, &s))
			return -1;
		if (r->dynamic) {
			GElf_Shdr vsh;
			size_t vi = find_section(e, SHT_GNU_versym, &vsh);

			add_version(e, vi ? elf_getdata(elf_getscn(e->elf, vi), NULL) : NULL, &s);
		}
		r->sym = &s;
	}
	return fn(e, r, arg);
}

static int walk_relocs(struct elfr *e, size_t idx, const GElf_Shdr *sh, elfr_reloc_fn fn,
		       void *arg)
{
	Elf_Data *d, *symd = NULL, *xd = NULL;
	struct elfr_reloc r;
	GElf_Shdr lsh;
	size_t n, i;
	int ret, linked = e->ehdr.e_type != ET_REL;
	uint64_t info;

	if (!(d = section_data(e, idx)))
		return -1;
	memset(&r, 0, sizeof(r));
	r.rel_section = elfr_section_name(e, idx);
	if (sh->sh_link && !get_shdr(e, sh->sh_link, &lsh) &&
	    (lsh.sh_type == SHT_SYMTAB || lsh.sh_type == SHT_DYNSYM)) {
		symd = section_data(e, sh->sh_link);
		if (!symd)
			return -1;
		xd = xindex_data(e, sh->sh_link);
		r.dynamic = lsh.sh_type == SHT_DYNSYM;
	}
	n = d->d_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		if (sh->sh_type == SHT_RELA) {
			GElf_Rela ra;

			if (!gelf_getrela(d, i, &ra))
				return elfr_fail(e, "cannot read relocation %zu of %s", i,
						 r.rel_section);
			r.offset = ra.r_offset;
			r.addend = ra.r_addend;
			info = ra.r_info;
		} else {
			GElf_Rel rl;

			if (!gelf_getrel(d, i, &rl))
				return elfr_fail(e, "cannot read relocation %zu of %s", i,
						 r.rel_section);
			r.offset = rl.r_offset;
			r.addend = 0;
			info = rl.r_info;
		}
		if (linked) {
			r.shndx = section_of_addr(e, r.offset);
			if (r.shndx && !get_shdr(e, r.shndx, &lsh))
				r.offset -= lsh.sh_addr;
		} else {
			r.shndx = sh->sh_info < e->shnum ? sh->sh_info : 0;
		}
		r.section = r.shndx ? elfr_section_name(e, r.shndx) : NULL;
		r.section_flags = r.shndx && !get_shdr(e, r.shndx, &lsh) ? lsh.sh_flags : 0;
		ret = one_reloc(e, sh->sh_link, symd, xd, &r, info, fn, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int elfr_relocs(struct elfr *e, elfr_reloc_fn fn, void *arg)
{
	GElf_Shdr sh;
	size_t i;
	int ret;

	for (i = 1; i < e->shnum; i++) {
		if (get_shdr(e, i, &sh))
			return -1;
		if (sh.sh_type != SHT_REL && sh.sh_type != SHT_RELA)
			continue;
		ret = walk_relocs(e, i, &sh, fn, arg);
		if (ret)
			return ret;
	}
	return 0;
}

int elfr_segments(struct elfr *e, elfr_segment_fn fn, void *arg)
{
	struct elfr_segment s;
	size_t i, n;
	GElf_Phdr ph;
	int ret;

	if (elf_getphdrnum(e->elf, &n))
		return elfr_fail(e, "corrupt program header table: %s", elf_errmsg(-1));
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e->elf, i, &ph))
			return elfr_fail(e, "corrupt program header %zu", i);
		s.type = ph.p_type;
		s.flags = ph.p_flags;
		s.offset = ph.p_offset;
		s.vaddr = ph.p_vaddr;
		s.filesz = ph.p_filesz;
		s.memsz = ph.p_memsz;
		ret = fn(e, &s, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* .dynamic from its section, or from PT_DYNAMIC when the image has no section headers. */
static Elf_Data *dynamic_data(struct elfr *e)
{
	GElf_Shdr sh;
	GElf_Phdr ph;
	size_t i, n;

	i = find_section(e, SHT_DYNAMIC, &sh);
	if (i)
		return section_data(e, i);
	if (e->shnum || elf_getphdrnum(e->elf, &n))
		return NULL;
	for (i = 0; i < n; i++)
		if (gelf_getphdr(e->elf, i, &ph) && ph.p_type == PT_DYNAMIC)
			return elf_getdata_rawchunk(e->elf, ph.p_offset, ph.p_filesz, ELF_T_DYN);
	return NULL;
}

int elfr_dynamic(struct elfr *e, elfr_dyn_fn fn, void *arg)
{
	Elf_Data *d = dynamic_data(e);
	GElf_Dyn dyn;
	size_t i;
	int ret;

	if (e->err[0])
		return -1;
	for (i = 0; d && gelf_getdyn(d, i, &dyn); i++) {
		if (dyn.d_tag == DT_NULL)
			break;
		ret = fn(e, dyn.d_tag, dyn.d_un.d_val, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int collect_func(struct elfr *e, const struct elfr_sym *s, void *arg)
{
	struct func_range *f, *nf;
	size_t *cap = arg;

	if (s->type != STT_FUNC && s->type != STT_GNU_IFUNC)
		return 0;
	if (s->shndx == SHN_UNDEF || s->shndx >= SHN_LORESERVE || !*s->name)
		return 0;
	if (e->nr_funcs == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		nf = realloc(e->funcs, *cap * sizeof(*nf));
		if (!nf)
			return elfr_fail(e, "out of memory");
		e->funcs = nf;
	}
	f = &e->funcs[e->nr_funcs++];
	f->shndx = e->ehdr.e_type == ET_REL ? s->shndx : 0;
	f->start = s->value;
	f->end = s->value + (s->size ? s->size : 1);
	f->name = s->name;
	return 0;
}

static int cmp_func(const void *a, const void *b)
{
	const struct func_range *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

static void build_funcs(struct elfr *e)
{
	size_t cap = 0;
	char saved[sizeof(e->err)];

	e->funcs_built = 1;
	memcpy(saved, e->err, sizeof(saved));
	if (elfr_symbols(e, !elfr_has_symtab(e, 0), collect_func, &cap))
		e->nr_funcs = 0;	/* only a label is lost: keep the caller's verdict */
	memcpy(e->err, saved, sizeof(saved));
	if (e->nr_funcs)
		qsort(e->funcs, e->nr_funcs, sizeof(*e->funcs), cmp_func);
}

const char *elfr_function_at(struct elfr *e, unsigned int shndx, uint64_t offset)
{
	GElf_Shdr sh;
	uint64_t key = offset;
	const char *best = NULL;
	size_t i;

	if (!e->funcs_built)
		build_funcs(e);
	if (e->ehdr.e_type != ET_REL) {
		/* Linked images: functions are keyed by address. */
		if (shndx && !get_shdr(e, shndx, &sh))
			key = offset + sh.sh_addr;
		shndx = 0;
	}
	for (i = 0; i < e->nr_funcs && e->funcs[i].shndx <= shndx; i++) {
		if (e->funcs[i].shndx != shndx || e->funcs[i].start > key)
			continue;
		if (key < e->funcs[i].end)
			best = e->funcs[i].name;
	}
	return best;
}
