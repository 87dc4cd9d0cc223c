/* Checks that interrupted state survives a signal; implemented in arch/<abi>/sigframe.S. */
#ifndef SIGFRAME_H
#define SIGFRAME_H

#include <arch/sigframe.h>	/* ARCH_SIGFRAME_REGS: the registers this ABI checks */

/*
 * Loads a distinct pattern into every callee-saved register, makes syscall
 * nr(a0, a1, a2) directly from asm (so a signal taken on its return
 * interrupts exactly this state), then compares. Bit i of *clobbered is set
 * when register i of ARCH_SIGFRAME_REGS no longer holds its pattern.
 * Returns the syscall's result (-errno on failure).
 */
long arch_sigframe_syscall(long nr, long a0, long a1, long a2, unsigned long *clobbered);

/* A sa_restorer making the raw rt_sigreturn syscall: only for SA_SIGINFO handlers (rt frames). */
void arch_sigframe_restorer(void);

/* Damages the first register of ARCH_SIGFRAME_REGS in a SA_SIGINFO handler's ucontext. */
void arch_sigframe_poison(void *ucontext);

#endif
