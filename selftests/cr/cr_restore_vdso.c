/* Checkpoint and restore each synthetic process twice, with the vDSO remapped or proxied. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cr_run.h"
#include "harness.h"

enum mode { MODE_REMAP, MODE_PROXY_FAKE, MODE_PROXY_FORCED };

/* Offset of the timens scenario's monotonic clock: far from any real uptime. */
#define TIMENS_OFFSET	"864000000"

FIXTURE(cr) {
	char dir[2][64];
	struct cr_proc p;
	int pid;
};

FIXTURE_VARIANT(cr) {
	const char *scenario;
	enum mode mode;
};

#define CR_VARIANTS(sc)								\
	FIXTURE_VARIANT_ADD(cr, sc##_remap) { .scenario = #sc, .mode = MODE_REMAP };	\
	FIXTURE_VARIANT_ADD(cr, sc##_proxy) { .scenario = #sc, .mode = MODE_PROXY_FAKE };	\
	FIXTURE_VARIANT_ADD(cr, sc##_forced_proxy) { .scenario = #sc, .mode = MODE_PROXY_FORCED }

CR_VARIANTS(glibc);
CR_VARIANTS(own);
CR_VARIANTS(signals);
CR_VARIANTS(timens);
CR_VARIANTS(novdso);
CR_VARIANTS(pcvdso);
CR_VARIANTS(pattern);

FIXTURE_SETUP(cr)
{
	self->pid = -1;
	self->p.pid = -1;
	ASSERT_EQ(0, cr_run_tmpdir(self->dir[0], sizeof(self->dir[0])));
	ASSERT_EQ(0, cr_run_tmpdir(self->dir[1], sizeof(self->dir[1])));
}

FIXTURE_TEARDOWN(cr)
{
	if (self->pid > 0) {
		kill(self->pid, SIGKILL);
		waitpid(self->pid, NULL, 0);
	}
	cr_run_rmdir(self->dir[0]);
	cr_run_rmdir(self->dir[1]);
}

static int enter_timens(void)
{
	int fd;

	if (unshare(CLONE_NEWTIME))
		return -1;
	fd = open("/proc/self/timens_offsets", O_WRONLY);
	if (fd < 0)
		return -1;
	if (write(fd, "monotonic " TIMENS_OFFSET " 0\n", strlen("monotonic " TIMENS_OFFSET " 0\n"))
	    < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Whole small file into buf; its length or -1. */
static long slurp(const char *path, char *buf, unsigned long len)
{
	int fd = open(path, O_RDONLY);
	long n = fd >= 0 ? read(fd, buf, len) : -1;

	if (fd >= 0)
		close(fd);
	return n;
}

/* The checkpointed image, proxy patches undone, is the same on every cycle. */
static bool same_vdso_image(const char *a, const char *b)
{
	static char x[1 << 16], y[1 << 16];
	char pa[128], pb[128];
	long na, nb;

	snprintf(pa, sizeof(pa), "%s/vdso.img", a);
	snprintf(pb, sizeof(pb), "%s/vdso.img", b);
	na = slurp(pa, x, sizeof(x));
	nb = slurp(pb, y, sizeof(y));
	return na == nb && (na <= 0 || !memcmp(x, y, na));
}

static int find_name(const struct map_entry *m, int n, const char *name)
{
	return maps_find(m, n, name);
}

/* Every range the original had (kernel VMAs aside) is back with its permissions. */
static int covered(const struct map_entry *before, int nb, const struct map_entry *after, int na,
		   char *why, unsigned long len)
{
	int i, j;

	for (i = 0; i < nb; i++) {
		if (before[i].name[0])
			continue;
		for (j = 0; j < na; j++)
			if (!after[j].name[0] && after[j].start <= before[i].start &&
			    before[i].end <= after[j].end && after[j].prot == before[i].prot)
				break;
		if (j == na) {
			snprintf(why, len, "%lx-%lx prot %d lost", before[i].start, before[i].end,
				 before[i].prot);
			return 0;
		}
	}
	return 1;
}

static int same_maps(const struct map_entry *a, int na, const struct map_entry *b, int nb)
{
	int i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].start != b[i].start || a[i].end != b[i].end || a[i].prot != b[i].prot ||
		    strcmp(a[i].name, b[i].name))
			return 0;
	return 1;
}

TEST_F_TIMEOUT(cr, checkpoint_restore_twice, 60)
{
	static struct map_entry m0[CR_MAX_MAPS], m1[CR_MAX_MAPS], m2[CR_MAX_MAPS];
	bool fake = variant->mode == MODE_PROXY_FAKE;
	bool novdso = !strcmp(variant->scenario, "novdso");
	unsigned int rflags = variant->mode == MODE_PROXY_FORCED ? CR_RESTORE_FORCE_PROXY : 0;
	unsigned int dflags = !strcmp(variant->scenario, "pcvdso") ? CR_DUMP_STOP_IN_VDSO : 0;
	enum cr_strategy want = novdso ? CR_VDSO_NONE :
				variant->mode == MODE_REMAP ? CR_VDSO_REMAP : CR_VDSO_PROXY;
	struct cr_result res;
	char err[400], line[400];
	unsigned long ehdr0 = 0;
	char offs0[256] = "", offs[256] = "", path[64];
	int n0, n1, n2, i, vd, st;

	if (novdso && variant->mode != MODE_REMAP)
		SKIP(return, "the process unmapped its vDSO: there is nothing to proxy");
	if (!strcmp(variant->scenario, "timens"))
		ASSERT_EQ(0, enter_timens()) TH_LOG("cannot create a time namespace");
	ASSERT_EQ(0, cr_run_start(&self->p, variant->scenario, TIMENS_OFFSET, fake, err,
				  sizeof(err))) TH_LOG("%s", err);
	self->pid = self->p.pid;
	n0 = cr_maps_norm(self->pid, m0, CR_MAX_MAPS);
	ASSERT_GT(n0, 0);
	ehdr0 = cr_auxv_ehdr(self->pid);
	snprintf(path, sizeof(path), "/proc/%d/timens_offsets", self->pid);
	slurp(path, offs0, sizeof(offs0) - 1);

	/* First cycle: the original is killed, the copy must look and behave the same. */
	cr_dump(self->pid, self->dir[0], dflags, &res);
	/* A tracing limit of the machine (seen under QEMU TCG s390x), not of the vDSO. */
	if (dflags && strstr(res.msg, "single-step does not advance"))
		SKIP(return, "%s", res.msg);
	ASSERT_EQ(CR_OK, res.status) TH_LOG("%s", res.msg);
	if (dflags) {
		EXPECT_TRUE(res.st.pc_in_vdso) TH_LOG("the dump did not stop inside the vDSO");
		TH_LOG("stepped %lu instructions and ran freely %lu times to leave the vDSO%s",
		       res.st.steps, res.st.runs, res.st.no_step ?
		       " (single-stepping does not follow taken branches here)" : "");
	}
	cr_run_reap(self->pid);
	self->pid = -1;
	ASSERT_EQ(CR_OK, cr_restore(self->dir[0], rflags, &self->pid, &res)) TH_LOG("%s", res.msg);
	TH_LOG("%s: %u VMAs, %lu bytes, %u entries redirected, %u injected syscalls",
	       cr_strategy_name(res.st.strategy), res.st.nr_vmas, res.st.bytes,
	       res.st.nr_redirected, res.st.nr_injected);
	ASSERT_EQ(want, res.st.strategy);
	n1 = cr_maps_norm(self->pid, m1, CR_MAX_MAPS);
	ASSERT_GT(n1, 0);
	EXPECT_TRUE(covered(m0, n0, m1, n1, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(ehdr0, cr_auxv_ehdr(self->pid)) TH_LOG("/proc/pid/auxv AT_SYSINFO_EHDR moved");
	snprintf(path, sizeof(path), "/proc/%d/timens_offsets", self->pid);
	slurp(path, offs, sizeof(offs) - 1);
	EXPECT_STREQ(offs0, offs) TH_LOG("time namespace offsets changed");
	vd = find_name(m1, n1, "[vdso]");
	if (want == CR_VDSO_NONE) {
		EXPECT_EQ(-1, vd) TH_LOG("a vDSO appeared after restore");
		for (i = 0; i < n1; i++)
			EXPECT_NE(0, strncmp(m1[i].name, "[vvar", 5))
				TH_LOG("%s came back", m1[i].name);
	} else {
		ASSERT_GE(vd, 0) TH_LOG("no [vdso] after restore");
		EXPECT_TRUE(cr_is_elf_at(self->pid, m1[vd].start)) TH_LOG("[vdso] is not an ELF");
		EXPECT_TRUE(cr_is_elf_at(self->pid, ehdr0)) TH_LOG("AT_SYSINFO_EHDR is not an ELF");
		if (want == CR_VDSO_REMAP)
			EXPECT_EQ(ehdr0, m1[vd].start) TH_LOG("[vdso] is not back at its address");
	}
	/*
	 * Documented extras of a proxy over the kernel's own image: the runtime
	 * [vdso] and [vvar*] VMAs stay named, the old ones become two anonymous
	 * VMAs (the r-x proxy and one r-- placeholder where vvar was).
	 */
	if (variant->mode == MODE_REMAP)
		EXPECT_EQ(n0, n1) TH_LOG("VMA count %d before, %d after", n0, n1);
	else if (variant->mode == MODE_PROXY_FAKE)	/* + the page holding the proxy record */
		EXPECT_EQ(n0 + 1, n1) TH_LOG("VMA count %d before, %d after", n0, n1);
	else
		EXPECT_EQ(n0 + 2, n1) TH_LOG("VMA count %d before, %d after the proxy restore",
					     n0, n1);

	/* Second cycle from the restored copy: the result must be the same address space. */
	ASSERT_EQ(CR_OK, cr_dump(self->pid, self->dir[1], 0, &res)) TH_LOG("%s", res.msg);
	cr_run_reap(self->pid);
	self->pid = -1;
	ASSERT_EQ(CR_OK, cr_restore(self->dir[1], rflags, &self->pid, &res)) TH_LOG("%s", res.msg);
	EXPECT_EQ(want, res.st.strategy);
	n2 = cr_maps_norm(self->pid, m2, CR_MAX_MAPS);
	EXPECT_TRUE(same_maps(m1, n1, m2, n2)) TH_LOG("second restore changed the address space");
	EXPECT_TRUE(same_vdso_image(self->dir[0], self->dir[1]))
		TH_LOG("the second checkpoint recorded another vDSO image (proxy not undone)");

	st = cr_run_finish(&self->p, self->pid, line, sizeof(line));
	self->pid = -1;
	EXPECT_EQ(0, st) TH_LOG("restored %s process: %s", variant->scenario, line);
}

TEST_HARNESS_MAIN
