/* aarch64 exports of the fake vDSO the cr proxy tests launch with (same names, other offsets). */
#ifndef ARCH_CR_FAKE_VDSO_H
#define ARCH_CR_FAKE_VDSO_H

#include <asm/unistd.h>

#define CR_FAKE_SYSCALLS(X)						\
	X(__kernel_clock_gettime, __NR_clock_gettime)			\
	X(__kernel_gettimeofday, __NR_gettimeofday)			\
	X(__kernel_clock_getres, __NR_clock_getres)

#define CR_FAKE_GETRANDOM(G)	G(__kernel_getrandom)
#define CR_FAKE_ALIASES(A)
#define CR_FAKE_CONSTS(C)
#define CR_FAKE_BITMAPS(B)

#define CR_FAKE_ASM							\
	".text\n.globl __kernel_rt_sigreturn\n.type __kernel_rt_sigreturn,%function\n"	\
	".balign 64\n__kernel_rt_sigreturn:\n\tmov x8, #139\n\tsvc #0\n"	\
	".size __kernel_rt_sigreturn,.-__kernel_rt_sigreturn\n"

#endif
