/* s390x exports of the fake vDSO the cr proxy tests launch with (same names, other offsets). */
#ifndef ARCH_CR_FAKE_VDSO_H
#define ARCH_CR_FAKE_VDSO_H

#include <asm/unistd.h>

#define CR_FAKE_SYSCALLS(X)						\
	X(__kernel_clock_gettime, __NR_clock_gettime)			\
	X(__kernel_gettimeofday, __NR_gettimeofday)			\
	X(__kernel_clock_getres, __NR_clock_getres)			\
	X(__kernel_getcpu, __NR_getcpu)

#define CR_FAKE_GETRANDOM(G)	G(__kernel_getrandom)
#define CR_FAKE_ALIASES(A)
#define CR_FAKE_CONSTS(C)
#define CR_FAKE_BITMAPS(B)

/* svc with the number in the instruction: what the kernel's own trampolines do. */
#define CR_FAKE_ASM							\
	".text\n.globl __kernel_sigreturn\n.type __kernel_sigreturn,@function\n"	\
	".balign 64\n__kernel_sigreturn:\n\tsvc 119\n"			\
	".size __kernel_sigreturn,.-__kernel_sigreturn\n"		\
	".globl __kernel_rt_sigreturn\n.type __kernel_rt_sigreturn,@function\n"	\
	".balign 64\n__kernel_rt_sigreturn:\n\tsvc 173\n"		\
	".size __kernel_rt_sigreturn,.-__kernel_rt_sigreturn\n"		\
	".globl __kernel_restart_syscall\n.type __kernel_restart_syscall,@function\n"	\
	".balign 64\n__kernel_restart_syscall:\n\tsvc 7\n"		\
	".size __kernel_restart_syscall,.-__kernel_restart_syscall\n"

#endif
