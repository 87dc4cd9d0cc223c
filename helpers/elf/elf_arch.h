/* Host-side per-ABI ELF facts (arch/<abi>/host/), found by e_machine at run time. */
#ifndef ELF_ARCH_H
#define ELF_ARCH_H

#include <stddef.h>

struct elf_arch {
	const char *abi;			/* our ABI name, e.g. "ppc64le" */
	unsigned int machine;			/* e_machine */
	const char *const *reloc_names;		/* indexed by relocation type */
	size_t nr_reloc_names;
	/* Types a position-independent blob loader (compel, kexec) can apply. */
	const unsigned int *pie_relocs;
	size_t nr_pie_relocs;
	const unsigned int *tls_relocs;
	size_t nr_tls_relocs;
	/* Names the linker or loader defines, so an undefined use is fine. */
	const char *const *linker_syms;
	/* Exports every vDSO of this ABI has had for years (the vDSO policy). */
	const char *const *vdso_exports;
};

#define ELF_ARCH_SECTION "elf_arches"

/*
 * Each arch/<abi>/host/elf_arch.c registers its table in one linker section, so
 * generic code never lists ABIs and adding one is adding a folder.
 */
#define ELF_ARCH_REGISTER(var) \
	static const struct elf_arch *const var##_reg \
	__attribute__((used, section(ELF_ARCH_SECTION), aligned(sizeof(void *)))) = &var

#define ELF_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct elf_arch *elf_arch_find(unsigned int machine);
const char *elf_arch_reloc_name(const struct elf_arch *arch, unsigned int type);
int elf_arch_reloc_is_pie(const struct elf_arch *arch, unsigned int type);
int elf_arch_reloc_is_tls(const struct elf_arch *arch, unsigned int type);
int elf_arch_linker_sym(const struct elf_arch *arch, const char *name);

#endif
