/* x86_64 proxy jump: jmp *0(%rip) with the target inline, so no register is clobbered. */
#include <errno.h>
#include <string.h>
#include "cr_arch.h"

const unsigned int arch_cr_jump_len = 14;

int arch_cr_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	static const unsigned char jmp_rip[6] = { 0xff, 0x25, 0, 0, 0, 0 };

	(void)at;
	memcpy(buf, jmp_rip, sizeof(jmp_rip));
	memcpy(buf + 6, &target, 8);
	return 14;
}

/* x86 keeps instruction fetch coherent with stores in the same address space. */
void arch_cr_flush_icache(void *start, unsigned long len)
{
	(void)start;
	(void)len;
}

/* jmp rel32: five bytes for entries packed closer than the long form. */
const unsigned int arch_cr_short_jump_len = 5;

int arch_cr_short_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	long rel = (long)(target - (at + 5));
	int rel32 = (int)rel;

	if (rel != rel32)
		return -ERANGE;
	buf[0] = 0xe9;
	memcpy(buf + 1, &rel32, 4);
	return 5;
}
