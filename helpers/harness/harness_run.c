/* The harness's parent side: registration, selection (CLI), fork/wait with timeout, verdicts. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "ktap.h"
#include "rawsys.h"

struct __fixture_metadata __th_global_fixture = { .name = "global", .line = 0 };

static struct __fixture_metadata *fixtures;
static struct __th_test *tests;

struct xfail {
	const char *fixture, *variant, *test;
	struct xfail *next;
};
static struct xfail *xfails;

/* Constructors may run in any order: keep every list in source-line order. */
#define INSERT_BY_LINE(head, item) do {						\
		__typeof__(head) *pp = &(head);						\
		while (*pp && (*pp)->line <= (item)->line)				\
			pp = &(*pp)->next;						\
		(item)->next = *pp;							\
		*pp = (item);								\
	} while (0)

void __th_register_fixture(struct __fixture_metadata *f)
{
	INSERT_BY_LINE(fixtures, f);
}

void __th_register_test(struct __th_test *t)
{
	static int global_registered;

	if (t->fixture == &__th_global_fixture && !global_registered) {
		global_registered = 1;
		__th_register_fixture(&__th_global_fixture);
	}
	INSERT_BY_LINE(tests, t);
}

void __th_register_variant(struct __fixture_metadata *f, struct __th_variant *v)
{
	INSERT_BY_LINE(f->variants, v);
}

void __th_register_xfail(const char *fixture, const char *variant, const char *test)
{
	struct xfail *x = calloc(1, sizeof(*x));

	if (!x)
		abort();
	x->fixture = fixture;
	x->variant = variant;
	x->test = test;
	x->next = xfails;
	xfails = x;
}

/* ---- selection ---------------------------------------------------------------------------- */

#define MAX_FILTERS 64
struct filter {
	const char *items[MAX_FILTERS];
	int n;
};
/* Include filters: OR within one option, AND across options; excludes always win. */
static struct filter want_test, want_fixture, want_variant, want_full;
static struct filter skip_test, skip_fixture, skip_variant;

static void filter_add(struct filter *f, const char *s)
{
	if (f->n == MAX_FILTERS) {
		fprintf(stderr, "harness: too many filters (max %d)\n", MAX_FILTERS);
		exit(KSFT_FAIL);
	}
	f->items[f->n++] = s;
}

static int filter_has(const struct filter *f, const char *s)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->items[i], s))
			return 1;
	return 0;
}

static int filter_ok(const struct filter *want, const struct filter *skip, const char *s)
{
	if (filter_has(skip, s))
		return 0;
	return !want->n || filter_has(want, s);
}

static const char *variant_name(const struct __th_variant *v)
{
	return v ? v->name : "";
}

static void full_name(char *buf, size_t len, const struct __th_test *t,
		      const struct __th_variant *v)
{
	if (v)
		snprintf(buf, len, "%s.%s.%s", t->fixture->name, v->name, t->name);
	else
		snprintf(buf, len, "%s.%s", t->fixture->name, t->name);
}

static int selected(const struct __th_test *t, const struct __th_variant *v)
{
	char name[512];

	full_name(name, sizeof(name), t, v);
	return filter_ok(&want_test, &skip_test, t->name) &&
	       filter_ok(&want_fixture, &skip_fixture, t->fixture->name) &&
	       filter_ok(&want_variant, &skip_variant, variant_name(v)) &&
	       (!want_full.n || filter_has(&want_full, name));
}

/* Calls fn for every selected (test, variant) pair, fixture by fixture, in source order. */
static unsigned int for_each_run(void (*fn)(const struct __th_test *,
					    const struct __th_variant *, unsigned int))
{
	unsigned int n = 0;

	for (const struct __fixture_metadata *f = fixtures; f; f = f->next) {
		const struct __th_variant *v = f->variants;

		do {
			for (const struct __th_test *t = tests; t; t = t->next) {
				if (t->fixture != f || !selected(t, v))
					continue;
				n++;
				if (fn)
					fn(t, v, n);
			}
			v = v ? v->next : NULL;
		} while (v);
	}
	return n;
}

static int is_xfail(const struct __th_test *t, const struct __th_variant *v)
{
	for (const struct xfail *x = xfails; x; x = x->next)
		if (!strcmp(x->fixture, t->fixture->name) &&
		    !strcmp(x->variant, variant_name(v)) && !strcmp(x->test, t->name))
			return 1;
	return 0;
}

/* ---- running one test --------------------------------------------------------------------- */

static struct __test_metadata *shared_md;
static volatile sig_atomic_t running_pgid;
static sigset_t fatal_signals;		/* the ones on_fatal_signal handles */

