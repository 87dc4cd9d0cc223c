/* Raw rt_sigaction and a signal taken during a register-patterned syscall. */
#include <errno.h>
#include <signal.h>
#include "ksigaction.h"
#include "sigframe.h"
#include "harness.h"
#include "rawsys.h"
#include "reloc.h"

long reloc_sigaction(int sig, void *handler, unsigned long flags, bool via_vdso,
		     const char **why)
{
	struct ksigaction ka = { .handler = handler, .flags = flags };

	if (via_vdso && !ARCH_KSA_NULL_RESTORER_OK) {
		*why = ARCH_KSA_NULL_RESTORER_WHY;
		return -EOPNOTSUPP;
	}
	if (!via_vdso) {
		if (!ARCH_KSA_RESTORER_HONOURED) {
			*why = ARCH_KSA_RESTORER_WHY;
			return -EOPNOTSUPP;
		}
		if (!(flags & KSA_SIGINFO)) {
			*why = "the raw restorer returns only from SA_SIGINFO (rt) frames";
			return -EOPNOTSUPP;
		}
		ka.flags |= KSA_RESTORER;
		ka.restorer = arch_sigframe_restorer;
	}
	return raw_sigaction(sig, &ka, NULL);
}

static volatile int chk_count, chk_badinfo;
static volatile long chk_pid;

static void chk_siginfo(int sig, siginfo_t *si, void *uc)
{
	chk_count++;
	if (si->si_signo != sig || si->si_code != SI_TKILL || si->si_pid != chk_pid)
		chk_badinfo++;
}

static void chk_plain(int sig)
{
	chk_count++;
}

/* One signal taken on return from a patterned tgkill; the interrupted state must survive. */
static void signal_once(struct __test_metadata *_metadata, void *handler, unsigned long flags,
			bool via_vdso)
{
	unsigned long clobbered = ~0UL;
	const char *why = "";
	int count, badinfo;
	long r;

	r = reloc_sigaction(SIGUSR1, handler, flags, via_vdso, &why);
	ASSERT_EQ(0, r) TH_LOG("rt_sigaction: %s", why);
	chk_count = 0;
	chk_badinfo = 0;
	chk_pid = raw_getpid();
	r = arch_sigframe_syscall(__NR_tgkill, chk_pid, raw_gettid(), SIGUSR1, &clobbered);
	count = chk_count;
	badinfo = chk_badinfo;
	ASSERT_EQ(0, r);
	ASSERT_EQ(1, count) TH_LOG("the handler did not run once");
	ASSERT_EQ(0, badinfo) TH_LOG("siginfo does not describe the tgkill");
	ASSERT_EQ(0UL, clobbered) TH_LOG("registers changed across the signal (bits of \"%s\")",
					 ARCH_SIGFRAME_REGS);
}

bool reloc_check_signal_via(struct __test_metadata *_metadata, bool via_vdso, const char **why)
{
	if (via_vdso && !ARCH_KSA_NULL_RESTORER_OK) {
		*why = ARCH_KSA_NULL_RESTORER_WHY;
		return false;
	}
	if (!via_vdso && !ARCH_KSA_RESTORER_HONOURED) {
		*why = ARCH_KSA_RESTORER_WHY;
		return false;
	}
	signal_once(_metadata, chk_siginfo, KSA_SIGINFO, via_vdso);
	/* Without SA_SIGINFO i386 builds a non-rt frame and enters __kernel_sigreturn. */
	if (via_vdso)
		signal_once(_metadata, chk_plain, 0, true);
	return true;
}

void reloc_check_signal(struct __test_metadata *_metadata)
{
	const char *why;

	reloc_check_signal_via(_metadata, ARCH_KSA_NULL_RESTORER_OK, &why);
}
