/* blobcheck's checks: undefined symbols with every use, then the optional policies. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

struct undef {
	unsigned int index;
	const char *name;
	int weak;
	unsigned int uses;
};

struct ctx {
	const struct bc_options *o;
	bc_report_fn fn;
	void *arg;
	int dynamic;		/* undefined symbols come from .dynsym */
	struct undef *undefs;	/* sorted by symbol index */
	size_t nr_undefs, cap;
	int findings;
	int have_dyn_relocs;
	int have_reloc_sections;
	const char *const *exports_missing;
	int *export_seen;
	char typebuf[32];
};

static void report(struct elfr *e, struct ctx *c, struct bc_finding *f)
{
	c->findings++;
	c->fn(e, f, c->arg);
}

static int allowed(struct elfr *e, const struct ctx *c, const char *name)
{
	size_t i;

	if (elf_arch_linker_sym(elfr_arch(e), name))
		return 1;
	for (i = 0; i < c->o->nr_allow; i++)
		if (bc_name_matches(c->o->allow[i], name))
			return 1;
	return 0;
}

static int collect_undef(struct elfr *e, const struct elfr_sym *s, void *arg)
{
	struct ctx *c = arg;
	struct undef *u;

	if (s->shndx != SHN_UNDEF || !*s->name || allowed(e, c, s->name))
		return 0;
	if (c->nr_undefs == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		u = realloc(c->undefs, c->cap * sizeof(*u));
		if (!u)
			return elfr_fail(e, "out of memory");
		c->undefs = u;
	}
	u = &c->undefs[c->nr_undefs++];
	u->index = s->index;
	u->name = s->name;
	u->weak = s->bind == STB_WEAK;
	u->uses = 0;
	return 0;
}

