/* x86_64 register sets, PC/SP and syscall injection for the C/R engine. */
#include <elf.h>
#include <sys/user.h>
#include "cr_arch.h"

const struct arch_cr_regset arch_cr_regsets[] = {
	{ NT_PRFPREG, false, "fpregs" },
	/* XSAVE state after FXSAVE: the AVX halves live only here. */
	{ NT_X86_XSTATE, true, "xstate" },
	{ NT_PRSTATUS, false, "gpr" },
};
const unsigned int arch_cr_nr_regsets = sizeof(arch_cr_regsets) / sizeof(arch_cr_regsets[0]);

/* syscall; int3 */
const unsigned char arch_cr_syscall_insn[] = { 0x0f, 0x05, 0xcc };
const unsigned int arch_cr_syscall_insn_len = sizeof(arch_cr_syscall_insn);

unsigned long arch_cr_pc(const void *gpr)
{
	return ((const struct user_regs_struct *)gpr)->rip;
}

void arch_cr_set_pc(void *gpr, unsigned long pc)
{
	((struct user_regs_struct *)gpr)->rip = pc;
}

unsigned long arch_cr_sp(const void *gpr)
{
	return ((const struct user_regs_struct *)gpr)->rsp;
}

void arch_cr_set_syscall(void *gpr, unsigned long insn, long nr, const long a[6])
{
	struct user_regs_struct *r = gpr;

	r->rip = insn;
	r->rax = nr;
	/* orig_rax < 0: no restart of whatever syscall the task was stopped in. */
	r->orig_rax = -1;
	r->rdi = a[0];
	r->rsi = a[1];
	r->rdx = a[2];
	r->r10 = a[3];
	r->r8 = a[4];
	r->r9 = a[5];
}

long arch_cr_syscall_result(const void *gpr)
{
	return ((const struct user_regs_struct *)gpr)->rax;
}
