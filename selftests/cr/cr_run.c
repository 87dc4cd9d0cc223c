/* Test-side helpers of the cr collection: launching synthetic processes and reading their state. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <link.h>
#include "cr_run.h"
#include "vdso.h"

bool cr_run_null_stdio;

static void null_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
}

void cr_run_path(const char *name, char *buf, unsigned long len)
{
	char exe[400];
	long n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	exe[n > 0 ? n : 0] = 0;
	slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	snprintf(buf, len, "%s/%s", exe, name);
}

/* Bounded so a wedged child fails the test instead of hanging it; not a timing check. */
static int read_line(int fd, char *buf, unsigned long len)
{
	unsigned long n = 0;
	struct pollfd p = { fd, POLLIN, 0 };

	while (n + 1 < len) {
		if (poll(&p, 1, 20000) <= 0 || read(fd, buf + n, 1) != 1)
			break;
		if (buf[n] == '\n')
			break;
		n++;
	}
	buf[n] = 0;
	return n ? 0 : -1;
}

static void *read_file(const char *path, unsigned long *len)
{
	struct stat st;
	void *p = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && !fstat(fd, &st) && (p = malloc(st.st_size)) &&
	    read(fd, p, st.st_size) != st.st_size) {
		free(p);
		p = NULL;
	}
	if (fd >= 0)
		close(fd);
	*len = p ? (unsigned long)st.st_size : 0;
	return p;
}

struct fit {
	const struct vdso_image *fake, *rt;
	char *dropped;
	unsigned long dlen;
	int n;
};

static int drop_if_missing(const struct vdso_sym *s, void *arg)
{
	struct fit *f = arg;
	ElfW(Sym) *sym = (ElfW(Sym) *)f->fake->symtab;
	unsigned long i;

	if (vdso_image_sym(f->rt, s->version, s->name))
		return 0;
	for (i = 0; i < f->fake->nsyms; i++)
		if (f->fake->strtab + sym[i].st_name == s->name) {
			sym[i].st_shndx = SHN_UNDEF;
			sym[i].st_info = 0;
		}
	snprintf(f->dropped + strlen(f->dropped), f->dlen - strlen(f->dropped), "%s%s",
		 f->n++ ? " " : "", s->name);
	return 0;
}

int cr_fake_fit(unsigned char *img, unsigned long len, char *dropped, unsigned long dlen)
{
	struct vdso_image fake, rt;
	struct vdso_layout l;
	struct fit f = { &fake, &rt, dropped, dlen, 0 };

	dropped[0] = 0;
	if (vdso_image_open(&fake, (unsigned long)img, len) || vdso_layout_read(&l) ||
	    !l.has_vdso || vdso_image_open(&rt, l.vdso.start, l.vdso.end - l.vdso.start))
		return -1;
	vdso_image_for_each(&fake, drop_if_missing, &f);
	return f.n;
}

int cr_run_start(struct cr_proc *p, const char *scenario, const char *arg, bool fake, char *err,
		 unsigned long len)
{
	char synth[512], fake_path[512], line[128];
	char *argv[] = { synth, (char *)scenario, (char *)arg, NULL };
	int fds[2];

	p->pid = -1;
	cr_run_path("cr_synth", synth, sizeof(synth));
	if (pipe(fds) || dup2(fds[1], CR_REPORT_FD) < 0) {
		snprintf(err, len, "report pipe: %s", strerror(errno));
		return -1;
	}
	close(fds[1]);
	p->rfd = fds[0];
	fcntl(p->rfd, F_SETFD, FD_CLOEXEC);
	if (fake) {
		struct cr_result res;
		unsigned long ilen;
		void *img;

		cr_run_path("cr_fake_vdso.so", fake_path, sizeof(fake_path));
		char dropped[200];

		img = read_file(fake_path, &ilen);
		if (!img || cr_fake_fit(img, ilen, dropped, sizeof(dropped)) < 0) {
			snprintf(err, len, "%s: %s", fake_path, img ? "does not parse" :
				 strerror(errno));
			free(img);
			return -1;
		}
		cr_launch(argv, img, ilen, &p->pid, &res);
		free(img);
		if (res.status) {
			snprintf(err, len, "cr_launch: %s", res.msg);
			return -1;
		}
	} else {
		p->pid = fork();
		if (p->pid == 0) {
			if (cr_run_null_stdio)
				null_stdio();
			setsid();
			execv(synth, argv);
			_exit(127);
		}
	}
	p->go = 0;
	if (p->pid < 0 || read_line(p->rfd, line, sizeof(line)) || strncmp(line, "ready", 5)) {
		snprintf(err, len, "%s %s: no ready line (got \"%s\")", synth, scenario,
			 p->pid < 0 ? "fork failed" : line);
		return -1;
	}
	if (strstr(line, " go="))
		p->go = strtoul(strstr(line, " go=") + 4, NULL, 16);
	return 0;
}

static void set_go(int pid, unsigned long addr)
{
	char path[64];
	int one = 1, fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		pwrite64(fd, &one, sizeof(one), (off64_t)addr);
		close(fd);
	}
}

int cr_run_finish(struct cr_proc *p, int pid, char *line, unsigned long len)
{
	int st = 0;

	line[0] = 0;
	if (p->go)
		set_go(pid, p->go);
	else
		kill(pid, SIGUSR1);
	if (read_line(p->rfd, line, len)) {
		/* A restored process that went astray must not hang the run: kill it. */
		snprintf(line, len, "(no verdict line: killed)");
		kill(pid, SIGKILL);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void cr_run_reap(int pid)
{
	waitpid(pid, NULL, 0);
}

int cr_run_tmpdir(char *buf, unsigned long len)
{
	snprintf(buf, len, "/tmp/cr-image-XXXXXX");
	return mkdtemp(buf) ? 0 : -errno;
}

void cr_run_rmdir(const char *dir)
{
	char path[600];
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static bool kernel_vma(const char *name)
{
	return !strcmp(name, "[vdso]") || !strncmp(name, "[vvar", 5) || !strcmp(name, "[vsyscall]");
}

int cr_maps_norm(int pid, struct map_entry *out, int max)
{
	static struct map_entry m[CR_MAX_MAPS];
	int n = maps_read(pid, m, CR_MAX_MAPS), i, k = 0;

	for (i = 0; i < n; i++) {
		bool kern = kernel_vma(m[i].name);

		if (!kern && k && !out[k - 1].name[0] && out[k - 1].end == m[i].start &&
		    out[k - 1].prot == m[i].prot) {
			out[k - 1].end = m[i].end;
			continue;
		}
		if (k == max)
			return -ENOSPC;
		out[k] = m[i];
		out[k].offset = out[k].inode = 0;
		if (!kern)
			out[k].name[0] = 0;
		k++;
	}
	return n < 0 ? n : k;
}

bool cr_is_elf_at(int pid, unsigned long addr)
{
	char path[64];
	unsigned char b[4] = { 0 };
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (pread64(fd, b, 4, (off64_t)addr) != 4)
		b[0] = 0;
	close(fd);
	return !memcmp(b, "\177ELF", 4);
}

unsigned long cr_auxv_ehdr(int pid)
{
	char path[64];
	unsigned long a[256], i;
	long r;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	r = fd >= 0 ? read(fd, a, sizeof(a)) : -1;
	if (fd >= 0)
		close(fd);
	for (i = 0; r > 0 && i + 1 < (unsigned long)r / sizeof(long); i += 2)
		if (a[i] == 33)
			return a[i + 1];
	return 0;
}
