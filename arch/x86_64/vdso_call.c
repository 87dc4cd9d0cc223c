/* Calling into the x86_64 vDSO: entries are ordinary C functions of this ABI. */
#include <stdio.h>
#include <linux/errno.h>
#include "vdso_abi.h"

typedef long (*vdso_fn5)(long, long, long, long, long);

long arch_vdso_call(const void *fn, long a0, long a1, long a2, long a3, long a4)
{
	return ((vdso_fn5)fn)(a0, a1, a2, a3, a4);
}

/*
 * __vdso_sgx_enter_enclave rejects a leaf outside EENTER..ERESUME with
 * -EINVAL before it reads any other argument, so leaf 0 is a safe probe.
 */
static int exercise_sgx(const void *addr, char *msg, unsigned long len)
{
	int ret = vdso_call_int(addr, 0, 0, 0, 0, 0);

	if (ret == -EINVAL)
		return 0;
	snprintf(msg, len, "sgx_enter_enclave(leaf 0) returned %d, expected -EINVAL", ret);
	return 1;
}

int arch_vdso_exercise(enum vdso_fn fn, const void *addr, char *msg, unsigned long len)
{
	if (fn == VDSO_FN_SGX_ENTER)
		return exercise_sgx(addr, msg, len);
	return -EOPNOTSUPP;
}
