/* Calls every function a vDSO image exports through saved pointers; compares with raw syscalls. */
#ifndef CR_ORACLE_H
#define CR_ORACLE_H

#include "vdso_abi.h"

#define CR_MAX_FNS	24

/* Copies, not pointers into the image: they must outlive a proxy or an unmapped vDSO. */
struct cr_fn {
	char name[40];
	enum vdso_fn fn;		/* VDSO_FN_NR: not in this ABI's table, never called */
	const void *addr;
};

struct cr_fns {
	int n;
	struct cr_fn f[CR_MAX_FNS];
};

/* Resolves every exported function of the image at base (the VMA there gives its size). */
int cr_fns_resolve(struct cr_fns *fns, unsigned long base);

/* 0 if every callable export agrees with the kernel; else 1 and msg says which and how. */
int cr_fns_check(const struct cr_fns *fns, char *msg, unsigned long len);

/* The same through glibc's own (cached) vDSO pointers. */
int cr_glibc_check(char *msg, unsigned long len);

#endif
