/* The one libc-free resolver for a loaded vDSO image at any base (hashes, versions, bounds). */
#include <stddef.h>
#include <linux/errno.h>
#include <arch/vdso_call.h>
#include "vdso.h"
#include "elfn.h"

/* Is [addr, addr + len) inside the image? Written to be immune to wrap-around. */
static int in_image(const struct vdso_image *img, unsigned long addr, unsigned long len)
{
	return addr >= img->base && len <= img->size && addr - img->base <= img->size - len;
}

static int check_ehdr(const elfn_ehdr *eh, unsigned long size)
{
	if (eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[EI_MAG1] != ELFMAG1 ||
	    eh->e_ident[EI_MAG2] != ELFMAG2 || eh->e_ident[EI_MAG3] != ELFMAG3)
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ARCH_VDSO_ELF_CLASS ||
	    eh->e_ident[EI_DATA] != ARCH_VDSO_ELF_DATA ||
	    eh->e_machine != ARCH_VDSO_ELF_MACHINE)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(elfn_phdr) || !eh->e_phnum)
		return -ENOEXEC;
	if (eh->e_phoff > size ||
	    (unsigned long)eh->e_phnum * sizeof(elfn_phdr) > size - eh->e_phoff)
		return -EFBIG;
	return 0;
}

/* Finds the load bias, the text segment and PT_DYNAMIC; returns the dynamic section or NULL. */
static const elfn_dyn *scan_phdrs(struct vdso_image *img, const elfn_ehdr *eh, int *err)
{
	const elfn_phdr *ph = (const elfn_phdr *)(img->base + eh->e_phoff);
	const elfn_phdr *dyn = NULL;
	int i, have_load = 0;

	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			img->load_bias = img->base + ph[i].p_offset - ph[i].p_vaddr;
			have_load = 1;
		}
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && have_load) {
			img->text_start = img->load_bias + ph[i].p_vaddr;
			img->text_end = img->text_start + ph[i].p_memsz;
		}
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = &ph[i];
	}
	*err = -ENOENT;
	if (!have_load || !dyn)
		return NULL;
	*err = -EFBIG;
	if (!in_image(img, img->load_bias + dyn->p_vaddr, dyn->p_memsz))
		return NULL;
	*err = 0;
	return (const elfn_dyn *)(img->load_bias + dyn->p_vaddr);
}

static unsigned long hash_entry(const struct vdso_image *img, unsigned long i)
{
	if (ARCH_VDSO_HASH_ENTSIZE == 8)
		return (unsigned long)((const uint64_t *)img->hash)[i];
	return ((const uint32_t *)img->hash)[i];
}

/* Number of symbols a GNU hash table covers: one past the last chain end (-1 if corrupt). */
static long gnu_hash_nsyms(const struct vdso_image *img, unsigned long avail)
{
	const uint32_t *h = img->gnu_hash;
	unsigned long nbuckets, symoffset, bloom, words, i, last = 0;
	const uint32_t *buckets, *chain;

	if (!in_image(img, (unsigned long)h, 16))
		return -1;
	nbuckets = h[0];
	symoffset = h[1];
	bloom = h[2];
	words = 4 + bloom * (sizeof(long) / 4);
	if (!in_image(img, (unsigned long)h, (words + nbuckets) * 4) || !nbuckets)
		return -1;
	buckets = h + words;
	chain = buckets + nbuckets;
	for (i = 0; i < nbuckets; i++)
		if (buckets[i] > last)
			last = buckets[i];
	if (!last)
		return (long)symoffset;
	if (last < symoffset)
		return -1;
	for (;;) {
		if (!in_image(img, (unsigned long)&chain[last - symoffset], 4) || last > avail)
			return -1;
		if (chain[last - symoffset] & 1)
			return (long)last + 1;
		last++;
	}
}

struct dyn_info {
	unsigned long strtab, symtab, strsz, syment, hash, gnu_hash, versym, verdef, verdefnum;
	unsigned long soname;
	int have_soname;
};

static int read_dynamic(const struct vdso_image *img, const elfn_dyn *d, struct dyn_info *di)
{
	for (; in_image(img, (unsigned long)d, sizeof(*d)); d++) {
		unsigned long v = (unsigned long)d->d_un.d_val;

		switch (d->d_tag) {
		case DT_NULL:
			return 0;
		case DT_STRTAB:
			di->strtab = v;
			break;
		case DT_SYMTAB:
			di->symtab = v;
			break;
		case DT_STRSZ:
			di->strsz = v;
			break;
		case DT_SYMENT:
			di->syment = v;
			break;
		case DT_HASH:
			di->hash = v;
			break;
		case DT_GNU_HASH:
			di->gnu_hash = v;
			break;
		case DT_VERSYM:
			di->versym = v;
			break;
		case DT_VERDEF:
			di->verdef = v;
			break;
		case DT_VERDEFNUM:
			di->verdefnum = v;
			break;
		case DT_SONAME:
			di->soname = v;
			di->have_soname = 1;
			break;
		}
	}
	return -EFBIG;		/* no DT_NULL before the end of the image */
}