static const char *const signal_names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
	[SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO", [SIGSYS] = "SIGSYS",
};

static const char *signal_name(int sig, char *buf, size_t len)
{
	if (sig > 0 && (size_t)sig < sizeof(signal_names) / sizeof(signal_names[0]) &&
	    signal_names[sig])
		return signal_names[sig];
	snprintf(buf, len, "signal %d", sig);
	return buf;
}

static __attribute__((noreturn)) void child_main(const struct __th_test *t,
						 const struct __th_variant *v)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t none;

	setpgid(0, 0);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* A crash is an expected outcome here: don't make the kernel write a core for it. */
	setrlimit(RLIMIT_CORE, &no_core);

	__th_run_plain(shared_md, v ? v->data : NULL, t->fn);
	shared_md->finished = 1;
	/* No libc exit: atexit handlers and stdio may need the vDSO the test removed. */
	raw_exit(0);
}

/* A runner that times the whole program out must not leave our test child behind. */
static void on_fatal_signal(int sig)
{
	if (running_pgid > 0)
		kill(-running_pgid, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Waits up to secs seconds for pid to exit; 1 on timeout. The child is left
 * unreaped (WNOWAIT) so its pid, the group's id, cannot be reused before the
 * caller has killed the group.
 */
static int wait_child(pid_t pid, int secs)
{
	long long left_ms = (long long)secs * 1000;
	int fd = -1, timed_out = 1;

#ifdef SYS_pidfd_open
	fd = syscall(SYS_pidfd_open, pid, 0);
#endif
	while (left_ms > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int step = left_ms > 1000 ? 1000 : (int)left_ms;
		siginfo_t si = { 0 };

		if (waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 && errno != EINTR) {
			perror("harness: waitid");
			exit(KSFT_FAIL);
		}
		if (si.si_pid == pid) {
			timed_out = 0;
			break;
		}
		/* Polls in one-second steps so EINTR never restarts the full timeout. */
		if (fd >= 0 && poll(&pfd, 1, step) < 0 && errno != EINTR) {
			close(fd);	/* unusable: fall back to sleeping */
			fd = -1;
		}
		if (fd < 0) {
			step = 10;
			nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
		}
		left_ms -= step;
	}
	if (fd >= 0)
		close(fd);
	return timed_out;
}

/*
 * Emulators (QEMU TCG) run tests many times slower than hardware: the
 * VDSOTEST_TIMEOUT_MULTIPLIER environment variable scales every test's
 * timeout instead of each test guessing.
 */
static int timeout_multiplier(void)
{
	const char *env = getenv("VDSOTEST_TIMEOUT_MULTIPLIER");
	char *end;
	long m;

	if (!env || !*env)
		return 1;
	m = strtol(env, &end, 10);
	if (*end || m < 1 || m > 1000) {
		fprintf(stderr, "harness: VDSOTEST_TIMEOUT_MULTIPLIER=%s: want an integer 1..1000\n",
			env);
		exit(KSFT_FAIL);
	}
	return (int)m;
}

static int multiplier = 1;

static enum ktap_status verdict(const struct __th_test *t, int timed_out, int status,
				char *reason, size_t len)
{
	const struct __test_metadata *md = shared_md;
	char sb[32], tb[32];

	reason[0] = '\0';
	if (timed_out) {
		snprintf(reason, len, "terminated by timeout after %d s", t->timeout * multiplier);
		return KTAP_TIMEOUT;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) != t->termsig) {
		snprintf(reason, len, "terminated by %s",
			 signal_name(WTERMSIG(status), sb, sizeof(sb)));
		return KTAP_FAIL;
	}
	if (md->failures) {
		snprintf(reason, len, "%u of %u assertions failed", md->failures, md->asserts);
		return KTAP_FAIL;
	}
	if (WIFSIGNALED(status))	/* the signal the test expects */
		return KTAP_PASS;
	if (!md->finished && WEXITSTATUS(status) == KSFT_SKIP && !md->skip) {
		snprintf(reason, len, "exited with KSFT_SKIP");
		return KTAP_SKIP;
	}
	if (!md->finished && WEXITSTATUS(status)) {
		snprintf(reason, len, "exited with status %d", WEXITSTATUS(status));
		return KTAP_FAIL;
	}
	if (md->skip) {
		snprintf(reason, len, "%s", md->skip_reason);
		return KTAP_SKIP;
	}
	if (t->termsig) {
		snprintf(reason, len, "exited instead of dying from %s",
			 signal_name(t->termsig, tb, sizeof(tb)));
		return KTAP_FAIL;
	}
	if (!md->asserts) {
		snprintf(reason, len, "no assertion was evaluated");
		return KTAP_ERROR;
	}
	return KTAP_PASS;
}

static void run_one(const struct __th_test *t, const struct __th_variant *v, unsigned int n)
{
	char name[512], reason[512];
	enum ktap_status st;
	int status = 0, timed_out;
	sigset_t old_mask;
	pid_t pid;

	full_name(name, sizeof(name), t, v);
	memset(shared_md, 0, sizeof(*shared_md));
	shared_md->name = name;
	shared_md->passed = 1;

	fflush(stdout);
	fflush(stderr);
	/* Until running_pgid is set, a fatal signal would not know whom to kill. */
	sigprocmask(SIG_BLOCK, &fatal_signals, &old_mask);
	pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		ktap_diag("%s: fork: %s", name, strerror(errno));
		ktap_result(n, KTAP_ERROR, name, "fork failed");
		return;
	}
	if (pid == 0)
		child_main(t, v);

	setpgid(pid, pid);
	running_pgid = pid;
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	timed_out = wait_child(pid, t->timeout * multiplier);
	/* Kill the whole group: on timeout, and any helper the test left running. */
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	running_pgid = 0;

	st = verdict(t, timed_out, status, reason, sizeof(reason));
	if (is_xfail(t, v)) {
		if (st == KTAP_FAIL || st == KTAP_TIMEOUT) {
			st = KTAP_XFAIL;
		} else if (st == KTAP_PASS) {
			st = KTAP_XPASS;
			snprintf(reason, sizeof(reason), "expected to fail");
		}
	}
	if (st == KTAP_TIMEOUT)
		ktap_diag("%s: %s", name, reason);
	ktap_result(n, st, name, reason);
}

