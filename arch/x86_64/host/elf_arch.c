/* x86_64 host-side ELF facts: loader relocations, linker names, vDSO exports. */
#include "elf_arch.h"

extern const char *const x86_64_reloc_names[43];
extern const unsigned int x86_64_tls_relocs[11];

/* The union of what compel (handle-elf.c) and kexec_file (x86 purgatory) apply. */
static const unsigned int pie_relocs[] = {
	0,	/* NONE */
	1,	/* 64 */
	2,	/* PC32 */
	4,	/* PLT32 */
	9,	/* GOTPCREL: compel builds its own GOT */
	10,	/* 32 */
	11,	/* 32S */
	41,	/* GOTPCRELX */
	42,	/* REX_GOTPCRELX (criu#397) */
};

static const char *const linker_syms[] = { "_GLOBAL_OFFSET_TABLE_", NULL };

static const char *const vdso_exports[] = {
	"__vdso_clock_gettime",
	"__vdso_gettimeofday",
	"__vdso_time",
	"__vdso_getcpu",
	NULL
};

static const struct elf_arch elf_arch_x86_64 = {
	.abi = "x86_64",
	.machine = 62,
	.reloc_names = x86_64_reloc_names,
	.nr_reloc_names = ELF_ARRAY_SIZE(x86_64_reloc_names),
	.pie_relocs = pie_relocs,
	.nr_pie_relocs = ELF_ARRAY_SIZE(pie_relocs),
	.tls_relocs = x86_64_tls_relocs,
	.nr_tls_relocs = ELF_ARRAY_SIZE(x86_64_tls_relocs),
	.linker_syms = linker_syms,
	.vdso_exports = vdso_exports,
};
ELF_ARCH_REGISTER(elf_arch_x86_64);