static int open_tables(struct vdso_image *img, const struct dyn_info *di)
{
	unsigned long b = img->load_bias;
	long n;

	if (!di->strtab || !di->symtab || (!di->hash && !di->gnu_hash))
		return -ENOENT;
	if (di->syment && di->syment != sizeof(elfn_sym))
		return -ENOEXEC;
	img->strtab = (const char *)(b + di->strtab);
	img->strsz = di->strsz ? di->strsz : img->base + img->size - (unsigned long)img->strtab;
	if (!in_image(img, (unsigned long)img->strtab, img->strsz))
		return -EFBIG;
	img->symtab = (const void *)(b + di->symtab);
	if (di->hash) {
		img->hash = (const void *)(b + di->hash);
		if (!in_image(img, (unsigned long)img->hash, 2 * ARCH_VDSO_HASH_ENTSIZE))
			return -EFBIG;
		img->nsyms = hash_entry(img, 1);
		if (!in_image(img, (unsigned long)img->hash,
			      (2 + hash_entry(img, 0) + img->nsyms) * ARCH_VDSO_HASH_ENTSIZE))
			return -EFBIG;
	}
	if (di->gnu_hash) {
		img->gnu_hash = (const uint32_t *)(b + di->gnu_hash);
		n = gnu_hash_nsyms(img, img->size / sizeof(elfn_sym));
		if (n < 0)
			return -EFBIG;
		if (!di->hash)
			img->nsyms = (unsigned long)n;
	}
	if (!in_image(img, (unsigned long)img->symtab, img->nsyms * sizeof(elfn_sym)))
		return -EFBIG;
	if (di->versym && di->verdef) {
		img->versym = (const uint16_t *)(b + di->versym);
		img->verdef = (const void *)(b + di->verdef);
		img->verdefnum = di->verdefnum;
		if (!in_image(img, (unsigned long)img->versym, img->nsyms * 2) ||
		    !in_image(img, (unsigned long)img->verdef, sizeof(elfn_verdef)))
			return -EFBIG;
	}
	if (di->have_soname && di->soname < img->strsz)
		img->soname = img->strtab + di->soname;
	return 0;
}

int vdso_image_open(struct vdso_image *img, unsigned long base, unsigned long size)
{
	struct dyn_info di = { 0 };
	const elfn_dyn *dyn;
	int ret;

	vdso_memzero(img, sizeof(*img));
	if (!base || size < sizeof(elfn_ehdr) || base + size < base)
		return -EINVAL;
	img->base = base;
	img->size = size;
	ret = check_ehdr((const elfn_ehdr *)base, size);
	if (ret)
		return ret;
	img->elf_class = ((const elfn_ehdr *)base)->e_ident[EI_CLASS];
	img->elf_data = ((const elfn_ehdr *)base)->e_ident[EI_DATA];
	img->machine = ((const elfn_ehdr *)base)->e_machine;
	dyn = scan_phdrs(img, (const elfn_ehdr *)base, &ret);
	if (!dyn)
		return ret;
	ret = read_dynamic(img, dyn, &di);
	if (ret)
		return ret;
	ret = open_tables(img, &di);
	if (ret)
		vdso_memzero(img, sizeof(*img));
	return ret;
}

/* The symbol's name, or NULL if its string is not NUL-terminated inside the string table. */
static const char *sym_name(const struct vdso_image *img, const elfn_sym *s)
{
	unsigned long i;

	if (!s->st_name || s->st_name >= img->strsz)
		return NULL;
	for (i = s->st_name; i < img->strsz; i++)
		if (!img->strtab[i])
			return img->strtab + s->st_name;
	return NULL;
}

/* The Verdef name for a versym index, or NULL (base/global/local index, or no such Verdef). */
static const char *version_name(const struct vdso_image *img, unsigned int ndx,
				unsigned long *hash)
{
	unsigned long addr = (unsigned long)img->verdef;
	unsigned int guard;

	for (guard = 0; guard < 256 && in_image(img, addr, sizeof(elfn_verdef)); guard++) {
		const elfn_verdef *vd = (const elfn_verdef *)addr;

		if (!(vd->vd_flags & VER_FLG_BASE) && (vd->vd_ndx & 0x7fff) == ndx) {
			const elfn_verdaux *aux = (const elfn_verdaux *)(addr + vd->vd_aux);

			if (!in_image(img, (unsigned long)aux, sizeof(*aux)) ||
			    aux->vda_name >= img->strsz)
				return NULL;
			*hash = vd->vd_hash;
			return img->strtab + aux->vda_name;
		}
		if (!vd->vd_next)
			break;
		addr += vd->vd_next;
	}
	return NULL;
}

