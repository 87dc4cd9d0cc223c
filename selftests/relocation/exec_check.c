/* fork+exec of the running test program: its fresh vDSO must be consistent and work. */
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "harness.h"
#include "rawsys.h"
#include "vdso.h"
#include "reloc.h"

struct exec_report {
	long status;
	unsigned long ehdr, vdso_start;
	int checked;
	char msg[200];
};

#define EXEC_ENV "VDSOTEST_RELOC_EXEC="

static long long ns_of(long long sec, long long nsec)
{
	return sec * 1000000000LL + nsec;
}

/* A fresh process may use libc's clock_gettime (through its own vDSO): bracket it too. */
static int libc_clock_off(char *msg, unsigned long len)
{
	struct __kernel_timespec t0, t1;
	struct timespec g;
	long long n;

	raw_clock_gettime(1, &t0);
	if (clock_gettime(CLOCK_MONOTONIC, &g)) {
		snprintf(msg, len, "libc clock_gettime failed");
		return 1;
	}
	raw_clock_gettime(1, &t1);
	n = ns_of(g.tv_sec, g.tv_nsec);
	if (n < ns_of(t0.tv_sec, t0.tv_nsec) || n > ns_of(t1.tv_sec, t1.tv_nsec)) {
		snprintf(msg, len, "libc clock_gettime %lld ns outside the syscall bracket", n);
		return 1;
	}
	return 0;
}

/* The exec'd copy of a test program lands here before main: check, report, exit. */
static void __attribute__((constructor)) reloc_exec_child(void)
{
	struct exec_report rep = { 0 };
	struct vdso_layout l;
	int fd = reloc_exec_report_fd(EXEC_ENV);

	if (fd < 0)
		return;
	rep.status = vdso_layout_read(&l);
	if (rep.status) {
		snprintf(rep.msg, sizeof(rep.msg), "vdso_layout_read: %ld", rep.status);
	} else {
		rep.ehdr = l.ehdr;
		rep.vdso_start = l.vdso.start;
		rep.checked = reloc_time_calls(l.vdso.start, l.vdso.end - l.vdso.start, rep.msg,
					       sizeof(rep.msg));
		rep.status = rep.checked < 0;
	}
	if (!rep.status && libc_clock_off(rep.msg, sizeof(rep.msg)))
		rep.status = 1;
	raw_write(fd, &rep, sizeof(rep));
	raw_exit(0);
}

void reloc_check_exec(struct __test_metadata *_metadata)
{
	struct exec_report rep;
	int status = 0;
	long n = reloc_exec_self(EXEC_ENV, "reloc-exec-child", &rep, sizeof(rep), &status);

	ASSERT_LE(0, n) TH_LOG("fork+exec of this program: %ld", n);
	ASSERT_TRUE(RAW_WIFEXITED(status) && RAW_WEXITSTATUS(status) == 0)
		TH_LOG("exec'd child: wait status %#x", status);
	ASSERT_EQ((long)sizeof(rep), n) TH_LOG("the exec'd child sent no report");
	ASSERT_EQ(0, rep.status) TH_LOG("exec'd child: %s", rep.msg);
	/*
	 * Fresh means consistent: its auxv names its [vdso] (the mover's no
	 * longer does). The address itself is random and may repeat the
	 * parent's, so it is not compared.
	 */
	ASSERT_EQ(rep.ehdr, rep.vdso_start) TH_LOG("exec'd child: AT_SYSINFO_EHDR is not [vdso]");
	ASSERT_NE(0UL, rep.vdso_start);
	ASSERT_LT(0, rep.checked);
}
