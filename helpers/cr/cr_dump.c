/* Checkpoints a stopped single-threaded task: registers, memory, vDSO layout, signals, timens. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <asm/unistd.h>
#include "cr_arch.h"
#include "cr_ptrace.h"
#include "cr_vdso.h"

#define AUXV_SYSINFO_EHDR	33
#define STEP_LIMIT		200000
/* Steps before the task is let run once to break a livelocked seqcount read, and runs at most. */
#define STEP_BUDGET		8192
#define RUN_LIMIT		64
/* Where single-stepping cannot be trusted, free runs are the only way in or out. */
#define RUN_ONLY_LIMIT		2000
#define RUN_NSEC		(2 * 1000 * 1000)
/* Steps that leave the PC where it was before we call single-stepping broken here. */
#define STUCK_LIMIT		64
#define TRAIL			8

struct dump {
	struct cr_image img;
	struct cr_target t;
	struct map_entry maps[CR_MAX_VMAS];
	int n;
	int vdso_idx;			/* the VMA AT_SYSINFO_EHDR points at, -1 if none */
	unsigned char skip[CR_MAX_VMAS];	/* not dumped as plain memory */
	const char *dir;
	unsigned int flags;
	struct cr_result *res;
	unsigned long trail[TRAIL];	/* the last PCs stepped through, for a fault report */
	unsigned int nr_trail;
};

static bool in_range(unsigned long pc, const struct map_entry *e)
{
	return pc >= e->start && pc < e->end;
}

static bool is_vvar(const struct map_entry *e)
{
	return !strncmp(e->name, "[vvar", 5);
}

static int read_small(const char *path, void *buf, unsigned long max, unsigned long *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, max);
	close(fd);
	if (n < 0)
		return -errno;
	*len = n;
	return 0;
}

static unsigned long auxv_get(const struct cr_image *img, unsigned long type)
{
	const unsigned long *a = (const unsigned long *)img->auxv;
	unsigned long i, n = img->auxv_len / sizeof(long);

	for (i = 0; i + 1 < n && a[i]; i += 2)
		if (a[i] == type)
			return a[i + 1];
	return 0;
}

static int seize(int pid, struct cr_result *res)
{
	int sig, err;

	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) || ptrace(PTRACE_INTERRUPT, pid, NULL, NULL))
		return cr_fail(res, CR_E_SYS, "ptrace seize %d: %s", pid, strerror(errno));
	err = cr_wait_stop(pid, &sig);
	if (err)
		return cr_fail(res, CR_E_SYS, "task %d did not stop: %s", pid, strerror(-err));
	return 0;
}

/* The fault report: where the stepping went just before (oldest first). */
static int step_fault(struct dump *d, int sig, unsigned long pc)
{
	char buf[TRAIL * 20] = "";
	unsigned int i, n = d->nr_trail < TRAIL ? d->nr_trail : TRAIL;
	int off = 0;

	for (i = d->nr_trail - n; i < d->nr_trail && off < (int)sizeof(buf); i++)
		off += snprintf(buf + off, sizeof(buf) - off, " %lx", d->trail[i % TRAIL]);
	return cr_fail(d->res, CR_E_SYS, "the task faulted (signal %d) at %lx while "
		       "single-stepping; last PCs:%s", sig, pc, buf);
}

/* One PTRACE_SINGLESTEP; the new PC in *pc. Notices steps that do not advance the PC. */
static int single_step(struct dump *d, unsigned long *pc, unsigned int *stuck)
{
	unsigned long len = sizeof(d->t.gpr), was = *pc;
	int sig, err;

	d->trail[d->nr_trail++ % TRAIL] = was;
	if (ptrace(PTRACE_SINGLESTEP, d->t.pid, NULL, NULL) || cr_wait_stop(d->t.pid, &sig))
		return cr_fail(d->res, CR_E_SYS, "PTRACE_SINGLESTEP: %s", strerror(errno));
	err = cr_regset_get(d->t.pid, NT_PRSTATUS, d->t.gpr, &len);
	if (err)
		return cr_fail(d->res, CR_E_SYS, "GETREGSET: %s", strerror(-err));
	*pc = arch_cr_pc(d->t.gpr);
	/* Stepping on would suppress the fault and re-run the instruction forever. */
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE)
		return step_fault(d, sig, *pc);
	*stuck = *pc == was ? *stuck + 1 : 0;
	if (*stuck == STUCK_LIMIT)
		return cr_fail(d->res, CR_E_SYS, "single-step does not advance the PC here "
			       "(%d steps at %lx)", STUCK_LIMIT, *pc);
	return 0;
}

