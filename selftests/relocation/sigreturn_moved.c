/* Signal handlers installed by raw rt_sigaction return correctly, before and after a vDSO move. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include "ksigaction.h"
#include "sigframe.h"
#include "harness.h"
#include "rawsys.h"
#include "reloc.h"

FIXTURE(sig) {
	struct vdso_layout l;
	struct vdso_area a;
};

FIXTURE_VARIANT(sig) {
	bool move;		/* move [vdso] and [vvar*] together first */
	bool via_vdso;		/* no SA_RESTORER: the kernel returns through the vDSO */
};

FIXTURE_VARIANT_ADD(sig, in_place_vdso_tramp) { .move = false, .via_vdso = true };
FIXTURE_VARIANT_ADD(sig, moved_vdso_tramp) { .move = true, .via_vdso = true };
FIXTURE_VARIANT_ADD(sig, in_place_own_restorer) { .move = false, .via_vdso = false };
FIXTURE_VARIANT_ADD(sig, moved_own_restorer) { .move = true, .via_vdso = false };

FIXTURE_SETUP(sig)
{
	if (!reloc_setup(_metadata, &self->l, &self->a) || !variant->move)
		return;
	reloc_move_anywhere(_metadata, &self->a);
}

FIXTURE_TEARDOWN(sig)
{
}

/* State the handlers leave for the test body; one signal test per process. */
static volatile int n_usr1, n_usr2, nested_ok, bad_info, local_bad, poison;
static volatile unsigned long alt_lo, alt_hi, on_alt;
static volatile int *shared_count;

static void on_usr2(int sig, siginfo_t *si, void *uc)
{
	n_usr2++;
	nested_ok = n_usr1 == 1;
}

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	volatile unsigned long canary = 0x5a5aa5a5UL ^ (unsigned long)si;
	unsigned long here = (unsigned long)&canary;

	n_usr1++;
	if (shared_count)
		(*shared_count)++;
	if (!si || si->si_signo != sig || !uc)
		bad_info++;
	on_alt = here >= alt_lo && here < alt_hi;
	if (n_usr2 == 0 && nested_ok < 0)
		raw_tgkill(raw_getpid(), raw_gettid(), SIGUSR2);
	/* A nested handler's return must not disturb this frame. */
	if (canary != (0x5a5aa5a5UL ^ (unsigned long)si))
		local_bad++;
	if (poison)
		arch_sigframe_poison(uc);
}

static void on_usr1_plain(int sig)
{
	n_usr1++;
}

/* Installs, or SKIPs the test when this ABI has no such return path. */
static bool install(struct __test_metadata *_metadata, const FIXTURE_VARIANT(sig) *variant,
		    int sig, void *handler, unsigned long flags)
{
	const char *why = "";
	long r = reloc_sigaction(sig, handler, flags, variant->via_vdso, &why);

	if (r == -EOPNOTSUPP)
		SKIP(return false, "%s", why);
	ASSERT_EQ(0, r);
	return true;
}

static long kill_self_checked(unsigned long *clobbered)
{
	return arch_sigframe_syscall(__NR_tgkill, raw_getpid(), raw_gettid(), SIGUSR1, clobbered);
}

TEST_F(sig, siginfo)
{
	unsigned long clobbered = ~0UL;

	if (!install(_metadata, variant, SIGUSR1, on_usr1, KSA_SIGINFO))
		return;
	ASSERT_EQ(0, kill_self_checked(&clobbered));
	ASSERT_EQ(1, (int)n_usr1);
	ASSERT_EQ(0, (int)bad_info);
	ASSERT_EQ(0UL, clobbered) TH_LOG("changed: bits of %s", ARCH_SIGFRAME_REGS);
}

/* i386 builds a non-rt frame for these and returns through __kernel_sigreturn. */
TEST_F(sig, without_siginfo)
{
	unsigned long clobbered = ~0UL;

	if (!install(_metadata, variant, SIGUSR1, on_usr1_plain, 0))
		return;
	ASSERT_EQ(0, kill_self_checked(&clobbered));
	ASSERT_EQ(1, (int)n_usr1);
	ASSERT_EQ(0UL, clobbered) TH_LOG("changed: bits of %s", ARCH_SIGFRAME_REGS);
}

