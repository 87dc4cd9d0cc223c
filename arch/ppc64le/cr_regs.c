/* ppc64le register sets, PC/SP and syscall injection (CR0.SO errors) for the C/R engine. */
#include <elf.h>
#include <asm/ptrace.h>
#include "cr_arch.h"

const struct arch_cr_regset arch_cr_regsets[] = {
	{ NT_PRFPREG, false, "fpregs" },
	{ NT_PPC_VMX, true, "vmx" },
	{ NT_PPC_VSX, true, "vsx" },
	{ NT_PRSTATUS, false, "gpr" },
};
const unsigned int arch_cr_nr_regsets = sizeof(arch_cr_regsets) / sizeof(arch_cr_regsets[0]);

/* sc; trap (little-endian words) */
const unsigned char arch_cr_syscall_insn[] = { 0x02, 0x00, 0x00, 0x44, 0x08, 0x00, 0xe0, 0x7f };
const unsigned int arch_cr_syscall_insn_len = sizeof(arch_cr_syscall_insn);

#define CR0_SO	0x10000000UL

unsigned long arch_cr_pc(const void *gpr)
{
	return ((const struct pt_regs *)gpr)->nip;
}

void arch_cr_set_pc(void *gpr, unsigned long pc)
{
	((struct pt_regs *)gpr)->nip = pc;
}

unsigned long arch_cr_sp(const void *gpr)
{
	return ((const struct pt_regs *)gpr)->gpr[1];
}

/* r3 is overwritten by the first argument, so no -ERESTART* value reaches the restart check. */
void arch_cr_set_syscall(void *gpr, unsigned long insn, long nr, const long a[6])
{
	struct pt_regs *r = gpr;
	int i;

	r->nip = insn;
	r->gpr[0] = nr;
	for (i = 0; i < 6; i++)
		r->gpr[3 + i] = a[i];
}

long arch_cr_syscall_result(const void *gpr)
{
	const struct pt_regs *r = gpr;

	return (r->ccr & CR0_SO) ? -(long)r->gpr[3] : (long)r->gpr[3];
}
