/* aarch64 register sets (TPIDR_EL0 included), PC/SP and syscall injection for the C/R engine. */
#include <elf.h>
#include <asm/ptrace.h>
#include "cr_arch.h"

const struct arch_cr_regset arch_cr_regsets[] = {
	{ NT_PRFPREG, false, "fpsimd" },
	/* TPIDR_EL0, glibc's thread pointer, is not in the general registers. */
	{ NT_ARM_TLS, false, "tls" },
	{ NT_PRSTATUS, false, "gpr" },
};
const unsigned int arch_cr_nr_regsets = sizeof(arch_cr_regsets) / sizeof(arch_cr_regsets[0]);

/* svc #0; brk #0 (little-endian words) */
const unsigned char arch_cr_syscall_insn[] = { 0x01, 0x00, 0x00, 0xd4, 0x00, 0x00, 0x20, 0xd4 };
const unsigned int arch_cr_syscall_insn_len = sizeof(arch_cr_syscall_insn);

unsigned long arch_cr_pc(const void *gpr)
{
	return ((const struct user_pt_regs *)gpr)->pc;
}

void arch_cr_set_pc(void *gpr, unsigned long pc)
{
	((struct user_pt_regs *)gpr)->pc = pc;
}

unsigned long arch_cr_sp(const void *gpr)
{
	return ((const struct user_pt_regs *)gpr)->sp;
}

/*
 * The kernel decides on a restart from its own syscallno (NT_ARM_SYSTEM_CALL)
 * and x0; x0 is overwritten by the first argument here, so an -ERESTART*
 * value cannot survive into the injected call.
 */
void arch_cr_set_syscall(void *gpr, unsigned long insn, long nr, const long a[6])
{
	struct user_pt_regs *r = gpr;
	int i;

	r->pc = insn;
	r->regs[8] = nr;
	for (i = 0; i < 6; i++)
		r->regs[i] = a[i];
}

long arch_cr_syscall_result(const void *gpr)
{
	return ((const struct user_pt_regs *)gpr)->regs[0];
}
