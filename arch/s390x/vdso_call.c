/* Calling into the s390x vDSO: entries are ordinary C functions of this ABI. */
#include <linux/errno.h>
#include "vdso_abi.h"

typedef long (*vdso_fn5)(long, long, long, long, long);

long arch_vdso_call(const void *fn, long a0, long a1, long a2, long a3, long a4)
{
	return ((vdso_fn5)fn)(a0, a1, a2, a3, a4);
}

/* Every export of this vDSO is a time, getrandom or signal entry the generic tests exercise. */
int arch_vdso_exercise(enum vdso_fn fn, const void *addr, char *msg, unsigned long len)
{
	return -EOPNOTSUPP;
}
