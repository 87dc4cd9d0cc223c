/* The kernel's struct sigaction for raw rt_sigaction, and the SA_* flags the tests use. */
#ifndef KSIGACTION_H
#define KSIGACTION_H

/*
 * rt_sigaction(2) reads handler, flags, restorer, then a 64-bit mask on all
 * five ABIs: each defines SA_RESTORER, so the kernel's generic struct
 * sigaction (compat_sigaction for i386) has the restorer slot. The flag
 * values are asm-generic's, which x86, arm64, powerpc and s390 all share.
 * How a handler returns differs per ABI: <arch/ksigaction.h> says that.
 */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask[64 / (8 * sizeof(unsigned long))];
};

#define KSA_SIGINFO	0x00000004UL
#define KSA_ONSTACK	0x08000000UL
#define KSA_RESTART	0x10000000UL
#define KSA_NODEFER	0x40000000UL
#define KSA_RESTORER	0x04000000UL

#include <arch/ksigaction.h>

#endif
