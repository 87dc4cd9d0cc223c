/* aarch64 proxy jump (ldr x16, #8; br x16; .quad target) and I/D cache maintenance. */
#include <errno.h>
#include <string.h>
#include "cr_arch.h"

/* x16 (IP0) may be clobbered by any veneer, so callers never keep a value in it. */
const unsigned int arch_cr_jump_len = 16;

int arch_cr_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	static const unsigned int insn[2] = { 0x58000050, 0xd61f0200 };

	(void)at;
	memcpy(buf, insn, 8);
	memcpy(buf + 8, &target, 8);
	return 16;
}

/* Clean D to the point of unification, invalidate I, then synchronise the pipeline. */
void arch_cr_flush_icache(void *start, unsigned long len)
{
	unsigned long ctr, dline, iline, a, s = (unsigned long)start, e = s + len;

	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	dline = 4UL << ((ctr >> 16) & 0xf);
	iline = 4UL << (ctr & 0xf);
	for (a = s & ~(dline - 1); a < e; a += dline)
		__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb ish" : : : "memory");
	for (a = s & ~(iline - 1); a < e; a += iline)
		__asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb ish\n\tisb" : : : "memory");
}

/* b imm26: one instruction, +-128 MiB; the restorer places the runtime vDSO near the proxy. */
const unsigned int arch_cr_short_jump_len = 4;

int arch_cr_short_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	long rel = (long)(target - at);
	unsigned int insn;

	if ((rel & 3) || rel < -(1L << 27) || rel >= (1L << 27))
		return -ERANGE;
	insn = 0x14000000 | ((unsigned long)(rel >> 2) & 0x3ffffff);
	memcpy(buf, &insn, 4);
	return 4;
}
