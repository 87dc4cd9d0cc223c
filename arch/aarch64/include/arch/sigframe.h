/* aarch64: the registers arch_sigframe_syscall checks across a signal, in bit order. */
#ifndef ARCH_SIGFRAME_H
#define ARCH_SIGFRAME_H

#define ARCH_SIGFRAME_REGS \
	"x19 x20 x21 x22 x23 x24 x25 x26 x27 x28 d8 d9 d10 d11 d12 d13 d14 d15 sp"

#endif
