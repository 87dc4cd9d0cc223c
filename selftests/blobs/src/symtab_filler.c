/* The ppc64 vDSO symbol-table filler: a large initialised local table (a memcpy from .rodata). */
struct sym_entry {
	const char *name;
	unsigned long offset;
	unsigned int size;
	unsigned int flags;
};

int fill_symtab(struct sym_entry *out, int n)
{
	struct sym_entry table[] = {
		{ "__kernel_clock_gettime", 0x100, 64, 1 }, { "__kernel_clock_getres", 0x140, 32, 1 },
		{ "__kernel_gettimeofday", 0x180, 48, 1 }, { "__kernel_time", 0x1c0, 16, 1 },
		{ "__kernel_get_syscall_map", 0x200, 16, 1 }, { "__kernel_get_tbfreq", 0x220, 16, 1 },
		{ "__kernel_sync_dicache", 0x240, 64, 1 }, { "__kernel_sigtramp_rt64", 0x280, 8, 2 },
		{ "__kernel_getcpu", 0x2a0, 32, 1 }, { "__kernel_getrandom", 0x2c0, 96, 1 },
		{ "__kernel_clock_gettime64", 0x320, 64, 1 }, { "__kernel_sigtramp32", 0x360, 8, 2 },
		{ "__kernel_datapage_offset", 0x380, 8, 4 }, { "__kernel_sync_dicache_p5", 0x390, 8, 4 },
		{ "__kernel_start", 0x0, 0, 8 }, { "__kernel_end", 0x400, 0, 8 },
	};
	int i, m = (int)(sizeof(table) / sizeof(table[0]));

	for (i = 0; i < n && i < m; i++)
		out[i] = table[i];
	return i;
}
