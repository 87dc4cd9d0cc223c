/* Checkpoint+restore cycles of an idle synthetic process with the project's C/R engine. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"
#include "cr.h"
#include "rawsys.h"

#define MAX_CYCLES	BENCH_MAX_SAMPLES
#define READY_FD	3
/* How long a restored process must keep running before it counts as restored. */
#define ALIVE_NS	5000000L

static volatile unsigned long spin;

/* The simplest synthetic process: says it is ready, then spins without syscalls. */
void __attribute__((noreturn)) bench_cr_target(void)
{
	raw_write(READY_FD, "r", 1);
	raw_close(READY_FD);
	for (;;)
		spin++;
}

static pid_t start_target(const char *self, char *err, size_t len)
{
	char *const argv[] = { (char *)self, "--cr-target", NULL };
	int fds[2];
	char c;
	pid_t pid;

	if (pipe(fds)) {
		snprintf(err, len, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (!pid) {
		close(fds[0]);
		if (dup2(fds[1], READY_FD) < 0)
			_exit(127);
		execv(self, argv);
		_exit(127);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &c, 1) != 1) {
		snprintf(err, len, "%s --cr-target did not start", self);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		pid = -1;
	}
	close(fds[0]);
	return pid;
}

static double ms_since(long long t0)
{
	return (bench_now_ns() - t0) / 1e6;
}

/* Still running ALIVE_NS after the restore, then killed by us: the restore worked. */
static int check_restored(pid_t pid, char *err, size_t len)
{
	struct timespec ts = { 0, ALIVE_NS };
	int status;

	nanosleep(&ts, NULL);
	if (waitpid(pid, &status, WNOHANG) == pid) {
		snprintf(err, len, "restored process ended on its own (status 0x%x)", status);
		return -1;
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
		snprintf(err, len, "restored process ended with status 0x%x", status);
		return -1;
	}
	return 0;
}

static int one_cycle(const char *self, const char *dir, double *dump, double *restore,
		     struct cr_result *res, char *err, size_t len)
{
	long long t0;
	pid_t pid = start_target(self, err, len), rpid;

	if (pid < 0)
		return -1;
	t0 = bench_now_ns();
	if (cr_dump(pid, dir, 0, res)) {
		snprintf(err, len, "cr_dump: %s", res->msg);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	*dump = ms_since(t0);
	waitpid(pid, NULL, 0);
	t0 = bench_now_ns();
	if (cr_restore(dir, 0, &rpid, res)) {
		snprintf(err, len, "cr_restore: %s", res->msg);
		return -1;
	}
	*restore = ms_since(t0);
	return check_restored(rpid, err, len);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void stats_json(const char *name, const double *v, int n)
{
	double lo = v[0], hi = v[0];
	int i;

	for (i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	printf(", \"%s\": {\"median\": %.3f, \"min\": %.3f, \"max\": %.3f, \"samples\": [", name,
	       bench_median(v, n), lo, hi);
	for (i = 0; i < n; i++)
		printf("%s%.3f", i ? ", " : "", v[i]);
	printf("]}");
}

void bench_cr_json(const struct bench_opts *o, const char *self)
{
	double dump[MAX_CYCLES], restore[MAX_CYCLES], cycle[MAX_CYCLES];
	char base[] = "/tmp/vdso_bench_cr.XXXXXX", dir[64], err[400] = "";
	struct cr_result res;
	int i, n = o->cr_cycles < MAX_CYCLES ? o->cr_cycles : MAX_CYCLES;

	memset(&res, 0, sizeof(res));
	printf(",\n\"cr\": {\"engine\": \"cr_dump + cr_restore of libvdsotest (helpers/cr)\", "
	       "\"target\": \"vdso_bench --cr-target: a static process spinning in user space\", "
	       "\"timer\": \"raw clock_gettime(CLOCK_MONOTONIC) around each call\", ");
	if (!mkdtemp(base)) {
		printf("\"status\": \"not measurable\", \"reason\": ");
		snprintf(err, sizeof(err), "mkdtemp %s: %s", base, strerror(errno));
		bench_json_str(err);
		printf("}");
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), "%s/%d", base, i);
		if (one_cycle(self, dir, &dump[i], &restore[i], &res, err, sizeof(err)))
			break;
		cycle[i] = dump[i] + restore[i];
	}
	nftw(base, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	if (i < n) {
		printf("\"status\": \"failed\", \"cycle\": %d, \"reason\": ", i);
		bench_json_str(err);
		printf("}");
		return;
	}
	printf("\"status\": \"ok\", \"cycles\": %d, \"strategy\": \"%s\", \"nr_vmas\": %u, "
	       "\"bytes\": %lu", n, cr_strategy_name(res.st.strategy), res.st.nr_vmas,
	       res.st.bytes);
	stats_json("dump_ms", dump, n);
	stats_json("restore_ms", restore, n);
	stats_json("cycle_ms", cycle, n);
	printf("}");
}
