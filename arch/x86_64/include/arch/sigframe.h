/* x86_64: the registers arch_sigframe_syscall checks across a signal, in bit order. */
#ifndef ARCH_SIGFRAME_H
#define ARCH_SIGFRAME_H

#define ARCH_SIGFRAME_REGS \
	"rbx rbp r12 r13 r14 r15 rsp"

#endif
