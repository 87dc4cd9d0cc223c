/* Judges the freestanding blobs built next to it through the ELF library, against readelf. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "harness.h"

struct lines {
	char **v;
	size_t n, cap;
};

struct collect {
	struct lines *out;
	const char *obj;	/* as written in expect.txt: "gcc/big_copy-O2-hosted.o" */
};

static char base[PATH_MAX];

static int push(struct lines *l, const char *s)
{
	char **nv;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		nv = realloc(l->v, l->cap * sizeof(*nv));
		if (!nv)
			return -1;
		l->v = nv;
	}
	l->v[l->n] = strdup(s);
	return l->v[l->n++] ? 0 : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The objects and expect.txt sit beside this program, installed or in $(O). */
static int find_base(void)
{
	ssize_t n = readlink("/proc/self/exe", base, sizeof(base) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	base[n] = 0;
	slash = strrchr(base, '/');
	if (!slash)
		return -1;
	*slash = 0;
	return 0;
}

static int read_expect(struct lines *l)
{
	char path[PATH_MAX + 16], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/expect.txt", base);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] && line[0] != '#' && push(l, line)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* Same line format as gen_expect.py's format_line(). */
static void on_finding(struct elfr *e, const struct bc_finding *f, void *arg)
{
	struct collect *c = arg;
	char line[1024];

	snprintf(line, sizeof(line), "%s %s %s%s %s+0x%llx %s %s", c->obj, f->kind,
		 f->symbol ? f->symbol : "-", f->weak ? "(weak)" : "",
		 f->section ? f->section : "-", (unsigned long long)f->offset,
		 f->function ? f->function : "-", f->reloc ? f->reloc : "-");
	push(c->out, line);
}

struct judge {
	struct collect c;
	unsigned int policies;
	int findings;
};

static int judge_image(struct elfr *e, void *arg)
{
	struct judge *j = arg;
	struct bc_options o = { .policies = j->policies };
	int n = bc_check(e, &o, on_finding, &j->c);

	if (n < 0)
		return -1;
	j->findings += n;
	return 0;
}

/* Findings for one object, appended to out; -1 if the library could not read it. */
static int judge(const char *obj, unsigned int policies, struct lines *out, char *err,
		 size_t errlen)
{
	struct judge j = { .c = { .out = out, .obj = obj }, .policies = policies };
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/obj/%s", base, obj);
	if (elfr_open_path(path, judge_image, &j, err, errlen))
		return -1;
	return j.findings;
}

static size_t object_len(const char *line)
{
	return strcspn(line, " ");
}

/* blobcheck's checks over every object expect.txt names give exactly its lines. */
TEST(findings_match_readelf_oracle)
{
	struct lines want = { 0 }, got = { 0 };
	char obj[512], err[1024];
	size_t i, objects = 0, bad = 0;
	int n;

	ASSERT_EQ(0, find_base());
	if (read_expect(&want))
		SKIP(return, "no %s/expect.txt: blobs are built on the build host only", base);
	for (i = 0; i < want.n; i++) {
		size_t len = object_len(want.v[i]);

		if (i && !strncmp(want.v[i - 1], want.v[i], len) && want.v[i - 1][len] == ' ')
			continue;	/* same object as the previous line */
		snprintf(obj, sizeof(obj), "%.*s", (int)len, want.v[i]);
		objects++;
		n = judge(obj, BC_RECURSION, &got, err, sizeof(err));
		ASSERT_LE(0, n) TH_LOG("%s", err);
		if (!n) {
			snprintf(obj + strlen(obj), sizeof(obj) - strlen(obj), " clean");
			ASSERT_EQ(0, push(&got, obj));
		}
	}
	qsort(want.v, want.n, sizeof(*want.v), cmp_str);
	qsort(got.v, got.n, sizeof(*got.v), cmp_str);
	for (i = 0; i < want.n || i < got.n; i++) {
		const char *w = i < want.n ? want.v[i] : "(none)";
		const char *g = i < got.n ? got.v[i] : "(none)";

		if (strcmp(w, g) && bad++ < 10)
			TH_LOG("readelf: %s / blobcheck: %s", w, g);
	}
	EXPECT_EQ(0, bad);
	EXPECT_EQ(want.n, got.n);
	EXPECT_LT(20, objects);		/* the matrix really was there */
}

static int has_memcpy(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strstr(l->v[i], " undefined memcpy "))
			return 1;
	return 0;
}

static const char *const compilers[] = { "gcc", "clang" };

/* Own memcpy, --defsym binding and the check link all leave nothing to report. */
TEST(fixes_come_out_clean)
{
	static const char *const fixed[] = { "fixed-own.o", "fixed-defsym.o", "string_impl.o" };
	unsigned int all = BC_COMMON | BC_TLS | BC_RELOCS | BC_RECURSION;
	char obj[256], err[1024];
	size_t c, f, fixes = 0;

	ASSERT_EQ(0, find_base());
	for (c = 0; c < 2; c++) {
		struct lines broken = { 0 }, l = { 0 };

		snprintf(obj, sizeof(obj), "%s/big_copy-O2-freestanding.o", compilers[c]);
		if (judge(obj, 0, &broken, err, sizeof(err)) < 0)
			continue;	/* this compiler was not installed at build time */
		if (!has_memcpy(&broken))
			continue;	/* nothing to fix (clang on s390x inlines the copy) */
		for (f = 0; f < 3; f++) {
			snprintf(obj, sizeof(obj), "%s/%s", compilers[c], fixed[f]);
			EXPECT_EQ(0, judge(obj, all, &l, err, sizeof(err)))
				TH_LOG("%s: %s", obj, l.n ? l.v[l.n - 1] : err);
			fixes++;
		}
	}
	if (!fixes)
		SKIP(return, "no blob here needed fixing");
	EXPECT_LT(0, fixes);
}

/* make built noundef-r.o with ld -r --no-undefined, which exited 0: memcpy is still there. */
TEST(ld_r_no_undefined_misses_memcpy)
{
	char obj[256], err[1024];
	size_t c, seen = 0;

	ASSERT_EQ(0, find_base());
	for (c = 0; c < 2; c++) {
		struct lines broken = { 0 }, l = { 0 };

		snprintf(obj, sizeof(obj), "%s/big_copy-O2-freestanding.o", compilers[c]);
		if (judge(obj, 0, &broken, err, sizeof(err)) < 0 || !has_memcpy(&broken))
			continue;
		snprintf(obj, sizeof(obj), "%s/noundef-r.o", compilers[c]);
		ASSERT_LT(0, judge(obj, 0, &l, err, sizeof(err))) TH_LOG("%s", err);
		EXPECT_TRUE(has_memcpy(&l));
		seen++;
	}
	if (!seen)
		SKIP(return, "no blob here calls memcpy");
	EXPECT_LT(0, seen);
}

TEST_HARNESS_MAIN
