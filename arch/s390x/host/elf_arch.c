/* s390x host-side ELF facts: loader relocations, linker names, vDSO exports. */
#include "elf_arch.h"

extern const char *const s390_reloc_names[62];
extern const unsigned int s390_tls_relocs[21];

/* What compel (handle-elf.c) applies to an s390x parasite. */
static const unsigned int pie_relocs[] = {
	0,	/* NONE */
	5,	/* PC32: .eh_frame, PC-relative like the others */
	19,	/* PC32DBL */
	20,	/* PLT32DBL */
	22,	/* 64 */
	23,	/* PC64 */
};

static const char *const linker_syms[] = { "_GLOBAL_OFFSET_TABLE_", NULL };

static const char *const vdso_exports[] = {
	"__kernel_gettimeofday",
	"__kernel_clock_gettime",
	"__kernel_clock_getres",
	NULL
};

static const struct elf_arch elf_arch_s390 = {
	.abi = "s390x",
	.machine = 22,
	.reloc_names = s390_reloc_names,
	.nr_reloc_names = ELF_ARRAY_SIZE(s390_reloc_names),
	.pie_relocs = pie_relocs,
	.nr_pie_relocs = ELF_ARRAY_SIZE(pie_relocs),
	.tls_relocs = s390_tls_relocs,
	.nr_tls_relocs = ELF_ARRAY_SIZE(s390_tls_relocs),
	.linker_syms = linker_syms,
	.vdso_exports = vdso_exports,
};
ELF_ARCH_REGISTER(elf_arch_s390);
