/* x86_64: damage a saved context so the tests prove the register check can fail. */
#include <signal.h>
#include <sys/ucontext.h>
#include "sigframe.h"

/* Flips bits of rbx (bit 0 of ARCH_SIGFRAME_REGS) in the frame sigreturn will restore. */
void arch_sigframe_poison(void *ucontext)
{
	ucontext_t *uc = ucontext;

	uc->uc_mcontext.gregs[REG_RBX] ^= 0x10;
}