/* Lets the task run for a moment and stops it again wherever it is. */
static int run_briefly(struct dump *d, unsigned long *pc)
{
	struct timespec ts = { 0, RUN_NSEC };
	unsigned long len = sizeof(d->t.gpr);
	int sig, err;

	if (ptrace(PTRACE_CONT, d->t.pid, NULL, NULL))
		return cr_fail(d->res, CR_E_SYS, "PTRACE_CONT: %s", strerror(errno));
	nanosleep(&ts, NULL);
	if (ptrace(PTRACE_INTERRUPT, d->t.pid, NULL, NULL) || cr_wait_stop(d->t.pid, &sig))
		return cr_fail(d->res, CR_E_SYS, "task %d did not stop again: %s", d->t.pid,
			       strerror(errno));
	/* Any other stop is a signal we would have to deliver: not ours to swallow. */
	if (sig >> 8 != PTRACE_EVENT_STOP)
		return cr_fail(d->res, CR_E_SYS, "signal %d arrived while leaving the vDSO",
			       sig & 0x7f);
	err = cr_regset_get(d->t.pid, NT_PRSTATUS, d->t.gpr, &len);
	if (err)
		return cr_fail(d->res, CR_E_SYS, "GETREGSET: %s", strerror(-err));
	*pc = arch_cr_pc(d->t.gpr);
	d->res->st.runs++;
	return 0;
}

/* Bounded: a task that never calls into its vDSO is not waited for forever. */
static int step_into_vdso(struct dump *d, unsigned long lo, unsigned long hi)
{
	unsigned long n, pc = arch_cr_pc(d->t.gpr);
	unsigned int stuck = 0;

	for (n = 0; n < STEP_LIMIT && d->res->st.runs < RUN_ONLY_LIMIT; n++) {
		if (pc >= lo && pc < hi)
			return 0;
		if (d->res->st.no_step ? run_briefly(d, &pc) : single_step(d, &pc, &stuck))
			return d->res->status;
	}
	return cr_fail(d->res, CR_E_SYS, "the task did not enter its vDSO in %lu %s", n,
		       d->res->st.no_step ? "free runs" : "steps");
}

/*
 * A PC inside the vDSO cannot be proxied (the old code would read the old
 * vvar, which is gone): step the task until the function has returned.
 * Stepping can livelock: each step is so slow (QEMU TCG) that a timekeeping
 * update always lands inside the vDSO's seqcount read and the read retries.
 * So after a budget of steps the task runs freely for a moment and is stopped
 * again elsewhere (often outside the vDSO), and stepping starts over from there.
 */
static int step_out_of_vdso(struct dump *d, unsigned long lo, unsigned long hi)
{
	unsigned long pc = arch_cr_pc(d->t.gpr), budget = d->res->st.no_step ? 0 : STEP_BUDGET;
	unsigned long runs_max = d->res->st.runs + (d->res->st.no_step ? RUN_ONLY_LIMIT : RUN_LIMIT);
	unsigned int stuck = 0;

	while (pc >= lo && pc < hi) {
		d->res->st.pc_in_vdso = true;
		if (d->res->st.steps == STEP_LIMIT || d->res->st.runs == runs_max)
			return cr_fail(d->res, CR_E_SYS, "PC still inside the vDSO after %lu steps "
				       "and %lu free runs (vDSO+%#lx)", d->res->st.steps,
				       d->res->st.runs, pc - lo);
		if (!budget--) {
			budget = d->res->st.no_step ? 0 : STEP_BUDGET;
			stuck = 0;
			if (run_briefly(d, &pc))
				return d->res->status;
			continue;
		}
		d->res->st.steps++;
		if (single_step(d, &pc, &stuck))
			return d->res->status;
	}
	return 0;
}

