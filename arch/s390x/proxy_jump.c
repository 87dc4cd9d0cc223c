/* s390x proxy jump: larl/lg/br through %r1 with the target inline; I-fetch is coherent. */
#include <errno.h>
#include <string.h>
#include "cr_arch.h"

/* larl %r1,.+16; lg %r1,0(%r1); br %r1; bcr 0,0; .quad target (big-endian). */
const unsigned int arch_cr_jump_len = 24;

int arch_cr_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	static const unsigned char insn[16] = {
		0xc0, 0x10, 0x00, 0x00, 0x00, 0x08,
		0xe3, 0x10, 0x10, 0x00, 0x00, 0x04,
		0x07, 0xf1, 0x07, 0x00,
	};

	(void)at;
	memcpy(buf, insn, sizeof(insn));
	memcpy(buf + 16, &target, 8);
	return 24;
}

/* z/Architecture observes stores to instructions after a serialising branch. */
void arch_cr_flush_icache(void *start, unsigned long len)
{
	(void)start;
	(void)len;
	__asm__ volatile("bcr 15,0" : : : "memory");
}

/* brcl 15,rel32 (halfwords): six bytes, +-4 GiB, no register. */
const unsigned int arch_cr_short_jump_len = 6;

int arch_cr_short_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	long rel = (long)(target - at);
	int half = (int)(rel / 2);

	if ((rel & 1) || (long)half * 2 != rel)
		return -ERANGE;
	buf[0] = 0xc0;
	buf[1] = 0xf4;
	memcpy(buf + 2, &half, 4);
	return 6;
}
