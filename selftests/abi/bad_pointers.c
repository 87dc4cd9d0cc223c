/* Bad output pointers: the vDSO may fault (SIGSEGV/SIGBUS) or say -EFAULT; nothing else. */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include "harness.h"
#include "rawsys.h"
#include "abi_common.h"

FIXTURE(bad) {
	void *ptr;
	void *page;
	unsigned long page_len;
};

enum bad_kind { BAD_NULL, BAD_PROT_NONE, BAD_READ_ONLY, BAD_UNMAPPED, BAD_KERNEL };

FIXTURE_VARIANT(bad) {
	enum bad_kind kind;
};

FIXTURE_VARIANT_ADD(bad, null) { .kind = BAD_NULL };
FIXTURE_VARIANT_ADD(bad, prot_none) { .kind = BAD_PROT_NONE };
FIXTURE_VARIANT_ADD(bad, read_only) { .kind = BAD_READ_ONLY };
FIXTURE_VARIANT_ADD(bad, unmapped) { .kind = BAD_UNMAPPED };
FIXTURE_VARIANT_ADD(bad, kernel) { .kind = BAD_KERNEL };

FIXTURE_SETUP(bad)
{
	const struct abi_vdso *v = abi_vdso();
	int prot = variant->kind == BAD_READ_ONLY ? PROT_READ : PROT_NONE;

	NEED_VDSO(v);
	ASSERT_EQ(0, abi_child_prepare());
	self->page_len = v->layout.page_size;
	switch (variant->kind) {
	case BAD_NULL:
		self->ptr = NULL;
		break;
	case BAD_KERNEL:
		/* The last page of the address space is never user memory on any ABI here. */
		self->ptr = (void *)-4096L;
		break;
	default:
		self->page = mmap(NULL, self->page_len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, self->page);
		self->ptr = self->page;
		if (variant->kind == BAD_UNMAPPED) {
			ASSERT_EQ(0, munmap(self->page, self->page_len));
			self->page = NULL;
		}
	}
}

FIXTURE_TEARDOWN(bad)
{
	if (self->page && self->page != MAP_FAILED)
		munmap(self->page, self->page_len);
}

/* One call shape: which vDSO role, how to call it and the raw syscall that is its reference. */
struct shape {
	const char *name;
	enum vdso_fn fns[3];
	long (*vdso)(const void *fn, void *p);
	long (*ref)(void *p);
};

struct child_arg {
	const struct shape *s;
	const void *fn;
	void *p;
};

static long in_child(void *arg)
{
	struct child_arg *c = arg;

	return c->s->vdso(c->fn, c->p);
}

/*
 * The reference decides: where the syscall says -EFAULT the vDSO may fault
 * or say -EFAULT; anywhere else (NULL getres, NULL tz) it must return what
 * the syscall returned, without a signal.
 */
static void check_shape(struct __test_metadata *_metadata, const struct shape *s, void *p)
{
	unsigned int i, tried = 0;

	for (i = 0; i < 3 && s->fns[i] != VDSO_FN_NR; i++) {
		struct child_arg c = { s, abi_entry(s->fns[i], NULL), p };
		long ref = s->ref(p), got = 0;
		int sig;

		if (!c.fn)
			continue;
		tried++;
		sig = abi_run_child(in_child, &c, &got);
		ASSERT_GE(sig, 0) TH_LOG("fork failed");
		if (ref == -EFAULT) {
			EXPECT_TRUE(sig == SIGSEGV || sig == SIGBUS || (!sig && got == -EFAULT))
				TH_LOG("%s(%p) via %s: signal %d (%s), result %ld", s->name, p,
				       vdso_fn_name(s->fns[i]), sig, sig ? strsignal(sig) : "none",
				       got);
		} else {
			EXPECT_EQ(0, sig) TH_LOG("%s(%p) via %s killed by %s; syscall said %ld",
						 s->name, p, vdso_fn_name(s->fns[i]),
						 strsignal(sig), ref);
			EXPECT_EQ(ref, got) TH_LOG("%s(%p) via %s", s->name, p,
						   vdso_fn_name(s->fns[i]));
		}
	}
	if (!tried)
		SKIP(return, "this vDSO exports no %s", s->name);
}

