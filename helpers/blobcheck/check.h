/* blobcheck's checks over one ELF image, independent of how findings are printed. */
#ifndef BLOBCHECK_CHECK_H
#define BLOBCHECK_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "elfread.h"

enum {
	BC_COMMON = 1 << 0,	/* COMMON symbols */
	BC_TLS = 1 << 1,	/* TLS relocations */
	BC_RELOCS = 1 << 2,	/* relocation types the arch's PIE loader cannot apply */
	BC_VDSO = 1 << 3,	/* vDSO image policy */
	BC_RECURSION = 1 << 4,	/* a function calling itself: a memcpy turned into a memcpy call */
};

struct bc_options {
	unsigned int policies;
	const char *const *allow;	/* extra allowed names ("prefix*" allowed) */
	size_t nr_allow;
};

struct bc_finding {
	const char *kind;	/* "undefined", "common", "tls", "reloc", "vdso", "recursion" */
	const char *what;	/* one-line statement: "undefined symbol", "TLS relocation"... */
	const char *symbol;	/* NULL if none */
	int weak;
	const char *section;	/* NULL if no location */
	uint64_t offset;
	const char *function;	/* function containing the use, NULL if unknown */
	const char *reloc;	/* relocation type name, NULL if none */
	const char *hint;	/* explanation and usual fix, NULL if none */
};

typedef void (*bc_report_fn)(struct elfr *e, const struct bc_finding *f, void *arg);

/* Returns the number of findings, or -1 (elfr_error() says why) for a corrupt image. */
int bc_check(struct elfr *e, const struct bc_options *o, bc_report_fn fn, void *arg);

const char *bc_hint(const char *name);
int bc_name_matches(const char *pattern, const char *name);

#endif
