/* aarch64: how signal handlers return, the per-ABI half of <ksigaction.h>. */
#ifndef ARCH_KSIGACTION_H
#define ARCH_KSIGACTION_H

/* 1: with SA_RESTORER clear the kernel returns through the vDSO's trampoline. */
#define ARCH_KSA_NULL_RESTORER_OK	1
#define ARCH_KSA_NULL_RESTORER_WHY \
	"arm64 returns through the vDSO's __kernel_rt_sigreturn (glibc relies on it)"
/* 1: the kernel jumps to sa_restorer when SA_RESTORER is set. */
#define ARCH_KSA_RESTORER_HONOURED	1
#define ARCH_KSA_RESTORER_WHY \
	"setup_return uses sa_restorer when SA_RESTORER is set"
/* A handler's return once the vDSO is unmapped: a SIGRET_* kind of selftests/relocation. */
#define ARCH_UNMAPPED_SIGRETURN		SIGRET_FAULTS
#define ARCH_UNMAPPED_SIGRETURN_WHY \
	"context.vdso is left stale by munmap, so the return jumps into the hole and faults"
/* First kernel (major << 8 | minor) whose handlers return through the vDSO; 0: always. */
#define ARCH_SIGRET_VDSO_SINCE		0
#define ARCH_SIGRET_VDSO_SINCE_WHY \
	"arm64 has returned through the vDSO since its first release"
/* 1: delivery starts in the trampoline, so an unusable trampoline stops even the handler. */
#define ARCH_TRAMPOLINE_CALLS_HANDLER	0
#define ARCH_TRAMPOLINE_CALLS_HANDLER_WHY \
	"the kernel enters the handler directly; the trampoline is only its return address"

#endif
