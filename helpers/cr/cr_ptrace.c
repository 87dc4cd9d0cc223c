/* Tracing primitives of the C/R engine: regsets, /proc/pid/mem and syscall injection. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/unistd.h>
#include "cr_arch.h"
#include <arch/rawsys.h>
#include "cr_ptrace.h"

int cr_regset_get(int pid, unsigned int type, void *buf, unsigned long *len)
{
	struct iovec iov = { buf, *len };

	if (ptrace(PTRACE_GETREGSET, pid, (void *)(unsigned long)type, &iov))
		return -errno;
	*len = iov.iov_len;
	return 0;
}

int cr_regset_set(int pid, unsigned int type, const void *buf, unsigned long len)
{
	struct iovec iov = { (void *)buf, len };

	return ptrace(PTRACE_SETREGSET, pid, (void *)(unsigned long)type, &iov) ? -errno : 0;
}

int cr_wait_stop(int pid, int *sig)
{
	int st;

	for (;;) {
		if (waitpid(pid, &st, __WALL) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (WIFSTOPPED(st)) {
			*sig = WSTOPSIG(st) | ((st >> 16) << 8);
			return 0;
		}
		return -ESRCH;	/* exited or killed */
	}
}

#define PTRACE_GET_RSEQ_CONFIGURATION_	0x420f

int cr_rseq_get(int pid, struct cr_rseq *r)
{
	struct {
		uint64_t ptr;
		uint32_t size, sig, flags, pad;
	} conf = { 0 };

	memset(r, 0, sizeof(*r));
	if (ptrace(PTRACE_GET_RSEQ_CONFIGURATION_, pid, (void *)sizeof(conf), &conf) < 0)
		return errno == EIO || errno == EINVAL ? 0 : -errno;	/* kernel < 5.13 */
	r->ptr = conf.ptr;
	r->size = conf.size;
	r->sig = conf.sig;
	return 0;
}

int cr_target_open(struct cr_target *t, int pid)
{
	char path[64];

	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->page_size = sysconf(_SC_PAGESIZE);
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	t->memfd = open(path, O_RDWR | O_CLOEXEC);
	if (t->memfd < 0)
		return -errno;
	t->gpr_len = sizeof(t->gpr);
	return cr_regset_get(pid, NT_PRSTATUS, t->gpr, &t->gpr_len);
}

void cr_target_close(struct cr_target *t)
{
	if (t->memfd >= 0)
		close(t->memfd);
	t->memfd = -1;
}

int cr_mem_read(struct cr_target *t, unsigned long addr, void *buf, unsigned long len)
{
	while (len) {
		ssize_t n = pread64(t->memfd, buf, len, (off64_t)addr);

		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf = (char *)buf + n;
		addr += n;
		len -= n;
	}
	return 0;
}

int cr_mem_write(struct cr_target *t, unsigned long addr, const void *buf, unsigned long len)
{
	while (len) {
		ssize_t n = pwrite64(t->memfd, buf, len, (off64_t)addr);

		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf = (const char *)buf + n;
		addr += n;
		len -= n;
	}
	return 0;
}

int cr_inject(struct cr_target *t, long *ret, long nr, long a0, long a1, long a2, long a3,
	      long a4, long a5)
{
	unsigned char regs[sizeof(t->gpr)];
	unsigned long len = sizeof(regs);
	long a[6] = { a0, a1, a2, a3, a4, a5 };
	int err, sig;

	memcpy(regs, t->gpr, t->gpr_len);
	arch_cr_set_syscall(regs, t->insn, nr, a);
	err = cr_regset_set(t->pid, NT_PRSTATUS, regs, t->gpr_len);
	if (err)
		return err;
	if (ptrace(PTRACE_CONT, t->pid, NULL, NULL))
		return -errno;
	err = cr_wait_stop(t->pid, &sig);
	if (err)
		return err;
	/* SIGSEGV: the call unmapped the page holding the trap, which is fine. */
	if (sig != SIGTRAP && sig != SIGSEGV && sig != SIGILL)
		return -EINTR;
	err = cr_regset_get(t->pid, NT_PRSTATUS, regs, &len);
	if (err)
		return err;
	*ret = arch_cr_syscall_result(regs);
	t->nr_injected++;
	return 0;
}

int cr_inject_mmap(struct cr_target *t, long *ret, unsigned long addr, unsigned long len,
		   int prot, int flags)
{
	if (ARCH_MMAP_ARGS_IN_MEMORY) {
		long args[6] = { (long)addr, (long)len, prot, flags, -1, 0 };
		/* Below the stack pointer while no scratch page exists: no ABI keeps data there. */
		unsigned long at = t->scratch ? t->scratch + 256 :
				   ((arch_cr_sp(t->gpr) - 1024) & ~15UL);
		int err = cr_mem_write(t, at, args, sizeof(args));

		return err ? err : cr_inject(t, ret, ARCH_NR_MMAP, (long)at, 0, 0, 0, 0, 0);
	}
	return cr_inject(t, ret, ARCH_NR_MMAP, (long)addr, (long)len, prot, flags, -1, 0);
}

int cr_scratch_create(struct cr_target *t, const struct map_entry *maps, int n)
{
	unsigned char saved[32];
	unsigned int len = arch_cr_syscall_insn_len;
	unsigned long at = 0;
	long ret;
	int i, err;

	for (i = 0; i < n && !at; i++)
		if ((maps[i].prot & PROT_EXEC) && maps[i].name[0] != '[' &&
		    maps[i].end - maps[i].start >= len)
			at = maps[i].start;
	if (!at)
		return -ENOEXEC;
	err = cr_mem_read(t, at, saved, len);
	if (!err)
		err = cr_mem_write(t, at, arch_cr_syscall_insn, len);
	if (err)
		return err;
	t->insn = at;
	err = cr_inject_mmap(t, &ret, 0, t->page_size, PROT_READ | PROT_WRITE | PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS);
	i = cr_mem_write(t, at, saved, len);
	t->insn = 0;
	if (err || i)
		return err ? err : i;
	if ((unsigned long)ret > -4096UL)
		return (int)ret;
	t->scratch = ret;
	t->insn = ret;
	return cr_mem_write(t, t->insn, arch_cr_syscall_insn, len);
}

int cr_scratch_destroy(struct cr_target *t)
{
	long ret;
	int err = cr_inject(t, &ret, __NR_munmap, (long)t->scratch, (long)t->page_size, 0, 0, 0,
			    0);

	t->scratch = t->insn = 0;
	return err ? err : (int)ret;
}
