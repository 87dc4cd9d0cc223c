/* A tiny buffered line reader on raw syscalls, shared by the maps, smaps and auxv readers. */
#include <fcntl.h>
#include "rawsys.h"
#include "lineread.h"

int lr_open(struct line_reader *r, const char *path)
{
	long fd = raw_open(path, O_RDONLY | O_CLOEXEC, 0);

	if (fd < 0)
		return (int)fd;
	r->fd = (int)fd;
	r->len = 0;
	r->pos = 0;
	return 0;
}

static int lr_fill(struct line_reader *r)
{
	long n;

	do {
		n = raw_read(r->fd, r->buf, sizeof(r->buf));
	} while (n == -EINTR);
	if (n < 0)
		return (int)n;
	r->len = (unsigned int)n;
	r->pos = 0;
	return n > 0;
}

int lr_next(struct line_reader *r, char *line, unsigned int max)
{
	unsigned int n = 0;
	int got = 0, ret;

	for (;;) {
		if (r->pos == r->len) {
			ret = lr_fill(r);
			if (ret < 0)
				return ret;
			if (ret == 0)
				break;
		}
		got = 1;
		char c = r->buf[r->pos++];

		if (c == '\n')
			break;
		if (n + 1 < max)
			line[n++] = c;
	}
	if (max)
		line[n] = '\0';
	return got;
}

void lr_close(struct line_reader *r)
{
	raw_close(r->fd);
	r->fd = -1;
}

static unsigned int put_str(char *buf, unsigned int pos, unsigned int len, const char *s)
{
	while (*s && pos + 1 < len)
		buf[pos++] = *s++;
	return pos;
}

void proc_path(char *buf, unsigned int len, int pid, const char *file)
{
	char digits[12];
	unsigned int pos, nd = 0;
	unsigned int v = (unsigned int)pid;

	pos = put_str(buf, 0, len, "/proc/");
	if (pid == 0) {
		pos = put_str(buf, pos, len, "self");
	} else {
		do {
			digits[nd++] = (char)('0' + v % 10);
			v /= 10;
		} while (v && nd < sizeof(digits));
		while (nd && pos + 1 < len)
			buf[pos++] = digits[--nd];
	}
	pos = put_str(buf, pos, len, "/");
	pos = put_str(buf, pos, len, file);
	buf[pos] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

unsigned long parse_hex(const char **s)
{
	unsigned long v = 0;
	int d;

	while ((d = hex_digit(**s)) >= 0) {
		v = (v << 4) | (unsigned long)d;
		(*s)++;
	}
	return v;
}

unsigned long parse_dec(const char **s)
{
	unsigned long v = 0;

	while (**s >= '0' && **s <= '9') {
		v = v * 10 + (unsigned long)(**s - '0');
		(*s)++;
	}
	return v;
}
