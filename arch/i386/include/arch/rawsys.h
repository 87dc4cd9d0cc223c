/* i386 syscall numbers behind the generic raw syscall wrappers (helpers/include/rawsys.h). */
#ifndef ARCH_RAWSYS_H
#define ARCH_RAWSYS_H

#include <asm/unistd.h>

/* Old mmap takes a struct; mmap2 takes the offset in 4096-byte units whatever the page size. */
#define ARCH_NR_MMAP			__NR_mmap2
#define ARCH_MMAP_ARGS_IN_MEMORY	0
#define ARCH_MMAP_OFF_SHIFT		12
/* 32-bit time_t ABI: the *_time64 calls (5.1+) take struct __kernel_timespec. */
#define ARCH_NR_CLOCK_GETTIME64		__NR_clock_gettime64
#define ARCH_NR_CLOCK_GETRES64		__NR_clock_getres_time64
#define ARCH_NR_CLOCK_NANOSLEEP64	__NR_clock_nanosleep_time64
#define ARCH_NR_TIME			__NR_time

#endif
