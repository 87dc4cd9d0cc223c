/* Checks that PTRACE_SINGLESTEP follows a taken call here before the engine relies on it. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cr_arch.h"
#include "cr_ptrace.h"

#define PROBE_STEPS	4096
/* The callee is empty: its first instructions are all a step into it can land on. */
#define PROBE_CALLEE_SPAN	64

static __attribute__((noinline)) void probe_callee(void)
{
	__asm__ volatile("" : : : "memory");
}

/* Called through a volatile pointer, so the loop really branches there and back. */
static void (*volatile probe_fn)(void) = probe_callee;

static __attribute__((noreturn)) void probe_loop(void)
{
	for (;;)
		probe_fn();
}

static int probe(int pid)
{
	unsigned char gpr[1024];
	unsigned long len, pc, callee = (unsigned long)probe_callee;
	int i, sig;

	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) || ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) ||
	    cr_wait_stop(pid, &sig))
		return -1;
	for (i = 0; i < PROBE_STEPS; i++) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) || cr_wait_stop(pid, &sig))
			return 0;	/* the child died: stepping ran it off its code */
		if ((sig & 0xff) != SIGTRAP)
			return 0;
		len = sizeof(gpr);
		if (cr_regset_get(pid, NT_PRSTATUS, gpr, &len))
			return -1;
		pc = arch_cr_pc(gpr);
		if (pc - callee < PROBE_CALLEE_SPAN)
			return 1;
	}
	return 0;
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
