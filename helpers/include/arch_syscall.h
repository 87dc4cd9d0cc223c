/* The raw system call each ABI implements in arch/<abi>/syscall.S, bypassing libc and the vDSO. */
#ifndef ARCH_SYSCALL_H
#define ARCH_SYSCALL_H

/*
 * Returns the kernel's value: -errno on failure on every ABI (each stub
 * converts its native error convention, e.g. ppc64's CR0.SO). Safe after the
 * vDSO has been moved or unmapped, and from freestanding code.
 */
long arch_syscall6(long nr, long a, long b, long c, long d, long e, long f);

#endif