/* ---- main --------------------------------------------------------------------------------- */

static void list_one(const struct __th_test *t, const struct __th_variant *v, unsigned int n)
{
	char name[512];

	full_name(name, sizeof(name), t, v);
	printf("%s\n", name);
}

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [-h] [-l] [-t TEST] [-T TEST] [-f FIXTURE] [-F FIXTURE]\n"
		"          [-v VARIANT] [-V VARIANT] [-r FIXTURE.VARIANT.TEST]\n"
		"  -l  list the selected tests' full names and exit\n"
		"  -t/-T  run / skip tests of this name    -f/-F  run / skip this fixture\n"
		"  -v/-V  run / skip this variant          -r  run this full name\n"
		"Options repeat; the same option ORs, different options AND, exclusions win.\n"
		"Output is KTAP version 1. Exit: 0 passed (skips allowed), 1 a failure, error,\n"
		"timeout or crash, 3 an XPASS, 2 only XFAILs (and skips), 4 everything skipped.\n"
		"VDSOTEST_TIMEOUT_MULTIPLIER=N multiplies every test's timeout (emulators).\n",
		argv0);
}

int __th_main(int argc, char **argv)
{
	static const int fatal[] = { SIGTERM, SIGINT, SIGHUP, SIGPIPE };
	int list = 0, opt;
	unsigned int n;

	while ((opt = getopt(argc, argv, "hlt:T:f:F:v:V:r:")) != -1) {
		switch (opt) {
		case 'l': list = 1; break;
		case 't': filter_add(&want_test, optarg); break;
		case 'T': filter_add(&skip_test, optarg); break;
		case 'f': filter_add(&want_fixture, optarg); break;
		case 'F': filter_add(&skip_fixture, optarg); break;
		case 'v': filter_add(&want_variant, optarg); break;
		case 'V': filter_add(&skip_variant, optarg); break;
		case 'r': filter_add(&want_full, optarg); break;
		case 'h': usage(stdout, argv[0]); return KSFT_PASS;
		default: usage(stderr, argv[0]); return KSFT_FAIL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return KSFT_FAIL;
	}
	if (list) {
		for_each_run(list_one);
		return KSFT_PASS;
	}

	multiplier = timeout_multiplier();
	n = for_each_run(NULL);
	if (!n && tests) {
		fprintf(stderr, "%s: no test matches the given filters (see -l)\n", argv[0]);
		return KSFT_FAIL;
	}
	ktap_header();
	if (!n) {
		ktap_skip_all("no tests in this program");
		return KSFT_SKIP;
	}
	shared_md = mmap(NULL, sizeof(*shared_md), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared_md == MAP_FAILED) {
		ktap_bail("mmap of the shared result page: %s", strerror(errno));
		return KSFT_FAIL;
	}
	sigemptyset(&fatal_signals);
	for (unsigned int i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		sigaddset(&fatal_signals, fatal[i]);
		signal(fatal[i], on_fatal_signal);
	}

	ktap_plan(n);
	for_each_run(run_one);
	ktap_totals();
	return ktap_exit_code();
}
