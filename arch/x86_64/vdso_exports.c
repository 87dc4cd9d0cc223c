/* What the x86_64 vDSO exports (arch/x86/entry/vdso linker script), with versions and kernels. */
#include "vdso_abi.h"

#define V26	"LINUX_2.6"

const struct vdso_export arch_vdso_exports[] = {
	{ "__vdso_clock_gettime", V26, VDSO_FN_CLOCK_GETTIME, 2, 6, true, "since 2.6.23" },
	{ "__vdso_gettimeofday", V26, VDSO_FN_GETTIMEOFDAY, 2, 6, true, "since 2.6.23" },
	{ "__vdso_getcpu", V26, VDSO_FN_GETCPU, 2, 6, true, "x86_64 vDSO since 2.6.23" },
	{ "__vdso_time", V26, VDSO_FN_TIME, 3, 0, true, "added in 2011 (3.0)" },
	{ "__vdso_clock_getres", V26, VDSO_FN_CLOCK_GETRES, 5, 3, true, "generic vDSO, 5.3" },
	{ "__vdso_getrandom", V26, VDSO_FN_GETRANDOM, 6, 11, true, "vgetrandom, 6.11" },
	/* Unprefixed weak aliases of the same entries. */
	{ "clock_gettime", V26, VDSO_FN_CLOCK_GETTIME, 2, 6, true, "weak alias" },
	{ "gettimeofday", V26, VDSO_FN_GETTIMEOFDAY, 2, 6, true, "weak alias" },
	{ "getcpu", V26, VDSO_FN_GETCPU, 2, 6, true, "weak alias" },
	{ "time", V26, VDSO_FN_TIME, 3, 0, true, "weak alias" },
	{ "clock_getres", V26, VDSO_FN_CLOCK_GETRES, 5, 3, true, "weak alias, 5.3" },
	{ "getrandom", V26, VDSO_FN_GETRANDOM, 6, 11, true, "weak alias, 6.11" },
	{ "__vdso_sgx_enter_enclave", V26, VDSO_FN_SGX_ENTER, 5, 11, false,
	  "only with CONFIG_X86_SGX (5.11+)" },
};

const unsigned int arch_vdso_nr_exports = sizeof(arch_vdso_exports) / sizeof(arch_vdso_exports[0]);
const char arch_vdso_version[] = V26;
/* "64-bit userspace has never supported sa_restorer == NULL": libc always supplies one. */
const bool arch_sigreturn_via_vdso = false;
const char arch_vdso_sigtramp[] = "";
const char arch_vdso_sigtramp_rt[] = "";
