/* i386: a syscall that checks the interrupted state survives a signal, and a raw restorer. */
#ifndef ARCH_SIGFRAME_H
#define ARCH_SIGFRAME_H

/*
 * Loads a distinct pattern into every callee-saved register, makes syscall
 * nr(a0, a1, a2) directly from asm (so a signal taken on its return
 * interrupts exactly this state), then compares. Bit i of *clobbered is set
 * when register i of ARCH_SIGFRAME_REGS no longer holds its pattern.
 * Returns the syscall's result (-errno on failure).
 */
long arch_sigframe_syscall(long nr, long a0, long a1, long a2, unsigned long *clobbered);

/* Names of the registers arch_sigframe_syscall checks, in bit order. */
#define ARCH_SIGFRAME_REGS \
	"esi edi ebp ebx(arg0) ecx(arg1) edx(arg2)"

/* A sa_restorer making the raw rt_sigreturn syscall: only for SA_SIGINFO handlers (rt frames). */
void arch_sigframe_restorer(void);

/* Damages the first register of ARCH_SIGFRAME_REGS in a SA_SIGINFO handler's ucontext. */
void arch_sigframe_poison(void *ucontext);

#endif
