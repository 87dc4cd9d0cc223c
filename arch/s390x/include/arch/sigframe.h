/* s390x: the registers arch_sigframe_syscall checks across a signal, in bit order. */
#ifndef ARCH_SIGFRAME_H
#define ARCH_SIGFRAME_H

#define ARCH_SIGFRAME_REGS \
	"r6 r7 r8 r9 r10 r11 r12 r13 f8 f9 f10 f11 f12 f13 f14 f15"

#endif
