/* x86_64 exports of the fake vDSO the cr proxy tests launch with (same names, other offsets). */
#ifndef ARCH_CR_FAKE_VDSO_H
#define ARCH_CR_FAKE_VDSO_H

#include <asm/unistd.h>

/* X(symbol, syscall): a function forwarding up to three arguments to the syscall. */
#define CR_FAKE_SYSCALLS(X)						\
	X(__vdso_clock_gettime, __NR_clock_gettime)			\
	X(__vdso_gettimeofday, __NR_gettimeofday)			\
	X(__vdso_time, __NR_time)					\
	X(__vdso_clock_getres, __NR_clock_getres)			\
	X(__vdso_getcpu, __NR_getcpu)

#define CR_FAKE_GETRANDOM(G)	G(__vdso_getrandom)

/* A(alias, symbol): the weak unprefixed names the x86_64 vDSO also exports. */
#define CR_FAKE_ALIASES(A)						\
	A(clock_gettime, __vdso_clock_gettime)				\
	A(gettimeofday, __vdso_gettimeofday)				\
	A(time, __vdso_time)						\
	A(clock_getres, __vdso_clock_getres)				\
	A(getcpu, __vdso_getcpu)					\
	A(getrandom, __vdso_getrandom)

#define CR_FAKE_CONSTS(C)
#define CR_FAKE_BITMAPS(B)
#define CR_FAKE_ASM	""

#endif
