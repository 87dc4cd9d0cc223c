/* Calling into the i386 vDSO: cdecl C entries, and __kernel_vsyscall's register convention. */
#include <stdio.h>
#include <linux/errno.h>
#include "rawsys.h"
#include "vdso_abi.h"

typedef long (*vdso_fn5)(long, long, long, long, long);

long arch_vdso_call(const void *fn, long a0, long a1, long a2, long a3, long a4)
{
	return ((vdso_fn5)fn)(a0, a1, a2, a3, a4);
}

/* __kernel_vsyscall takes the number in eax and preserves every register but eax. */
static long vsyscall0(const void *fn, long nr)
{
	long ret;

	__asm__ volatile("call *%[fn]" : "=a"(ret) : "a"(nr), [fn] "r"(fn) : "memory", "cc");
	return ret;
}

static int exercise_vsyscall(const void *addr, char *msg, unsigned long len)
{
	long via = vsyscall0(addr, __NR_getpid), raw = raw_getpid();
	long bad = vsyscall0(addr, 100000);

	if (via != raw) {
		snprintf(msg, len, "getpid through __kernel_vsyscall = %ld, raw = %ld", via, raw);
		return 1;
	}
	if (bad != -ENOSYS) {
		snprintf(msg, len, "syscall 100000 via __kernel_vsyscall = %ld, not -ENOSYS", bad);
		return 1;
	}
	return 0;
}

int arch_vdso_exercise(enum vdso_fn fn, const void *addr, char *msg, unsigned long len)
{
	if (fn == VDSO_FN_VSYSCALL)
		return exercise_vsyscall(addr, msg, len);
	return -EOPNOTSUPP;
}
