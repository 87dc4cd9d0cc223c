/* Raw system call wrappers (-errno on failure) that never enter libc or the vDSO. */
#ifndef RAWSYS_H
#define RAWSYS_H

/*
 * Everything here is a static inline over arch_syscall6(), so it is safe
 * after the vDSO moved, on i386 (where glibc enters the kernel through
 * __kernel_vsyscall), and in freestanding code. Per-ABI numbers and
 * conventions come from <arch/rawsys.h>. Time types are the kernel's
 * UAPI types: the vDSO ABI is the kernel's, not libc's.
 */
#include <stddef.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/time_types.h>
#include "arch_syscall.h"
#include <arch/rawsys.h>


/* The kernel's struct timezone; a pointer is all these wrappers need. */
struct timezone;

#define RAW_AT_FDCWD	(-100)

static inline long raw_syscall0(long nr)
{
	return arch_syscall6(nr, 0, 0, 0, 0, 0, 0);
}

static inline long raw_write(int fd, const void *buf, unsigned long len)
{
	return arch_syscall6(__NR_write, fd, (long)buf, (long)len, 0, 0, 0);
}

static inline long raw_read(int fd, void *buf, unsigned long len)
{
	return arch_syscall6(__NR_read, fd, (long)buf, (long)len, 0, 0, 0);
}

static inline long raw_open(const char *path, int flags, int mode)
{
	return arch_syscall6(__NR_openat, RAW_AT_FDCWD, (long)path, flags, mode, 0, 0);
}

static inline long raw_close(int fd)
{
	return arch_syscall6(__NR_close, fd, 0, 0, 0, 0, 0);
}

static inline __attribute__((noreturn)) void raw_exit(int code)
{
	for (;;)
		arch_syscall6(__NR_exit_group, code, 0, 0, 0, 0, 0);
}

static inline long raw_getpid(void)
{
	return raw_syscall0(__NR_getpid);
}

static inline long raw_gettid(void)
{
	return raw_syscall0(__NR_gettid);
}

static inline long raw_kill(int pid, int sig)
{
	return arch_syscall6(__NR_kill, pid, sig, 0, 0, 0, 0);
}

static inline long raw_tgkill(int tgid, int tid, int sig)
{
	return arch_syscall6(__NR_tgkill, tgid, tid, sig, 0, 0, 0);
}

/* Returns the address, or -errno (the kernel never maps the top 4095 bytes). */
static inline long raw_mmap(void *addr, unsigned long len, int prot, int flags, int fd,
			    unsigned long off)
{
	if (ARCH_MMAP_ARGS_IN_MEMORY) {
		long args[6] = { (long)addr, (long)len, prot, flags, fd, (long)off };

		return arch_syscall6(ARCH_NR_MMAP, (long)args, 0, 0, 0, 0, 0);
	}
	return arch_syscall6(ARCH_NR_MMAP, (long)addr, (long)len, prot, flags, fd,
			     (long)(off >> ARCH_MMAP_OFF_SHIFT));
}

static inline int raw_mmap_failed(long ret)
{
	return (unsigned long)ret > -4096UL;
}

static inline long raw_munmap(void *addr, unsigned long len)
{
	return arch_syscall6(__NR_munmap, (long)addr, (long)len, 0, 0, 0, 0);
}

static inline long raw_mprotect(void *addr, unsigned long len, int prot)
{
	return arch_syscall6(__NR_mprotect, (long)addr, (long)len, prot, 0, 0, 0);
}

static inline long raw_mremap(void *old, unsigned long old_len, unsigned long new_len,
			      int flags, void *new_addr)
{
	return arch_syscall6(__NR_mremap, (long)old, (long)old_len, (long)new_len, flags,
			     (long)new_addr, 0);
}

/* The 64-bit-time syscalls on every ABI (clock_gettime64 on i386). */
static inline long raw_clock_gettime(int clk, struct __kernel_timespec *ts)
{
	return arch_syscall6(ARCH_NR_CLOCK_GETTIME64, clk, (long)ts, 0, 0, 0, 0);
}

static inline long raw_clock_getres(int clk, struct __kernel_timespec *ts)
{
	return arch_syscall6(ARCH_NR_CLOCK_GETRES64, clk, (long)ts, 0, 0, 0, 0);
}

/* clock_nanosleep_time64 on i386. */
static inline long raw_clock_nanosleep(int clk, int flags, const struct __kernel_timespec *req,
				       struct __kernel_timespec *rem)
{
	return arch_syscall6(ARCH_NR_CLOCK_NANOSLEEP64, clk, flags, (long)req, (long)rem, 0, 0);
}