static struct undef *find_undef(struct ctx *c, unsigned int index)
{
	size_t lo = 0, hi = c->nr_undefs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c->undefs[mid].index == index)
			return &c->undefs[mid];
		if (c->undefs[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void locate(struct elfr *e, struct ctx *c, const struct elfr_reloc *r,
		   struct bc_finding *f)
{
	f->section = r->section ? r->section : r->rel_section;
	f->offset = r->offset;
	f->function = r->shndx ? elfr_function_at(e, r->shndx, r->offset) : NULL;
	f->reloc = elfr_reloc_name(e, r->type, c->typebuf, sizeof(c->typebuf));
}

static void undef_use(struct elfr *e, struct ctx *c, const struct elfr_reloc *r)
{
	struct bc_finding f = { .kind = "undefined" };
	struct undef *u;

	if (!r->sym || r->sym->shndx != SHN_UNDEF || r->dynamic != c->dynamic)
		return;
	u = find_undef(c, r->sym->index);
	if (!u)
		return;
	u->uses++;
	f.what = u->weak ? "undefined weak symbol" : "undefined symbol";
	f.symbol = u->name;
	f.weak = u->weak;
	f.hint = bc_hint(u->name);
	locate(e, c, r, &f);
	report(e, c, &f);
}

static void policy_reloc(struct elfr *e, struct ctx *c, const struct elfr_reloc *r)
{
	const struct elf_arch *arch = elfr_arch(e);
	struct bc_finding f = { 0 };
	int loaded = r->section_flags & SHF_ALLOC;

	f.symbol = r->sym && *r->sym->name ? r->sym->name : NULL;
	if ((c->o->policies & BC_TLS) && loaded && elf_arch_reloc_is_tls(arch, r->type)) {
		f.kind = "tls";
		f.what = "TLS relocation";
		f.hint = "thread-local storage needs a loader that sets up TLS; a blob has none";
		locate(e, c, r, &f);
		report(e, c, &f);
	}
	if ((c->o->policies & BC_RELOCS) && loaded && elfr_type(e) == ET_REL &&
	    !elf_arch_reloc_is_pie(arch, r->type)) {
		f.kind = "reloc";
		f.what = "relocation a position-independent loader cannot apply";
		f.hint = arch ? "build with -fpie (PC-relative code) and avoid absolute pointers in "
			"initialised data" : "no relocation table for this machine";
		locate(e, c, r, &f);
		report(e, c, &f);
	}
	if ((c->o->policies & BC_VDSO) && loaded && elfr_type(e) != ET_REL && r->type != 0) {
		f.kind = "vdso";
		f.what = "dynamic relocation in a vDSO image";
		f.hint = "the kernel maps the vDSO unrelocated; only R_*_NONE is tolerated";
		locate(e, c, r, &f);
		report(e, c, &f);
	}
}

/*
 * A string routine the compiler recognised as its own idiom calls itself forever
 * (CRIU's clang memset, criu#279): a relocation inside F against F itself.
 */
static void policy_recursion(struct elfr *e, struct ctx *c, const struct elfr_reloc *r)
{
	struct bc_finding f = { .kind = "recursion", .what = "function calls itself" };
	const char *fn;

	if (!(c->o->policies & BC_RECURSION) || !r->sym || !(r->section_flags & SHF_EXECINSTR))
		return;
	if (r->sym->shndx == SHN_UNDEF || (r->sym->type != STT_FUNC && r->sym->type != STT_GNU_IFUNC))
		return;
	if (elfr_type(e) == ET_REL && r->sym->shndx != r->shndx)
		return;
	fn = elfr_function_at(e, r->shndx, r->offset);
	if (!fn || strcmp(fn, r->sym->name))
		return;
	f.symbol = r->sym->name;
	f.hint = bc_hint(f.symbol) ? "the compiler turned the loop into a call to the routine "
		 "itself; build it with -fno-builtin (gcc: also -fno-tree-loop-distribute-patterns)"
		 : NULL;
	locate(e, c, r, &f);
	report(e, c, &f);
}

static int on_reloc(struct elfr *e, const struct elfr_reloc *r, void *arg)
{
	struct ctx *c = arg;

	policy_recursion(e, c, r);

	if (r->section_flags & SHF_ALLOC)
		c->have_reloc_sections = 1;
	undef_use(e, c, r);
	policy_reloc(e, c, r);
	return 0;
}

static void unused_undefs(struct elfr *e, struct ctx *c)
{
	struct bc_finding f = { .kind = "undefined" };
	size_t i;

	for (i = 0; i < c->nr_undefs; i++) {
		if (c->undefs[i].uses)
			continue;
		f.what = c->undefs[i].weak ? "undefined weak symbol (no relocation uses it)"
					   : "undefined symbol (no relocation uses it)";
		f.symbol = c->undefs[i].name;
		f.weak = c->undefs[i].weak;
		f.hint = bc_hint(f.symbol);
		report(e, c, &f);
	}
}

static int on_common(struct elfr *e, const struct elfr_sym *s, void *arg)
{
	struct bc_finding f = { .kind = "common", .what = "COMMON symbol" };
	struct ctx *c = arg;

	if (s->shndx != SHN_COMMON)
		return 0;
	f.symbol = s->name;
	f.hint = "a loader cannot allocate COMMON; initialise the variable or build with "
		 "-fno-common";
	report(e, c, &f);
	return 0;
}

/*
 * Only an executable PT_GNU_STACK is a finding: the x86 vDSO linker script has no
 * PT_GNU_STACK at all (measured on 6.18), and the kernel ignores the vDSO's anyway.
 */
static int on_segment(struct elfr *e, const struct elfr_segment *p, void *arg)
{
	struct bc_finding f = { .kind = "vdso" };
	struct ctx *c = arg;

	if (p->type != PT_GNU_STACK)
		return 0;
	if (p->flags & PF_X) {
		f.what = "executable stack (PT_GNU_STACK has PF_X)";
		f.hint = "link with -z noexecstack and mark assembly with .note.GNU-stack";
		report(e, c, &f);
	}
	return 0;
}

static int on_dyn(struct elfr *e, int64_t tag, uint64_t val, void *arg)
{
	struct bc_finding f = { .kind = "vdso" };
	struct ctx *c = arg;

	if (tag == DT_TEXTREL || (tag == DT_FLAGS && (val & DF_TEXTREL))) {
		f.what = "text relocations (DT_TEXTREL)";
		f.hint = "build the image from -fPIC/-fpie code only";
		report(e, c, &f);
	}
	if ((tag == DT_RELSZ || tag == DT_RELASZ || tag == DT_PLTRELSZ) && val)
		c->have_dyn_relocs = 1;
	return 0;
}

static int on_export(struct elfr *e, const struct elfr_sym *s, void *arg)
{
	struct ctx *c = arg;
	size_t i;

	if (s->shndx == SHN_UNDEF)
		return 0;
	for (i = 0; c->exports_missing[i]; i++)
		if (!strcmp(c->exports_missing[i], s->name))
			c->export_seen[i] = 1;
	return 0;
}

static int vdso_exports(struct elfr *e, struct ctx *c)
{
	struct bc_finding f = { .kind = "vdso", .what = "vDSO image lacks an expected export" };
	const struct elf_arch *arch = elfr_arch(e);
	size_t i, n;
	int ret;

	if (!arch)
		return 0;
	for (n = 0; arch->vdso_exports[n]; n++)
		;
	c->exports_missing = arch->vdso_exports;
	c->export_seen = calloc(n + 1, sizeof(int));
	if (!c->export_seen)
		return elfr_fail(e, "out of memory");
	ret = elfr_symbols(e, 1, on_export, c);
	for (i = 0; !ret && i < n; i++) {
		if (c->export_seen[i])
			continue;
		f.symbol = arch->vdso_exports[i];
		f.hint = "every kernel since the ABI's first vDSO exports it; wrong image or "
			 "broken linker script?";
		report(e, c, &f);
	}
	free(c->export_seen);
	return ret;
}

static int vdso_policy(struct elfr *e, struct ctx *c)
{
	struct bc_finding f = { .kind = "vdso" };

	if (elfr_type(e) != ET_DYN) {
		f.what = "not a shared-object (ET_DYN) image, so not a vDSO";
		report(e, c, &f);
		return 0;
	}
	if (elfr_segments(e, on_segment, c) || elfr_dynamic(e, on_dyn, c))
		return -1;
	if (c->have_dyn_relocs && !c->have_reloc_sections) {
		f.what = "dynamic section declares relocations";
		f.hint = "the kernel maps the vDSO unrelocated";
		report(e, c, &f);
	}
	return vdso_exports(e, c);
}

int bc_check(struct elfr *e, const struct bc_options *o, bc_report_fn fn, void *arg)
{
	struct ctx c = { .o = o, .fn = fn, .arg = arg };
	int ret;

	c.dynamic = elfr_type(e) != ET_REL && elfr_has_symtab(e, 1);
	ret = elfr_symbols(e, c.dynamic, collect_undef, &c);
	if (!ret)
		ret = elfr_relocs(e, on_reloc, &c);
	if (!ret)
		unused_undefs(e, &c);
	if (!ret && (o->policies & BC_COMMON))
		ret = elfr_symbols(e, 0, on_common, &c);
	if (!ret && (o->policies & BC_VDSO))
		ret = vdso_policy(e, &c);
	free(c.undefs);
	return ret ? -1 : c.findings;
}
