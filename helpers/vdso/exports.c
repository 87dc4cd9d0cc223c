/* Generic lookups over the per-ABI table of expected vDSO exports (arch/<abi>/vdso_exports.c). */
#include <stddef.h>
#include "vdso.h"
#include "vdso_abi.h"

static const char *const fn_names[VDSO_FN_NR] = {
	[VDSO_FN_CLOCK_GETTIME] = "clock_gettime",
	[VDSO_FN_CLOCK_GETTIME64] = "clock_gettime64",
	[VDSO_FN_CLOCK_GETTIME32] = "clock_gettime32",
	[VDSO_FN_CLOCK_GETRES] = "clock_getres",
	[VDSO_FN_CLOCK_GETRES32] = "clock_getres32",
	[VDSO_FN_GETTIMEOFDAY] = "gettimeofday",
	[VDSO_FN_TIME] = "time",
	[VDSO_FN_GETCPU] = "getcpu",
	[VDSO_FN_GETRANDOM] = "getrandom",
	[VDSO_FN_SIGRETURN] = "sigreturn",
	[VDSO_FN_RT_SIGRETURN] = "rt_sigreturn",
	[VDSO_FN_RESTART_SYSCALL] = "restart_syscall",
	[VDSO_FN_VSYSCALL] = "vsyscall",
	[VDSO_FN_GET_TBFREQ] = "get_tbfreq",
	[VDSO_FN_SYNC_DICACHE] = "sync_dicache",
	[VDSO_FN_GET_SYSCALL_MAP] = "get_syscall_map",
	[VDSO_FN_SGX_ENTER] = "sgx_enter_enclave",
};

const char *vdso_fn_name(enum vdso_fn fn)
{
	if ((unsigned int)fn >= VDSO_FN_NR || !fn_names[fn])
		return "?";
	return fn_names[fn];
}

const struct vdso_export *vdso_export_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < arch_vdso_nr_exports; i++)
		if (!vdso_strcmp(arch_vdso_exports[i].name, name))
			return &arch_vdso_exports[i];
	return NULL;
}

const struct vdso_export *vdso_export_for(enum vdso_fn fn)
{
	unsigned int i;

	for (i = 0; i < arch_vdso_nr_exports; i++)
		if (arch_vdso_exports[i].fn == fn)
			return &arch_vdso_exports[i];
	return NULL;
}

bool vdso_export_expected(const struct vdso_export *e, unsigned int major, unsigned int minor)
{
	if (major != e->since_major)
		return major > e->since_major;
	return minor >= e->since_minor;
}
