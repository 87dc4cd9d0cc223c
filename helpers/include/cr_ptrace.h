/* The C/R engine's tracing primitives: register sets, target memory, syscall injection. */
#ifndef CR_PTRACE_H
#define CR_PTRACE_H

#include "cr_image.h"
#include "maps.h"

#define CR_REGSET_MAX	16384

/* A stopped tracee we run syscalls in. */
struct cr_target {
	int pid;
	int memfd;			/* /proc/pid/mem, read-write (FOLL_FORCE semantics) */
	unsigned char gpr[1024];	/* register template the injections start from */
	unsigned long gpr_len;
	unsigned long insn;		/* syscall + trap instruction in the target */
	unsigned long scratch;		/* page in the target holding insn and syscall arguments */
	unsigned long page_size;
	unsigned int nr_injected;
};

int cr_regset_get(int pid, unsigned int type, void *buf, unsigned long *len);
int cr_regset_set(int pid, unsigned int type, const void *buf, unsigned long len);

/* Waits for the next stop of pid; *sig is the stop signal (or SIGTRAP | event << 8). */
int cr_wait_stop(int pid, int *sig);

/*
 * 1 if a single step over a taken call lands in the callee here, 0 if not
 * (QEMU 7.2 TCG s390x falls through instead), -1 if it could not be probed.
 */
int cr_step_follows_branches(void);

/* The task's rseq registration (PTRACE_GET_RSEQ_CONFIGURATION); ptr 0 if none or unsupported. */
int cr_rseq_get(int pid, struct cr_rseq *r);

int cr_target_open(struct cr_target *t, int pid);
void cr_target_close(struct cr_target *t);
int cr_mem_read(struct cr_target *t, unsigned long addr, void *buf, unsigned long len);
int cr_mem_write(struct cr_target *t, unsigned long addr, const void *buf, unsigned long len);

/*
 * Runs syscall nr in the target from t->insn; *ret is its result (-errno on
 * failure). Returns 0, or -errno if the injection itself failed.
 */
int cr_inject(struct cr_target *t, long *ret, long nr, long a0, long a1, long a2, long a3,
	      long a4, long a5);

/* mmap in the target, with the ABI's argument convention (s390x passes them in memory). */
int cr_inject_mmap(struct cr_target *t, long *ret, unsigned long addr, unsigned long len,
		   int prot, int flags);

/*
 * Gives a running task t a scratch page (borrowing the first bytes of an
 * executable mapping for the one mmap that creates it), and removes it.
 */
int cr_scratch_create(struct cr_target *t, const struct map_entry *maps, int n);
int cr_scratch_destroy(struct cr_target *t);

#endif
