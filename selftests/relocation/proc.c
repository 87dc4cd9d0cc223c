/* Small process helpers of the relocation tests: children, self-exec, shared memory, uname. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include "rawsys.h"
#include "reloc.h"

int reloc_in_child(int (*fn)(void *arg), void *arg)
{
	int status = 0;
	long pid = raw_fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		raw_prctl(4 /* PR_SET_DUMPABLE */, 0, 0);
		raw_exit(fn(arg));
	}
	if (raw_wait(pid, &status) != pid)
		return -1;
	return status;
}

int reloc_exec_report_fd(const char *env)
{
	extern char **environ;
	unsigned long len = strlen(env);
	const char *v = NULL;
	int i, fd = 0;

	for (i = 0; environ && environ[i] && !v; i++)
		if (!strncmp(environ[i], env, len))
			v = environ[i] + len;
	if (!v)
		return -1;
	while (*v >= '0' && *v <= '9')
		fd = fd * 10 + *v++ - '0';
	return fd;
}

long reloc_exec_self(const char *env, const char *argv0, void *rep, unsigned long len,
		     int *status)
{
	char var[64];
	int fds[2];
	long pid, n;

	n = raw_pipe(fds);
	if (n)
		return n;
	snprintf(var, sizeof(var), "%s%d", env, fds[1]);
	pid = raw_fork();
	if (!pid) {
		char *argv[] = { (char *)argv0, NULL }, *envp[] = { var, NULL };

		raw_close(fds[0]);
		raw_execve("/proc/self/exe", argv, envp);
		raw_exit(127);
	}
	raw_close(fds[1]);
	n = pid < 0 ? pid : raw_read(fds[0], rep, len);
	raw_close(fds[0]);
	if (pid > 0 && raw_wait(pid, status) != pid)
		return -ECHILD;
	return n;
}

void *reloc_shared(unsigned long len)
{
	long r = raw_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return raw_mmap_failed(r) ? NULL : (void *)r;
}

void reloc_kernel_version(unsigned int *major, unsigned int *minor)
{
	static struct utsname u;
	const char *p = u.release;

	*major = *minor = 0;
	if (raw_uname(&u))
		return;
	while (*p >= '0' && *p <= '9')
		*major = *major * 10 + *p++ - '0';
	if (*p++ != '.')
		return;
	while (*p >= '0' && *p <= '9')
		*minor = *minor * 10 + *p++ - '0';
}

void reloc_clocksource(char *buf, unsigned long len)
{
	long fd = raw_open("/sys/devices/system/clocksource/clocksource0/current_clocksource",
			   O_RDONLY, 0);
	long n = fd < 0 ? -1 : raw_read((int)fd, buf, len - 1);

	if (fd >= 0)
		raw_close((int)fd);
	if (n <= 0) {
		snprintf(buf, len, "?");
		return;
	}
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}
