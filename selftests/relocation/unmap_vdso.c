/* Unmaps [vdso] and all [vvar*]: syscalls and a fresh exec work, signal return follows the ABI. */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include "ksigaction.h"
#include "sigframe.h"
#include "harness.h"
#include "rawsys.h"
#include "reloc.h"

FIXTURE(unmap) {
	struct vdso_layout l;
	struct vdso_area a;
};

FIXTURE_SETUP(unmap)
{
	long r = 0;
	int i;

	if (!reloc_setup(_metadata, &self->l, &self->a))
		return;
	for (i = 0; i < self->a.n && !r; i++)
		r = raw_munmap((void *)self->a.vma[i].start,
			       self->a.vma[i].end - self->a.vma[i].start);
	if (r && reloc_sealed_result(_metadata, &self->a, r))
		return;
	ASSERT_EQ(0, r);
}

FIXTURE_TEARDOWN(unmap)
{
}

TEST_F(unmap, syscalls_and_fresh_exec)
{
	struct __kernel_timespec t0, t1;
	struct vdso_area now;
	unsigned long aux = 0;

	ASSERT_EQ(-ENOENT, vdso_area_read(&now, self->a.page))
		TH_LOG("a vDSO VMA is still mapped");
	ASSERT_EQ(1, vdso_auxv_get(AT_SYSINFO_EHDR, &aux));
	ASSERT_EQ(self->l.ehdr, aux) TH_LOG("AT_SYSINFO_EHDR is fixed at exec, even after munmap");
	ASSERT_EQ(0, raw_clock_gettime(1, &t0));
	ASSERT_EQ(0, raw_clock_gettime(1, &t1));
	ASSERT_LE(t0.tv_sec * 1000000000LL + t0.tv_nsec, t1.tv_sec * 1000000000LL + t1.tv_nsec);
	/* exec maps a new vDSO whatever the old image did to its own. */
	reloc_check_exec(_metadata);
}

static volatile int *ran;

static void count_handler(int sig, siginfo_t *si, void *uc)
{
	(*ran)++;
}

struct raise_arg {
	bool via_vdso;		/* no SA_RESTORER */
	unsigned long alt, alt_len;	/* sigaltstack, or 0 */
};

static int raise_once(void *p)
{
	struct raise_arg *r = p;
	struct ksigaction ka = { .handler = count_handler, .flags = KSA_SIGINFO };
	stack_t ss = { .ss_sp = (void *)r->alt, .ss_size = r->alt_len };

	if (r->alt) {
		if (raw_sigaltstack(&ss, NULL))
			return 3;
		ka.flags |= KSA_ONSTACK;
	}
	if (!r->via_vdso) {
		ka.flags |= KSA_RESTORER;
		ka.restorer = arch_sigframe_restorer;
	}
	if (raw_sigaction(SIGUSR1, &ka, NULL))
		return 2;
	raw_tgkill(raw_getpid(), raw_gettid(), SIGUSR1);
	return 0;
}

/* A child raising one signal must die of SIGSEGV after the handler ran n times. */
static void expect_segv(struct __test_metadata *_metadata, struct raise_arg *arg, int n)
{
	int status;

	*ran = 0;
	status = reloc_in_child(raise_once, arg);
	ASSERT_TRUE(RAW_WIFSIGNALED(status) && RAW_WTERMSIG(status) == SIGSEGV)
		TH_LOG("wait status %#x; expected SIGSEGV: %s", status,
		       ARCH_UNMAPPED_SIGRETURN_WHY);
	ASSERT_EQ(n, (int)*ran);
}

static long rwx_stack(unsigned long len, int prot)
{
	return raw_mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

TEST_F(unmap, sigreturn_fallback)
{
	struct raise_arg arg = { .via_vdso = true };
	unsigned long clobbered = ~0UL, len = 16 * self->a.page;
	const char *why = "";
	stack_t ss = { .ss_size = len };
	unsigned int major, minor;

	reloc_kernel_version(&major, &minor);
	if ((int)(major << 8 | minor) < ARCH_SIGRET_VDSO_SINCE)
		SKIP(return, "%s", ARCH_SIGRET_VDSO_SINCE_WHY);
	ran = reloc_shared(sizeof(int));
	ASSERT_NE(NULL, ran);
	switch (ARCH_UNMAPPED_SIGRETURN) {
	case SIGRET_NEEDS_RESTORER:
		/* No frame can be built without a restorer: SIGSEGV before the handler. */
		expect_segv(_metadata, &arg, 0);
		break;
	case SIGRET_FAULTS:
		/* The frame is built and the handler runs; its return jumps into the hole. */
		expect_segv(_metadata, &arg, 1);
		break;
	case SIGRET_STACK_TRAMPOLINE:
		/* The trampoline the kernel writes must be executable where it lands. */
		arg.alt_len = len;
		arg.alt = rwx_stack(len, PROT_READ | PROT_WRITE);
		ASSERT_FALSE(raw_mmap_failed(arg.alt));
		expect_segv(_metadata, &arg, ARCH_TRAMPOLINE_CALLS_HANDLER ? 0 : 1);
		ss.ss_sp = (void *)rwx_stack(len, PROT_READ | PROT_WRITE | PROT_EXEC);
		ASSERT_FALSE(raw_mmap_failed((long)ss.ss_sp));
		ASSERT_EQ(0, raw_sigaltstack(&ss, NULL));
		ASSERT_EQ(0, reloc_sigaction(SIGUSR1, count_handler, KSA_SIGINFO | KSA_ONSTACK,
					     true, &why));
		*ran = 0;
		ASSERT_EQ(0, arch_sigframe_syscall(__NR_tgkill, raw_getpid(), raw_gettid(),
						   SIGUSR1, &clobbered));
		ASSERT_EQ(1, (int)*ran);
		ASSERT_EQ(0UL, clobbered) TH_LOG("changed: bits of %s", ARCH_SIGFRAME_REGS);
		break;
	default:
		ASSERT_TRUE(0) TH_LOG("ARCH_UNMAPPED_SIGRETURN has no known value");
	}
	TH_LOG("without a vDSO: %s", ARCH_UNMAPPED_SIGRETURN_WHY);
}

/* A restorer of our own needs no vDSO at all, where the kernel honours one. */
TEST_F(unmap, own_restorer_still_returns)
{
	const char *why = "";

	if (!reloc_check_signal_via(_metadata, false, &why))
		SKIP(return, "%s", why);
}

TEST_HARNESS_MAIN
