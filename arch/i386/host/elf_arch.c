/* i386 host-side ELF facts: loader relocations, linker names, vDSO exports. */
#include "elf_arch.h"

extern const char *const i386_reloc_names[44];
extern const unsigned int i386_tls_relocs[23];

/*
 * What compel applies to a compat (-fno-pic) parasite, plus what -fpie code needs once
 * the loader takes the blob's own address as the GOT base: no GOT entries, only offsets.
 */
static const unsigned int pie_relocs[] = {
	0,	/* NONE */
	1,	/* 32 */
	2,	/* PC32 */
	4,	/* PLT32: to a function in the blob, PC-relative */
	9,	/* GOTOFF */
	10,	/* GOTPC */
};

static const char *const linker_syms[] = { "_GLOBAL_OFFSET_TABLE_", NULL };

static const char *const vdso_exports[] = {
	"__kernel_vsyscall",
	"__kernel_sigreturn",
	"__kernel_rt_sigreturn",
	"__vdso_clock_gettime",
	"__vdso_gettimeofday",
	"__vdso_time",
	NULL
};

static const struct elf_arch elf_arch_i386 = {
	.abi = "i386",
	.machine = 3,
	.reloc_names = i386_reloc_names,
	.nr_reloc_names = ELF_ARRAY_SIZE(i386_reloc_names),
	.pie_relocs = pie_relocs,
	.nr_pie_relocs = ELF_ARRAY_SIZE(pie_relocs),
	.tls_relocs = i386_tls_relocs,
	.nr_tls_relocs = ELF_ARRAY_SIZE(i386_tls_relocs),
	.linker_syms = linker_syms,
	.vdso_exports = vdso_exports,
};
ELF_ARCH_REGISTER(elf_arch_i386);
