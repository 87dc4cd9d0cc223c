/* ppc64le host-side ELF facts: loader relocations, linker names, vDSO exports. */
#include "elf_arch.h"

extern const char *const ppc64_reloc_names[253];
extern const unsigned int ppc64_tls_relocs[46];

/* What compel (handle-elf.c) applies to a ppc64 parasite. */
static const unsigned int pie_relocs[] = {
	0,	/* NONE */
	1,	/* ADDR32 */
	10,	/* REL24 */
	26,	/* REL32 */
	38,	/* ADDR64 */
	44,	/* REL64 */
	48,	/* TOC16_LO */
	53,	/* TOC16_HA */
	64,	/* TOC16_LO_DS */
	250,	/* REL16_LO: TOC setup */
	252,	/* REL16_HA: TOC setup */
};

static const char *const linker_syms[] = { ".TOC.", NULL };

static const char *const vdso_exports[] = {
	"__kernel_clock_gettime",
	"__kernel_clock_getres",
	"__kernel_gettimeofday",
	"__kernel_get_syscall_map",
	"__kernel_get_tbfreq",
	"__kernel_sigtramp_rt64",
	"__kernel_sync_dicache",
	NULL
};

static const struct elf_arch elf_arch_ppc64 = {
	.abi = "ppc64le",
	.machine = 21,
	.reloc_names = ppc64_reloc_names,
	.nr_reloc_names = ELF_ARRAY_SIZE(ppc64_reloc_names),
	.pie_relocs = pie_relocs,
	.nr_pie_relocs = ELF_ARRAY_SIZE(pie_relocs),
	.tls_relocs = ppc64_tls_relocs,
	.nr_tls_relocs = ELF_ARRAY_SIZE(ppc64_tls_relocs),
	.linker_syms = linker_syms,
	.vdso_exports = vdso_exports,
};
ELF_ARCH_REGISTER(elf_arch_ppc64);
