/* kselftest_harness.h-compatible test harness: tests, fixtures, variants, asserts, KTAP output. */
#ifndef VDSOTEST_HARNESS_H
#define VDSOTEST_HARNESS_H

#include <stddef.h>
#include <string.h>

/*
 * Usage is the kernel's kselftest_harness.h:
 *
 *	TEST(name) { ASSERT_EQ(0, f()) TH_LOG("f failed"); }
 *	FIXTURE(f) { int fd; };
 *	FIXTURE_VARIANT(f) { int clock; };
 *	FIXTURE_VARIANT_ADD(f, realtime) { .clock = 0 };
 *	FIXTURE_SETUP(f) { self->fd = -1; }
 *	FIXTURE_TEARDOWN(f) { }
 *	TEST_F(f, t) { EXPECT_GE(variant->clock, 0); }
 *	XFAIL_ADD(f, realtime, t);
 *	TEST_HARNESS_MAIN
 *
 * Names: `global.test` for TEST, `fixture.test` for a fixture without variants,
 * `fixture.variant.test` otherwise. Output is KTAP version 1 (ktap.h); the
 * verdict of each test:
 *   ok                 ran at least one assertion, none failed
 *   not ok             an assertion failed, or it died from a signal
 *                      (# terminated by SIGSEGV), or exited early with a status
 *   not ok # TIMEOUT   still running after its timeout (default 30 s,
 *                      TEST_F_TIMEOUT, times $VDSOTEST_TIMEOUT_MULTIPLIER);
 *                      its whole process group is killed
 *   not ok # ERROR     returned without evaluating any assertion or SKIP
 *   ok # SKIP reason   SKIP() was reached (in setup: the test body is not run)
 *   ok # XFAIL / XPASS a failure / pass of a test named by XFAIL_ADD
 * TEST_SIGNAL/TEST_F_SIGNAL pass only if the test dies from that signal.
 * Program exit: 1 any fail/timeout/crash/error, else 3 any XPASS, else 0 if
 * anything passed, else 2 if anything XFAILed, else 4 (all skipped).
 * CLI: -l list, -t/-T test, -f/-F fixture, -v/-V variant, -r full name (see -h).
 *
 * Comparisons are of the numbers the values are (-1 < 0u holds), printed with
 * their own type's signedness. Stdout must end lines with \n inside a test:
 * the child ends with a raw exit_group, so partial stdio lines are lost.
 * Teardown runs in the test child after the body (even after a failed
 * ASSERT), but not after a crash.
 *
 * Every test runs in a forked child in its own process group. The code that
 * runs in that child (asserts, TH_LOG, SKIP, the end of a test) makes no libc
 * system call: it formats with vsnprintf and writes with a raw syscall, and
 * reports to the parent through shared memory, so a test may move or unmap
 * its vDSO (on i386 glibc's syscall wrappers jump through it).
 */

#define TEST_TIMEOUT_DEFAULT	30

/* Per-run state; lives in memory shared between the parent and the test child. */
struct __test_metadata {
	const char *name;		/* fixture.variant.test, as printed */
	int passed;			/* 1 until an assertion fails (kernel name) */
	int skip;			/* SKIP() was reached */
	int setup_completed;
	int finished;			/* the test function returned to the harness */
	unsigned int asserts;		/* assertions evaluated */
	unsigned int failures;		/* assertions that failed */
	char skip_reason[256];
};

struct __fixture_metadata;

typedef void (*__th_test_fn)(struct __test_metadata *_metadata, const void *variant);

struct __th_test {
	const char *name;
	const struct __fixture_metadata *fixture;
	__th_test_fn fn;
	int termsig;			/* the signal that must end the test, or 0 */
	int timeout;			/* seconds */
	int line;			/* source order, independent of constructor order */
	struct __th_test *next;
};

struct __th_variant {
	const char *name;
	const void *data;
	int line;
	struct __th_variant *next;
};

struct __fixture_metadata {
	const char *name;
	int line;
	struct __th_variant *variants;
	struct __fixture_metadata *next;
};

void __th_register_test(struct __th_test *t);
void __th_register_fixture(struct __fixture_metadata *f);
void __th_register_variant(struct __fixture_metadata *f, struct __th_variant *v);
void __th_register_xfail(const char *fixture, const char *variant, const char *test);
int __th_main(int argc, char **argv);

extern struct __fixture_metadata __th_global_fixture;

