/* i386 register sets (TLS descriptors included), PC/SP and syscall injection for the C/R engine. */
#include <elf.h>
#include <sys/user.h>
#include "cr_arch.h"

const struct arch_cr_regset arch_cr_regsets[] = {
	{ NT_PRFPREG, false, "fpregs" },
	{ NT_PRXFPREG, true, "fxsave" },
	{ NT_X86_XSTATE, true, "xstate" },
	/* The GDT TLS slots %gs refers to: glibc's thread pointer. */
	{ NT_386_TLS, false, "tls" },
	{ NT_PRSTATUS, false, "gpr" },
};
const unsigned int arch_cr_nr_regsets = sizeof(arch_cr_regsets) / sizeof(arch_cr_regsets[0]);

/* int $0x80 (never sysenter: its return lands in the vDSO); int3 */
const unsigned char arch_cr_syscall_insn[] = { 0xcd, 0x80, 0xcc };
const unsigned int arch_cr_syscall_insn_len = sizeof(arch_cr_syscall_insn);

unsigned long arch_cr_pc(const void *gpr)
{
	return ((const struct user_regs_struct *)gpr)->eip;
}

void arch_cr_set_pc(void *gpr, unsigned long pc)
{
	((struct user_regs_struct *)gpr)->eip = pc;
}

unsigned long arch_cr_sp(const void *gpr)
{
	return ((const struct user_regs_struct *)gpr)->esp;
}

void arch_cr_set_syscall(void *gpr, unsigned long insn, long nr, const long a[6])
{
	struct user_regs_struct *r = gpr;

	r->eip = insn;
	r->eax = nr;
	r->orig_eax = -1;
	r->ebx = a[0];
	r->ecx = a[1];
	r->edx = a[2];
	r->esi = a[3];
	r->edi = a[4];
	r->ebp = a[5];
}

long arch_cr_syscall_result(const void *gpr)
{
	return ((const struct user_regs_struct *)gpr)->eax;
}
