/* s390x syscall numbers behind the generic raw syscall wrappers (helpers/include/rawsys.h). */
#ifndef ARCH_RAWSYS_H
#define ARCH_RAWSYS_H

#include <asm/unistd.h>

/* __NR_mmap is old_mmap here: its six arguments are read from a block in memory. */
#define ARCH_NR_MMAP			__NR_mmap
#define ARCH_MMAP_ARGS_IN_MEMORY	1
#define ARCH_MMAP_OFF_SHIFT		0
#define ARCH_NR_CLOCK_GETTIME64		__NR_clock_gettime
#define ARCH_NR_CLOCK_GETRES64		__NR_clock_getres
#define ARCH_NR_CLOCK_NANOSLEEP64	__NR_clock_nanosleep
/* 64-bit s390 has no time(2) (the 31-bit compat table does): ARCH_NR_TIME stays undefined. */

#endif
