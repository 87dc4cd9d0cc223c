/* aarch64: damage a saved context so the tests prove the register check can fail. */
#include <signal.h>
#include <sys/ucontext.h>
#include "sigframe.h"

/* Flips bits of x19 (bit 0 of ARCH_SIGFRAME_REGS) in the frame sigreturn will restore. */
void arch_sigframe_poison(void *ucontext)
{
	ucontext_t *uc = ucontext;

	uc->uc_mcontext.regs[19] ^= 0x10;
}
