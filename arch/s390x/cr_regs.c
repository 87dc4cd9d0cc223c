/* s390x register sets (access registers hold the TLS pointer), PC/SP and syscall injection. */
#include <elf.h>
#include <asm/ptrace.h>
#include "cr_arch.h"

const struct arch_cr_regset arch_cr_regsets[] = {
	{ NT_PRFPREG, false, "fpregs" },
	{ NT_S390_VXRS_LOW, true, "vxrs_low" },
	{ NT_S390_VXRS_HIGH, true, "vxrs_high" },
	{ NT_PRSTATUS, false, "gpr" },
};
const unsigned int arch_cr_nr_regsets = sizeof(arch_cr_regsets) / sizeof(arch_cr_regsets[0]);

/* svc 0 (number in r1); the 0x0001 breakpoint ptrace reports as SIGTRAP */
const unsigned char arch_cr_syscall_insn[] = { 0x0a, 0x00, 0x00, 0x01 };
const unsigned int arch_cr_syscall_insn_len = sizeof(arch_cr_syscall_insn);

unsigned long arch_cr_pc(const void *gpr)
{
	return ((const s390_regs *)gpr)->psw.addr;
}

void arch_cr_set_pc(void *gpr, unsigned long pc)
{
	((s390_regs *)gpr)->psw.addr = pc;
}

unsigned long arch_cr_sp(const void *gpr)
{
	return ((const s390_regs *)gpr)->gprs[15];
}

void arch_cr_set_syscall(void *gpr, unsigned long insn, long nr, const long a[6])
{
	s390_regs *r = gpr;
	int i;

	r->psw.addr = insn;
	r->gprs[1] = nr;
	for (i = 0; i < 6; i++)
		r->gprs[2 + i] = a[i];
	/* No restart of the interrupted call: orig_gpr2 is what a restart reloads. */
	r->orig_gpr2 = a[0];
}

long arch_cr_syscall_result(const void *gpr)
{
	return ((const s390_regs *)gpr)->gprs[2];
}