static int read_regsets(struct dump *d)
{
	static unsigned char buf[CR_REGSET_MAX];
	unsigned int i;

	for (i = 0; i < arch_cr_nr_regsets; i++) {
		struct cr_regset *r = &d->img.regsets[d->img.nr_regsets];
		unsigned long len = sizeof(buf);
		int err = cr_regset_get(d->t.pid, arch_cr_regsets[i].type, buf, &len);

		if (err && arch_cr_regsets[i].optional)
			continue;
		if (err)
			return cr_fail(d->res, CR_E_SYS, "PTRACE_GETREGSET %s: %s",
				       arch_cr_regsets[i].name, strerror(-err));
		r->type = arch_cr_regsets[i].type;
		r->len = len;
		r->data = malloc(len);
		if (!r->data)
			return cr_fail(d->res, CR_E_SYS, "out of memory");
		memcpy(r->data, buf, len);
		d->img.nr_regsets++;
	}
	return 0;
}

static int read_vdso_image(struct dump *d, const struct map_entry *e)
{
	d->img.vdso_start = e->start;
	d->img.vdso_size = e->end - e->start;
	d->img.vdso = malloc(d->img.vdso_size);
	if (!d->img.vdso)
		return cr_fail(d->res, CR_E_SYS, "out of memory");
	if (cr_mem_read(&d->t, e->start, d->img.vdso, d->img.vdso_size))
		return cr_fail(d->res, CR_E_SYS, "cannot read the vDSO at %lx", e->start);
	return 0;
}

static void add_range(struct cr_range *r, int *n, const struct map_entry *e)
{
	if (*n >= CR_MAX_VVARS)
		return;
	r[*n].start = e->start;
	r[*n].end = e->end;
	snprintf(r[*n].name, sizeof(r[*n].name), "%s", e->name[0] ? e->name : "[vvar]");
	(*n)++;
}

/* A previous proxy restore left its record in the placeholder next to the image. */
static int find_record(struct dump *d, int idx, struct cr_proxy_record *rec)
{
	int cand[2] = { idx - 1, idx + 1 }, i;

	for (i = 0; i < 2; i++) {
		const struct map_entry *e = &d->maps[cand[i]];

		if (cand[i] < 0 || cand[i] >= d->n || e->name[0] || !(e->prot & PROT_READ) ||
		    (i == 0 && e->end != d->maps[idx].start) ||
		    (i == 1 && e->start != d->maps[idx].end))
			continue;
		if (cr_mem_read(&d->t, e->start, rec, sizeof(*rec)) == 0 &&
		    !memcmp(rec->magic, CR_PROXY_MAGIC, sizeof(CR_PROXY_MAGIC)) &&
		    rec->proxy_start == d->maps[idx].start)
			return 0;
	}
	return -ENOENT;
}

