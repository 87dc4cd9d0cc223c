/* Starts a program with a given ELF image as its vDSO, so a proxy meets a really other image. */
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>
#include <asm/unistd.h>
#include "cr_arch.h"
#include "cr_plan.h"
#include "cr_ptrace.h"
#include "vdso.h"

#define AUX_SYSINFO_EHDR	33

struct launch {
	struct cr_target t;
	struct map_entry maps[CR_MAX_VMAS];
	int n;
	unsigned long lo, hi, vdso_start, vdso_end;	/* the kernel's pair at exec */
	struct cr_result *res;
};

/* Bytes of the file that make up the loaded image: up to the end of its last PT_LOAD. */
static unsigned long image_extent(const void *image, unsigned long len)
{
	const ElfW(Ehdr) *eh = image;
	const ElfW(Phdr) *ph;
	unsigned long end = 0;
	int i;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_phoff + (unsigned long)eh->e_phnum * sizeof(*ph) > len)
		return 0;
	ph = (const ElfW(Phdr) *)((const char *)image + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD) {
			if (ph[i].p_offset != ph[i].p_vaddr)
				return 0;	/* must be loadable by copying */
			if (ph[i].p_offset + ph[i].p_filesz > end)
				end = ph[i].p_offset + ph[i].p_filesz;
		}
	return end <= len ? end : 0;
}

static int find_pair(struct launch *l)
{
	int i;

	l->lo = ~0UL;
	for (i = 0; i < l->n; i++) {
		const struct map_entry *e = &l->maps[i];

		if (strcmp(e->name, "[vdso]") && strncmp(e->name, "[vvar", 5))
			continue;
		if (!strcmp(e->name, "[vdso]")) {
			l->vdso_start = e->start;
			l->vdso_end = e->end;
		}
		l->lo = e->start < l->lo ? e->start : l->lo;
		l->hi = e->end > l->hi ? e->end : l->hi;
	}
	return l->vdso_start ? 0 : cr_fail(l->res, CR_E_VDSO, "launch: the kernel mapped no vDSO");
}

/* Moves every [vvar*] and [vdso] VMA by the same distance into a free range. */
static int move_pair_away(struct launch *l)
{
	struct cr_image *none = calloc(1, sizeof(*none));
	struct cr_plan *p = malloc(sizeof(*p));
	unsigned long to;
	long ret;
	int i;

	if (!none || !p)
		return cr_fail(l->res, CR_E_SYS, "out of memory");
	cr_plan_init(p, none, l->t.page_size);
	for (i = 0; i < l->n; i++)
		cr_plan_add(p, l->maps[i].start, l->maps[i].end);
	cr_plan_add(p, l->t.scratch, l->t.scratch + l->t.page_size);
	to = cr_plan_hole(p, l->hi - l->lo, true);
	free(none);
	free(p);
	if (!to)
		return cr_fail(l->res, CR_E_SYS, "launch: no room to move the vDSO");
	for (i = 0; i < l->n; i++) {
		const struct map_entry *e = &l->maps[i];
		unsigned long len = e->end - e->start, dst = e->start - l->lo + to;

		if (strcmp(e->name, "[vdso]") && strncmp(e->name, "[vvar", 5))
			continue;
		if (cr_inject(&l->t, &ret, __NR_mremap, e->start, len, len,
			      MREMAP_MAYMOVE | MREMAP_FIXED, dst, 0) || (unsigned long)ret != dst)
			return cr_fail(l->res, CR_E_SYS, "launch: mremap %s: %s", e->name,
				       strerror(-ret));
	}
	return 0;
}

struct sym_at {
	unsigned long offset;
	const char *name, *version;
};

static int match_offset(const struct vdso_sym *s, void *arg)
{
	struct sym_at *a = arg;

	if (s->offset != a->offset)
		return 0;
	a->name = s->name;
	a->version = s->version;
	return 1;
}

/*
 * Auxv entries other than AT_SYSINFO_EHDR that point into the kernel's image
 * (i386 AT_SYSINFO = __kernel_vsyscall) must name the same symbol in ours.
 */
