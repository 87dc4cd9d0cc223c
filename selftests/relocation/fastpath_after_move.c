/* Counts the syscalls vDSO time calls make, in place and after a move (seccomp in a child). */
#include <errno.h>
#include <stddef.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include "harness.h"
#include "rawsys.h"
#include "reloc.h"
#include "vdso_abi.h"

#define CALLS		1000
/* An errno no time function returns by itself: it marks a call the filter caught. */
#define CAUGHT		ENOTRECOVERABLE
#define MAX_ROWS	64

/* Clocks the vDSO serves from its data page; COARSE ones need no clocksource at all. */
static const struct { int id; const char *name; bool coarse; } clocks[] = {
	{ 0, "REALTIME", false }, { 1, "MONOTONIC", false }, { 4, "MONOTONIC_RAW", false },
	{ 5, "REALTIME_COARSE", true }, { 6, "MONOTONIC_COARSE", true },
	{ 7, "BOOTTIME", false }, { 11, "TAI", false },
};

struct row {
	const char *fn;
	const char *clock;
	bool coarse;		/* must never make a syscall */
	int caught;		/* calls that reached the kernel */
};

struct result {
	long control_syscall;	/* a raw getpid under the filter: -CAUGHT */
	long control_cputime;	/* vDSO CLOCK_PROCESS_CPUTIME_ID always falls back: -CAUGHT */
	int nrows;
	struct row rows[MAX_ROWS];
};

FIXTURE(fast) {
	struct vdso_layout l;
	struct vdso_area a;
	struct result *res;
};

FIXTURE_VARIANT(fast) {
	bool move;
};

FIXTURE_VARIANT_ADD(fast, in_place) { .move = false };
FIXTURE_VARIANT_ADD(fast, moved) { .move = true };

FIXTURE_SETUP(fast)
{
	if (!reloc_setup(_metadata, &self->l, &self->a))
		return;
	self->res = reloc_shared(sizeof(*self->res));
	ASSERT_NE(NULL, self->res);
	if (!variant->move)
		return;
	if (!reloc_move_anywhere(_metadata, &self->a))
		return;
	ASSERT_EQ(0, vdso_area_read(&self->a, self->a.page));
}

FIXTURE_TEARDOWN(fast)
{
}

/* Every syscall but exit_group fails with CAUGHT; the architecture field is not needed. */
static long filter_all(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | CAUGHT),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };
	long r = raw_prctl(38 /* PR_SET_NO_NEW_PRIVS */, 1, 0);

	return r ? r : raw_seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static void add_row(struct result *res, const char *fn, const char *clock, bool coarse,
		    int caught)
{
	if (res->nrows < MAX_ROWS)
		res->rows[res->nrows++] = (struct row){ fn, clock, coarse, caught };
}

static int count_gettime(struct result *res, const struct vdso_export *e, void *fn)
{
	struct __kernel_timespec ts[2];	/* room for either timespec layout */
	unsigned int c;
	int i, caught;

	res->control_cputime = vdso_call_int(fn, 2 /* PROCESS_CPUTIME_ID */, (long)ts, 0, 0, 0);
	for (c = 0; c < sizeof(clocks) / sizeof(clocks[0]); c++) {
		for (i = caught = 0; i < CALLS; i++)
			caught += vdso_call_int(fn, clocks[c].id, (long)ts, 0, 0, 0) == -CAUGHT;
		add_row(res, e->name, clocks[c].name, clocks[c].coarse, caught);
	}
	return 0;
}

/* Runs in the filtered child: resolves at the current base and calls each time function. */
static int count_calls(void *p)
{
	FIXTURE_DATA(fast) *self = p;
	struct result *res = self->res;
	const struct vdso_vma *v = &self->a.vma[self->a.vdso];
	struct __kernel_old_timeval tv;
	struct vdso_image img;
	unsigned int k;
	long w;
	int i, caught;

	if (vdso_image_open(&img, v->start, v->end - v->start))
		return 10;
	if (filter_all())
		return 11;
	res->control_syscall = raw_getpid();
	for (k = 0; k < arch_vdso_nr_exports; k++) {
		const struct vdso_export *e = &arch_vdso_exports[k];
		void *fn = vdso_image_sym(&img, e->version, e->name);

		if (!fn)
			continue;
		caught = 0;
		switch (e->fn) {
		case VDSO_FN_CLOCK_GETTIME:
		case VDSO_FN_CLOCK_GETTIME64:
		case VDSO_FN_CLOCK_GETTIME32:
			count_gettime(res, e, fn);
			break;
		case VDSO_FN_GETTIMEOFDAY:
			for (i = 0; i < CALLS; i++)
				caught += vdso_call_int(fn, (long)&tv, 0, 0, 0, 0) == -CAUGHT;
			add_row(res, e->name, "-", false, caught);
			break;
		case VDSO_FN_TIME:
			/* time() reads only the stored seconds: no clocksource involved. */
			for (i = 0; i < CALLS; i++)
				caught += arch_vdso_call(fn, (long)&w, 0, 0, 0, 0) == -CAUGHT;
			add_row(res, e->name, "-", true, caught);
			break;
		default:
			break;
		}
	}
	return 0;
}

TEST_F_TIMEOUT(fast, time_calls_stay_in_user_space, 60)
{
	struct result *res = self->res;
	int status, i, fallback = 0;
	char cs[64];

	status = reloc_in_child(count_calls, self);
	if (RAW_WIFEXITED(status) && RAW_WEXITSTATUS(status) == 11)
		SKIP(return, "seccomp filters unavailable (CONFIG_SECCOMP_FILTER=n?)");
	ASSERT_EQ(0, status) TH_LOG("filtered child: wait status %#x", status);
	ASSERT_EQ(-CAUGHT, res->control_syscall) TH_LOG("the filter does not catch syscalls");
	ASSERT_EQ(-CAUGHT, res->control_cputime)
		TH_LOG("a vDSO fallback (CPU-time clock) went unseen");
	ASSERT_LT(0, res->nrows) TH_LOG("no time function resolved");
	reloc_clocksource(cs, sizeof(cs));
	for (i = 0; i < res->nrows; i++) {
		const struct row *r = &res->rows[i];

		if (!r->caught)
			continue;
		/* Coarse reads never depend on the clocksource: a syscall there is a bug. */
		EXPECT_EQ(0, r->coarse) TH_LOG("%s(%s): %d of %d calls made a syscall", r->fn,
					      r->clock, r->caught, CALLS);
		TH_LOG("%s(%s): %d of %d calls fell back to a syscall", r->fn, r->clock,
		       r->caught, CALLS);
		fallback++;
	}
	if (fallback)
		SKIP(return, "FALLBACK: vDSO present but %d function/clock pairs made syscalls; "
		     "clocksource %s has no vDSO clock mode", fallback, cs);
}

TEST_HARNESS_MAIN
