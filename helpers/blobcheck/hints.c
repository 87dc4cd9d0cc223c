/* One-line explanations and usual fixes for names compilers put into freestanding code. */
#include <string.h>

#include "check.h"

struct hint {
	const char *name;	/* exact name, or a prefix when it ends in '*' */
	const char *text;
};

static const struct hint hints[] = {
	{ "memcpy", "compiler-emitted for struct copies and large initialised locals, even with "
	  "-ffreestanding; fix: link your own memcpy (built with -fno-builtin "
	  "-fno-tree-loop-distribute-patterns) or bind with ld --defsym=memcpy=builtin_memcpy" },
	{ "memset", "compiler-emitted for zeroing loops and zero-initialised locals; fix: "
	  "-ffreestanding (or -fno-tree-loop-distribute-patterns) and provide your own memset" },
	{ "memmove", "compiler-emitted for overlapping copy loops; fix: -ffreestanding and "
	  "provide your own memmove" },
	{ "memcmp", "compiler-emitted for compare loops and struct comparisons; fix: "
	  "-ffreestanding and provide your own memcmp" },
	{ "strlen", "compiler-emitted for a strlen-shaped loop (gcc 12+ at -O2); fix: "
	  "-ffreestanding or -fno-builtin, or provide strlen" },
	{ "__memcpy_chk", "_FORTIFY_SOURCE in freestanding code; fix: -U_FORTIFY_SOURCE "
	  "-D_FORTIFY_SOURCE=0" },
	{ "__memset_chk", "_FORTIFY_SOURCE in freestanding code; fix: -U_FORTIFY_SOURCE "
	  "-D_FORTIFY_SOURCE=0" },
	{ "__stack_chk_*", "stack protector (distro default -fstack-protector-strong); fix: "
	  "-fno-stack-protector for the blob" },
	{ "mcount", "profiling (-pg) call at function entry; fix: drop -pg for the blob" },
	{ "_mcount", "profiling (-pg) call at function entry; fix: drop -pg for the blob" },
	{ "__fentry__", "ftrace/-pg -mfentry call at function entry; fix: drop -pg/-mfentry "
	  "(the kernel filters CC_FLAGS_FTRACE)" },
	{ "__tls_get_addr", "thread-local variable access needs the dynamic loader; fix: no "
	  "__thread variables in the blob" },
	{ "___tls_get_addr", "thread-local variable access (i386 GNU TLS) needs the dynamic "
	  "loader; fix: no __thread variables in the blob" },
	{ "__tls_get_offset", "thread-local variable access (s390) needs the dynamic loader; "
	  "fix: no __thread variables in the blob" },
	{ "_savegpr*", "ppc64 -Os out-of-line register save helper from libgcc; fix: provide "
	  "them (the kernel carries crtsavres.S) or build the blob with -O2" },
	{ "_restgpr*", "ppc64 -Os out-of-line register restore helper from libgcc; fix: provide "
	  "them (the kernel carries crtsavres.S) or build the blob with -O2" },
	{ "_savefpr*", "ppc64 out-of-line FP register save helper from libgcc; fix: provide it "
	  "or avoid -Os" },
	{ "_restfpr*", "ppc64 out-of-line FP register restore helper from libgcc; fix: provide "
	  "it or avoid -Os" },
	{ "__ubsan_*", "-fsanitize=undefined runtime call; fix: filter sanitizer flags for the "
	  "blob" },
	{ "__asan_*", "-fsanitize=address runtime call; fix: filter sanitizer flags for the blob" },
	{ "__sanitizer_cov_*", "coverage (kcov/-fsanitize-coverage) callback; fix: filter "
	  "coverage flags for the blob" },
	{ "__gcov_*", "gcov instrumentation (--coverage); fix: filter coverage flags for the "
	  "blob" },
};

/* libgcc integer helpers: __udivti3, __umoddi3, __ashldi3, __popcountdi2, ... */
static const char *const libgcc_prefixes[] = {
	"__udiv", "__umod", "__div", "__mod", "__mul", "__ashl", "__ashr", "__lshr",
	"__popcount", "__clz", "__ctz", "__bswap", "__parity", "__ffs", "__neg", "__cmp",
	"__ucmp",
};

static const char libgcc_hint[] = "libgcc arithmetic helper (wide division, shifts or bit "
	"counts the target has no instruction for); fix: use narrower types or link your own "
	"helper (the kernel has lib/math)";

static int libgcc_helper(const char *name)
{
	size_t i, n = strlen(name), p;

	/* machine-mode suffix: si/di/ti followed by the operand count */
	if (n < 5 || name[n - 2] != 'i' || !strchr("sdt", name[n - 3]) || !strchr("123", name[n - 1]))
		return 0;
	for (i = 0; i < ELF_ARRAY_SIZE(libgcc_prefixes); i++) {
		p = strlen(libgcc_prefixes[i]);
		if (!strncmp(name, libgcc_prefixes[i], p))
			return 1;
	}
	return 0;
}

int bc_name_matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return !strncmp(pattern, name, n - 1);
	return !strcmp(pattern, name);
}

const char *bc_hint(const char *name)
{
	size_t i;

	for (i = 0; i < ELF_ARRAY_SIZE(hints); i++)
		if (bc_name_matches(hints[i].name, name))
			return hints[i].text;
	return libgcc_helper(name) ? libgcc_hint : NULL;
}
