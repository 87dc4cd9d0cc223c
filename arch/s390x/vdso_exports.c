/* What the s390x vDSO exports (arch/s390/kernel/vdso64), with versions and kernels. */
#include "vdso_abi.h"

#define V2629	"LINUX_2.6.29"

const struct vdso_export arch_vdso_exports[] = {
	{ "__kernel_clock_gettime", V2629, VDSO_FN_CLOCK_GETTIME, 2, 6, true, "s390 vDSO, 2.6.29" },
	{ "__kernel_clock_getres", V2629, VDSO_FN_CLOCK_GETRES, 2, 6, true, "s390 vDSO, 2.6.29" },
	{ "__kernel_gettimeofday", V2629, VDSO_FN_GETTIMEOFDAY, 2, 6, true, "s390 vDSO, 2.6.29" },
	{ "__kernel_getcpu", V2629, VDSO_FN_GETCPU, 5, 11, true,
	  "generic-vDSO era (5.10/5.11; release not pinned)" },
	{ "__kernel_sigreturn", V2629, VDSO_FN_SIGRETURN, 5, 14, true, "5.14 (df29a7440c4b)" },
	{ "__kernel_rt_sigreturn", V2629, VDSO_FN_RT_SIGRETURN, 5, 14, true, "5.14" },
	{ "__kernel_restart_syscall", V2629, VDSO_FN_RESTART_SYSCALL, 5, 14, true,
	  "5.14 (686341f2548b)" },
	{ "__kernel_getrandom", V2629, VDSO_FN_GETRANDOM, 6, 12, true, "vgetrandom, 6.12" },
};

const unsigned int arch_vdso_nr_exports = sizeof(arch_vdso_exports) / sizeof(arch_vdso_exports[0]);
const char arch_vdso_version[] = V2629;
/* Since 5.14 signal frames return through the vDSO (the on-stack trampoline was removed). */
const bool arch_sigreturn_via_vdso = true;
const char arch_vdso_sigtramp[] = "__kernel_sigreturn";
const char arch_vdso_sigtramp_rt[] = "__kernel_rt_sigreturn";
