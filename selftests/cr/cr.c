/* The cr tool: dump, restore and time checkpoint/restore cycles with the suite's engine. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cr_run.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: cr dump PID DIR [--leave-running]\n"
		"       cr restore DIR [--force-proxy]     (waits for the restored task)\n"
		"       cr bench [CYCLES] [--force-proxy]  (times dump+restore of cr_synth own)\n"
		"exit codes: 0 ok, 2 usage, 3 bad image, 4 system error,\n"
		"            5 vDSO cannot be placed, 6 image cannot exist on this kernel\n");
	exit(CR_E_USAGE);
}

static bool has_flag(int argc, char **argv, const char *flag)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], flag))
			return true;
	return false;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int do_restore(const char *dir, unsigned int flags)
{
	struct cr_result res;
	int pid, st;

	if (cr_restore(dir, flags, &pid, &res)) {
		fprintf(stderr, "cr restore: %s\n", res.msg);
		return res.status;
	}
	fprintf(stderr, "cr restore: pid %d, vDSO %s, %u VMAs, %lu bytes\n", pid,
		cr_strategy_name(res.st.strategy), res.st.nr_vmas, res.st.bytes);
	if (waitpid(pid, &st, 0) != pid)
		return CR_E_SYS;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* One process, checkpointed and restored CYCLES times in a row; prints per-cycle and medians. */
static int bench(int cycles, unsigned int flags)
{
	double *d = calloc(cycles, sizeof(double)), *r = calloc(cycles, sizeof(double)), t;
	struct cr_result res;
	struct cr_proc p;
	char dir[64], err[400], line[400];
	int i, pid, st;

	if (!d || !r || cr_run_tmpdir(dir, sizeof(dir)) ||
	    cr_run_start(&p, "own", "0", false, err, sizeof(err))) {
		fprintf(stderr, "cr bench: %s\n", err);
		return CR_E_SYS;
	}
	pid = p.pid;
	for (i = 0; i < cycles; i++) {
		t = now_ms();
		if (cr_dump(pid, dir, 0, &res))
			break;
		d[i] = now_ms() - t;
		cr_run_reap(pid);
		t = now_ms();
		if (cr_restore(dir, flags, &pid, &res))
			break;
		r[i] = now_ms() - t;
		printf("cycle %d: dump %.3f ms restore %.3f ms (%s)\n", i, d[i], r[i],
		       cr_strategy_name(res.st.strategy));
	}
	if (i < cycles) {
		fprintf(stderr, "cr bench: cycle %d: %s\n", i, res.msg);
		return res.status;
	}
	st = cr_run_finish(&p, pid, line, sizeof(line));
	cr_run_rmdir(dir);
	qsort(d, cycles, sizeof(double), cmp_double);
	qsort(r, cycles, sizeof(double), cmp_double);
	printf("cr_bench cycles=%d dump_ms_median=%.3f restore_ms_median=%.3f "
	       "cycle_ms_median=%.3f verdict=\"%s\"\n", cycles, d[cycles / 2], r[cycles / 2],
	       d[cycles / 2] + r[cycles / 2], line);
	return st ? CR_E_SYS : 0;
}

int main(int argc, char **argv)
{
	struct cr_result res;
	unsigned int rflags = has_flag(argc, argv, "--force-proxy") ? CR_RESTORE_FORCE_PROXY : 0;

	if (argc >= 4 && !strcmp(argv[1], "dump")) {
		unsigned int dflags = has_flag(argc, argv, "--leave-running") ?
				      CR_DUMP_LEAVE_RUNNING : 0;

		if (cr_dump(atoi(argv[2]), argv[3], dflags, &res))
			fprintf(stderr, "cr dump: %s\n", res.msg);
		return res.status;
	}
	if (argc >= 3 && !strcmp(argv[1], "restore"))
		return do_restore(argv[2], rflags);
	if (argc >= 2 && !strcmp(argv[1], "bench"))
		return bench(argc >= 3 && atoi(argv[2]) > 0 ? atoi(argv[2]) : 10, rflags);
	usage();
}
