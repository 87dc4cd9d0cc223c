/* The synthetic processes the cr tests checkpoint: one scenario each, verdict on CR_REPORT_FD. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include "ksigaction.h"
#include "sigframe.h"
#include "cr_oracle.h"
#include "cr_run.h"
#include "rawsys.h"
#include "vdso.h"

#define PATTERN_PAGES	64

static volatile int go, usr2_seen;
static struct cr_fns fns;
static unsigned char *pattern_rw, *pattern_ro;
static unsigned long page;

static void report(const char *fmt, const char *a, const char *b)
{
	char buf[400];
	int n = snprintf(buf, sizeof(buf), fmt, a, b);

	raw_write(CR_REPORT_FD, buf, n);
}

static void on_usr1(int sig, void *info, void *uc)
{
	go = 1;
}

static void on_usr2(int sig, void *info, void *uc)
{
	usr2_seen++;
}

/*
 * Where the kernel returns through the vDSO without SA_RESTORER, leave it
 * clear: the first signal after restore then proves the trampoline moved.
 * A task without a vDSO needs its own restorer wherever the kernel takes one.
 */
static int install(int sig, void (*fn)(int, void *, void *), bool novdso)
{
	struct ksigaction sa = { 0 };

	sa.handler = (void *)fn;
	sa.flags = KSA_SIGINFO;
	if (!ARCH_KSA_NULL_RESTORER_OK || (novdso && ARCH_KSA_RESTORER_HONOURED)) {
		sa.flags |= KSA_RESTORER;
		sa.restorer = arch_sigframe_restorer;
	}
	return arch_syscall6(__NR_rt_sigaction, sig, (long)&sa, 0, 8, 0, 0);
}

static unsigned char pattern_byte(unsigned long pg, unsigned long i)
{
	return (unsigned char)(pg * 131 + i * 7 + (i >> 8) * 13 + 1);
}

