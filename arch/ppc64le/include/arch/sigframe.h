/* ppc64le: the registers arch_sigframe_syscall checks across a signal, in bit order. */
#ifndef ARCH_SIGFRAME_H
#define ARCH_SIGFRAME_H

#define ARCH_SIGFRAME_REGS \
	"r14 r15 r16 r17 r18 r19 r20 r21 r22 r23 r24 r25 r26 r27 r28 r29 r30 r31 cr2-4"

#endif
