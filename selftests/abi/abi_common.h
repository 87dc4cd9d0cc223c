/* Shared pieces of the abi collection: the running vDSO, its entries by role, time comparisons. */
#ifndef ABI_COMMON_H
#define ABI_COMMON_H

#include <errno.h>
#include <stdbool.h>
#include <linux/time_types.h>
#include "vdso.h"
#include "vdso_abi.h"

struct abi_vdso {
	struct vdso_layout layout;
	struct vdso_image image;
	int err;		/* vdso_layout_read / vdso_image_open result, 0 if usable */
	const char *why;	/* which step failed */
};

/* In a test: SKIP without a vDSO, fail if discovery or parsing failed. */
#define NEED_VDSO(v) do {								\
		if ((v)->err == -ENOENT)						\
			SKIP(return, "no vDSO (vdso=0 or no CONFIG_VDSO)");		\
		ASSERT_EQ(0, (v)->err) TH_LOG("%s failed", (v)->why);			\
	} while (0)

/* Discovers and parses the running vDSO once per process; never NULL. */
const struct abi_vdso *abi_vdso(void);

/*
 * The first export of the table with role fn that this image provides
 * (with its version), or NULL; *e is set to the table entry if found.
 */
const void *abi_entry(enum vdso_fn fn, const struct vdso_export **e);

/* Running kernel version from uname(2). */
void abi_kernel_version(unsigned int *major, unsigned int *minor);

/* Nanoseconds as a signed 128-bit-safe pair compared lexicographically. */
struct abi_ts {
	long long sec, nsec;
};

struct abi_ts abi_ts_from64(const struct __kernel_timespec *t);
struct abi_ts abi_ts_from_old(const struct __kernel_old_timespec *t);
struct abi_ts abi_ts_from_tv(const struct __kernel_old_timeval *tv);
int abi_ts_cmp(struct abi_ts a, struct abi_ts b);
bool abi_ts_valid(struct abi_ts t);	/* 0 <= nsec < 1e9 */

/* Human names of clock ids 0..11 ("CLOCK_REALTIME"...), or "invalid". */
const char *abi_clock_name(int clk);

/*
 * Runs fn(arg) in a forked child that reports a long through shared memory.
 * Returns 0 and sets *ret if the child returned, or the signal that killed
 * it (>0), or -errno if the fork failed.
 */
int abi_run_child(long (*fn)(void *arg), void *arg, long *ret);
/* Maps the shared result page now, so that later mmaps (e.g. a test's hole) stay put. */
int abi_child_prepare(void);

#endif
