/* ppc64le exports of the fake vDSO the cr proxy tests launch with (same names, other offsets). */
#ifndef ARCH_CR_FAKE_VDSO_H
#define ARCH_CR_FAKE_VDSO_H

#include <asm/unistd.h>

/*
 * All in assembly: glibc calls vDSO entries like a syscall (mtctr/bctrl, r12 not the entry
 * address, r2 and the non-volatile registers expected intact, errors as CR0.SO plus a positive
 * errno).  Compiled C would derive r2 from r12 in its global entry and return -errno.
 */
#define CR_FAKE_SYSCALLS(X)
#define CR_FAKE_GETRANDOM(G)
#define CR_FAKE_ALIASES(A)
#define CR_FAKE_CONSTS(C)
#define CR_FAKE_BITMAPS(B)

#define CR_FAKE_STR(x)		CR_FAKE_STR_(x)
#define CR_FAKE_STR_(x)		#x

#define CR_FAKE_FN(sym, body)						\
	".globl " #sym "\n.type " #sym ",@function\n.balign 64\n" #sym ":\n" body	\
	".size " #sym ",.-" #sym "\n"

/* sc already leaves CR0.SO and a positive errno the way a kernel fallback path does. */
#define CR_FAKE_SC(sym, nr)	CR_FAKE_FN(sym, "\tli 0," CR_FAKE_STR(nr) "\n\tsc\n\tblr\n")

/* The state query (opaque_len ~0) is the real vDSO's business: ENOSYS; plain calls go to sc. */
#define CR_FAKE_GETRANDOM_ASM						\
	CR_FAKE_FN(__kernel_getrandom, "\tcmpdi 7,-1\n\tbne 1f\n\tli 3,38\n\tcrset so\n\tblr\n"	\
		   "1:\tli 0," CR_FAKE_STR(__NR_getrandom) "\n\tsc\n\tblr\n")

/* No syscall behind these; the values only have to be plausible. */
#define CR_FAKE_CONST_ASM						\
	CR_FAKE_FN(__kernel_get_tbfreq,					\
		   "\tlis 3,0x1e84\n\tori 3,3,0x8000\n\tcrclr so\n\tblr\n")	\
	CR_FAKE_FN(__kernel_sync_dicache, "\tisync\n\tli 3,0\n\tcrclr so\n\tblr\n")

/* Every bit set ("every syscall is implemented"), count stored through r3 when non-NULL. */
#define CR_FAKE_MAP_ASM							\
	CR_FAKE_FN(__kernel_get_syscall_map,				\
		   "\tmflr 12\n\tbcl 20,31,1f\n1:\tmflr 4\n\tmtlr 12\n"	\
		   "\tcmpdi 3,0\n\tbeq 2f\n\tli 0,1024\n\tstw 0,0(3)\n"	\
		   "2:\taddi 3,4,3f-1b\n\tcrclr so\n\tblr\n"		\
		   "\t.balign 4\n3:\t.fill 32,4,0xffffffff\n")

#define CR_FAKE_ASM							\
	".text\n"							\
	CR_FAKE_FN(__kernel_sigtramp_rt64, "\tli 0,172\n\tsc\n")	\
	CR_FAKE_SC(__kernel_clock_gettime, __NR_clock_gettime)		\
	CR_FAKE_SC(__kernel_gettimeofday, __NR_gettimeofday)		\
	CR_FAKE_SC(__kernel_clock_getres, __NR_clock_getres)		\
	CR_FAKE_SC(__kernel_getcpu, __NR_getcpu)			\
	CR_FAKE_SC(__kernel_time, __NR_time)				\
	CR_FAKE_GETRANDOM_ASM CR_FAKE_CONST_ASM CR_FAKE_MAP_ASM

#endif
