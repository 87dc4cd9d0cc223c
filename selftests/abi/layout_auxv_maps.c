/* vDSO discovery: auxv and maps agree; the layout and symbol table are printed as diagnostics. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "harness.h"
#include "maps.h"
#include "rawsys.h"
#include "abi_common.h"

TEST(auxv_agrees_with_maps)
{
	struct vdso_layout l;
	int ret = vdso_layout_read(&l), i;

	if (ret == -ENOENT)
		SKIP(return, "no vDSO: neither AT_SYSINFO_EHDR nor [vdso] (vdso=0?)");
	TH_LOG("page size %lu, AT_SYSINFO_EHDR %#lx", l.page_size, l.ehdr);
	TH_LOG("[vdso] %#lx-%#lx (%lu pages)%s", l.vdso.start, l.vdso.end,
	       (l.vdso.end - l.vdso.start) / (l.page_size ? l.page_size : 1),
	       l.vdso.sealed ? " sealed" : "");
	for (i = 0; i < l.nr_vvar; i++)
		TH_LOG("%s %#lx-%#lx (%lu pages, %+ld bytes from [vdso])%s", l.vvar[i].name,
		       l.vvar[i].start, l.vvar[i].end,
		       (l.vvar[i].end - l.vvar[i].start) / (l.page_size ? l.page_size : 1),
		       (long)(l.vvar[i].start - l.vdso.start), l.vvar[i].sealed ? " sealed" : "");
	TH_LOG("span %#lx-%#lx", l.lo, l.hi);
	ASSERT_EQ(0, ret) TH_LOG("auxv and maps disagree (EPROTO is -%d)", EPROTO);
	ASSERT_EQ(l.ehdr, l.vdso.start);
	ASSERT_EQ((unsigned long)sysconf(_SC_PAGESIZE), l.page_size);
	EXPECT_EQ(0UL, l.vdso.start % l.page_size);
	EXPECT_EQ(0UL, (l.vdso.end - l.vdso.start) % l.page_size);
	for (i = 0; i < l.nr_vvar; i++) {
		EXPECT_TRUE(l.vvar[i].end <= l.vdso.start || l.vvar[i].start >= l.vdso.end);
		if (i)
			EXPECT_LE(l.vvar[i - 1].end, l.vvar[i].start);
	}
	EXPECT_EQ(l.lo <= l.vdso.start && l.hi >= l.vdso.end, true);
}

/* [vdso] is private r-x text; every [vvar*] is read-only data the process cannot execute. */
TEST(vma_permissions)
{
	struct map_entry m[512];
	int n = maps_read(0, m, 512), i, seen = 0;

	ASSERT_GT(n, 0);
	for (i = 0; i < n; i++) {
		if (!strcmp(m[i].name, "[vdso]")) {
			seen++;
			EXPECT_EQ(PROT_READ | PROT_EXEC, m[i].prot);
			EXPECT_FALSE(m[i].shared);
		} else if (!strncmp(m[i].name, "[vvar", 5)) {
			EXPECT_EQ(PROT_READ, m[i].prot) TH_LOG("%s", m[i].name);
		}
	}
	if (!seen)
		SKIP(return, "no [vdso] mapping");
	EXPECT_EQ(1, seen);
}

/* The maps parser itself: sorted, non-overlapping, and it finds what we know is mapped. */
TEST(maps_parser_consistent)
{
	static struct map_entry m[512], again[512];
	int n = maps_read(0, m, 512), n2, i, local = 0;

	ASSERT_GT(n, 2);
	for (i = 1; i < n; i++)
		EXPECT_LE(m[i - 1].end, m[i].start) TH_LOG("%d: %s", i, m[i].name);
	i = maps_find_addr(m, n, (unsigned long)&local);
	ASSERT_GE(i, 0);
	EXPECT_STREQ("[stack]", m[i].name);
	i = maps_find_addr(m, n, (unsigned long)&maps_read);
	ASSERT_GE(i, 0);
	EXPECT_TRUE(m[i].prot & PROT_EXEC);
	EXPECT_NE(0UL, m[i].inode);
	EXPECT_EQ(-1, maps_find(m, n, "[no such mapping]"));
	EXPECT_EQ(-ENOSPC, maps_read(0, m, 1));
	n2 = maps_read(getpid(), again, 512);
	EXPECT_EQ(n, n2) TH_LOG("/proc/self and /proc/%d differ", getpid());
	EXPECT_EQ(-ENOENT, maps_sealed(0, 1));
}

static int print_sym(const struct vdso_sym *s, void *arg)
{
	struct __test_metadata *_metadata = arg;

	TH_LOG("  %#07lx %-6s %-6s %s@%s", s->offset,
	       s->type == STT_FUNC ? "FUNC" : s->type == STT_NOTYPE ? "NOTYPE" : "OTHER",
	       s->bind == STB_WEAK ? "WEAK" : "GLOBAL", s->name, s->version ? s->version : "-");
	return 0;
}

TEST(symbol_table)
{
	const struct abi_vdso *v = abi_vdso();

	NEED_VDSO(v);
	TH_LOG("soname %s, %lu dynamic symbols, DT_HASH %s, DT_GNU_HASH %s, text %#lx-%#lx",
	       v->image.soname ? v->image.soname : "-", v->image.nsyms,
	       v->image.hash ? "yes" : "no", v->image.gnu_hash ? "yes" : "no",
	       v->image.text_start - v->image.base, v->image.text_end - v->image.base);
	ASSERT_EQ(0, vdso_image_for_each(&v->image, print_sym, _metadata));
	ASSERT_GT(v->image.nsyms, 1UL);
	ASSERT_NONNULL(v->image.soname);
	EXPECT_EQ(0, strncmp(v->image.soname, "linux-", 6)) TH_LOG("soname %s", v->image.soname);
}

/*
 * The kernel never rewrites the saved auxv, so after [vdso] moves,
 * AT_SYSINFO_EHDR is stale: discovery must say so (-EPROTO) and still
 * report where maps now has [vdso]. Raw syscalls only once it has moved.
 */
TEST(moved_vdso_is_a_disagreement)
{
	struct vdso_layout before, after;
	unsigned long size;
	long dest, moved;
	int ret = vdso_layout_read(&before);

	if (ret == -ENOENT)
		SKIP(return, "no vDSO");
	ASSERT_EQ(0, ret);
	if (before.vdso.sealed)
		SKIP(return, "[vdso] is sealed (CONFIG_MSEAL_SYSTEM_MAPPINGS): it cannot move");
	size = before.vdso.end - before.vdso.start;
	dest = raw_mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_FALSE(raw_mmap_failed(dest));
	moved = raw_mremap((void *)before.vdso.start, size, size, MREMAP_MAYMOVE | MREMAP_FIXED,
			   (void *)dest);
	if (moved == -EPERM)
		SKIP(return, "mremap of [vdso] refused with EPERM (sealed)");
	ASSERT_EQ(dest, moved);
	ret = vdso_layout_read(&after);
	EXPECT_EQ(-EPROTO, ret);
	EXPECT_EQ(before.ehdr, after.ehdr);
	EXPECT_EQ((unsigned long)dest, after.vdso.start);
	EXPECT_EQ(before.nr_vvar, after.nr_vvar);
}

TEST_HARNESS_MAIN
