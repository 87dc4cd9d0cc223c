/* ppc64le proxy jump: find our address with bcl, load the target, enter it with r12 = CTR. */
#include <errno.h>
#include <string.h>
#include "cr_arch.h"

/*
 * mflr r0; bcl 20,31,.+4; mflr r12; mtlr r0; ld r12,24(r12); mtctr r12;
 * bctr; nop; .quad target. r12 holds the target on entry, as an ELFv2
 * global entry point expects; r0, r12 and CTR are volatile across calls.
 */
const unsigned int arch_cr_jump_len = 40;

int arch_cr_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	static const unsigned int insn[8] = {
		0x7c0802a6, 0x429f0005, 0x7d8802a6, 0x7c0803a6,
		0xe98c0018, 0x7d8903a6, 0x4e800420, 0x60000000,
	};

	(void)at;
	memcpy(buf, insn, sizeof(insn));
	memcpy(buf + 32, &target, 8);
	return 40;
}

/* Smallest cache line of the 64-bit Book3S CPUs we run on; a smaller step only costs time. */
#define LINE	32UL

void arch_cr_flush_icache(void *start, unsigned long len)
{
	unsigned long a, s = (unsigned long)start & ~(LINE - 1), e = (unsigned long)start + len;

	for (a = s; a < e; a += LINE)
		__asm__ volatile("dcbst 0,%0" : : "r"(a) : "memory");
	__asm__ volatile("sync" : : : "memory");
	for (a = s; a < e; a += LINE)
		__asm__ volatile("icbi 0,%0" : : "r"(a) : "memory");
	__asm__ volatile("sync\n\tisync" : : : "memory");
}

/*
 * No short form: a relative branch would leave r12 at the old entry, and an
 * ELFv2 global entry point derives its TOC from r12.
 */
const unsigned int arch_cr_short_jump_len = 0;

int arch_cr_short_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	(void)buf;
	(void)at;
	(void)target;
	return -ERANGE;
}
