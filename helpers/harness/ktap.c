/* The one KTAP version 1 writer: header, plan, results, diagnostics, totals, exit code. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ktap.h"
#include "rawsys.h"

static struct ktap_counts counts;

static const char *const directive[] = {
	[KTAP_PASS] = NULL,
	[KTAP_FAIL] = NULL,
	[KTAP_SKIP] = "SKIP",
	[KTAP_XFAIL] = "XFAIL",
	[KTAP_XPASS] = "XPASS",
	[KTAP_TIMEOUT] = "TIMEOUT",
	[KTAP_ERROR] = "ERROR",
};

void ktap_header(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n");
}

void ktap_plan(unsigned int n)
{
	printf("1..%u\n", n);
}

void ktap_skip_all(const char *fmt, ...)
{
	va_list ap;

	printf("1..0 # SKIP ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* A `#` in a name would start a directive for every reader: replace it. */
static void put_clean(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '#' || *s == '\n' ? '_' : *s);
}

static void put_reason(const char *s)
{
	for (; s && *s; s++)
		putchar(*s == '\n' ? ' ' : *s);
}

void ktap_result(unsigned int n, enum ktap_status status, const char *name, const char *reason)
{
	int ok = status == KTAP_PASS || status == KTAP_SKIP || status == KTAP_XFAIL ||
		 status == KTAP_XPASS;
	const char *dir = status <= KTAP_ERROR ? directive[status] : "ERROR";

	printf("%s %u ", ok ? "ok" : "not ok", n);
	put_clean(name);
	if (dir) {
		printf(" # %s", dir);
		if (reason && *reason)
			putchar(' ');
	} else if (reason && *reason) {
		printf(" # ");
	}
	put_reason(reason);
	putchar('\n');

	switch (status) {
	case KTAP_PASS: counts.pass++; break;
	case KTAP_SKIP: counts.skip++; break;
	case KTAP_XFAIL: counts.xfail++; break;
	case KTAP_XPASS: counts.xpass++; break;
	case KTAP_FAIL:
	case KTAP_TIMEOUT: counts.fail++; break;
	default: counts.error++; break;
	}
}

static void put_diag_lines(const char *text)
{
	const char *nl;

	do {
		nl = strchr(text, '\n');
		if (nl && nl[1] == '\0') {
			printf("# %.*s\n", (int)(nl - text), text);
			break;
		}
		if (nl)
			printf("# %.*s\n", (int)(nl - text), text);
		else
			printf("# %s\n", text);
		text = nl + 1;
	} while (nl);
}

void ktap_diag(const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put_diag_lines(buf);
}

void ktap_bail(const char *fmt, ...)
{
	va_list ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void ktap_totals(void)
{
	printf("# Totals: pass:%u fail:%u xfail:%u xpass:%u skip:%u error:%u\n",
	       counts.pass, counts.fail, counts.xfail, counts.xpass, counts.skip, counts.error);
	fflush(stdout);
}

const struct ktap_counts *ktap_counts(void)
{
	return &counts;
}

int ktap_exit_code(void)
{
	if (counts.fail || counts.error)
		return KSFT_FAIL;
	if (counts.xpass)
		return KSFT_XPASS;
	if (counts.pass)
		return KSFT_PASS;
	if (counts.xfail)
		return KSFT_XFAIL;
	return KSFT_SKIP;
}

long ktap_write_raw(int fd, const char *buf, unsigned long len)
{
	while (len) {
		long r = raw_write(fd, buf, len);

		if (r == -EINTR)
			continue;
		if (r < 0)
			return r;
		buf += r;
		len -= (unsigned long)r;
	}
	return 0;
}

/* vsnprintf makes no system call, so formatting is safe without the vDSO. */
void ktap_vdiag_raw(const char *fmt, va_list ap)
{
	char buf[2048];
	char out[sizeof(buf) + 64];
	unsigned long o = 0;
	int n, i;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	if ((unsigned int)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	out[o++] = '#';
	out[o++] = ' ';
	for (i = 0; i < n; i++) {
		if (o + 3 >= sizeof(out)) {
			ktap_write_raw(1, out, o);
			o = 0;
		}
		out[o++] = buf[i];
		if (buf[i] == '\n' && i + 1 < n) {
			out[o++] = '#';
			out[o++] = ' ';
		}
	}
	if (o && out[o - 1] != '\n')
		out[o++] = '\n';
	ktap_write_raw(1, out, o);
}

void ktap_diag_raw(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_vdiag_raw(fmt, ap);
	va_end(ap);
}
