/* libFuzzer target: every reading path of the ELF library and every blobcheck policy. */
#include <stddef.h>
#include <stdint.h>

#include "check.h"

static void ignore(struct elfr *e, const struct bc_finding *f, void *arg)
{
	/* touch every string so ASan sees a dangling or unterminated one */
	volatile size_t n = 0;
	const char *strs[] = { f->symbol, f->section, f->function, f->reloc, f->hint };
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		for (const char *s = strs[i]; s && *s; s++)
			n++;
}

static int walk_dynsym(struct elfr *e, const struct elfr_sym *s, void *arg)
{
	volatile size_t n = 0;

	for (const char *p = s->version; p && *p; p++)
		n++;
	return 0;
}

static int one_image(struct elfr *e, void *arg)
{
	struct bc_options o = { .policies = BC_COMMON | BC_TLS | BC_RELOCS | BC_VDSO |
				  BC_RECURSION };

	elfr_symbols(e, 1, walk_dynsym, NULL);
	return bc_check(e, &o, ignore, NULL) < 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];

	elfr_open_memory("fuzz", data, size, one_image, NULL, err, sizeof(err));
	return 0;
}