static int classify_proxied(struct dump *d, int idx)
{
	struct cr_proxy_record *rec = malloc(sizeof(*rec));
	unsigned int i;
	int j;

	if (!rec)
		return cr_fail(d->res, CR_E_SYS, "out of memory");
	d->res->st.was_proxied = true;
	for (j = 0; j < d->n; j++) {
		if (!strcmp(d->maps[j].name, "[vdso]")) {
			d->img.has_rt = true;
			d->img.rt_vdso = (struct cr_range){ d->maps[j].start, d->maps[j].end,
							    "[vdso]" };
			d->skip[j] = 1;
		} else if (is_vvar(&d->maps[j])) {
			add_range(d->img.rt_vvars, &d->img.nr_rt_vvars, &d->maps[j]);
			d->skip[j] = 1;
		}
	}
	if (find_record(d, idx, rec) == 0) {
		if (cr_proxy_unpatch(d->img.vdso, d->img.vdso_size, rec)) {
			free(rec);
			return cr_fail(d->res, CR_E_SYS, "proxy record at %lx does not fit "
				       "the image", d->maps[idx].start);
		}
		unsigned long lo = ~0UL, hi = 0;

		for (i = 0; i < rec->nr_vvars && i < CR_MAX_VVARS; i++) {
			struct cr_range *r = &d->img.vvars[d->img.nr_vvars++];

			r->start = rec->vvars[i].start;
			r->end = rec->vvars[i].end;
			memcpy(r->name, rec->vvars[i].name, sizeof(r->name));
			r->name[sizeof(r->name) - 1] = 0;
			lo = r->start < lo ? r->start : lo;
			hi = r->end > hi ? r->end : hi;
		}
		/* The placeholders of adjacent vvar VMAs merge into one anonymous VMA. */
		for (j = 0; j < d->n; j++)
			if (d->maps[j].start >= lo && d->maps[j].end <= hi)
				d->skip[j] = 1;
	}
	free(rec);
	return 0;
}

/* The vDSO is what AT_SYSINFO_EHDR points at; a [vdso] elsewhere is a proxy's runtime. */
static int classify(struct dump *d)
{
	unsigned long ehdr = auxv_get(&d->img, AUXV_SYSINFO_EHDR);
	int idx = ehdr ? maps_find_addr(d->maps, d->n, ehdr) : -1, j, err;

	if (idx >= 0 && d->maps[idx].start != ehdr)
		idx = -1;
	if (idx < 0)
		idx = maps_find(d->maps, d->n, "[vdso]");
	d->vdso_idx = idx;
	for (j = 0; j < d->n; j++)
		if (!strcmp(d->maps[j].name, "[vsyscall]"))
			d->skip[j] = 1;
	if (idx < 0) {
		/* No vDSO: stray vvar VMAs (a half-unmapped pair) are not restorable data. */
		for (j = 0; j < d->n; j++)
			if (is_vvar(&d->maps[j]) || !strcmp(d->maps[j].name, "[vdso]"))
				d->skip[j] = 1;
		return 0;
	}
	err = read_vdso_image(d, &d->maps[idx]);
	if (err)
		return err;
	d->skip[idx] = 1;
	if (strcmp(d->maps[idx].name, "[vdso]"))
		return classify_proxied(d, idx);
	for (j = 0; j < d->n; j++)
		if (is_vvar(&d->maps[j])) {
			add_range(d->img.vvars, &d->img.nr_vvars, &d->maps[j]);
			d->skip[j] = 1;
		}
	return 0;
}

static int dump_memory(struct dump *d, int fd)
{
	unsigned long off = 0;
	int i;

	for (i = 0; i < d->n; i++) {
		const struct map_entry *e = &d->maps[i];
		struct cr_vma *v = &d->img.vmas[d->img.nr_vmas];
		unsigned long len = e->end - e->start;
		unsigned char *buf;

		if (d->skip[i])
			continue;
		*v = (struct cr_vma){ e->start, e->end, e->prot, false, 0, 0 };
		d->img.nr_vmas++;
		if (!(e->prot & PROT_READ))
			continue;
		buf = malloc(len);
		if (!buf)
			return cr_fail(d->res, CR_E_SYS, "out of memory");
		if (cr_mem_read(&d->t, e->start, buf, len)) {
			free(buf);
			return cr_fail(d->res, CR_E_SYS, "cannot read %lx-%lx %s of task %d",
				       e->start, e->end, e->name, d->t.pid);
		}
		v->has_data = true;
		v->data_off = off;
		v->csum = cr_csum(buf, len);
		if (write(fd, buf, len) != (long)len) {
			free(buf);
			return cr_fail(d->res, CR_E_SYS, "%s/pages.img: %s", d->dir,
				       strerror(errno));
		}
		free(buf);
		off += len;
	}
	d->res->st.bytes = off;
	d->res->st.nr_vmas = d->img.nr_vmas;
	return 0;
}

