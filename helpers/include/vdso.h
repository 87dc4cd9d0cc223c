/* The vDSO model: discovery (auxv + maps) and a libc-free resolver for an image at any base. */
#ifndef VDSO_H
#define VDSO_H

#include <elf.h>		/* STT_* and STB_* values in struct vdso_sym */
#include <stdbool.h>
#include <stdint.h>

/* ---- Discovery ---------------------------------------------------------------------------- */

struct vdso_vma {
	unsigned long start, end;
	char name[24];
	bool sealed;		/* smaps VmFlags "sl" (CONFIG_MSEAL_SYSTEM_MAPPINGS) */
};

struct vdso_layout {
	unsigned long ehdr;	/* AT_SYSINFO_EHDR, 0 if absent */
	unsigned long page_size;	/* AT_PAGESZ (64 KiB on Debian ppc64le) */
	bool has_vdso;
	struct vdso_vma vdso;	/* [vdso] */
	int nr_vvar;
	struct vdso_vma vvar[4];	/* every [vvar*] VMA, in address order */
	unsigned long lo, hi;	/* span of [vdso] and all [vvar*] VMAs */
};

/*
 * Fills l from /proc/self/auxv and /proc/self/maps (raw syscalls only).
 * Returns 0; -ENOENT if neither auxv nor maps shows a vDSO (vdso=0, no
 * CONFIG_VDSO: callers SKIP); -EPROTO if they disagree (a failure, not a
 * guess: auxv points elsewhere than [vdso], or only one of them has it);
 * -E2BIG if more than 4 [vvar*] VMAs exist; other -errno from /proc.
 * The kernel never rewrites the saved auxv, so once [vdso] has been moved
 * the result is -EPROTO with ehdr stale and every maps field current:
 * code that moved the vDSO on purpose reads l->vdso, not l->ehdr.
 */
int vdso_layout_read(struct vdso_layout *l);

/* Reads one auxv entry of this process from /proc/self/auxv; 0 if absent, -errno on error. */
long vdso_auxv_get(unsigned long type, unsigned long *val);

/* ---- Resolver ------------------------------------------------------------------------------- */

/*
 * A parsed, loaded vDSO image. Fields are readable by tests (e.g. to
 * check a hash table is present); callers never write them, except that a
 * test may clear gnu_hash or hash to force lookups through the other table.
 * No pointer here points outside [base, base + size).
 */
struct vdso_image {
	unsigned long base, size;	/* the ELF header, and how many bytes are readable */
	unsigned long load_bias;	/* runtime address = load_bias + link-time vaddr */
	unsigned char elf_class, elf_data;
	unsigned short machine;
	const void *symtab;		/* ElfN_Sym[nsyms] */
	unsigned long nsyms;
	const char *strtab;
	unsigned long strsz;
	const void *hash;		/* DT_HASH (ARCH_VDSO_HASH_ENTSIZE entries) or NULL */
	const uint32_t *gnu_hash;	/* DT_GNU_HASH or NULL */
	const uint16_t *versym;		/* DT_VERSYM or NULL */
	const void *verdef;		/* DT_VERDEF or NULL */
	unsigned long verdefnum;
	const char *soname;		/* DT_SONAME or NULL */
	unsigned long text_start, text_end;	/* the executable PT_LOAD, runtime addresses */
};

struct vdso_sym {
	const char *name, *version;	/* version NULL if the image has no version for it */
	unsigned long offset;		/* from the ELF header (base) */
	void *addr;			/* runtime address: base + offset */
	unsigned char type, bind;	/* STT_*, STB_* */
};

/*
 * Parses the image loaded at base, reading no byte outside [base, base +
 * size). Returns 0, or -ENOEXEC (not an ELF of this ABI's class, data and
 * machine), -EFBIG (a header, table or string runs past size), -ENOENT (no
 * PT_LOAD/PT_DYNAMIC/symbol table/hash table), -EINVAL (bad arguments).
 */
int vdso_image_open(struct vdso_image *img, unsigned long base, unsigned long size);

/* Runtime address of a defined GLOBAL/WEAK FUNC or NOTYPE symbol; version NULL = any. */
void *vdso_image_sym(const struct vdso_image *img, const char *version, const char *name);

/* Same lookup, filling *out; returns 0 or -ENOENT. */
int vdso_image_lookup(const struct vdso_image *img, const char *version, const char *name,
		      struct vdso_sym *out);

/*
 * Calls cb for every defined GLOBAL/WEAK FUNC or NOTYPE symbol in symbol
 * table order; stops at and returns the first nonzero cb result, else 0.
 */
int vdso_image_for_each(const struct vdso_image *img,
			int (*cb)(const struct vdso_sym *sym, void *arg), void *arg);

/* The SysV ELF hash (also the hash of version names in Verdef). */
unsigned long vdso_elf_hash(const char *name);

/* ---- Small libc-free string helpers the model uses (safe after the vDSO moved) -------------- */

int vdso_strcmp(const char *a, const char *b);
unsigned long vdso_strlen(const char *s);
int vdso_starts_with(const char *s, const char *prefix);
/* Copies at most len - 1 bytes of src and always terminates dst. */
void vdso_strlcpy(char *dst, const char *src, unsigned long len);
void vdso_memzero(void *dst, unsigned long len);

#endif
