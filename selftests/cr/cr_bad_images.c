/* Damaged images are refused with a message naming the problem and CR_E_IMAGE, never a crash. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cr_run.h"
#include "harness.h"

FIXTURE(bad) {
	char dir[64];
};

FIXTURE_SETUP(bad)
{
	struct cr_proc p;
	struct cr_result res;
	char err[400];

	ASSERT_EQ(0, cr_run_tmpdir(self->dir, sizeof(self->dir)));
	ASSERT_EQ(0, cr_run_start(&p, "own", "0", false, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(CR_OK, cr_dump(p.pid, self->dir, 0, &res)) TH_LOG("%s", res.msg);
	cr_run_reap(p.pid);
	close(p.rfd);
}

FIXTURE_TEARDOWN(bad)
{
	cr_run_rmdir(self->dir);
}

static void cut(const char *dir, const char *name, long keep_from_end)
{
	char path[200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!stat(path, &st))
		truncate(path, st.st_size > keep_from_end ? st.st_size - keep_from_end : 0);
}

static void replace_in_manifest(const char *dir, const char *from, const char *to)
{
	char path[200], buf[65536], out[65536], *p;
	long n;
	int fd;

	snprintf(path, sizeof(path), "%s/manifest", dir);
	fd = open(path, O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	p = strstr(buf, from);
	if (!p)
		return;
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - buf), buf, to, p + strlen(from));
	fd = open(path, O_WRONLY | O_TRUNC);
	write(fd, out, strlen(out));
	close(fd);
}

static int try_restore(const char *dir, struct cr_result *res)
{
	int pid;

	cr_restore(dir, 0, &pid, res);
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return res->status;
}

TEST_F(bad, truncated_manifest)
{
	struct cr_result res;

	cut(self->dir, "manifest", 30);
	ASSERT_EQ(CR_E_IMAGE, try_restore(self->dir, &res));
	EXPECT_NE(NULL, strstr(res.msg, "manifest")) TH_LOG("message: %s", res.msg);
}

TEST_F(bad, missing_pages)
{
	struct cr_result res;

	cut(self->dir, "pages.img", 4096);
	ASSERT_EQ(CR_E_IMAGE, try_restore(self->dir, &res));
	EXPECT_NE(NULL, strstr(res.msg, "pages.img")) TH_LOG("message: %s", res.msg);
}

TEST_F(bad, wrong_arch)
{
	struct cr_result res;

	replace_in_manifest(self->dir, "abi " VDSO_ABI, strcmp(VDSO_ABI, "s390x") ? "abi s390x" :
			    "abi x86_64");
	ASSERT_EQ(CR_E_IMAGE, try_restore(self->dir, &res));
	EXPECT_NE(NULL, strstr(res.msg, "ABI")) TH_LOG("message: %s", res.msg);
}

TEST_F(bad, corrupt_vdso_image)
{
	struct cr_result res;

	cut(self->dir, "vdso.img", 1);
	ASSERT_EQ(CR_E_IMAGE, try_restore(self->dir, &res));
	EXPECT_NE(NULL, strstr(res.msg, "vdso.img")) TH_LOG("message: %s", res.msg);
}

TEST(missing_directory)
{
	struct cr_result res;

	ASSERT_EQ(CR_E_IMAGE, try_restore("/nonexistent/cr-image", &res));
	EXPECT_NE(NULL, strstr(res.msg, "/nonexistent/cr-image/manifest")) TH_LOG("%s", res.msg);
}

TEST_HARNESS_MAIN
