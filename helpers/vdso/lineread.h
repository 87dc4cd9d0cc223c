/* Line reader over a raw file descriptor for the /proc parsers in helpers/vdso (no libc). */
#ifndef VDSO_LINEREAD_H
#define VDSO_LINEREAD_H

struct line_reader {
	int fd;
	unsigned int len, pos;
	char buf[2048];
};

/* Opens path read-only; returns 0 or -errno. */
int lr_open(struct line_reader *r, const char *path);
/*
 * Copies the next line (without '\n', NUL-terminated, truncated to max-1)
 * into line; returns 1, 0 at end of file, or -errno.
 */
int lr_next(struct line_reader *r, char *line, unsigned int max);
void lr_close(struct line_reader *r);

/* Builds "/proc/self/<file>" (pid 0) or "/proc/<pid>/<file>" into buf. */
void proc_path(char *buf, unsigned int len, int pid, const char *file);

/* Parses hex digits at *s, advancing it; returns the value. */
unsigned long parse_hex(const char **s);
unsigned long parse_dec(const char **s);

#endif
