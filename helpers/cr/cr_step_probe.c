/* Checks that PTRACE_SINGLESTEP follows a taken call here before the engine relies on it. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdbool.h>
#include <asm/unistd.h>
#include "arch_syscall.h"
#include "cr_arch.h"
#include "cr_ptrace.h"

#define PROBE_STEPS	10000
/* Round trips through the callee the probe wants to see, each stepped right. */
#define PROBE_CALLS	50
/* All of a function's body a step may land on: the loop is a few instructions, the callee one. */
#define PROBE_SPAN	256
#define CALLEE_SPAN	16

static __attribute__((noinline)) void probe_callee(void)
{
	__asm__ volatile("" : : : "memory");
}

/* Called through a volatile pointer, so the loop really branches there and back. */
static void (*volatile probe_fn)(void) = probe_callee;

/* A call, a return and a syscall per round: what a vDSO call with a fallback does. */
static __attribute__((noreturn, noinline)) void probe_loop(void)
{
	for (;;) {
		probe_fn();
		arch_syscall6(__NR_getppid, 0, 0, 0, 0, 0, 0);
	}
}

static bool in_fn(unsigned long pc, const void *fn, unsigned long span)
{
	return pc - (unsigned long)fn < span;
}

/*
 * 1 if the callee is entered again and again and every step out of it is its
 * return into the loop; 0 if a branch fell through, the child faulted or died.
 */
static int probe(int pid)
{
	unsigned char gpr[1024];
	unsigned long len, pc;
	int i, sig, calls = 0;
	bool inside = false;

	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) || ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) ||
	    cr_wait_stop(pid, &sig))
		return -1;
	for (i = 0; i < PROBE_STEPS && calls < PROBE_CALLS; i++) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) || cr_wait_stop(pid, &sig))
			return 0;	/* the child died: stepping ran it off its code */
		if ((sig & 0xff) != SIGTRAP)
			return 0;
		len = sizeof(gpr);
		if (cr_regset_get(pid, NT_PRSTATUS, gpr, &len))
			return -1;
		pc = arch_cr_pc(gpr);
		if (in_fn(pc, probe_callee, CALLEE_SPAN)) {
			calls += !inside;
			inside = true;
			continue;
		}
		/*
		 * Leaving the callee must be its return into the middle of the loop, not a
		 * fall-through over padding into whatever follows (maybe the loop's entry).
		 */
		if (inside && (!in_fn(pc, probe_loop, PROBE_SPAN) || pc == (unsigned long)probe_loop))
			return 0;
		inside = false;
	}
	return calls == PROBE_CALLS;
}

int cr_step_follows_branches(void)
{
	static int known = -2;
	int pid, ret;

	if (known != -2)
		return known;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid)
		probe_loop();
	ret = probe(pid);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	known = ret;
	return ret;
}
