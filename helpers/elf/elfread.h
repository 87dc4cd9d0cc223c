/* The project's one libelf reader: any ABI, either endianness, ELF32/64, objects and archives. */
#ifndef ELFREAD_H
#define ELFREAD_H

#include <stddef.h>
#include <stdint.h>

#include "elf_arch.h"

struct elfr;

struct elfr_sym {
	const char *name;
	const char *version;		/* dynamic symbols only, NULL if none */
	int version_default;		/* "@@" (default) rather than "@" */
	uint64_t value;
	uint64_t size;
	unsigned int index;
	unsigned int shndx;		/* SHN_XINDEX already resolved */
	unsigned int type;		/* STT_* */
	unsigned int bind;		/* STB_* */
	unsigned int visibility;	/* STV_* */
};

struct elfr_reloc {
	const char *rel_section;	/* ".rela.text" */
	const char *section;		/* section the relocation patches, NULL if none */
	unsigned int shndx;		/* its index, 0 if none */
	uint64_t section_flags;		/* its SHF_* (SHF_ALLOC: loaded, unlike debug info) */
	uint64_t offset;		/* within that section (or the address if none) */
	unsigned int type;
	int64_t addend;
	int dynamic;			/* against the dynamic symbol table */
	const struct elfr_sym *sym;	/* NULL for symbol index 0 */
};

struct elfr_segment {
	unsigned int type;		/* PT_* */
	unsigned int flags;		/* PF_* */
	uint64_t offset, vaddr, filesz, memsz;
};

typedef int (*elfr_image_fn)(struct elfr *e, void *arg);
typedef int (*elfr_sym_fn)(struct elfr *e, const struct elfr_sym *s, void *arg);
typedef int (*elfr_reloc_fn)(struct elfr *e, const struct elfr_reloc *r, void *arg);
typedef int (*elfr_segment_fn)(struct elfr *e, const struct elfr_segment *p, void *arg);
typedef int (*elfr_dyn_fn)(struct elfr *e, int64_t tag, uint64_t val, void *arg);

/*
 * Open a file (or a buffer) and call fn once per ELF image: the file itself, or each
 * member of an ar archive. Returns 0, fn's nonzero value, or -1 with a message naming
 * the file (and member) and the problem in err.
 */
int elfr_open_path(const char *path, elfr_image_fn fn, void *arg, char *err, size_t errlen);
int elfr_open_memory(const char *name, const void *buf, size_t size, elfr_image_fn fn,
		     void *arg, char *err, size_t errlen);

const char *elfr_name(const struct elfr *e);
unsigned int elfr_type(const struct elfr *e);		/* ET_* */
unsigned int elfr_machine(const struct elfr *e);
unsigned int elfr_class(const struct elfr *e);		/* ELFCLASS32/64 */
unsigned int elfr_data(const struct elfr *e);		/* ELFDATA2LSB/MSB */
const struct elf_arch *elfr_arch(const struct elfr *e);	/* NULL for other machines */
const char *elfr_abi_name(struct elfr *e);			/* "ppc64le", "s390x", "EM_42"... */
const char *elfr_reloc_name(const struct elfr *e, unsigned int type, char *buf, size_t len);

/* Iterators return 0, the callback's nonzero value, or -1 after elfr_fail(). */
int elfr_symbols(struct elfr *e, int dynamic, elfr_sym_fn fn, void *arg);
int elfr_has_symtab(struct elfr *e, int dynamic);
int elfr_relocs(struct elfr *e, elfr_reloc_fn fn, void *arg);
int elfr_segments(struct elfr *e, elfr_segment_fn fn, void *arg);
int elfr_dynamic(struct elfr *e, elfr_dyn_fn fn, void *arg);

/* The function containing a section offset (ET_REL) or address, or NULL. */
const char *elfr_function_at(struct elfr *e, unsigned int shndx, uint64_t offset);
const char *elfr_section_name(struct elfr *e, unsigned int shndx);

int elfr_fail(struct elfr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *elfr_error(const struct elfr *e);

#endif
