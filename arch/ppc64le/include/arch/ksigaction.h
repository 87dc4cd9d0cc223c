/* ppc64le: how signal handlers return, the per-ABI half of <ksigaction.h>. */
#ifndef ARCH_KSIGACTION_H
#define ARCH_KSIGACTION_H

/* 1: with SA_RESTORER clear the kernel returns through the vDSO's trampoline. */
#define ARCH_KSA_NULL_RESTORER_OK	1
#define ARCH_KSA_NULL_RESTORER_WHY \
	"ppc64 returns through the vDSO's __kernel_sigtramp_rt64"
/* 1: the kernel jumps to sa_restorer when SA_RESTORER is set. */
#define ARCH_KSA_RESTORER_HONOURED	0
#define ARCH_KSA_RESTORER_WHY \
	"handle_rt_signal64 ignores SA_RESTORER (a patch adding it never merged)"
/* A handler's return once the vDSO is unmapped: a SIGRET_* kind of selftests/relocation. */
#define ARCH_UNMAPPED_SIGRETURN		SIGRET_STACK_TRAMPOLINE
#define ARCH_UNMAPPED_SIGRETURN_WHY \
	"the vDSO close hook clears context.vdso, so the kernel writes a trampoline on the stack"
/* First kernel (major << 8 | minor) whose handlers return through the vDSO; 0: always. */
#define ARCH_SIGRET_VDSO_SINCE		0
#define ARCH_SIGRET_VDSO_SINCE_WHY \
	"ppc64 has used the vDSO trampoline whenever a vDSO is mapped"
/* 1: delivery starts in the trampoline, so an unusable trampoline stops even the handler. */
#define ARCH_TRAMPOLINE_CALLS_HANDLER	1
#define ARCH_TRAMPOLINE_CALLS_HANDLER_WHY \
	"the kernel enters the trampoline, which calls the handler (bctrl): since 5.9"

#endif
