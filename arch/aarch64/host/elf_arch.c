/* aarch64 host-side ELF facts: loader relocations, linker names, vDSO exports. */
#include "elf_arch.h"

extern const char *const aarch64_reloc_names[1033];
extern const unsigned int aarch64_tls_relocs[66];

/*
 * compel links aarch64 blobs fully at 0 and applies nothing at load time, so only the
 * PC-relative (and ADRP page-offset) forms a static link resolves are position independent.
 */
static const unsigned int pie_relocs[] = {
	0,	/* NONE */
	261,	/* PREL32 */
	262,	/* PREL16 */
	260,	/* PREL64 */
	273,	/* LD_PREL_LO19 */
	274,	/* ADR_PREL_LO21 */
	275,	/* ADR_PREL_PG_HI21 */
	277,	/* ADD_ABS_LO12_NC: page offset, position independent with ADRP */
	278,	/* LDST8_ABS_LO12_NC */
	279,	/* TSTBR14 */
	280,	/* CONDBR19 */
	282,	/* JUMP26 */
	283,	/* CALL26 */
	284,	/* LDST16_ABS_LO12_NC */
	285,	/* LDST32_ABS_LO12_NC */
	286,	/* LDST64_ABS_LO12_NC */
	299,	/* LDST128_ABS_LO12_NC */
};

static const char *const linker_syms[] = { "_GLOBAL_OFFSET_TABLE_", NULL };

static const char *const vdso_exports[] = {
	"__kernel_rt_sigreturn",
	"__kernel_gettimeofday",
	"__kernel_clock_gettime",
	"__kernel_clock_getres",
	NULL
};

static const struct elf_arch elf_arch_aarch64 = {
	.abi = "aarch64",
	.machine = 183,
	.reloc_names = aarch64_reloc_names,
	.nr_reloc_names = ELF_ARRAY_SIZE(aarch64_reloc_names),
	.pie_relocs = pie_relocs,
	.nr_pie_relocs = ELF_ARRAY_SIZE(pie_relocs),
	.tls_relocs = aarch64_tls_relocs,
	.nr_tls_relocs = ELF_ARRAY_SIZE(aarch64_tls_relocs),
	.linker_syms = linker_syms,
	.vdso_exports = vdso_exports,
};
ELF_ARCH_REGISTER(elf_arch_aarch64);
