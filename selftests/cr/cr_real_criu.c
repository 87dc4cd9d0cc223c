/* Real CRIU over the same synthetic processes and checks, where `criu check` passes here. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cr_run.h"
#include "harness.h"

FIXTURE(criu) {
	char dir[64];
	struct cr_proc p;
};

FIXTURE_VARIANT(criu) {
	const char *scenario;
	bool proxy;		/* CRIU_FAULT=127: force CRIU's vDSO proxy on restore */
};

FIXTURE_VARIANT_ADD(criu, own) { .scenario = "own" };
FIXTURE_VARIANT_ADD(criu, own_fault127) { .scenario = "own", .proxy = true };
FIXTURE_VARIANT_ADD(criu, glibc) { .scenario = "glibc" };
FIXTURE_VARIANT_ADD(criu, glibc_fault127) { .scenario = "glibc", .proxy = true };
FIXTURE_VARIANT_ADD(criu, signals) { .scenario = "signals" };
FIXTURE_VARIANT_ADD(criu, signals_fault127) { .scenario = "signals", .proxy = true };
FIXTURE_VARIANT_ADD(criu, pattern) { .scenario = "pattern" };
FIXTURE_VARIANT_ADD(criu, pattern_fault127) { .scenario = "pattern", .proxy = true };

FIXTURE_SETUP(criu)
{
	self->p.pid = -1;
	ASSERT_EQ(0, cr_run_tmpdir(self->dir, sizeof(self->dir)));
}

FIXTURE_TEARDOWN(criu)
{
	if (self->p.pid > 0)
		kill(self->p.pid, SIGKILL);
	cr_run_rmdir(self->dir);
}

/*
 * Runs cmd through the shell; out gets its first "Error" line that is not a
 * helper's exit status (criu reports iptables probes that way), else its last line.
 */
static int run(const char *cmd, char *out, unsigned long len)
{
	char line[512];
	FILE *f = popen(cmd, "r");
	int st;

	out[0] = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (strstr(line, "exited, status"))
			continue;
		if (!strstr(out, "Error") && line[0])
			snprintf(out, len, "%.300s", line);
	}
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool criu_usable(char *why, unsigned long len)
{
	char out[400];

	if (run("command -v criu 2>&1", out, sizeof(out))) {
		snprintf(why, len, "criu is not installed");
		return false;
	}
	if (run("criu check 2>&1", out, sizeof(out))) {
		snprintf(why, len, "criu check fails here: %s", out);
		return false;
	}
	return true;
}

TEST_F_TIMEOUT(criu, dump_restore, 60)
{
	char why[500], cmd[1024], out[400], link[64], path[64], line[400];
	unsigned long ehdr;
	long n;
	int st;

	if (!criu_usable(why, sizeof(why)))
		SKIP(return, "%s", why);
	/* criu -d leaves the restored task to init: become its reaper so we can wait for it. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	cr_run_null_stdio = true;
	ASSERT_EQ(0, cr_run_start(&self->p, variant->scenario, "0", false, why, sizeof(why)))
		TH_LOG("%s", why);
	ehdr = cr_auxv_ehdr(self->p.pid);
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", self->p.pid, CR_REPORT_FD);
	n = readlink(path, link, sizeof(link) - 1);
	ASSERT_LT(0, n);
	link[n] = 0;
	snprintf(cmd, sizeof(cmd), "criu dump -t %d -D %s --shell-job 2>&1", self->p.pid,
		 self->dir);
	ASSERT_EQ(0, run(cmd, out, sizeof(out))) TH_LOG("criu dump: %s", out);
	cr_run_reap(self->p.pid);
	snprintf(cmd, sizeof(cmd), "%scriu restore -D %s -d --shell-job --inherit-fd 'fd[%d]:%s' "
		 "2>&1", variant->proxy ? "CRIU_FAULT=127 " : "", self->dir, CR_REPORT_FD, link);
	ASSERT_EQ(0, run(cmd, out, sizeof(out))) TH_LOG("criu restore: %s", out);
	EXPECT_EQ(ehdr, cr_auxv_ehdr(self->p.pid));
	EXPECT_TRUE(cr_is_elf_at(self->p.pid, ehdr)) TH_LOG("AT_SYSINFO_EHDR is not an ELF");
	st = cr_run_finish(&self->p, self->p.pid, line, sizeof(line));
	self->p.pid = -1;
	EXPECT_EQ(0, st) TH_LOG("after criu restore: %s", line);
}

TEST_HARNESS_MAIN
