/* ppc64le exports of the fake vDSO the cr proxy tests launch with (same names, other offsets). */
#ifndef ARCH_CR_FAKE_VDSO_H
#define ARCH_CR_FAKE_VDSO_H

#include <asm/unistd.h>

#define CR_FAKE_SYSCALLS(X)						\
	X(__kernel_clock_gettime, __NR_clock_gettime)			\
	X(__kernel_gettimeofday, __NR_gettimeofday)			\
	X(__kernel_clock_getres, __NR_clock_getres)			\
	X(__kernel_getcpu, __NR_getcpu)					\
	X(__kernel_time, __NR_time)

#define CR_FAKE_GETRANDOM(G)	G(__kernel_getrandom)
#define CR_FAKE_ALIASES(A)
/* C(symbol, value): no syscall behind these; the values only have to be plausible. */
#define CR_FAKE_CONSTS(C)						\
	C(__kernel_get_tbfreq, 512000000)				\
	C(__kernel_sync_dicache, 0)
/* B(symbol): returns a bitmap with every bit set (here: "every syscall is implemented"). */
#define CR_FAKE_BITMAPS(B)	B(__kernel_get_syscall_map)

#define CR_FAKE_ASM							\
	".text\n.globl __kernel_sigtramp_rt64\n.type __kernel_sigtramp_rt64,@function\n"	\
	".balign 64\n__kernel_sigtramp_rt64:\n\tli 0,172\n\tsc\n"	\
	".size __kernel_sigtramp_rt64,.-__kernel_sigtramp_rt64\n"

#endif
