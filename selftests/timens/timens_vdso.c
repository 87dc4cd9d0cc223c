/* vDSO time calls inside a time namespace: in a child, after exec, and after moving vDSO+vvar. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "harness.h"
#include "rawsys.h"
#include "vdso_abi.h"
#include "../relocation/reloc.h"

#define CLONE_NEWTIME_FLAG	0x80
#define MONO_OFFSET		(10LL * 86400)	/* seconds added to MONOTONIC and its forms */
#define BOOT_OFFSET		(20LL * 86400)	/* seconds added to BOOTTIME */
#define EXEC_ENV		"VDSOTEST_TIMENS_EXEC="

enum offset_kind { OFF_NONE, OFF_MONO, OFF_BOOT };

/* COARSE and RAW carry the MONOTONIC offset: only MONOTONIC and BOOTTIME have their own. */
static const struct { int id; enum offset_kind off; const char *name; } ns_clocks[] = {
	{ 1, OFF_MONO, "MONOTONIC" }, { 4, OFF_MONO, "MONOTONIC_RAW" },
	{ 6, OFF_MONO, "MONOTONIC_COARSE" }, { 7, OFF_BOOT, "BOOTTIME" },
	{ 0, OFF_NONE, "REALTIME" },
};
#define NR_NS_CLOCKS	(int)(sizeof(ns_clocks) / sizeof(ns_clocks[0]))

/* What one process saw; written by the measuring process, read by the test. */
struct ns_result {
	int status;			/* 0 ok, else msg says what went wrong */
	char msg[200];
	long long v[NR_NS_CLOCKS];	/* vDSO readings, ns */
	int exercised, misbehaved;	/* non-time exports run / failing their reference */
	unsigned long long tbfreq;
	unsigned int sysmap_count, sysmap[8];
	long rng_len;			/* vgetrandom result, or 0 if not exported */
	unsigned int rng_params[3];	/* size_of_opaque_state, mmap_prot, mmap_flags */
};

