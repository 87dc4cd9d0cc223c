/* Calling into the ppc64le vDSO: syscall error convention (CR0.SO), entry through CTR with r12. */
#include <stdio.h>
#include <string.h>
#include <linux/errno.h>
#include "rawsys.h"
#include "vdso_abi.h"

/*
 * long arch_vdso_call(fn r3, a0 r4 .. a4 r8). A stack frame of our own holds
 * LR and the TOC pointer: a vDSO entry may set up r2 from r12 for itself.
 */
__asm__(
	"	.abiversion 2\n"
	"	.text\n"
	"	.globl	arch_vdso_call\n"
	"	.type	arch_vdso_call, @function\n"
	"arch_vdso_call:\n"
	"	mflr	0\n"
	"	std	0, 16(1)\n"
	"	stdu	1, -48(1)\n"
	"	std	2, 24(1)\n"
	"	mtctr	3\n"
	"	mr	12, 3\n"
	"	mr	3, 4\n"
	"	mr	4, 5\n"
	"	mr	5, 6\n"
	"	mr	6, 7\n"
	"	mr	7, 8\n"
	"	bctrl\n"
	"	bns+	1f\n"
	"	neg	3, 3\n"
	"1:	ld	2, 24(1)\n"
	"	addi	1, 1, 48\n"
	"	ld	0, 16(1)\n"
	"	mtlr	0\n"
	"	blr\n"
	"	.size	arch_vdso_call, . - arch_vdso_call\n");

/* The timebase frequency the kernel reports in /proc/cpuinfo ("timebase : 512000000"). */
static unsigned long cpuinfo_timebase(void)
{
	char line[256];
	unsigned long tb = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "timebase", 8) && sscanf(line, "timebase : %lu", &tb) == 1)
			break;
	fclose(f);
	return tb;
}

static int exercise_tbfreq(const void *addr, char *msg, unsigned long len)
{
	unsigned long vdso = (unsigned long)arch_vdso_call(addr, 0, 0, 0, 0, 0);
	unsigned long ref = cpuinfo_timebase();

	if (!vdso || (ref && vdso != ref)) {
		snprintf(msg, len, "get_tbfreq = %lu, /proc/cpuinfo timebase = %lu", vdso, ref);
		return 1;
	}
	return 0;
}

/* The map has one bit per syscall number the kernel implements. */
static int exercise_syscall_map(const void *addr, char *msg, unsigned long len)
{
	const unsigned int *map = (const unsigned int *)arch_vdso_call(addr, 0, 0, 0, 0, 0);
	unsigned int nr = __NR_getpid;

	if (!map || (unsigned long)map > -4096UL) {
		snprintf(msg, len, "get_syscall_map returned %p", (const void *)map);
		return 1;
	}
	if (!(map[nr / 32] & (1U << (nr % 32)))) {
		snprintf(msg, len, "get_syscall_map: bit for getpid (%u) is clear", nr);
		return 1;
	}
	return 0;
}

static int exercise_dicache(const void *addr, char *msg, unsigned long len)
{
	static unsigned int code[64];
	long ret = arch_vdso_call(addr, (long)code, sizeof(code), 0, 0, 0);

	if (ret) {
		snprintf(msg, len, "sync_dicache on a data buffer returned %ld", ret);
		return 1;
	}
	return 0;
}

int arch_vdso_exercise(enum vdso_fn fn, const void *addr, char *msg, unsigned long len)
{
	switch (fn) {
	case VDSO_FN_GET_TBFREQ:
		return exercise_tbfreq(addr, msg, len);
	case VDSO_FN_GET_SYSCALL_MAP:
		return exercise_syscall_map(addr, msg, len);
	case VDSO_FN_SYNC_DICACHE:
		return exercise_dicache(addr, msg, len);
	default:
		return -EOPNOTSUPP;
	}
}