static uint64_t status_mask(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

/* Handlers are not in /proc: ask the task itself, for every signal not at its default. */
static int dump_signals(struct dump *d)
{
	char path[64], status[4096];
	unsigned long len;
	uint64_t busy;
	int sig, err;
	long ret;

	snprintf(path, sizeof(path), "/proc/%d/status", d->t.pid);
	if (read_small(path, status, sizeof(status) - 1, &len))
		return cr_fail(d->res, CR_E_SYS, "%s: %s", path, strerror(errno));
	status[len] = 0;
	d->img.sigmask = status_mask(status, "SigBlk:");
	busy = status_mask(status, "SigIgn:") | status_mask(status, "SigCgt:");
	for (sig = 1; sig <= 64; sig++) {
		struct cr_sigaction *s = &d->img.sigs[d->img.nr_sigs];

		if (!(busy & (1ULL << (sig - 1))))
			continue;
		err = cr_inject(&d->t, &ret, __NR_rt_sigaction, sig, 0, (long)d->t.scratch + 512,
				8, 0, 0);
		if (err || ret)
			return cr_fail(d->res, CR_E_SYS, "rt_sigaction(%d) in task: %s", sig,
				       strerror(err ? -err : (int)-ret));
		s->sig = sig;
		if (cr_mem_read(&d->t, d->t.scratch + 512, s->raw, sizeof(s->raw)))
			return cr_fail(d->res, CR_E_SYS, "cannot read sigaction back");
		d->img.nr_sigs++;
	}
	return 0;
}

static int dump_mm(struct dump *d)
{
	char path[64], buf[2048], *p;
	unsigned long len, f[52];
	struct cr_mm *m = &d->img.mm;
	long ret;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", d->t.pid);
	if (read_small(path, buf, sizeof(buf) - 1, &len))
		return cr_fail(d->res, CR_E_SYS, "%s: %s", path, strerror(errno));
	buf[len] = 0;
	p = strrchr(buf, ')');
	if (!p)
		return cr_fail(d->res, CR_E_SYS, "%s: unexpected format", path);
	/* Fields after the command: 3 is the state letter, the rest are numbers. */
	for (i = 3, p = strtok(p + 1, " "); p && i <= 51; i++, p = strtok(NULL, " "))
		f[i] = strtoul(p, NULL, 10);
	if (i <= 51)
		return cr_fail(d->res, CR_E_SYS, "%s: only %d fields", path, i - 1);
	*m = (struct cr_mm){ f[26], f[27], f[45], f[46], f[47], 0, f[28], f[48], f[49], f[50],
			     f[51] };
	if (cr_inject(&d->t, &ret, __NR_brk, 0, 0, 0, 0, 0, 0))
		return cr_fail(d->res, CR_E_SYS, "brk(0) in task failed");
	m->brk = ret;
	return 0;
}

static int dump_timens(struct dump *d)
{
	char path[64], buf[256], name[32];
	struct stat a, b;
	unsigned long len;
	long long s, ns;
	char *p;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/ns/time", d->t.pid);
	if (stat(path, &a) || stat("/proc/self/ns/time", &b))
		return 0;	/* no time namespaces on this kernel */
	if (a.st_ino == b.st_ino)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/timens_offsets", d->t.pid);
	if (read_small(path, buf, sizeof(buf) - 1, &len))
		return cr_fail(d->res, CR_E_SYS, "%s: %s", path, strerror(errno));
	buf[len] = 0;
	d->img.in_timens = true;
	for (p = buf; sscanf(p, "%31s %lld %lld%n", name, &s, &ns, &n) == 3; p += n) {
		long long *o = !strcmp(name, "monotonic") ? d->img.timens_mono :
			       !strcmp(name, "boottime") ? d->img.timens_boot : NULL;

		if (o) {
			o[0] = s;
			o[1] = ns;
		}
	}
	return 0;
}

static int dump_state(struct dump *d)
{
	char path[512];
	int fd, err;

	snprintf(path, sizeof(path), "/proc/%d/auxv", d->t.pid);
	if (read_small(path, d->img.auxv, sizeof(d->img.auxv), &d->img.auxv_len))
		return cr_fail(d->res, CR_E_SYS, "%s: %s", path, strerror(errno));
	d->n = maps_read(d->t.pid, d->maps, CR_MAX_VMAS);
	if (d->n < 0)
		return cr_fail(d->res, CR_E_SYS, "maps of %d: %s", d->t.pid, strerror(-d->n));
	err = classify(d);
	if (err)
		return err;
	if (d->vdso_idx >= 0 && (d->flags & CR_DUMP_STOP_IN_VDSO ||
				 in_range(arch_cr_pc(d->t.gpr), &d->maps[d->vdso_idx])))
		d->res->st.no_step = cr_step_follows_branches() != 1;
	if (d->vdso_idx >= 0 && (d->flags & CR_DUMP_STOP_IN_VDSO) &&
	    step_into_vdso(d, d->maps[d->vdso_idx].start, d->maps[d->vdso_idx].end))
		return d->res->status;
	if (d->vdso_idx >= 0 && step_out_of_vdso(d, d->maps[d->vdso_idx].start,
						 d->maps[d->vdso_idx].end))
		return d->res->status;
	if (read_regsets(d))
		return d->res->status;
	if (cr_rseq_get(d->t.pid, &d->img.rseq))
		return cr_fail(d->res, CR_E_SYS, "rseq configuration of %d: %s", d->t.pid,
			       strerror(errno));
	if (cr_scratch_create(&d->t, d->maps, d->n))
		return cr_fail(d->res, CR_E_SYS, "cannot create an injection page in task %d",
			       d->t.pid);
	if (dump_signals(d) || dump_mm(d) || dump_timens(d))
		return d->res->status;
	if (cr_scratch_destroy(&d->t))
		return cr_fail(d->res, CR_E_SYS, "cannot remove the injection page");
	snprintf(path, sizeof(path), "%s/pages.img", d->dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return cr_fail(d->res, CR_E_SYS, "%s: %s", path, strerror(errno));
	err = dump_memory(d, fd);
	if (close(fd) && !err)
		return cr_fail(d->res, CR_E_SYS, "%s: %s", path, strerror(errno));
	return err;
}

static void finish(struct dump *d, unsigned int flags)
{
	if (d->res->status || (flags & CR_DUMP_LEAVE_RUNNING)) {
		/* Put back the registers the injections used, then let it go. */
		cr_regset_set(d->t.pid, NT_PRSTATUS, d->t.gpr, d->t.gpr_len);
		ptrace(PTRACE_DETACH, d->t.pid, NULL, NULL);
	} else {
		kill(d->t.pid, SIGKILL);
	}
}

int cr_dump(int pid, const char *dir, unsigned int flags, struct cr_result *res)
{
	struct dump *d = calloc(1, sizeof(*d));
	int i;

	memset(res, 0, sizeof(*res));
	if (!d)
		return cr_fail(res, CR_E_SYS, "out of memory");
	d->dir = dir;
	d->flags = flags;
	d->res = res;
	if ((mkdir(dir, 0700) && errno != EEXIST) || seize(pid, res)) {
		if (!res->status)
			cr_fail(res, CR_E_SYS, "%s: %s", dir, strerror(errno));
		free(d);
		return res->status;
	}
	if (cr_target_open(&d->t, pid))
		cr_fail(res, CR_E_SYS, "/proc/%d/mem: %s", pid, strerror(errno));
	snprintf(d->img.abi, sizeof(d->img.abi), "%s", VDSO_ABI);
	d->img.pid = pid;
	d->img.page_size = d->t.page_size;
	if (!res->status && !dump_state(d)) {
		res->st.nr_injected = d->t.nr_injected;
		cr_image_write_meta(&d->img, dir, res);
	}
	finish(d, flags);
	cr_target_close(&d->t);
	for (i = 0; i < d->img.nr_regsets; i++)
		free(d->img.regsets[i].data);
	free(d->img.vdso);
	free(d);
	return res->status;
}
