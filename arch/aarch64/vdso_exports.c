/* What the aarch64 vDSO exports (arch/arm64/kernel/vdso), with versions and kernels. */
#include "vdso_abi.h"

#define V2639	"LINUX_2.6.39"

const struct vdso_export arch_vdso_exports[] = {
	{ "__kernel_rt_sigreturn", V2639, VDSO_FN_RT_SIGRETURN, 3, 7, true, "signal return, 3.7" },
	{ "__kernel_gettimeofday", V2639, VDSO_FN_GETTIMEOFDAY, 3, 7, true, "arm64 vDSO, 3.7" },
	{ "__kernel_clock_gettime", V2639, VDSO_FN_CLOCK_GETTIME, 3, 7, true, "arm64 vDSO, 3.7" },
	{ "__kernel_clock_getres", V2639, VDSO_FN_CLOCK_GETRES, 3, 7, true, "arm64 vDSO, 3.7" },
	{ "__kernel_getrandom", V2639, VDSO_FN_GETRANDOM, 6, 12, true,
	  "vgetrandom for arm64, 6.12 (with ppc, s390x, loongarch)" },
};

const unsigned int arch_vdso_nr_exports = sizeof(arch_vdso_exports) / sizeof(arch_vdso_exports[0]);
const char arch_vdso_version[] = V2639;
/* glibc installs handlers without SA_RESTORER; every arm64 frame is an rt frame. */
const bool arch_sigreturn_via_vdso = true;
const char arch_vdso_sigtramp[] = "__kernel_rt_sigreturn";
const char arch_vdso_sigtramp_rt[] = "__kernel_rt_sigreturn";
