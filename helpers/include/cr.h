/* Checkpoint/restore of single-threaded synthetic processes without kernel modules. */
#ifndef CR_H
#define CR_H

#include <stdbool.h>

/* Exit codes of the cr tool and values of cr_result.status. */
enum cr_status {
	CR_OK = 0,
	CR_E_USAGE = 2,		/* bad arguments */
	CR_E_IMAGE = 3,		/* image missing, truncated, corrupt or for another ABI */
	CR_E_SYS = 4,		/* ptrace, /proc or a syscall in the target failed */
	CR_E_VDSO = 5,		/* the vDSO cannot be placed (an export cannot be redirected) */
	CR_E_KERNEL = 6,	/* the image cannot exist here (page size, address-space size) */
};

/* How the restore placed the vDSO. */
enum cr_strategy {
	CR_VDSO_NONE,		/* the process had no vDSO: the runtime one was unmapped */
	CR_VDSO_REMAP,		/* same image: runtime vdso+vvar moved to the old addresses */
	CR_VDSO_PROXY,		/* other image: old one kept, its entries jump to the runtime one */
};

struct cr_stats {
	enum cr_strategy strategy;
	unsigned int nr_vmas;		/* VMAs written to / restored from the image */
	unsigned int nr_redirected;	/* proxy entry points patched */
	unsigned int nr_injected;	/* syscalls run inside the target through ptrace */
	unsigned long bytes;		/* memory contents dumped or restored */
	bool pc_in_vdso;		/* the PC was inside the vDSO when the dump stopped it */
	unsigned long steps;		/* single steps taken to leave the vDSO */
	unsigned long runs;		/* free runs that broke a livelocked stepping */
	bool no_step;			/* single-stepping is broken here: free runs only */
	bool was_proxied;		/* the dumped process ran on a proxy (or launched image) */
};

struct cr_result {
	enum cr_status status;
	char msg[320];			/* one line saying what failed, naming the file or symbol */
	struct cr_stats st;
};

/* cr_dump flags */
#define CR_DUMP_LEAVE_RUNNING	0x1	/* detach instead of killing the task */
/* Test knob: single-step the task into its vDSO first, to checkpoint with the PC inside it. */
#define CR_DUMP_STOP_IN_VDSO	0x2
/* cr_restore flags */
/* Treat the runtime vDSO as different (what CRIU_FAULT=127 does to CRIU). */
#define CR_RESTORE_FORCE_PROXY	0x1

/*
 * Checkpoints task pid (single-threaded, traceable by us) into directory dir
 * (created). Unless CR_DUMP_LEAVE_RUNNING, the task is killed (not reaped).
 * Returns res->status.
 */
int cr_dump(int pid, const char *dir, unsigned int flags, struct cr_result *res);

/*
 * Restores the image in dir into a new child of the caller, which runs on
 * return; *pid is its pid (reap it with waitpid). Returns res->status.
 */
int cr_restore(const char *dir, unsigned int flags, int *pid, struct cr_result *res);

/*
 * Starts argv[0] (a static program) with image (len bytes, an ELF shared
 * object laid out at offset 0) as its vDSO: the kernel's vdso and vvar are
 * moved away and image is mapped at the old vDSO address before the program's
 * first instruction. Returns res->status; *pid is the running child.
 */
int cr_launch(char *const argv[], const void *image, unsigned long len, int *pid,
	      struct cr_result *res);

const char *cr_strategy_name(enum cr_strategy s);

#endif
