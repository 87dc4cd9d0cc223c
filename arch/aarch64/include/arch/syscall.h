/* Raw system calls for aarch64 that never go through libc or the vDSO. */
#ifndef ARCH_SYSCALL_H
#define ARCH_SYSCALL_H

/*
 * Returns the kernel's value: -errno on failure on every ABI (the aarch64
 * stub converts the native error convention). Safe to call after the vDSO
 * has been moved or unmapped, and from freestanding code.
 */
long arch_syscall6(long nr, long a, long b, long c, long d, long e, long f);

#endif
