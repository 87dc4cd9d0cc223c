/* What the i386 (vdso32) vDSO exports, with versions and the kernels that added them. */
#include "vdso_abi.h"

#define V26	"LINUX_2.6"
#define V25	"LINUX_2.5"

const struct vdso_export arch_vdso_exports[] = {
	{ "__kernel_vsyscall", V25, VDSO_FN_VSYSCALL, 2, 6, true, "AT_SYSINFO entry, always" },
	{ "__kernel_sigreturn", V25, VDSO_FN_SIGRETURN, 2, 6, true, "kernel restorer, always" },
	{ "__kernel_rt_sigreturn", V25, VDSO_FN_RT_SIGRETURN, 2, 6, true, "kernel restorer" },
	{ "__vdso_clock_gettime64", V26, VDSO_FN_CLOCK_GETTIME64, 5, 3, true, "y2038 entry, 5.3" },
	{ "__vdso_getcpu", V26, VDSO_FN_GETCPU, 6, 3, true, "x86-32 getcpu, 6.3 (92d33063c081)" },
	/* The old-time_t entries became optional with CONFIG_COMPAT_32BIT_TIME in 2025. */
	{ "__vdso_clock_gettime", V26, VDSO_FN_CLOCK_GETTIME32, 3, 15, false,
	  "3.15; needs CONFIG_COMPAT_32BIT_TIME on recent kernels" },
	{ "__vdso_gettimeofday", V26, VDSO_FN_GETTIMEOFDAY, 3, 15, false,
	  "3.15; needs CONFIG_COMPAT_32BIT_TIME on recent kernels" },
	{ "__vdso_time", V26, VDSO_FN_TIME, 3, 15, false,
	  "3.15; needs CONFIG_COMPAT_32BIT_TIME on recent kernels" },
	{ "__vdso_clock_getres", V26, VDSO_FN_CLOCK_GETRES32, 5, 3, false,
	  "5.3; needs CONFIG_COMPAT_32BIT_TIME on recent kernels" },
	{ "__vdso_clock_getres_time64", V26, VDSO_FN_CLOCK_GETRES, 6, 19, false,
	  "2025-12 time64 getres series; release not pinned" },
};

const unsigned int arch_vdso_nr_exports = sizeof(arch_vdso_exports) / sizeof(arch_vdso_exports[0]);
const char arch_vdso_version[] = V26;
/* Without SA_RESTORER the kernel points the frame's return address at these. */
const bool arch_sigreturn_via_vdso = true;
const char arch_vdso_sigtramp[] = "__kernel_sigreturn";
const char arch_vdso_sigtramp_rt[] = "__kernel_rt_sigreturn";
