/* Every expected vDSO export of this ABI is present with its version; unknown ones are named. */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "abi_common.h"

TEST(expected_exports_present)
{
	const struct abi_vdso *v = abi_vdso();
	unsigned int i, major, minor, required = 0;

	NEED_VDSO(v);
	abi_kernel_version(&major, &minor);
	for (i = 0; i < arch_vdso_nr_exports; i++) {
		const struct vdso_export *e = &arch_vdso_exports[i];
		struct vdso_sym s;
		bool expected = vdso_export_expected(e, major, minor);
		int found = !vdso_image_lookup(&v->image, e->version, e->name, &s);

		if (expected && e->required) {
			required++;
			EXPECT_TRUE(found) TH_LOG("%s@%s missing (required since %u.%u: %s)",
						  e->name, e->version, e->since_major,
						  e->since_minor, e->why);
		} else {
			TH_LOG("%s@%s %s (%s, since %u.%u: %s)", e->name, e->version,
			       found ? "present" : "absent",
			       e->required ? "required" : "optional",
			       e->since_major, e->since_minor, e->why);
		}
		if (found)
			EXPECT_STREQ(e->version, s.version);
	}
	/* An ABI whose table requires nothing on this kernel would make this test vacuous. */
	ASSERT_GT(required, 0U) TH_LOG("no export is required on %u.%u", major, minor);
}

/* Found by name but under another version is a real ABI break: the loader would not bind it. */
TEST(export_versions_match)
{
	const struct abi_vdso *v = abi_vdso();
	unsigned int i, checked = 0;

	NEED_VDSO(v);
	for (i = 0; i < arch_vdso_nr_exports; i++) {
		const struct vdso_export *e = &arch_vdso_exports[i];
		struct vdso_sym any;

		if (vdso_image_lookup(&v->image, NULL, e->name, &any))
			continue;
		checked++;
		EXPECT_NONNULL(vdso_image_sym(&v->image, e->version, e->name))
			TH_LOG("%s exported as @%s, expected @%s", e->name,
			       any.version ? any.version : "(none)", e->version);
		EXPECT_NULL(vdso_image_sym(&v->image, "LINUX_0.0", e->name))
			TH_LOG("%s matched a version the image does not define", e->name);
	}
	ASSERT_GT(checked, 0U);
}

struct unknown_ctx {
	unsigned int total, unknown;
	char names[512];
};

static int note_unknown(const struct vdso_sym *s, void *arg)
{
	struct unknown_ctx *c = arg;
	const struct vdso_export *e = vdso_export_find(s->name);
	unsigned long len = strlen(c->names);

	c->total++;
	if (e)
		return 0;
	c->unknown++;
	snprintf(c->names + len, sizeof(c->names) - len, "%s%s@%s", len ? " " : "", s->name,
		 s->version ? s->version : "-");
	return 0;
}

/*
 * The table is derived from the kernel's linker scripts; an export it does
 * not know is reported (with its name) so the table gets updated, instead
 * of being silently untested. It is not a kernel failure, so SKIP.
 */
TEST(no_unknown_exports)
{
	const struct abi_vdso *v = abi_vdso();
	struct unknown_ctx c = { 0 };

	NEED_VDSO(v);
	vdso_image_for_each(&v->image, note_unknown, &c);
	ASSERT_GT(c.total, 0U) TH_LOG("the image exports no function");
	if (c.unknown)
		SKIP(return, "%u export(s) not in arch/" VDSO_ABI "/vdso_exports.c: %s",
		     c.unknown, c.names);
}

struct shape_ctx {
	struct __test_metadata *_metadata;
	const struct abi_vdso *v;
	unsigned int n;
};

static int check_shape(const struct vdso_sym *s, void *arg)
{
	struct shape_ctx *c = arg;
	struct __test_metadata *_metadata = c->_metadata;
	unsigned long a = (unsigned long)s->addr;

	c->n++;
	EXPECT_TRUE(a >= c->v->image.text_start && a < c->v->image.text_end)
		TH_LOG("%s at %#lx outside the executable segment", s->name, a);
	EXPECT_TRUE(a >= c->v->layout.vdso.start && a < c->v->layout.vdso.end)
		TH_LOG("%s at %#lx outside [vdso]", s->name, a);
	EXPECT_NONNULL(s->version) TH_LOG("%s has no version", s->name);
	return 0;
}

TEST(exports_inside_vdso_text)
{
	const struct abi_vdso *v = abi_vdso();
	struct shape_ctx c = { _metadata, v, 0 };

	NEED_VDSO(v);
	vdso_image_for_each(&v->image, check_shape, &c);
	ASSERT_GT(c.n, 0U);
}

struct hash_ctx {
	struct __test_metadata *_metadata;
	struct vdso_image gnu, sysv;
	unsigned int n;
};

static int check_hashes(const struct vdso_sym *s, void *arg)
{
	struct hash_ctx *c = arg;
	struct __test_metadata *_metadata = c->_metadata;

	c->n++;
	if (c->gnu.gnu_hash)
		EXPECT_EQ(s->addr, vdso_image_sym(&c->gnu, s->version, s->name))
			TH_LOG("DT_GNU_HASH lookup of %s", s->name);
	if (c->sysv.hash)
		EXPECT_EQ(s->addr, vdso_image_sym(&c->sysv, s->version, s->name))
			TH_LOG("DT_HASH lookup of %s", s->name);
	return 0;
}

/* Every symbol the table walk sees is found through each hash table the image has. */
TEST(hash_tables_find_every_export)
{
	const struct abi_vdso *v = abi_vdso();
	struct hash_ctx c = { ._metadata = _metadata };

	NEED_VDSO(v);
	c.gnu = v->image;
	c.gnu.hash = NULL;
	c.sysv = v->image;
	c.sysv.gnu_hash = NULL;
	ASSERT_TRUE(v->image.hash || v->image.gnu_hash);
	TH_LOG("DT_HASH %s, DT_GNU_HASH %s", v->image.hash ? "yes" : "no",
	       v->image.gnu_hash ? "yes" : "no");
	vdso_image_for_each(&v->image, check_hashes, &c);
	ASSERT_GT(c.n, 0U);
	EXPECT_NULL(vdso_image_sym(&v->image, NULL, "no_such_vdso_symbol"));
}

TEST_HARNESS_MAIN
