/* Finds the registered per-ABI ELF facts and answers questions about relocation types. */
#include <string.h>

#include "elf_arch.h"

extern const struct elf_arch *const __start_elf_arches[];
extern const struct elf_arch *const __stop_elf_arches[];

const struct elf_arch *elf_arch_find(unsigned int machine)
{
	const struct elf_arch *const *a;

	for (a = __start_elf_arches; a < __stop_elf_arches; a++)
		if ((*a)->machine == machine)
			return *a;
	return NULL;
}

const char *elf_arch_reloc_name(const struct elf_arch *arch, unsigned int type)
{
	if (!arch || type >= arch->nr_reloc_names)
		return NULL;
	return arch->reloc_names[type];
}

static int in_list(const unsigned int *list, size_t n, unsigned int type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == type)
			return 1;
	return 0;
}

int elf_arch_reloc_is_pie(const struct elf_arch *arch, unsigned int type)
{
	return arch && in_list(arch->pie_relocs, arch->nr_pie_relocs, type);
}

int elf_arch_reloc_is_tls(const struct elf_arch *arch, unsigned int type)
{
	return arch && in_list(arch->tls_relocs, arch->nr_tls_relocs, type);
}

int elf_arch_linker_sym(const struct elf_arch *arch, const char *name)
{
	const char *const *s;

	if (!arch)
		return 0;
	for (s = arch->linker_syms; *s; s++)
		if (!strcmp(*s, name))
			return 1;
	return 0;
}
