/* What each ABI's vDSO must export (arch/<abi>/vdso_exports.c) and how to call into it. */
#ifndef VDSO_ABI_H
#define VDSO_ABI_H

#include <stdbool.h>
#include <arch/vdso_call.h>

/* What an export is for; tests pick their exerciser by this, never by symbol name. */
enum vdso_fn {
	VDSO_FN_CLOCK_GETTIME,		/* 64-bit ABIs: (clockid, __kernel_timespec *) */
	VDSO_FN_CLOCK_GETTIME64,	/* 32-bit ABIs: (clockid, __kernel_timespec *) */
	VDSO_FN_CLOCK_GETTIME32,	/* 32-bit: (clockid, __kernel_old_timespec *) */
	VDSO_FN_CLOCK_GETRES,		/* as clock_gettime, same timespec type */
	VDSO_FN_CLOCK_GETRES32,		/* 32-bit ABIs with a separate old-timespec getres */
	VDSO_FN_GETTIMEOFDAY,		/* (__kernel_old_timeval *, timezone *) */
	VDSO_FN_TIME,			/* long (long *) */
	VDSO_FN_GETCPU,			/* (unsigned *cpu, unsigned *node, void *) */
	VDSO_FN_GETRANDOM,		/* (buf, len, flags, state, state_len) */
	VDSO_FN_SIGRETURN,		/* trampoline: never called, entered by the kernel */
	VDSO_FN_RT_SIGRETURN,		/* trampoline: never called, entered by the kernel */
	VDSO_FN_RESTART_SYSCALL,	/* trampoline for -ERESTART_RESTARTBLOCK restarts (s390x) */
	VDSO_FN_VSYSCALL,		/* i386 __kernel_vsyscall: syscall nr in eax */
	VDSO_FN_GET_TBFREQ,		/* ppc: u64 (void), the timebase frequency */
	VDSO_FN_SYNC_DICACHE,		/* ppc: int (void *start, unsigned long len) */
	VDSO_FN_GET_SYSCALL_MAP,	/* ppc: u32 *(void), bitmap of syscalls */
	VDSO_FN_SGX_ENTER,		/* x86_64 __vdso_sgx_enter_enclave (CONFIG_X86_SGX) */
	VDSO_FN_NR
};

struct vdso_export {
	const char *name, *version;
	enum vdso_fn fn;
	unsigned short since_major, since_minor;	/* first kernel version that exports it */
	bool required;			/* present on every kernel >= since */
	const char *why;		/* one line: where it comes from / why optional */
};

/* Per-ABI data, arch/<abi>/vdso_exports.c. */
extern const struct vdso_export arch_vdso_exports[];
extern const unsigned int arch_vdso_nr_exports;
/* The version most exports carry, e.g. LINUX_2.6. */
extern const char arch_vdso_version[];
/* True if the kernel returns from a handler installed without SA_RESTORER through the vDSO. */
extern const bool arch_sigreturn_via_vdso;
/* Trampolines the kernel uses then ("" if none): without and with SA_SIGINFO. */
extern const char arch_vdso_sigtramp[];
extern const char arch_vdso_sigtramp_rt[];

/*
 * Calls a vDSO function with up to five word-sized arguments and returns
 * its result with failures as -errno on every ABI (ppc: CR0.SO set means r3
 * holds a positive errno, negated here; the call goes through CTR with
 * r12 = entry, as ELFv2 global entry points need). Functions returning
 * int leave the upper half of the register undefined on 64-bit ABIs:
 * use vdso_call_int() for those.
 */
long arch_vdso_call(const void *fn, long a0, long a1, long a2, long a3, long a4);

static inline int vdso_call_int(const void *fn, long a0, long a1, long a2, long a3, long a4)
{
	return (int)arch_vdso_call(fn, a0, a1, a2, a3, a4);
}

/*
 * Exercises an ABI-specific export (VSYSCALL, GET_TBFREQ, SYNC_DICACHE,
 * GET_SYSCALL_MAP, SGX_ENTER) against a raw-syscall or hardware reference.
 * Returns 0 if it behaved, 1 if not (msg says why), -EOPNOTSUPP if this
 * ABI has no exerciser for fn. arch/<abi>/vdso_call.c.
 */
int arch_vdso_exercise(enum vdso_fn fn, const void *addr, char *msg, unsigned long len);

/* Generic helpers over the table (helpers/vdso/exports.c). */
const char *vdso_fn_name(enum vdso_fn fn);
const struct vdso_export *vdso_export_find(const char *name);
/* First table entry for fn (the primary name, e.g. __vdso_clock_gettime), or NULL. */
const struct vdso_export *vdso_export_for(enum vdso_fn fn);
/* Is e expected on a kernel of this version (since <= running)? */
bool vdso_export_expected(const struct vdso_export *e, unsigned int major, unsigned int minor);

#endif