/* Fixture steps, called by the harness with setjmp-protected frames. */
enum __th_step { __TH_SETUP, __TH_BODY, __TH_TEARDOWN };
typedef void (*__th_step_fn)(struct __test_metadata *_metadata, void *self,
			     const void *variant, enum __th_step step);
void __th_run_fixture(struct __test_metadata *_metadata, void *self, const void *variant,
		      __th_step_fn step);
void __th_run_plain(struct __test_metadata *_metadata, const void *variant, __th_test_fn fn);

/* Reporting from the test child: raw syscalls only. */
int __th_check_cmp(struct __test_metadata *_metadata, const char *file, int line,
		   const char *exp_str, const char *op, const char *seen_str,
		   const void *exp, size_t exp_size, int exp_kind,
		   const void *seen, size_t seen_size, int seen_kind);
int __th_check_str(struct __test_metadata *_metadata, int want_equal, const char *file,
		   int line, const char *exp_str, const char *seen_str,
		   const char *exp, const char *seen);
int __th_check_bool(struct __test_metadata *_metadata, const char *file, int line,
		    const char *seen_str, int seen, int want);
int __th_after_failure(struct __test_metadata *_metadata, int is_assert);
void __th_log(struct __test_metadata *_metadata, const char *file, int line,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void __th_skip(struct __test_metadata *_metadata, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define __TH_UNUSED	__attribute__((unused))
#define __TH_CTOR	__attribute__((constructor))

/* ---- tests without a fixture ---------------------------------------------------------- */

#define TEST(test_name)			__TEST_IMPL(test_name, 0, TEST_TIMEOUT_DEFAULT)
#define TEST_SIGNAL(test_name, signo)	__TEST_IMPL(test_name, signo, TEST_TIMEOUT_DEFAULT)

#define __TEST_IMPL(test_name, signo, secs)						\
	static void test_name(struct __test_metadata *_metadata);			\
	static void __th_wrap_##test_name(struct __test_metadata *_metadata,		\
					  const void *variant __TH_UNUSED)		\
	{										\
		test_name(_metadata);							\
	}										\
	static struct __th_test __th_test_##test_name = {				\
		.name = #test_name, .fixture = &__th_global_fixture,			\
		.fn = __th_wrap_##test_name, .termsig = (signo),			\
		.timeout = (secs), .line = __LINE__,					\
	};										\
	static void __TH_CTOR __th_reg_##test_name(void)				\
	{										\
		__th_register_test(&__th_test_##test_name);				\
	}										\
	static void test_name(struct __test_metadata __TH_UNUSED *_metadata)

/* ---- fixtures ---------------------------------------------------------------------------- */

#define FIXTURE_DATA(fixture_name)	struct __th_data_##fixture_name
#define FIXTURE_VARIANT(fixture_name)	struct __th_variant_##fixture_name

#define FIXTURE(fixture_name)								\
	FIXTURE_VARIANT(fixture_name);							\
	FIXTURE_DATA(fixture_name);							\
	static struct __fixture_metadata __th_fixture_##fixture_name = {		\
		.name = #fixture_name, .line = __LINE__,				\
	};										\
	static void __TH_CTOR __th_reg_fixture_##fixture_name(void)			\
	{										\
		__th_register_fixture(&__th_fixture_##fixture_name);			\
	}										\
	static void __th_setup_##fixture_name(struct __test_metadata *_metadata,	\
		FIXTURE_DATA(fixture_name) *self,					\
		const FIXTURE_VARIANT(fixture_name) *variant);				\
	static void __th_teardown_##fixture_name(struct __test_metadata *_metadata,	\
		FIXTURE_DATA(fixture_name) *self,					\
		const FIXTURE_VARIANT(fixture_name) *variant);				\
	FIXTURE_DATA(fixture_name)

#define FIXTURE_SETUP(fixture_name)							\
	static void __th_setup_##fixture_name(						\
		struct __test_metadata __TH_UNUSED *_metadata,				\
		FIXTURE_DATA(fixture_name) __TH_UNUSED *self,				\
		const FIXTURE_VARIANT(fixture_name) __TH_UNUSED *variant)

#define FIXTURE_TEARDOWN(fixture_name)							\
	static void __th_teardown_##fixture_name(					\
		struct __test_metadata __TH_UNUSED *_metadata,				\
		FIXTURE_DATA(fixture_name) __TH_UNUSED *self,				\
		const FIXTURE_VARIANT(fixture_name) __TH_UNUSED *variant)

