/* s390x: how signal handlers return, the per-ABI half of <ksigaction.h>. */
#ifndef ARCH_KSIGACTION_H
#define ARCH_KSIGACTION_H

/* 1: with SA_RESTORER clear the kernel returns through the vDSO's trampoline. */
#define ARCH_KSA_NULL_RESTORER_OK	1
#define ARCH_KSA_NULL_RESTORER_WHY \
	"s390x (>= 5.14) returns through the vDSO's __kernel_rt_sigreturn"
/* 1: the kernel jumps to sa_restorer when SA_RESTORER is set. */
#define ARCH_KSA_RESTORER_HONOURED	1
#define ARCH_KSA_RESTORER_WHY \
	"setup_rt_frame uses sa_restorer when SA_RESTORER is set"
/* A handler's return once the vDSO is unmapped: a SIGRET_* kind of selftests/relocation. */
#define ARCH_UNMAPPED_SIGRETURN		SIGRET_FAULTS
#define ARCH_UNMAPPED_SIGRETURN_WHY \
	"since 5.14 there is no on-stack trampoline; context.vdso stays stale and the return faults"
/* First kernel (major << 8 | minor) whose handlers return through the vDSO; 0: always. */
#define ARCH_SIGRET_VDSO_SINCE		0x050e
#define ARCH_SIGRET_VDSO_SINCE_WHY \
	"before 5.14 s390 returned through code in the signal frame itself"
/* 1: delivery starts in the trampoline, so an unusable trampoline stops even the handler. */
#define ARCH_TRAMPOLINE_CALLS_HANDLER	0
#define ARCH_TRAMPOLINE_CALLS_HANDLER_WHY \
	"the kernel enters the handler directly; the trampoline is only its return address"

#endif