TEST_F(sig, nested)
{
	unsigned long clobbered = ~0UL;

	if (!install(_metadata, variant, SIGUSR1, on_usr1, KSA_SIGINFO) ||
	    !install(_metadata, variant, SIGUSR2, on_usr2, KSA_SIGINFO))
		return;
	nested_ok = -1;
	ASSERT_EQ(0, kill_self_checked(&clobbered));
	ASSERT_EQ(1, (int)n_usr1);
	ASSERT_EQ(1, (int)n_usr2);
	ASSERT_EQ(1, (int)nested_ok) TH_LOG("SIGUSR2 did not run inside the SIGUSR1 handler");
	ASSERT_EQ(0, (int)local_bad) TH_LOG("the outer handler's local changed");
	ASSERT_EQ(0UL, clobbered) TH_LOG("changed: bits of %s", ARCH_SIGFRAME_REGS);
}

TEST_F(sig, sigaltstack)
{
	unsigned long len = 64 * self->a.page, clobbered = ~0UL;
	long mem = raw_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	stack_t ss = { .ss_size = len }, old;

	if (!self->a.page)
		return;
	ASSERT_FALSE(raw_mmap_failed(mem));
	ss.ss_sp = (void *)mem;
	ASSERT_EQ(0, raw_sigaltstack(&ss, NULL));
	alt_lo = mem;
	alt_hi = mem + len;
	if (!install(_metadata, variant, SIGUSR1, on_usr1, KSA_SIGINFO | KSA_ONSTACK))
		return;
	ASSERT_EQ(0, kill_self_checked(&clobbered));
	ASSERT_EQ(1, (int)n_usr1);
	ASSERT_EQ(1UL, (unsigned long)on_alt) TH_LOG("the handler ran off the alternate stack");
	ASSERT_EQ(0, raw_sigaltstack(NULL, &old));
	ASSERT_EQ(0, old.ss_flags & SS_ONSTACK) TH_LOG("still on the alternate stack");
	ASSERT_EQ(0UL, clobbered) TH_LOG("changed: bits of %s", ARCH_SIGFRAME_REGS);
}

/* The state letter of /proc/<pid>/stat, or 0. */
static char proc_state(long pid)
{
	char path[40], buf[512];
	long fd, n, i, close_paren = -1;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = raw_open(path, 0, 0);
	if (fd < 0)
		return 0;
	n = raw_read((int)fd, buf, sizeof(buf) - 1);
	raw_close((int)fd);
	for (i = 0; i < n; i++)
		if (buf[i] == ')')
			close_paren = i;
	return close_paren >= 0 && close_paren + 2 < n ? buf[close_paren + 2] : 0;
}

/* Bounded: the test's timeout is the real limit, this only keeps an orphan from spinning. */
static bool wait_state(long pid, char state)
{
	long i;

	for (i = 0; i < 20000000; i++) {
		if (proc_state(pid) == state)
			return true;
		raw_sched_yield();
	}
	return false;
}

/*
 * Signals the reader once it sleeps in read(), then writes one byte once
 * the handler ran (and, if restarting, once read() sleeps again).
 */
static int poke_reader(long reader, int wfd, bool restart)
{
	long i;

	raw_prctl(1 /* PR_SET_PDEATHSIG */, 9, 0);
	if (!wait_state(reader, 'S'))
		return 1;
	raw_kill(reader, SIGUSR1);
	for (i = 0; i < 20000000 && !*shared_count; i++)
		raw_sched_yield();
	if (restart && !wait_state(reader, 'S'))
		return 2;
	return raw_write(wfd, "x", 1) == 1 ? 0 : 3;
}

static void read_interrupted(struct __test_metadata *_metadata,
			     const FIXTURE_VARIANT(sig) *variant, bool restart)
{
	unsigned long clobbered = ~0UL;
	int fds[2], status;
	long helper, r, me = raw_getpid();
	char c = 0;

	shared_count = reloc_shared(sizeof(int));
	ASSERT_NE(NULL, shared_count);
	if (!install(_metadata, variant, SIGUSR1, on_usr1,
		     KSA_SIGINFO | (restart ? KSA_RESTART : 0)))
		return;
	ASSERT_EQ(0, raw_pipe(fds));
	helper = raw_fork();
	ASSERT_LE(0, helper);
	if (!helper)
		raw_exit(poke_reader(me, fds[1], restart));
	r = arch_sigframe_syscall(__NR_read, fds[0], (long)&c, 1, &clobbered);
	ASSERT_EQ(helper, raw_wait(helper, &status));
	ASSERT_EQ(0, status) TH_LOG("helper failed at step %d", RAW_WEXITSTATUS(status));
	ASSERT_EQ(1, (int)n_usr1);
	ASSERT_EQ(0UL, clobbered) TH_LOG("changed: bits of %s", ARCH_SIGFRAME_REGS);
	if (restart) {
		ASSERT_EQ(1, r) TH_LOG("SA_RESTART did not restart read()");
		ASSERT_EQ('x', c);
	} else {
		ASSERT_EQ(-EINTR, r) TH_LOG("without SA_RESTART read() must fail with EINTR");
	}
}