static inline long raw_gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz)
{
	return arch_syscall6(__NR_gettimeofday, (long)tv, (long)tz, 0, 0, 0, 0);
}

/* -ENOSYS on ABIs whose syscall table has no time(2) (aarch64, s390x). */
static inline long raw_time(long *tloc)
{
#ifdef ARCH_NR_TIME
	return arch_syscall6(ARCH_NR_TIME, (long)tloc, 0, 0, 0, 0, 0);
#else
	(void)tloc;
	return -ENOSYS;
#endif
}

static inline long raw_getcpu(unsigned int *cpu, unsigned int *node)
{
	return arch_syscall6(__NR_getcpu, (long)cpu, (long)node, 0, 0, 0, 0);
}

static inline long raw_getrandom(void *buf, unsigned long len, unsigned int flags)
{
	return arch_syscall6(__NR_getrandom, (long)buf, (long)len, flags, 0, 0, 0);
}

/* Returns the number of bytes the kernel wrote into mask for getaffinity. */
static inline long raw_sched_getaffinity(int pid, unsigned long len, void *mask)
{
	return arch_syscall6(__NR_sched_getaffinity, pid, (long)len, (long)mask, 0, 0, 0);
}

static inline long raw_sched_setaffinity(int pid, unsigned long len, const void *mask)
{
	return arch_syscall6(__NR_sched_setaffinity, pid, (long)len, (long)mask, 0, 0, 0);
}

static inline long raw_unshare(unsigned long flags)
{
	return arch_syscall6(__NR_unshare, (long)flags, 0, 0, 0, 0, 0);
}

static inline long raw_ptrace(long req, int pid, void *addr, void *data)
{
	return arch_syscall6(__NR_ptrace, req, pid, (long)addr, (long)data, 0, 0);
}

/* The kernel's struct new_utsname; buf must hold 6 * 65 bytes. */
static inline long raw_uname(void *buf)
{
	return arch_syscall6(__NR_uname, (long)buf, 0, 0, 0, 0, 0);
}

/* ---- Processes ------------------------------------------------------------------------------ */

/*
 * fork() without libc: clone3 takes the same struct on every ABI, where
 * clone's argument order differs (s390x swaps stack and flags).
 */
struct raw_clone_args {
	__aligned_u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* Returns 0 in the child, the pid in the parent, or -errno. */
static inline long raw_fork(void)
{
	struct raw_clone_args ca = { .exit_signal = 17 /* SIGCHLD on all five ABIs */ };

	return arch_syscall6(__NR_clone3, (long)&ca, sizeof(ca), 0, 0, 0, 0);
}

/* Returns the pid reaped; *status as wait(2) gives it (decode with RAW_W*). */
static inline long raw_wait(long pid, int *status)
{
	return arch_syscall6(__NR_wait4, pid, (long)status, 0, 0, 0, 0);
}

/* wait(2) status decoding without libc's <sys/wait.h>. */
#define RAW_WIFEXITED(s)	(((s) & 0x7f) == 0)
#define RAW_WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define RAW_WIFSIGNALED(s)	(((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define RAW_WTERMSIG(s)		((s) & 0x7f)

static inline long raw_execve(const char *path, char *const argv[], char *const envp[])
{
	return arch_syscall6(__NR_execve, (long)path, (long)argv, (long)envp, 0, 0, 0);
}

static inline long raw_pipe(int fds[2])
{
	return arch_syscall6(__NR_pipe2, (long)fds, 0, 0, 0, 0, 0);
}

static inline long raw_prctl(int op, unsigned long a, unsigned long b)
{
	return arch_syscall6(__NR_prctl, op, (long)a, (long)b, 0, 0, 0);
}

static inline long raw_seccomp(unsigned int op, unsigned int flags, const void *prog)
{
	return arch_syscall6(__NR_seccomp, op, flags, (long)prog, 0, 0, 0);
}

static inline long raw_sched_yield(void)
{
	return raw_syscall0(__NR_sched_yield);
}

/* ---- Signals -------------------------------------------------------------------------------- */

/* act and old are struct ksigaction (<ksigaction.h>); the kernel's sigset is 8 bytes. */
static inline long raw_sigaction(int sig, const void *act, void *old)
{
	return arch_syscall6(__NR_rt_sigaction, sig, (long)act, (long)old, 8, 0, 0);
}

static inline long raw_sigaltstack(const void *ss, void *old)
{
	return arch_syscall6(__NR_sigaltstack, (long)ss, (long)old, 0, 0, 0, 0);
}

#endif