static long long ns_of(const struct __kernel_timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static int measure_clocks(struct ns_result *r, const void *gettime)
{
	struct __kernel_timespec t0, t1, v;
	int i, rc;

	for (i = 0; i < NR_NS_CLOCKS; i++) {
		raw_clock_gettime(ns_clocks[i].id, &t0);
		rc = vdso_call_int(gettime, ns_clocks[i].id, (long)&v, 0, 0, 0);
		raw_clock_gettime(ns_clocks[i].id, &t1);
		if (rc || ns_of(&v) < ns_of(&t0) || ns_of(&v) > ns_of(&t1)) {
			snprintf(r->msg, sizeof(r->msg),
				 "%s: vDSO rc %d, %lld ns not in [%lld, %lld]", ns_clocks[i].name,
				 rc, ns_of(&v), ns_of(&t0), ns_of(&t1));
			return 1;
		}
		r->v[i] = ns_of(&v);
	}
	return 0;
}

/* vgetrandom asks for its state's shape, then fills a buffer from that state. */
static void measure_getrandom(struct ns_result *r, const void *fn)
{
	unsigned int params[16] = { 0 };
	unsigned char buf[32] = { 0 };
	long state;

	if (arch_vdso_call(fn, 0, 0, 0, (long)params, ~0L))
		return;
	r->rng_params[0] = params[0];
	r->rng_params[1] = params[1];
	r->rng_params[2] = params[2];
	state = raw_mmap(NULL, params[0], params[1], params[2], -1, 0);
	if (raw_mmap_failed(state))
		return;
	r->rng_len = arch_vdso_call(fn, (long)buf, sizeof(buf), 0, state, params[0]);
}

static void measure_other(struct ns_result *r, const struct vdso_export *e, const void *fn)
{
	char msg[160];
	unsigned int *map;
	int rc;

	switch (e->fn) {
	case VDSO_FN_GETRANDOM:
		if (!r->rng_len)
			measure_getrandom(r, fn);
		return;
	case VDSO_FN_GET_TBFREQ:
		r->tbfreq = arch_vdso_call(fn, 0, 0, 0, 0, 0);
		break;
	case VDSO_FN_GET_SYSCALL_MAP:
		map = (unsigned int *)arch_vdso_call(fn, (long)&r->sysmap_count, 0, 0, 0, 0);
		if (map)
			memcpy(r->sysmap, map, sizeof(r->sysmap));
		break;
	case VDSO_FN_SYNC_DICACHE:
	case VDSO_FN_VSYSCALL:
		break;
	default:
		return;
	}
	rc = arch_vdso_exercise(e->fn, fn, msg, sizeof(msg));
	if (rc == -EOPNOTSUPP)
		return;
	r->exercised++;
	if (rc) {
		r->misbehaved++;
		snprintf(r->msg, sizeof(r->msg), "%s: %s", e->name, msg);
	}
}

/* Everything a process measures of the image at base (never calls libc time functions). */
static void measure(struct ns_result *r, unsigned long base, unsigned long size)
{
	const void *gettime = NULL;
	struct vdso_image img;
	unsigned int k;

	memset(r, 0, sizeof(*r));
	if (vdso_image_open(&img, base, size)) {
		r->status = 1;
		snprintf(r->msg, sizeof(r->msg), "cannot parse the vDSO at %#lx", base);
		return;
	}
	for (k = 0; k < arch_vdso_nr_exports; k++) {
		const struct vdso_export *e = &arch_vdso_exports[k];
		void *fn = vdso_image_sym(&img, e->version, e->name);

		if (!fn)
			continue;
		if (!gettime && (e->fn == VDSO_FN_CLOCK_GETTIME ||
				 e->fn == VDSO_FN_CLOCK_GETTIME64))
			gettime = fn;
		else
			measure_other(r, e, fn);
	}
	if (!gettime) {
		r->status = 1;
		snprintf(r->msg, sizeof(r->msg), "no 64-bit clock_gettime export");
		return;
	}
	r->status = measure_clocks(r, gettime);
}

/* The exec'd copy lands here before main: measure its fresh vDSO, report, exit. */
static void __attribute__((constructor)) timens_exec_child(void)
{
	static struct ns_result r;
	struct vdso_layout l;
	int fd = reloc_exec_report_fd(EXEC_ENV);

	if (fd < 0)
		return;
	if (vdso_layout_read(&l)) {
		r.status = 1;
		snprintf(r.msg, sizeof(r.msg), "no vDSO after exec");
	} else {
		measure(&r, l.vdso.start, l.vdso.end - l.vdso.start);
	}
	raw_write(fd, &r, sizeof(r));
	raw_exit(0);
}

enum mode { IN_CHILD, AFTER_EXEC, AFTER_MOVE };

FIXTURE(timens) {
	struct vdso_layout l;
	struct vdso_area a;
	struct ns_result *in;		/* shared with the child in the namespace */
	struct ns_result out;		/* this process, still in the root namespace */
	long long h0[NR_NS_CLOCKS], h1[NR_NS_CLOCKS];
};

FIXTURE_VARIANT(timens) {
	enum mode mode;
};

FIXTURE_VARIANT_ADD(timens, in_child) { .mode = IN_CHILD };
FIXTURE_VARIANT_ADD(timens, after_exec) { .mode = AFTER_EXEC };
FIXTURE_VARIANT_ADD(timens, after_move) { .mode = AFTER_MOVE };

static long write_offsets(void)
{
	char buf[64];
	long fd = raw_open("/proc/self/timens_offsets", O_WRONLY, 0), n;
	int len = snprintf(buf, sizeof(buf), "1 %lld 0\n7 %lld 0\n", MONO_OFFSET, BOOT_OFFSET);

	if (fd < 0)
		return fd;
	n = raw_write((int)fd, buf, len);
	raw_close((int)fd);
	return n == len ? 0 : (n < 0 ? n : -EIO);
}

FIXTURE_SETUP(timens)
{
	long fd, r;

	if (!reloc_setup(_metadata, &self->l, &self->a))
		return;
	fd = raw_open("/proc/self/ns/time", O_RDONLY, 0);
	if (fd < 0)
		SKIP(return, "no /proc/self/ns/time: kernel without CONFIG_TIME_NS");
	raw_close((int)fd);
	r = raw_unshare(CLONE_NEWTIME_FLAG);
	if (r == -EPERM)
		SKIP(return, "unshare(CLONE_NEWTIME) needs CAP_SYS_ADMIN");
	if (r == -EINVAL)
		SKIP(return, "unshare(CLONE_NEWTIME) unsupported: kernel without CONFIG_TIME_NS");
	ASSERT_EQ(0, r);
	/* Offsets can only be set before the first task enters the namespace. */
	ASSERT_EQ(0, write_offsets());
	self->in = reloc_shared(sizeof(*self->in));
	ASSERT_NE(NULL, self->in);
	measure(&self->out, self->l.vdso.start, self->l.vdso.end - self->l.vdso.start);
	ASSERT_EQ(0, self->out.status) TH_LOG("outside the namespace: %s", self->out.msg);
}

FIXTURE_TEARDOWN(timens)
{
}

static void host_clocks(long long *h)
{
	struct __kernel_timespec t;
	int i;

	for (i = 0; i < NR_NS_CLOCKS; i++) {
		raw_clock_gettime(ns_clocks[i].id, &t);
		h[i] = ns_of(&t);
	}
}

static int child_in_ns(void *p)
{
	FIXTURE_DATA(timens) *self = p;
	struct vdso_area now;

	if (vdso_area_read(&now, self->a.page))
		return 2;
	if (raw_mmap_failed(vdso_area_move_anywhere(&now)) || vdso_area_read(&now, self->a.page))
		return 3;
	measure(self->in, now.vma[now.vdso].start, now.vma[now.vdso].end - now.vma[now.vdso].start);
	return 0;
}

static int child_in_ns_in_place(void *p)
{
	FIXTURE_DATA(timens) *self = p;

	measure(self->in, self->l.vdso.start, self->l.vdso.end - self->l.vdso.start);
	return 0;
}

static void run_exec_child(struct __test_metadata *_metadata, FIXTURE_DATA(timens) *self)
{
	int status = 0;
	long n = reloc_exec_self(EXEC_ENV, "timens-exec-child", self->in, sizeof(*self->in),
				 &status);

	ASSERT_LE(0, n) TH_LOG("fork+exec of this program: %ld", n);
	ASSERT_EQ(0, status);
	ASSERT_EQ((long)sizeof(*self->in), n) TH_LOG("the exec'd child sent no report");
}

TEST_F_TIMEOUT(timens, clocks_and_helpers, 30)
{
	const struct ns_result *in = self->in, *out = &self->out;
	long long off;
	int i, status = 0;

	host_clocks(self->h0);
	if (variant->mode == AFTER_EXEC)
		run_exec_child(_metadata, self);
	else
		status = reloc_in_child(variant->mode == AFTER_MOVE ? child_in_ns :
					child_in_ns_in_place, self);
	host_clocks(self->h1);
	if (status && reloc_sealed_result(_metadata, &self->a, -EPERM))
		return;
	ASSERT_EQ(0, status) TH_LOG("namespace child: wait status %#x", status);
	ASSERT_EQ(0, in->status) TH_LOG("inside the namespace: %s", in->msg);
	for (i = 0; i < NR_NS_CLOCKS; i++) {
		off = ns_clocks[i].off == OFF_MONO ? MONO_OFFSET :
		      ns_clocks[i].off == OFF_BOOT ? BOOT_OFFSET : 0;
		off *= 1000000000LL;
		EXPECT_LE(self->h0[i] + off, in->v[i]) TH_LOG("%s", ns_clocks[i].name);
		EXPECT_GE(self->h1[i] + off, in->v[i]) TH_LOG("%s", ns_clocks[i].name);
	}
	/* Helpers that read vvar data other than time must not see the namespace page. */
	EXPECT_EQ(out->exercised, in->exercised);
	EXPECT_EQ(0, in->misbehaved) TH_LOG("%s", in->msg);
	EXPECT_EQ(out->tbfreq, in->tbfreq);
	EXPECT_EQ(out->sysmap_count, in->sysmap_count);
	EXPECT_EQ(0, memcmp(out->sysmap, in->sysmap, sizeof(in->sysmap)));
	if (out->rng_params[0])
		EXPECT_EQ(32, out->rng_len) TH_LOG("vgetrandom outside the namespace");
	EXPECT_EQ(out->rng_len, in->rng_len) TH_LOG("vgetrandom inside vs outside");
	EXPECT_EQ(0, memcmp(out->rng_params, in->rng_params, sizeof(in->rng_params)));
}

TEST_HARNESS_MAIN
