/* i386 proxy jump: jmp rel32 reaches all of a 32-bit address space and clobbers nothing. */
#include <errno.h>
#include <string.h>
#include "cr_arch.h"

/* Five bytes fit even __kernel_vsyscall and the sigreturn trampolines. */
const unsigned int arch_cr_jump_len = 5;

int arch_cr_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	unsigned int rel = (unsigned int)(target - (at + 5));

	buf[0] = 0xe9;
	memcpy(buf + 1, &rel, 4);
	return 5;
}

void arch_cr_flush_icache(void *start, unsigned long len)
{
	(void)start;
	(void)len;
}

/* The long form already is the five-byte relative one. */
const unsigned int arch_cr_short_jump_len = 5;

int arch_cr_short_jump_write(unsigned char *buf, unsigned long at, unsigned long target)
{
	return arch_cr_jump_write(buf, at, target);
}
