/* A vDSO look-alike for the proxy tests: this ABI's export names and versions over syscalls. */
#include <arch/cr_fake_vdso.h>
#include "arch_syscall.h"

#define FAKE_SYSCALL(sym, nr)						\
	long sym(long a, long b, long c);				\
	long sym(long a, long b, long c)				\
	{								\
		return arch_syscall6(nr, a, b, c, 0, 0, 0);		\
	}

#define FAKE_CONST(sym, val)						\
	unsigned long sym(void);					\
	unsigned long sym(void)						\
	{								\
		return val;						\
	}

#define FAKE_BITMAP(sym)						\
	static const unsigned int sym##_bits[32] = { [0 ... 31] = ~0U };	\
	const unsigned int *sym(void);					\
	const unsigned int *sym(void)					\
	{								\
		return sym##_bits;					\
	}

/* Only the plain call is forwarded; the state query (len ~0) is the real vDSO's business. */
#define FAKE_GETRANDOM(sym)						\
	long sym(void *buf, unsigned long len, unsigned int flags, void *st, unsigned long stlen); \
	long sym(void *buf, unsigned long len, unsigned int flags, void *st, unsigned long stlen) \
	{								\
		(void)st;						\
		if (stlen == ~0UL)					\
			return -38;					\
		return arch_syscall6(__NR_getrandom, (long)buf, (long)len, flags, 0, 0, 0); \
	}

#define FAKE_ALIAS(weak_name, sym)						\
	extern __typeof(sym) weak_name __attribute__((weak, alias(#sym)));

CR_FAKE_SYSCALLS(FAKE_SYSCALL)
CR_FAKE_CONSTS(FAKE_CONST)
CR_FAKE_BITMAPS(FAKE_BITMAP)
CR_FAKE_GETRANDOM(FAKE_GETRANDOM)
CR_FAKE_ALIASES(FAKE_ALIAS)

__asm__(CR_FAKE_ASM);