static const char *sym_version(const struct vdso_image *img, unsigned long i,
			       unsigned long *hash)
{
	if (!img->versym)
		return NULL;
	return version_name(img, img->versym[i] & 0x7fff, hash);
}

static int exported(const elfn_sym *s)
{
	unsigned int type = ELFN_ST_TYPE(s->st_info), bind = ELFN_ST_BIND(s->st_info);

	return s->st_shndx != SHN_UNDEF && (type == STT_FUNC || type == STT_NOTYPE) &&
	       (bind == STB_GLOBAL || bind == STB_WEAK);
}

static void fill_sym(const struct vdso_image *img, unsigned long i, struct vdso_sym *out)
{
	const elfn_sym *s = (const elfn_sym *)img->symtab + i;
	unsigned long h;

	out->name = sym_name(img, s);
	out->version = sym_version(img, i, &h);
	out->addr = (void *)(img->load_bias + s->st_value);
	out->offset = (unsigned long)out->addr - img->base;
	out->type = ELFN_ST_TYPE(s->st_info);
	out->bind = ELFN_ST_BIND(s->st_info);
}

/* Does symbol i match name and version (NULL = any; an image without versions matches any)? */
static int sym_matches(const struct vdso_image *img, unsigned long i, const char *version,
		       unsigned long vhash, const char *name)
{
	const elfn_sym *s = (const elfn_sym *)img->symtab + i;
	const char *n, *v;
	unsigned long h = 0;

	if (i >= img->nsyms || !exported(s))
		return 0;
	n = sym_name(img, s);
	if (!n || vdso_strcmp(n, name))
		return 0;
	if (!version || !img->versym)
		return 1;
	v = sym_version(img, i, &h);
	return v && h == vhash && !vdso_strcmp(v, version);
}

static unsigned long gnu_hash(const char *s)
{
	uint32_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static long lookup_gnu(const struct vdso_image *img, const char *version, unsigned long vhash,
		       const char *name)
{
	const uint32_t *h = img->gnu_hash;
	unsigned long nbuckets = h[0], symoffset = h[1], nbloom = h[2], shift = h[3];
	const unsigned long *bloom = (const unsigned long *)(h + 4);
	const uint32_t *buckets = h + 4 + nbloom * (sizeof(long) / 4);
	const uint32_t *chain = buckets + nbuckets;
	unsigned long hv = gnu_hash(name), bits = sizeof(long) * 8, word, mask, i;

	if (nbloom) {
		word = bloom[(hv / bits) % nbloom];
		mask = (1UL << (hv % bits)) | (1UL << ((hv >> shift) % bits));
		if ((word & mask) != mask)
			return -1;
	}
	for (i = buckets[hv % nbuckets]; i >= symoffset && i < img->nsyms; i++) {
		uint32_t ch = chain[i - symoffset];

		if ((ch | 1) == (hv | 1) && sym_matches(img, i, version, vhash, name))
			return (long)i;
		if (ch & 1)
			break;
	}
	return -1;
}

static long lookup_sysv(const struct vdso_image *img, const char *version, unsigned long vhash,
			const char *name)
{
	unsigned long nbucket = hash_entry(img, 0), nchain = hash_entry(img, 1);
	unsigned long i, guard;

	if (!nbucket)
		return -1;
	i = hash_entry(img, 2 + vdso_elf_hash(name) % nbucket);
	for (guard = 0; i && i < nchain && guard <= nchain; guard++) {
		if (sym_matches(img, i, version, vhash, name))
			return (long)i;
		i = hash_entry(img, 2 + nbucket + i);
	}
	return -1;
}

int vdso_image_lookup(const struct vdso_image *img, const char *version, const char *name,
		      struct vdso_sym *out)
{
	unsigned long vhash = version ? vdso_elf_hash(version) : 0;
	long i = -1;

	if (!img->symtab || !name)
		return -EINVAL;
	if (img->gnu_hash)
		i = lookup_gnu(img, version, vhash, name);
	else if (img->hash)
		i = lookup_sysv(img, version, vhash, name);
	if (i < 0)
		return -ENOENT;
	fill_sym(img, (unsigned long)i, out);
	return 0;
}

void *vdso_image_sym(const struct vdso_image *img, const char *version, const char *name)
{
	struct vdso_sym s;

	return vdso_image_lookup(img, version, name, &s) ? NULL : s.addr;
}

int vdso_image_for_each(const struct vdso_image *img,
			int (*cb)(const struct vdso_sym *sym, void *arg), void *arg)
{
	struct vdso_sym s;
	unsigned long i;
	int ret;

	for (i = 1; i < img->nsyms; i++) {
		const elfn_sym *es = (const elfn_sym *)img->symtab + i;

		if (!exported(es) || !sym_name(img, es))
			continue;
		fill_sym(img, i, &s);
		ret = cb(&s, arg);
		if (ret)
			return ret;
	}
	return 0;
}
