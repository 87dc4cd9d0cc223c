/* The per-ABI side of checkpoint/restore, implemented in arch/<abi>/cr_regs.c and proxy_jump.c. */
#ifndef CR_ARCH_H
#define CR_ARCH_H

#include <stdbool.h>
#include <stddef.h>

/* A PTRACE_GETREGSET note type the engine saves and restores, in restore order. */
struct arch_cr_regset {
	unsigned int type;
	bool optional;		/* absent on some CPUs/kernels: skipped, not an error */
	const char *name;
};

extern const struct arch_cr_regset arch_cr_regsets[];
extern const unsigned int arch_cr_nr_regsets;

/* A syscall instruction followed by a trap, written into the injection page. */
extern const unsigned char arch_cr_syscall_insn[];
extern const unsigned int arch_cr_syscall_insn_len;

/* Accessors over the NT_PRSTATUS contents (the kernel's user regs of this ABI). */
unsigned long arch_cr_pc(const void *gpr);
void arch_cr_set_pc(void *gpr, unsigned long pc);
unsigned long arch_cr_sp(const void *gpr);

/*
 * Prepares gpr to run syscall nr with args a[0..5] from the instruction at
 * insn; also clears any pending syscall-restart state so the kernel does not
 * rewind into a syscall the task was in when it stopped.
 */
void arch_cr_set_syscall(void *gpr, unsigned long insn, long nr, const long a[6]);

/* The injected syscall's result as -errno on failure. */
long arch_cr_syscall_result(const void *gpr);

/* Bytes the long (any-distance) proxy jump needs at each redirected entry point. */
extern const unsigned int arch_cr_jump_len;
/* Bytes of the short PC-relative jump used where entries sit closer; 0 if this ABI has none. */
extern const unsigned int arch_cr_short_jump_len;

/* Writes the short jump; its length, or -ERANGE if target is out of its reach from at. */
int arch_cr_short_jump_write(unsigned char *buf, unsigned long at, unsigned long target);

/*
 * Writes a jump that, placed at address at, continues at target without
 * touching argument or callee-saved registers; returns its length or -ERANGE
 * if this encoding cannot reach target from at.
 */
int arch_cr_jump_write(unsigned char *buf, unsigned long at, unsigned long target);

/* Makes code written through data stores in [start, start+len) visible to execution. */
void arch_cr_flush_icache(void *start, unsigned long len);

#endif