/* Each variant runs every TEST_F of its fixture once; the user supplies the initializer. */
#define FIXTURE_VARIANT_ADD(fixture_name, variant_name)					\
	static const FIXTURE_VARIANT(fixture_name)					\
		__th_variant_data_##fixture_name##_##variant_name;			\
	static struct __th_variant __th_variant_##fixture_name##_##variant_name = {	\
		.name = #variant_name,							\
		.data = &__th_variant_data_##fixture_name##_##variant_name,		\
		.line = __LINE__,							\
	};										\
	static void __TH_CTOR __th_reg_variant_##fixture_name##_##variant_name(void)	\
	{										\
		__th_register_variant(&__th_fixture_##fixture_name,			\
				      &__th_variant_##fixture_name##_##variant_name);	\
	}										\
	static const FIXTURE_VARIANT(fixture_name)					\
		__th_variant_data_##fixture_name##_##variant_name =

#define TEST_F(fixture_name, test_name)							\
	__TEST_F_IMPL(fixture_name, test_name, 0, TEST_TIMEOUT_DEFAULT)
#define TEST_F_SIGNAL(fixture_name, test_name, signo)					\
	__TEST_F_IMPL(fixture_name, test_name, signo, TEST_TIMEOUT_DEFAULT)
#define TEST_F_TIMEOUT(fixture_name, test_name, secs)					\
	__TEST_F_IMPL(fixture_name, test_name, 0, secs)

#define __TEST_F_IMPL(fixture_name, test_name, signo, secs)				\
	static void fixture_name##_##test_name(struct __test_metadata *_metadata,	\
		FIXTURE_DATA(fixture_name) *self,					\
		const FIXTURE_VARIANT(fixture_name) *variant);				\
	static void __th_step_##fixture_name##_##test_name(				\
		struct __test_metadata *_metadata, void *self, const void *variant,	\
		enum __th_step step)							\
	{										\
		if (step == __TH_SETUP)							\
			__th_setup_##fixture_name(_metadata, self, variant);		\
		else if (step == __TH_BODY)						\
			fixture_name##_##test_name(_metadata, self, variant);		\
		else									\
			__th_teardown_##fixture_name(_metadata, self, variant);		\
	}										\
	static void __th_wrap_##fixture_name##_##test_name(				\
		struct __test_metadata *_metadata, const void *variant)			\
	{										\
		FIXTURE_DATA(fixture_name) self;					\
											\
		memset(&self, 0, sizeof(self));						\
		__th_run_fixture(_metadata, &self, variant,				\
				 __th_step_##fixture_name##_##test_name);		\
	}										\
	static struct __th_test __th_test_##fixture_name##_##test_name = {		\
		.name = #test_name, .fixture = &__th_fixture_##fixture_name,		\
		.fn = __th_wrap_##fixture_name##_##test_name, .termsig = (signo),	\
		.timeout = (secs), .line = __LINE__,					\
	};										\
	static void __TH_CTOR __th_reg_##fixture_name##_##test_name(void)		\
	{										\
		__th_register_test(&__th_test_##fixture_name##_##test_name);		\
	}										\
	static void fixture_name##_##test_name(						\
		struct __test_metadata __TH_UNUSED *_metadata,				\
		FIXTURE_DATA(fixture_name) __TH_UNUSED *self,				\
		const FIXTURE_VARIANT(fixture_name) __TH_UNUSED *variant)

/*
 * A failure of this variant's test is XFAIL, a pass XPASS. Leave variant_name
 * empty for a fixture without variants, or for TEST (fixture `global`).
 */
