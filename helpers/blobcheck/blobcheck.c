/* blobcheck: finds undefined symbols and unloadable relocations in freestanding blobs. */
#include <elf.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

struct run {
	struct bc_options opts;
	int json;
	int dynsyms;
	int nr_json;		/* JSON records printed so far */
	int findings;
	int errors;
};

static const char usage[] =
	"usage: blobcheck [options] FILE...\n"
	"Reports undefined symbols (with each use) in relocatable objects, ar archives,\n"
	"shared objects, vDSO images and executables of any supported ABI.\n"
	"  --allow SYM        allow an undefined name (\"prefix*\" allows a prefix)\n"
	"  --allow-file FILE  allow every name in FILE (one per line, # comments)\n"
	"  --common           report COMMON symbols\n"
	"  --tls              report TLS relocations\n"
	"  --relocs           report relocation types a position-independent loader\n"
	"                     of this ABI cannot apply (loaded sections only)\n"
	"  --vdso             vDSO image policy: no dynamic relocations but R_*_NONE, no\n"
	"                     TEXTREL, no executable PT_GNU_STACK, expected exports\n"
	"  --recursion        report functions that call themselves (a memcpy the\n"
	"                     compiler turned into a call to memcpy)\n"
	"  --strict           --common --tls --relocs --recursion\n"
	"  --json             one JSON document for CI instead of lines\n"
	"  --dynsyms          list dynamic symbols (name[@ver] value UND|DEF) and exit\n"
	"Exit: 0 clean, 1 findings, 2 usage error or bad input.\n";

static void json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void json_sep(struct run *r)
{
	fputs(r->nr_json++ ? ",\n  " : "  ", stdout);
}

static void print_json(struct elfr *e, const struct bc_finding *f, struct run *r)
{
	json_sep(r);
	fputs("{\"file\": ", stdout);
	json_str(elfr_name(e));
	fputs(", \"abi\": ", stdout);
	json_str(elfr_abi_name(e));
	fputs(", \"kind\": ", stdout);
	json_str(f->kind);
	fputs(", \"what\": ", stdout);
	json_str(f->what);
	fputs(", \"symbol\": ", stdout);
	json_str(f->symbol);
	printf(", \"weak\": %s, \"section\": ", f->weak ? "true" : "false");
	json_str(f->section);
	if (f->section)
		printf(", \"offset\": %" PRIu64, f->offset);
	else
		fputs(", \"offset\": null", stdout);
	fputs(", \"function\": ", stdout);
	json_str(f->function);
	fputs(", \"reloc\": ", stdout);
	json_str(f->reloc);
	fputs(", \"hint\": ", stdout);
	json_str(f->hint);
	putchar('}');
}

/* Names come from the file: never let a corrupt one print control bytes. */
static void fput_name(const char *s, FILE *out)
{
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch < 0x20 || ch >= 0x7f || ch == '\\')
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
}

static void put_name(const char *s)
{
	fput_name(s, stdout);
}

static void print_line(struct elfr *e, const struct bc_finding *f)
{
	put_name(elfr_name(e));
	printf(": %s", f->what);
	if (f->symbol) {
		fputs(" '", stdout);
		put_name(f->symbol);
		putchar('\'');
	}
	if (f->section) {
		fputs(" at ", stdout);
		put_name(f->section);
		printf("+0x%" PRIx64, f->offset);
	}
	if (f->function) {
		fputs(" in ", stdout);
		put_name(f->function);
		fputs("()", stdout);
	}
	if (f->reloc)
		printf(" (%s)", f->reloc);
	if (f->hint)
		printf(": %s", f->hint);
	putchar('\n');
}

static void on_finding(struct elfr *e, const struct bc_finding *f, void *arg)
{
	struct run *r = arg;

	if (r->json)
		print_json(e, f, r);
	else
		print_line(e, f);
}

static int print_dynsym(struct elfr *e, const struct elfr_sym *s, void *arg)
{
	/* like readelf: the symbol that defines a version carries no "@version" */
	const char *ver = s->version && strcmp(s->version, s->name) ? s->version : NULL;

	put_name(s->name);
	if (ver) {
		fputs(s->version_default ? "@@" : "@", stdout);
		put_name(ver);
	}
	printf(" 0x%" PRIx64 " %s\n", s->value, s->shndx == SHN_UNDEF ? "UND" : "DEF");
	return 0;
}