TEST_F_TIMEOUT(sig, sa_restart_read, 20)
{
	read_interrupted(_metadata, variant, true);
}

/* The control for sa_restart_read: it shows the signal did interrupt the read. */
TEST_F_TIMEOUT(sig, eintr_read, 20)
{
	read_interrupted(_metadata, variant, false);
}

/* The first number of /proc/<pid>/syscall: the call the task sleeps in, or -1. */
static long proc_syscall_nr(long pid)
{
	char path[40], buf[64];
	long fd, n, nr = 0, i;

	snprintf(path, sizeof(path), "/proc/%ld/syscall", pid);
	fd = raw_open(path, 0, 0);
	if (fd < 0)
		return -1;
	n = raw_read((int)fd, buf, sizeof(buf) - 1);
	raw_close((int)fd);
	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		nr = nr * 10 + buf[i] - '0';
	return i ? nr : -1;
}

/*
 * Stops and continues a sleeper (no handler runs, so the kernel restarts
 * through restart_syscall: on s390x by jumping to the vDSO's
 * __kernel_restart_syscall), records the call it sleeps in again, then
 * interrupts it for good with a handled SIGUSR1.
 */
static int stop_and_continue(long sleeper, volatile long *seen_nr)
{
	raw_prctl(1 /* PR_SET_PDEATHSIG */, 9, 0);
	if (!wait_state(sleeper, 'S'))
		return 1;
	raw_kill(sleeper, SIGSTOP);
	if (!wait_state(sleeper, 'T'))
		return 2;
	raw_kill(sleeper, SIGCONT);
	if (!wait_state(sleeper, 'S'))
		return 3;
	*seen_nr = proc_syscall_nr(sleeper);
	raw_kill(sleeper, SIGUSR1);
	return 0;
}

TEST_F_TIMEOUT(sig, restart_block_after_stop, 20)
{
	struct { long sec, nsec; } req = { 3600, 0 }, rem;	/* the ABI's old timespec */
	unsigned long clobbered = ~0UL;
	volatile long *seen_nr = reloc_shared(sizeof(long));
	long helper, r, me = raw_getpid();
	int status;

	ASSERT_NE(NULL, seen_nr);
	*seen_nr = -2;
	if (!install(_metadata, variant, SIGUSR1, on_usr1, KSA_SIGINFO))
		return;
	helper = raw_fork();
	ASSERT_LE(0, helper);
	if (!helper)
		raw_exit(stop_and_continue(me, seen_nr));
	r = arch_sigframe_syscall(__NR_nanosleep, (long)&req, (long)&rem, 0, &clobbered);
	ASSERT_EQ(helper, raw_wait(helper, &status));
	ASSERT_EQ(0, status) TH_LOG("helper failed at step %d", RAW_WEXITSTATUS(status));
	ASSERT_EQ((long)__NR_restart_syscall, (long)*seen_nr)
		TH_LOG("after SIGCONT the sleep did not continue in restart_syscall");
	ASSERT_EQ(-EINTR, r);
	ASSERT_EQ(1, (int)n_usr1);
	ASSERT_EQ(0UL, clobbered) TH_LOG("changed: bits of %s", ARCH_SIGFRAME_REGS);
}

/* The register check is live: a handler that edits the saved frame is seen. */
TEST_F(sig, check_detects_damage)
{
	unsigned long clobbered = 0;

	if (!install(_metadata, variant, SIGUSR1, on_usr1, KSA_SIGINFO))
		return;
	poison = 1;
	ASSERT_EQ(0, kill_self_checked(&clobbered));
	ASSERT_EQ(1, (int)n_usr1);
	ASSERT_EQ(1UL, clobbered) TH_LOG("editing %s in the frame went unseen",
					 ARCH_SIGFRAME_REGS);
}

TEST_HARNESS_MAIN
