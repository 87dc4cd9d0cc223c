/* Cross-kernel C/R for the QEMU matrix: checkpoint on the old kernel, restore on the new one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cr_run.h"
#include "ktap.h"

/* Small on purpose: each image crosses the serial console base64-encoded. */
static const char *const scenarios[] = { "own", "signals" };
#define NR_SCENARIOS	(sizeof(scenarios) / sizeof(scenarios[0]))

static void checkpoint(const char *dir)
{
	unsigned int i;

	for (i = 0; i < NR_SCENARIOS; i++) {
		char sub[512], err[400];
		struct cr_result res;
		struct cr_proc p;

		snprintf(sub, sizeof(sub), "%s/%s", dir, scenarios[i]);
		cr_run_null_stdio = true;
		if (cr_run_start(&p, scenarios[i], "0", false, err, sizeof(err))) {
			ktap_result(i + 1, KTAP_FAIL, scenarios[i], err);
			continue;
		}
		if (cr_dump(p.pid, sub, 0, &res)) {
			ktap_diag("%s: %s", scenarios[i], res.msg);
			ktap_result(i + 1, KTAP_FAIL, scenarios[i], NULL);
		} else {
			ktap_diag("%s: %u VMAs, %lu bytes%s", scenarios[i], res.st.nr_vmas,
				  res.st.bytes, res.st.was_proxied ? ", ran on a proxy" : "");
			ktap_result(i + 1, KTAP_PASS, scenarios[i], NULL);
		}
		cr_run_reap(p.pid);
		close(p.rfd);
	}
}

static void restore_one(unsigned int n, const char *sub, const char *name)
{
	char line[400];
	struct cr_result res;
	struct cr_proc p = { .pid = -1 };
	int fds[2], pid, st;

	if (pipe(fds) || dup2(fds[1], CR_REPORT_FD) < 0) {
		ktap_result(n, KTAP_FAIL, name, "no report pipe");
		return;
	}
	close(fds[1]);
	p.rfd = fds[0];
	if (cr_restore(sub, 0, &pid, &res)) {
		/* A kernel pair whose address spaces differ cannot carry this image at all. */
		ktap_diag("%s: %s", name, res.msg);
		ktap_result(n, res.status == CR_E_KERNEL ? KTAP_SKIP : KTAP_FAIL, name,
			    res.status == CR_E_KERNEL ? res.msg : NULL);
		close(p.rfd);
		return;
	}
	close(CR_REPORT_FD);
	ktap_diag("%s: vDSO %s, %u entries redirected", name, cr_strategy_name(res.st.strategy),
		  res.st.nr_redirected);
	st = cr_run_finish(&p, pid, line, sizeof(line));
	if (st)
		ktap_diag("%s: exit %d: %s", name, st, line);
	ktap_result(n, st ? KTAP_FAIL : KTAP_PASS, name, NULL);
	close(p.rfd);
}

static void restore(const char *dir)
{
	unsigned int i;

	for (i = 0; i < NR_SCENARIOS; i++) {
		char sub[512];
		struct stat st;

		snprintf(sub, sizeof(sub), "%s/%s", dir, scenarios[i]);
		if (stat(sub, &st))
			ktap_result(i + 1, KTAP_SKIP, scenarios[i],
				    "not in the checkpointed image");
		else
			restore_one(i + 1, sub, scenarios[i]);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "checkpoint") && strcmp(argv[1], "restore"))) {
		fprintf(stderr, "usage: matrix-hook checkpoint|restore DIR\n");
		return 2;
	}
	if (mkdir(argv[2], 0700) && errno != EEXIST) {
		fprintf(stderr, "matrix-hook: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	ktap_header();
	ktap_plan(NR_SCENARIOS);
	if (!strcmp(argv[1], "checkpoint"))
		checkpoint(argv[2]);
	else
		restore(argv[2]);
	ktap_totals();
	return ktap_exit_code();
}
