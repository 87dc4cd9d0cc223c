/* Shared pieces of the relocation and timens tests: find, move and check the vDSO area. */
#ifndef RELOC_H
#define RELOC_H

#include <stdbool.h>
#include "harness.h"
#include "vdso.h"

/* Values of ARCH_UNMAPPED_SIGRETURN in <arch/ksigaction.h>. */
#define SIGRET_NEEDS_RESTORER	1	/* only SA_RESTORER handlers can be installed */
#define SIGRET_FAULTS		2	/* the return jumps to the old vDSO address: SIGSEGV */
#define SIGRET_STACK_TRAMPOLINE	3	/* the kernel writes sigreturn code on the stack */

/* [vdso] and every [vvar*] VMA, in address order, as /proc/self/maps shows them now. */
struct reloc_area {
	int n;
	int vdso;			/* index of [vdso] in vma[], -1 if unmapped */
	struct vdso_vma vma[6];
	unsigned long lo, hi;		/* span of all of them */
	unsigned long page;
};

/* Where a move puts the area, relative to where it is. */
enum reloc_where { RELOC_ANYWHERE, RELOC_LOWER, RELOC_HIGHER, RELOC_ADJ_BELOW, RELOC_ADJ_ABOVE };

/*
 * Reads the area from maps (raw syscalls only, so it works after a move).
 * page comes from the caller (AT_PAGESZ via vdso_layout_read). Returns 0 or
 * -errno; -ENOENT if neither [vdso] nor [vvar*] is mapped.
 */
int reloc_area_now(struct reloc_area *a, unsigned long page);

/* Reserves (PROT_NONE) len bytes at a place chosen by where; returns the address or -errno. */
long reloc_reserve(const struct reloc_area *a, enum reloc_where where, unsigned long len);

/* Moves one VMA to to with MREMAP_FIXED; 0 or -errno (-EPROTO if it landed elsewhere). */
long reloc_move_vma(const struct vdso_vma *v, unsigned long to);

/*
 * Moves every VMA of a so the span starts at new_lo, keeping distances;
 * vdso_first chooses the order. Refuses (-EDEADLK, nothing moved) if the
 * new span overlaps the old one: a piece could land on another.
 */
long reloc_move_area(const struct reloc_area *a, unsigned long new_lo, bool vdso_first);

/* Fills the test's layout; SKIPs (returning false) if this kernel maps no vDSO. */
bool reloc_setup(struct __test_metadata *_metadata, struct vdso_layout *l, struct reloc_area *a);

/*
 * For a move that failed with EPERM on a sealed area: records the distinct
 * result (a SKIP naming the seal), never a pass. Returns true if it did.
 */
bool reloc_sealed_result(struct __test_metadata *_metadata, const struct reloc_area *a, long err);

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
void reloc_verify_moved(struct __test_metadata *_metadata, const struct reloc_area *before,
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