static int rewrite_auxv(struct launch *l, const void *image, unsigned long len)
{
	struct vdso_image kimg, fimg;
	struct vdso_layout own;
	unsigned long sp = arch_cr_sp(l->t.gpr), w[2], argc, at;
	struct vdso_sym fs;
	int err;

	if (vdso_image_open(&fimg, (unsigned long)image, len))
		return cr_fail(l->res, CR_E_VDSO, "launch: the image does not parse as a vDSO");
	/* We run on the same kernel and ABI: our own vDSO is the child's. */
	if (vdso_layout_read(&own) || !own.has_vdso ||
	    vdso_image_open(&kimg, own.vdso.start, own.vdso.end - own.vdso.start))
		kimg.base = 0;
	if (cr_mem_read(&l->t, sp, &argc, sizeof(argc)))
		return cr_fail(l->res, CR_E_SYS, "launch: cannot read the new stack");
	at = sp + (argc + 2) * sizeof(long);
	do {			/* skip the environment */
		err = cr_mem_read(&l->t, at, w, sizeof(long));
		at += sizeof(long);
	} while (!err && w[0]);
	for (; !err; at += 2 * sizeof(long)) {
		struct sym_at s = { 0 };

		err = cr_mem_read(&l->t, at, w, sizeof(w));
		if (err || !w[0])
			break;
		if (w[0] == AUX_SYSINFO_EHDR || w[1] < l->vdso_start || w[1] >= l->vdso_end)
			continue;
		s.offset = w[1] - l->vdso_start;
		if (!kimg.base || !vdso_image_for_each(&kimg, match_offset, &s) ||
		    vdso_image_lookup(&fimg, s.version, s.name, &fs))
			return cr_fail(l->res, CR_E_VDSO, "launch: auxv entry %lu points into the "
				       "vDSO at +0x%lx (%s), which the image lacks", w[0], s.offset,
				       s.name ? s.name : "no symbol");
		w[1] = l->vdso_start + fs.offset;
		err = cr_mem_write(&l->t, at + sizeof(long), &w[1], sizeof(long));
	}
	return err ? cr_fail(l->res, CR_E_SYS, "launch: auxv: %s", strerror(-err)) : 0;
}

static int install_image(struct launch *l, const void *image, unsigned long len)
{
	unsigned long size = (len + l->t.page_size - 1) & ~(l->t.page_size - 1);
	long ret;

	if (cr_inject_mmap(&l->t, &ret, l->vdso_start, size, PROT_READ | PROT_EXEC,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE) ||
	    (unsigned long)ret != l->vdso_start)
		return cr_fail(l->res, CR_E_SYS, "launch: cannot map the image at %lx: %s",
			       l->vdso_start, strerror(-ret));
	if (cr_mem_write(&l->t, l->vdso_start, image, len))
		return cr_fail(l->res, CR_E_SYS, "launch: cannot write the image");
	return rewrite_auxv(l, image, len);
}

static int prepare(struct launch *l, const void *image, unsigned long len)
{
	int sig, err = cr_wait_stop(l->t.pid, &sig);

	if (err || sig != SIGTRAP)
		return cr_fail(l->res, CR_E_SYS, "launch: no exec stop (%s)",
			       err ? strerror(-err) : "signal");
	if (cr_target_open(&l->t, l->t.pid))
		return cr_fail(l->res, CR_E_SYS, "launch: /proc/%d/mem: %s", l->t.pid,
			       strerror(errno));
	l->n = maps_read(l->t.pid, l->maps, CR_MAX_VMAS);
	if (l->n < 0)
		return cr_fail(l->res, CR_E_SYS, "launch: maps: %s", strerror(-l->n));
	if (find_pair(l))
		return l->res->status;
	if (cr_scratch_create(&l->t, l->maps, l->n))
		return cr_fail(l->res, CR_E_SYS, "launch: no injection page");
	if (move_pair_away(l) || install_image(l, image, len))
		return l->res->status;
	if (cr_scratch_destroy(&l->t))
		return cr_fail(l->res, CR_E_SYS, "launch: cannot remove the injection page");
	if (cr_regset_set(l->t.pid, NT_PRSTATUS, l->t.gpr, l->t.gpr_len) ||
	    ptrace(PTRACE_DETACH, l->t.pid, NULL, NULL))
		return cr_fail(l->res, CR_E_SYS, "launch: cannot let the task go: %s",
			       strerror(errno));
	return 0;
}

int cr_launch(char *const argv[], const void *image, unsigned long len, int *pid,
	      struct cr_result *res)
{
	struct launch *l = calloc(1, sizeof(*l));
	unsigned long ext = image_extent(image, len);

	memset(res, 0, sizeof(*res));
	*pid = -1;
	if (!l)
		return cr_fail(res, CR_E_SYS, "out of memory");
	if (!ext) {
		free(l);
		return cr_fail(res, CR_E_USAGE, "launch: the image is not an ELF laid out at 0");
	}
	l->res = res;
	l->t.memfd = -1;
	l->t.pid = fork();
	if (l->t.pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execv(argv[0], argv);
		_exit(127);
	}
	if (l->t.pid < 0) {
		free(l);
		return cr_fail(res, CR_E_SYS, "fork: %s", strerror(errno));
	}
	if (prepare(l, image, ext)) {
		kill(l->t.pid, SIGKILL);
		waitpid(l->t.pid, NULL, 0);
	} else {
		*pid = l->t.pid;
	}
	cr_target_close(&l->t);
	free(l);
	return res->status;
}