static int check_image(struct elfr *e, void *arg)
{
	struct run *r = arg;
	int n;

	if (r->dynsyms)
		return elfr_symbols(e, 1, print_dynsym, NULL);
	n = bc_check(e, &r->opts, on_finding, r);
	if (n < 0)
		return -1;
	r->findings += n;
	return 0;
}

static void bad_input(struct run *r, const char *msg)
{
	r->errors++;
	if (r->json) {
		json_sep(r);
		fputs("{\"error\": ", stdout);
		json_str(msg);
		putchar('}');
	}
	fputs("blobcheck: ", stderr);
	fput_name(msg, stderr);
	fputc('\n', stderr);
}

/* Every allowed name is a private copy, so free_allow() can release them all. */
static int add_allow(struct bc_options *o, const char *name)
{
	const char **a = realloc((void *)o->allow, (o->nr_allow + 1) * sizeof(*a));
	char *copy;

	if (!a)
		return -1;
	o->allow = a;
	copy = strdup(name);
	if (!copy)
		return -1;
	a[o->nr_allow++] = copy;
	return 0;
}

static void free_allow(struct bc_options *o)
{
	size_t i;

	for (i = 0; i < o->nr_allow; i++)
		free((void *)o->allow[i]);
	free((void *)o->allow);
}

static int read_allow_file(struct bc_options *o, const char *path)
{
	char line[512], *s, *end;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "blobcheck: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		s = line + strspn(line, " \t");
		end = s + strcspn(s, " \t\r\n#");
		if (end == s)
			continue;
		*end = 0;
		if (add_allow(o, s)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

enum {
	OPT_ALLOW = 256, OPT_ALLOW_FILE, OPT_COMMON, OPT_TLS, OPT_RELOCS, OPT_VDSO, OPT_RECURSION,
	OPT_STRICT, OPT_JSON, OPT_DYNSYMS
};

static const struct option long_opts[] = {
	{ "allow", required_argument, NULL, OPT_ALLOW },
	{ "allow-file", required_argument, NULL, OPT_ALLOW_FILE },
	{ "common", no_argument, NULL, OPT_COMMON },
	{ "tls", no_argument, NULL, OPT_TLS },
	{ "relocs", no_argument, NULL, OPT_RELOCS },
	{ "vdso", no_argument, NULL, OPT_VDSO },
	{ "recursion", no_argument, NULL, OPT_RECURSION },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "dynsyms", no_argument, NULL, OPT_DYNSYMS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_options(struct run *r, int argc, char **argv)
{
	int c;

	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_ALLOW:
			if (add_allow(&r->opts, optarg))
				return -1;
			break;
		case OPT_ALLOW_FILE:
			if (read_allow_file(&r->opts, optarg))
				return -1;
			break;
		case OPT_COMMON: r->opts.policies |= BC_COMMON; break;
		case OPT_TLS: r->opts.policies |= BC_TLS; break;
		case OPT_RELOCS: r->opts.policies |= BC_RELOCS; break;
		case OPT_VDSO: r->opts.policies |= BC_VDSO; break;
		case OPT_RECURSION: r->opts.policies |= BC_RECURSION; break;
		case OPT_STRICT:
			r->opts.policies |= BC_COMMON | BC_TLS | BC_RELOCS | BC_RECURSION;
			break;
		case OPT_JSON: r->json = 1; break;
		case OPT_DYNSYMS: r->dynsyms = 1; break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			return -1;
		}
	}
	if (optind >= argc) {
		fputs("blobcheck: no input files\n", stderr);
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	char err[1024];
	int i;

	if (parse_options(&r, argc, argv)) {
		free_allow(&r.opts);
		return 2;
	}
	if (r.json && !r.dynsyms)
		fputs("{\"findings\": [\n", stdout);
	for (i = optind; i < argc; i++)
		if (elfr_open_path(argv[i], check_image, &r, err, sizeof(err)))
			bad_input(&r, err);
	if (r.json && !r.dynsyms)
		fputs("\n]}\n", stdout);
	free_allow(&r.opts);
	if (r.errors)
		return 2;
	return r.findings ? 1 : 0;
}