static int setup_pattern(void)
{
	unsigned long i;

	pattern_rw = mmap(NULL, PATTERN_PAGES * page, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pattern_ro = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	if (pattern_rw == MAP_FAILED || pattern_ro == MAP_FAILED)
		return -1;
	for (i = 0; i < PATTERN_PAGES * page; i++)
		pattern_rw[i] = pattern_byte(i / page, i % page);
	for (i = 0; i < 4 * page; i++)
		pattern_ro[i] = pattern_byte(1000 + i / page, i % page);
	/* A hole and a read-only run, so restore must keep the layout, not just bytes. */
	return mprotect(pattern_ro, 4 * page, PROT_READ) ||
	       munmap(pattern_rw + 10 * page, page) ? -1 : 0;
}

static int check_pattern(char *msg, unsigned long len)
{
	unsigned long i;

	for (i = 0; i < PATTERN_PAGES * page; i++) {
		if (i / page == 10)
			continue;
		if (pattern_rw[i] != pattern_byte(i / page, i % page)) {
			snprintf(msg, len, "read-write page %lu differs at byte %lu", i / page,
				 i % page);
			return 1;
		}
	}
	for (i = 0; i < 4 * page; i++)
		if (pattern_ro[i] != pattern_byte(1000 + i / page, i % page)) {
			snprintf(msg, len, "read-only page %lu differs at byte %lu", i / page,
				 i % page);
			return 1;
		}
	return 0;
}

static int unmap_vdso(void)
{
	struct vdso_layout l;
	int i;

	if (vdso_layout_read(&l) || !l.has_vdso)
		return -1;
	for (i = 0; i < l.nr_vvar; i++)
		raw_munmap((void *)l.vvar[i].start, l.vvar[i].end - l.vvar[i].start);
	return raw_munmap((void *)l.vdso.start, l.vdso.end - l.vdso.start) ? -1 : 0;
}

static int check_no_vdso(char *msg, unsigned long len)
{
	static struct map_entry m[256];
	int n = maps_read(0, m, 256), i;

	for (i = 0; i < n; i++)
		if (!strcmp(m[i].name, "[vdso]") || !strncmp(m[i].name, "[vvar", 5)) {
			snprintf(msg, len, "%s at %lx after restore", m[i].name, m[i].start);
			return 1;
		}
	return n < 0;
}

/* In a time namespace whose monotonic offset is arg seconds, the clock is at least that far. */
static int check_timens(const char *arg, char *msg, unsigned long len)
{
	struct __kernel_timespec t;
	long long want = atoll(arg);

	raw_clock_gettime(1, &t);
	if (t.tv_sec < want) {
		snprintf(msg, len, "CLOCK_MONOTONIC %lld s, the namespace offset is %lld s",
			 (long long)t.tv_sec, want);
		return 1;
	}
	return cr_fns_check(&fns, msg, len);
}

static int check_signals(char *msg, unsigned long len)
{
	int tid = raw_gettid(), pid = raw_getpid();

	raw_tgkill(pid, tid, SIGUSR2);
	raw_tgkill(pid, tid, SIGUSR2);
	if (usr2_seen != 2) {
		snprintf(msg, len, "%d of 2 SIGUSR2 handled", usr2_seen);
		return 1;
	}
	usr2_seen = 0;
	return cr_fns_check(&fns, msg, len);
}

static int check(const char *sc, const char *arg, char *msg, unsigned long len)
{
	if (!strcmp(sc, "glibc"))
		return cr_glibc_check(msg, len);
	if (!strcmp(sc, "pattern"))
		return check_pattern(msg, len);
	if (!strcmp(sc, "novdso"))
		return check_no_vdso(msg, len);
	if (!strcmp(sc, "timens"))
		return check_timens(arg, msg, len);
	if (!strcmp(sc, "signals"))
		return check_signals(msg, len);
	return cr_fns_check(&fns, msg, len);	/* own, pcvdso */
}

/* Where the test may write 1 instead of sending SIGUSR1. */
static const char *go_addr(void)
{
	static char buf[32];

	snprintf(buf, sizeof(buf), "%lx", (unsigned long)&go);
	return buf;
}

/* pcvdso spins inside the vDSO so the checkpoint catches the PC there. */
static void wait_for_go(const char *sc)
{
	const struct cr_fn *f = NULL;
	struct __kernel_timespec ts;
	int i;

	for (i = 0; i < fns.n && !strcmp(sc, "pcvdso"); i++)
		if (fns.f[i].fn == VDSO_FN_CLOCK_GETTIME || fns.f[i].fn == VDSO_FN_CLOCK_GETTIME64)
			f = &fns.f[i];
	while (!go) {
		if (f)
			vdso_call_int(f->addr, 1, (long)&ts, 0, 0, 0);
		else
			raw_syscall0(__NR_sched_yield);
	}
}

int main(int argc, char **argv)
{
	const char *sc = argc > 1 ? argv[1] : "own", *arg = argc > 2 ? argv[2] : "0";
	char msg[300] = "";
	bool novdso = !strcmp(sc, "novdso");

	page = getauxval(AT_PAGESZ);
	if (install(SIGUSR1, on_usr1, novdso) || install(SIGUSR2, on_usr2, novdso))
		report("fail: rt_sigaction: %s%s\n", "", "");
	else if (getauxval(AT_SYSINFO_EHDR) && cr_fns_resolve(&fns, getauxval(AT_SYSINFO_EHDR)))
		report("fail: cannot resolve the vDSO%s%s\n", "", "");
	else if (!strcmp(sc, "pattern") && setup_pattern())
		report("fail: pattern setup%s%s\n", "", "");
	else if (!strcmp(sc, "novdso") && unmap_vdso())
		report("fail: cannot unmap the vDSO%s%s\n", "", "");
	else if (check(sc, arg, msg, sizeof(msg)))
		report("fail: before checkpoint: %s%s\n", msg, "");
	else if (novdso)	/* no signal: without a vDSO ppc64 returns via the stack */
		report("ready %s go=%s\n", sc, go_addr());
	else
		report("ready %s%s\n", sc, "");
	wait_for_go(sc);
	/* From here on: raw syscalls and the old pointers only (glibc's in the glibc scenario). */
	if (check(sc, arg, msg, sizeof(msg))) {
		report("fail: after restore: %s%s\n", msg, "");
		raw_exit(1);
	}
	report("ok %s%s\n", sc, "");
	raw_exit(0);
}
