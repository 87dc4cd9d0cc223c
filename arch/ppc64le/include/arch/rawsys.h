/* ppc64le syscall numbers behind the generic raw syscall wrappers (helpers/include/rawsys.h). */
#ifndef ARCH_RAWSYS_H
#define ARCH_RAWSYS_H

#include <asm/unistd.h>

#define ARCH_NR_MMAP			__NR_mmap
#define ARCH_MMAP_ARGS_IN_MEMORY	0
#define ARCH_MMAP_OFF_SHIFT		0
#define ARCH_NR_CLOCK_GETTIME64		__NR_clock_gettime
#define ARCH_NR_CLOCK_GETRES64		__NR_clock_getres
#define ARCH_NR_CLOCK_NANOSLEEP64	__NR_clock_nanosleep
#define ARCH_NR_TIME			__NR_time

#endif
