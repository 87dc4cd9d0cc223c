/* The proxy built in this process: every export of the fake image jumps into our own vDSO. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cr_arch.h"
#include "cr_oracle.h"
#include "cr_run.h"
#include "cr_vdso.h"
#include "harness.h"
#include "vdso.h"

FIXTURE(proxy) {
	unsigned char *file, *buf;
	unsigned long len, size;
	struct vdso_layout lay;
	struct cr_proxy_record rec;
};

FIXTURE_VARIANT(proxy) {
	bool long_only;		/* never the short PC-relative jump */
};

FIXTURE_VARIANT_ADD(proxy, short_where_it_reaches) { .long_only = false };
FIXTURE_VARIANT_ADD(proxy, long_jumps_only) { .long_only = true };

FIXTURE_SETUP(proxy)
{
	char dropped[200];

	char path[512];
	struct stat st;
	int fd;

	cr_run_path("cr_fake_vdso.so", path, sizeof(path));
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("%s is missing: the cr collection is not fully built", path);
	ASSERT_EQ(0, fstat(fd, &st));
	self->len = st.st_size;
	self->size = (self->len + getpagesize() - 1) & ~(getpagesize() - 1UL);
	self->file = malloc(self->len);
	ASSERT_NE(NULL, self->file);
	ASSERT_EQ((long)self->len, read(fd, self->file, self->len));
	close(fd);
	self->buf = mmap(NULL, self->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	ASSERT_NE(MAP_FAILED, self->buf);
	memcpy(self->buf, self->file, self->len);
	if (vdso_layout_read(&self->lay) || !self->lay.has_vdso)
		SKIP(return, "this kernel maps no vDSO to jump into");
	/* An older kernel's image would not have exports this kernel lacks (getrandom on 6.1). */
	ASSERT_LE(0, cr_fake_fit(self->file, self->len, dropped, sizeof(dropped)));
	if (dropped[0])
		TH_LOG("not in this kernel's vDSO, dropped from the fake: %s", dropped);
	memcpy(self->buf, self->file, self->len);
}

FIXTURE_TEARDOWN(proxy)
{
	if (self->buf && self->buf != MAP_FAILED)
		munmap(self->buf, self->size);
	free(self->file);
}

TEST_F(proxy, every_export_jumps_into_the_runtime_vdso)
{
	unsigned long rt = self->lay.vdso.start, rt_size = self->lay.vdso.end - rt;
	struct cr_result res = { 0 };
	struct cr_fns fns;
	unsigned int n = 0, i;
	char msg[300];

	ASSERT_EQ(0, cr_proxy_patch(self->buf, self->len, (unsigned long)self->buf, (void *)rt,
				    rt_size, rt, variant->long_only, &self->rec, &n, &res))
		TH_LOG("%s", res.msg);
	ASSERT_LT(0, n);
	for (i = 0; i < n; i++)
		EXPECT_NE(0, memcmp(self->buf + self->rec.entries[i].offset,
				    self->file + self->rec.entries[i].offset,
				    self->rec.entries[i].len))
			TH_LOG("entry +0x%llx was not patched",
			       (unsigned long long)self->rec.entries[i].offset);
	/* Written through the data side: the I-cache must see it before we call in. */
	arch_cr_flush_icache(self->buf, self->len);
	ASSERT_EQ(0, mprotect(self->buf, self->size, PROT_READ | PROT_EXEC));
	ASSERT_EQ(0, cr_fns_resolve(&fns, (unsigned long)self->buf));
	ASSERT_LT(0, fns.n);
	EXPECT_EQ(0, cr_fns_check(&fns, msg, sizeof(msg))) TH_LOG("through the proxy: %s", msg);
	ASSERT_EQ(0, mprotect(self->buf, self->size, PROT_READ | PROT_WRITE));
	ASSERT_EQ(0, cr_proxy_unpatch(self->buf, self->len, &self->rec));
	EXPECT_EQ(0, memcmp(self->buf, self->file, self->len)) TH_LOG("unpatch is not exact");
}

/* Lookups hash the name, so a changed last letter hides the symbol from the runtime image. */
static int hide_name(unsigned char *img, unsigned long len, const char *name)
{
	unsigned long n = strlen(name) + 1, i;
	int hits = 0;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(img + i, name, n)) {
			img[i + n - 2] ^= 0x20;
			hits++;
		}
	return hits;
}

static int find_getres(const struct vdso_sym *s, void *arg)
{
	const struct vdso_export *e = vdso_export_find(s->name);

	if (e && (e->fn == VDSO_FN_CLOCK_GETRES || e->fn == VDSO_FN_CLOCK_GETRES32)) {
		snprintf(arg, 64, "%s", s->name);
		return 1;
	}
	return 0;
}

/* The getres entry CRIU never redirected: without it the restore must fail, naming it. */
TEST_F(proxy, export_missing_from_runtime_is_named)
{
	unsigned char *rt = malloc(self->len);
	struct cr_result res = { 0 };
	struct vdso_image img;
	unsigned int n = 0;
	char name[64] = "";

	ASSERT_NE(NULL, rt);
	ASSERT_EQ(0, vdso_image_open(&img, (unsigned long)self->file, self->len));
	ASSERT_EQ(1, vdso_image_for_each(&img, find_getres, name)) TH_LOG("no getres export");
	memcpy(rt, self->file, self->len);
	ASSERT_LT(0, hide_name(rt, self->len, name)) TH_LOG("%s not in the fake image", name);
	EXPECT_EQ(CR_E_VDSO, cr_proxy_patch(self->buf, self->len, (unsigned long)self->buf, rt,
					    self->len, (unsigned long)rt, variant->long_only, &self->rec,
					    &n, &res));
	EXPECT_NE(NULL, strstr(res.msg, "getres")) TH_LOG("message: %s", res.msg);
	free(rt);
}

TEST_HARNESS_MAIN
