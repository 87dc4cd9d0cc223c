/* What the ppc64 vDSO exports (all STT_NOTYPE), with versions and the kernels that added them. */
#include "vdso_abi.h"

#define V2615	"LINUX_2.6.15"

const struct vdso_export arch_vdso_exports[] = {
	{ "__kernel_clock_gettime", V2615, VDSO_FN_CLOCK_GETTIME, 2, 6, true, "2.6.15" },
	{ "__kernel_clock_getres", V2615, VDSO_FN_CLOCK_GETRES, 2, 6, true, "ppc64 vDSO, 2.6.15" },
	{ "__kernel_gettimeofday", V2615, VDSO_FN_GETTIMEOFDAY, 2, 6, true, "ppc64 vDSO, 2.6.15" },
	{ "__kernel_get_syscall_map", V2615, VDSO_FN_GET_SYSCALL_MAP, 2, 6, true, "2.6.15" },
	{ "__kernel_get_tbfreq", V2615, VDSO_FN_GET_TBFREQ, 2, 6, true, "2.6.15" },
	{ "__kernel_sync_dicache", V2615, VDSO_FN_SYNC_DICACHE, 2, 6, true, "2.6.15" },
	{ "__kernel_sigtramp_rt64", V2615, VDSO_FN_RT_SIGRETURN, 2, 6, true, "signal return" },
	{ "__kernel_getcpu", V2615, VDSO_FN_GETCPU, 3, 0, true, "before 3.0 (release not pinned)" },
	{ "__kernel_time", V2615, VDSO_FN_TIME, 3, 0, true, "before 3.0 (release not pinned)" },
	{ "__kernel_getrandom", V2615, VDSO_FN_GETRANDOM, 6, 12, true, "vgetrandom, 6.12" },
};

const unsigned int arch_vdso_nr_exports = sizeof(arch_vdso_exports) / sizeof(arch_vdso_exports[0]);
const char arch_vdso_version[] = V2615;
/*
 * While a vDSO is mapped the kernel starts the handler from
 * __kernel_start_sigtramp_rt64 (bctrl), so the handler returns to the
 * exported __kernel_sigtramp_rt64; without a vDSO it writes one on the stack.
 */
const bool arch_sigreturn_via_vdso = true;
const char arch_vdso_sigtramp[] = "__kernel_sigtramp_rt64";
const char arch_vdso_sigtramp_rt[] = "__kernel_sigtramp_rt64";
