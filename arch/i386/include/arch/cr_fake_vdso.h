/* i386 exports of the fake vDSO the cr proxy tests launch with (same names, other offsets). */
#ifndef ARCH_CR_FAKE_VDSO_H
#define ARCH_CR_FAKE_VDSO_H

#include <asm/unistd.h>

#define CR_FAKE_SYSCALLS(X)						\
	X(__vdso_clock_gettime, __NR_clock_gettime)			\
	X(__vdso_gettimeofday, __NR_gettimeofday)			\
	X(__vdso_time, __NR_time)					\
	X(__vdso_clock_getres, __NR_clock_getres)			\
	X(__vdso_clock_gettime64, __NR_clock_gettime64)			\
	X(__vdso_getcpu, __NR_getcpu)

#define CR_FAKE_GETRANDOM(G)
#define CR_FAKE_ALIASES(A)
#define CR_FAKE_CONSTS(C)
#define CR_FAKE_BITMAPS(B)

/* glibc enters every syscall through AT_SYSINFO; int $0x80 needs no landing pad. */
#define CR_FAKE_ASM							\
	".text\n.globl __kernel_vsyscall\n.type __kernel_vsyscall,@function\n"	\
	".balign 64\n__kernel_vsyscall:\n\tint $0x80\n\tret\n"		\
	".size __kernel_vsyscall,.-__kernel_vsyscall\n"			\
	".globl __kernel_sigreturn\n.type __kernel_sigreturn,@function\n"	\
	".balign 64\n__kernel_sigreturn:\n\tpopl %eax\n\tmovl $119,%eax\n\tint $0x80\n"	\
	".size __kernel_sigreturn,.-__kernel_sigreturn\n"		\
	".globl __kernel_rt_sigreturn\n.type __kernel_rt_sigreturn,@function\n"	\
	".balign 64\n__kernel_rt_sigreturn:\n\tmovl $173,%eax\n\tint $0x80\n"	\
	".size __kernel_rt_sigreturn,.-__kernel_rt_sigreturn\n"

#endif