#define XFAIL_ADD(fixture_name, variant_name, test_name)				\
	static void __TH_CTOR __th_reg_xfail_##fixture_name##_##variant_name##_##test_name(void) \
	{										\
		__th_register_xfail(#fixture_name, #variant_name, #test_name);		\
	}										\
	extern int __th_xfail_dummy_##fixture_name##_##variant_name##_##test_name

#define TEST_HARNESS_MAIN								\
	int main(int argc, char **argv)							\
	{										\
		return __th_main(argc, argv);						\
	}

/* ---- logging, skipping ------------------------------------------------------------------- */

#define TH_LOG(fmt, ...)	__th_log(_metadata, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* Records the reason, then runs statement (usually `return`). */
#define SKIP(statement, fmt, ...) do {							\
		__th_skip(_metadata, fmt, ##__VA_ARGS__);				\
		statement;								\
	} while (0)

/* ---- assertions -------------------------------------------------------------------------- */

/* Value classes the reporter prints differently: unsigned, signed, pointer, floating. */
#define __TH_KIND_UNSIGNED	0
#define __TH_KIND_SIGNED	1
#define __TH_KIND_POINTER	2
#define __TH_KIND_FLOAT		3

/* gcc/clang type classes: 5 pointer, 8 real. Signedness from the type, as (T)-1 < (T)1. */
#define __th_kind(v)									\
	(__builtin_classify_type(v) == 5 ? __TH_KIND_POINTER :				\
	 __builtin_classify_type(v) == 8 ? __TH_KIND_FLOAT :				\
	 (__th_is_signed(v) ? __TH_KIND_SIGNED : __TH_KIND_UNSIGNED))
#define __th_is_signed(v)								\
	__builtin_choose_expr(__builtin_classify_type(v) == 5, 0,			\
			      ((__typeof__(v))-1 < (__typeof__(v))1))

/*
 * The values are compared by the reporter as the numbers they are (a
 * negative signed value is below every unsigned one), so mixing signedness
 * neither warns nor lies. The trailing statement (TH_LOG(...);, a { block }
 * or just ;) is the body of the for loop, so it runs only when the check
 * failed; an ASSERT then bails out to the teardown.
 */
#define __TH_CMP(expected, seen, op, is_assert)						\
	for (int __th_failed = ({							\
		__typeof__(expected) __th_exp = (expected);				\
		__typeof__(seen) __th_seen = (seen);					\
		__th_check_cmp(_metadata, __FILE__, __LINE__, #expected, #op, #seen,	\
			       &__th_exp, sizeof(__th_exp), __th_kind(__th_exp),	\
			       &__th_seen, sizeof(__th_seen), __th_kind(__th_seen));	\
		}); __th_failed; __th_failed = __th_after_failure(_metadata, is_assert))

#define __TH_STR(expected, seen, want_equal, is_assert)					\
	for (int __th_failed = __th_check_str(_metadata, want_equal, __FILE__, __LINE__, \
					      #expected, #seen, (expected), (seen));	\
	     __th_failed; __th_failed = __th_after_failure(_metadata, is_assert))

#define __TH_BOOL(seen, want, is_assert)						\
	for (int __th_failed = __th_check_bool(_metadata, __FILE__, __LINE__, #seen,	\
					       !!(seen), want);				\
	     __th_failed; __th_failed = __th_after_failure(_metadata, is_assert))

#define ASSERT_EQ(expected, seen)	__TH_CMP(expected, seen, ==, 1)
#define ASSERT_NE(expected, seen)	__TH_CMP(expected, seen, !=, 1)
#define ASSERT_LT(expected, seen)	__TH_CMP(expected, seen, <, 1)
#define ASSERT_LE(expected, seen)	__TH_CMP(expected, seen, <=, 1)
#define ASSERT_GT(expected, seen)	__TH_CMP(expected, seen, >, 1)
#define ASSERT_GE(expected, seen)	__TH_CMP(expected, seen, >=, 1)
#define ASSERT_NULL(seen)		__TH_CMP(NULL, seen, ==, 1)
#define ASSERT_NONNULL(seen)		__TH_CMP(NULL, seen, !=, 1)
#define ASSERT_TRUE(seen)		__TH_BOOL(seen, 1, 1)
#define ASSERT_FALSE(seen)		__TH_BOOL(seen, 0, 1)
#define ASSERT_STREQ(expected, seen)	__TH_STR(expected, seen, 1, 1)
#define ASSERT_STRNE(expected, seen)	__TH_STR(expected, seen, 0, 1)

#define EXPECT_EQ(expected, seen)	__TH_CMP(expected, seen, ==, 0)
#define EXPECT_NE(expected, seen)	__TH_CMP(expected, seen, !=, 0)
#define EXPECT_LT(expected, seen)	__TH_CMP(expected, seen, <, 0)
#define EXPECT_LE(expected, seen)	__TH_CMP(expected, seen, <=, 0)
#define EXPECT_GT(expected, seen)	__TH_CMP(expected, seen, >, 0)
#define EXPECT_GE(expected, seen)	__TH_CMP(expected, seen, >=, 0)
#define EXPECT_NULL(seen)		__TH_CMP(NULL, seen, ==, 0)
#define EXPECT_NONNULL(seen)		__TH_CMP(NULL, seen, !=, 0)
#define EXPECT_TRUE(seen)		__TH_BOOL(seen, 1, 0)
#define EXPECT_FALSE(seen)		__TH_BOOL(seen, 0, 0)
#define EXPECT_STREQ(expected, seen)	__TH_STR(expected, seen, 1, 0)
#define EXPECT_STRNE(expected, seen)	__TH_STR(expected, seen, 0, 0)

#endif
