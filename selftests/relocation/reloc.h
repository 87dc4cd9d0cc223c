/* Shared pieces of the relocation and timens tests: set up, move and check the vDSO area. */
#ifndef RELOC_H
#define RELOC_H

#include <stdbool.h>
#include "harness.h"
#include "vdso.h"
#include "vdso_move.h"

/* Values of ARCH_UNMAPPED_SIGRETURN in <arch/ksigaction.h>. */
#define SIGRET_NEEDS_RESTORER	1	/* only SA_RESTORER handlers can be installed */
#define SIGRET_FAULTS		2	/* the return jumps to the old vDSO address: SIGSEGV */
#define SIGRET_STACK_TRAMPOLINE	3	/* the kernel writes sigreturn code on the stack */

/* Fills the test's layout; SKIPs (returning false) if this kernel maps no vDSO. */
bool reloc_setup(struct __test_metadata *_metadata, struct vdso_layout *l, struct vdso_area *a);

/*
 * For a move that failed with EPERM on a sealed area: records the distinct
 * result (a SKIP naming the seal), never a pass. Returns true if it did.
 */
bool reloc_sealed_result(struct __test_metadata *_metadata, const struct vdso_area *a, long err);

/*
 * Moves the whole area to a place the kernel picks (vdso_area_move_anywhere).
 * Returns false if the test ended: a seal's SKIP or a failure.
 */
bool reloc_move_anywhere(struct __test_metadata *_metadata, const struct vdso_area *a);

/*
 * Resolves every exported time function from the image at base and calls
 * each one, bracketed between raw syscalls. Returns how many functions it
 * checked, or -1 with msg saying which call disagreed. Never calls libc
 * time functions, so it is safe after a move.
 */
int reloc_time_calls(unsigned long base, unsigned long size, char *msg, unsigned long len);

/*
 * Everything that must hold after a successful move of the area from
 * before to new_lo: maps, AT_SYSINFO_EHDR (still ehdr0), time calls, a
 * signal's return and a fresh exec.
 */
void reloc_verify_moved(struct __test_metadata *_metadata, const struct vdso_area *before,
			unsigned long new_lo, unsigned long ehdr0);

/*
 * Signals taken during a patterned syscall return with state intact: through
 * the vDSO where this ABI's kernel does that, else through the raw restorer.
 */
void reloc_check_signal(struct __test_metadata *_metadata);

/* The same with the return path chosen; false if this ABI cannot do it (*why says why). */
bool reloc_check_signal_via(struct __test_metadata *_metadata, bool via_vdso, const char **why);

/*
 * Runs fn(arg) in a forked child that cannot dump core and returns its
 * wait status (fn's return value is the exit code).
 */
int reloc_in_child(int (*fn)(void *arg), void *arg);

/*
 * fork+exec of this program with only env<fd> in its environment (env ends
 * in '='); the copy writes its report to fd. Reads up to len bytes of it
 * into rep and reaps the copy into *status. Returns the bytes read or -errno.
 */
long reloc_exec_self(const char *env, const char *argv0, void *rep, unsigned long len,
		     int *status);

/* In the exec'd copy (a constructor): the report fd from env, -1 if not started so. */
int reloc_exec_report_fd(const char *env);

/* Shared anonymous memory that a forked child can write and the parent read. */
void *reloc_shared(unsigned long len);

/* The running kernel's major.minor, by a raw uname. */
void reloc_kernel_version(unsigned int *major, unsigned int *minor);

/* The clocksource name, for diagnostics ("?" if unreadable). */
void reloc_clocksource(char *buf, unsigned long len);

/* fork+exec of this program: a fresh, self-consistent vDSO whose time calls work. */
void reloc_check_exec(struct __test_metadata *_metadata);

/*
 * Installs handler for sig with a raw rt_sigaction. via_vdso: no
 * SA_RESTORER, so the kernel returns through the vDSO; otherwise this ABI's
 * own restorer (SA_SIGINFO handlers only). Returns 0, -EOPNOTSUPP when this
 * ABI cannot do the chosen kind (*why says why), or -errno.
 */
long reloc_sigaction(int sig, void *handler, unsigned long flags, bool via_vdso,
		     const char **why);

#endif