static long v_gettime(const void *fn, void *p)
{
	return vdso_call_int(fn, 1 /* CLOCK_MONOTONIC */, (long)p, 0, 0, 0);
}

static long r_gettime(void *p)
{
	return raw_clock_gettime(1, p);
}

static long v_getres(const void *fn, void *p)
{
	return vdso_call_int(fn, 1, (long)p, 0, 0, 0);
}

static long r_getres(void *p)
{
	return raw_clock_getres(1, p);
}

static long v_gtod_tv(const void *fn, void *p)
{
	return vdso_call_int(fn, (long)p, 0, 0, 0, 0);
}

static long r_gtod_tv(void *p)
{
	return raw_gettimeofday(p, NULL);
}

static long v_gtod_tz(const void *fn, void *p)
{
	struct __kernel_old_timeval tv;

	return vdso_call_int(fn, (long)&tv, (long)p, 0, 0, 0);
}

static long r_gtod_tz(void *p)
{
	struct __kernel_old_timeval tv;

	return raw_gettimeofday(&tv, p);
}

static long v_time(const void *fn, void *p)
{
	long t = arch_vdso_call(fn, (long)p, 0, 0, 0, 0);

	/* time() has no error return: -EFAULT is what a syscall-style fallback would give. */
	return t == -EFAULT ? t : 0;
}

static long r_time(void *p)
{
	long t = raw_time(p);

	return t == -EFAULT || t == -ENOSYS ? t : 0;
}

static long v_getcpu(const void *fn, void *p)
{
	return vdso_call_int(fn, (long)p, 0, 0, 0, 0);
}

static long r_getcpu(void *p)
{
	return raw_getcpu(p, NULL);
}

static const struct shape s_gettime = {
	"clock_gettime(CLOCK_MONOTONIC, p)",
	{ VDSO_FN_CLOCK_GETTIME, VDSO_FN_CLOCK_GETTIME64, VDSO_FN_CLOCK_GETTIME32 },
	v_gettime, r_gettime,
};
static const struct shape s_getres = {
	"clock_getres(CLOCK_MONOTONIC, p)",
	{ VDSO_FN_CLOCK_GETRES, VDSO_FN_CLOCK_GETRES32, VDSO_FN_NR }, v_getres, r_getres,
};
static const struct shape s_gtod_tv = {
	"gettimeofday(p, NULL)", { VDSO_FN_GETTIMEOFDAY, VDSO_FN_NR }, v_gtod_tv, r_gtod_tv,
};
static const struct shape s_gtod_tz = {
	"gettimeofday(&tv, p)", { VDSO_FN_GETTIMEOFDAY, VDSO_FN_NR }, v_gtod_tz, r_gtod_tz,
};
static const struct shape s_time = {
	"time(p)", { VDSO_FN_TIME, VDSO_FN_NR }, v_time, r_time,
};
static const struct shape s_getcpu = {
	"getcpu(p, NULL, NULL)", { VDSO_FN_GETCPU, VDSO_FN_NR }, v_getcpu, r_getcpu,
};

TEST_F(bad, clock_gettime)
{
	check_shape(_metadata, &s_gettime, self->ptr);
}

TEST_F(bad, clock_getres)
{
	check_shape(_metadata, &s_getres, self->ptr);
}

TEST_F(bad, gettimeofday_tv)
{
	check_shape(_metadata, &s_gtod_tv, self->ptr);
}

TEST_F(bad, gettimeofday_tz)
{
	check_shape(_metadata, &s_gtod_tz, self->ptr);
}

TEST_F(bad, time)
{
	check_shape(_metadata, &s_time, self->ptr);
}

TEST_F(bad, getcpu)
{
	check_shape(_metadata, &s_getcpu, self->ptr);
}

TEST_HARNESS_MAIN
