/* i386: the registers arch_sigframe_syscall checks across a signal, in bit order. */
#ifndef ARCH_SIGFRAME_H
#define ARCH_SIGFRAME_H

#define ARCH_SIGFRAME_REGS \
	"esi edi ebp ebx(arg0) ecx(arg1) edx(arg2)"

#endif
