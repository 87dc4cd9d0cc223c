/* Raw syscalls the relocation and timens tests need beyond rawsys.h (process, signal, seccomp). */
#ifndef RELOC_RAW_EXTRA_H
#define RELOC_RAW_EXTRA_H

#include <linux/types.h>
#include "rawsys.h"

/*
 * fork() without libc: clone3 takes the same struct on every ABI, where
 * clone's argument order differs (s390x swaps stack and flags). Returns
 * 0 in the child, the pid in the parent, -errno.
 */
struct rx_clone_args {
	__aligned_u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

static inline long rx_fork(void)
{
	struct rx_clone_args ca = { .exit_signal = 17 /* SIGCHLD on all five ABIs */ };

	return arch_syscall6(__NR_clone3, (long)&ca, sizeof(ca), 0, 0, 0, 0);
}

/* Returns the pid reaped; *status as wait(2) gives it. */
static inline long rx_wait(long pid, int *status)
{
	return arch_syscall6(__NR_wait4, pid, (long)status, 0, 0, 0, 0);
}

static inline long rx_execve(const char *path, char *const argv[], char *const envp[])
{
	return arch_syscall6(__NR_execve, (long)path, (long)argv, (long)envp, 0, 0, 0);
}

static inline long rx_pipe(int fds[2])
{
	return arch_syscall6(__NR_pipe2, (long)fds, 0, 0, 0, 0, 0);
}

/* act is a struct ksigaction (<arch/ksigaction.h>); the kernel's sigset is 8 bytes. */
static inline long rx_sigaction(int sig, const void *act, void *old)
{
	return arch_syscall6(__NR_rt_sigaction, sig, (long)act, (long)old, 8, 0, 0);
}

static inline long rx_sigaltstack(const void *ss, void *old)
{
	return arch_syscall6(__NR_sigaltstack, (long)ss, (long)old, 0, 0, 0, 0);
}

static inline long rx_prctl(int op, unsigned long a, unsigned long b)
{
	return arch_syscall6(__NR_prctl, op, (long)a, (long)b, 0, 0, 0);
}

static inline long rx_seccomp(unsigned int op, unsigned int flags, const void *prog)
{
	return arch_syscall6(__NR_seccomp, op, flags, (long)prog, 0, 0, 0);
}

static inline long rx_sched_yield(void)
{
	return arch_syscall6(__NR_sched_yield, 0, 0, 0, 0, 0, 0);
}

/* wait(2) status decoding without libc macros' types in the way. */
#define RX_EXITED(s)	(((s) & 0x7f) == 0)
#define RX_EXITCODE(s)	(((s) >> 8) & 0xff)
#define RX_SIGNALED(s)	(((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define RX_TERMSIG(s)	((s) & 0x7f)

#endif
