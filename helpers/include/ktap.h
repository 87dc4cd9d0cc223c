/* The project's one KTAP version 1 writer, for the harness and for any other test program. */
#ifndef VDSOTEST_KTAP_H
#define VDSOTEST_KTAP_H

#include <stdarg.h>

enum ktap_status {
	KTAP_PASS,
	KTAP_FAIL,
	KTAP_SKIP,
	KTAP_XFAIL,
	KTAP_XPASS,
	KTAP_TIMEOUT,	/* counted as a failure in the totals */
	KTAP_ERROR,	/* the test could not give a verdict (e.g. asserted nothing) */
};

/* kselftest's exit codes. */
#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_XFAIL	2
#define KSFT_XPASS	3
#define KSFT_SKIP	4

struct ktap_counts {
	unsigned int pass, fail, xfail, xpass, skip, error;
};

/* `KTAP version 1`; also makes stdout line-buffered so a fork never duplicates output. */
void ktap_header(void);
/* `1..n` */
void ktap_plan(unsigned int n);
/* `1..0 # SKIP reason`: the whole program has nothing to run here. */
void ktap_skip_all(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * `ok n name`, `not ok n name`, with `# SKIP|XFAIL|XPASS|TIMEOUT|ERROR reason`
 * after the name; a failure's reason, if any, follows a bare `# `. Counts it.
 */
void ktap_result(unsigned int n, enum ktap_status status, const char *name, const char *reason);
/*
 * `# text` diagnostic lines through stdio (one per line of the formatted text).
 * Not in a harness test child: use TH_LOG there, or ktap_diag_raw.
 */
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `Bail out! text`: the program cannot go on. */
void ktap_bail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `# Totals: pass:N fail:N xfail:N xpass:N skip:N error:N` of every ktap_result so far. */
void ktap_totals(void);
const struct ktap_counts *ktap_counts(void);
/*
 * The exit code for the results so far: 1 any fail/timeout/error, else 3 any
 * xpass, else 0 any pass, else 2 any xfail, else 4 (everything skipped).
 */
int ktap_exit_code(void);

/*
 * Diagnostic written with a raw write(2) on fd 1, without stdio or libc
 * syscall wrappers: safe after the vDSO was moved or unmapped, and in a
 * forked child whose stdio buffers must not be flushed twice.
 */
void ktap_diag_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ktap_vdiag_raw(const char *fmt, va_list ap);
/* Raw write of a whole buffer to fd; returns 0 or -errno. */
long ktap_write_raw(int fd, const char *buf, unsigned long len);

#endif
