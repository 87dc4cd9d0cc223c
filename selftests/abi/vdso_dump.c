/* Dumps the running vDSO (file, or framed hex for a console) and prints layout and symbols. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "maps.h"
#include "vdso.h"

/*
 * Output (stdout):
 *   layout: lines "layout <name> <start>-<end> <bytes> [sealed]" and "page_size <n>"
 *   symbols: lines "sym <offset> <FUNC|NOTYPE> <GLOBAL|WEAK> <name>@<version>"
 *   with --hex, the image framed for a console, after the lines above:
 *     VDSO-DUMP-BEGIN abi=<abi> size=<bytes>
 *     VDSO-DUMP <offset, 8 hex digits> <up to 32 bytes as hex>
 *     VDSO-DUMP-END size=<bytes> crc32=<8 hex digits>   (CRC-32/IEEE, as zlib.crc32)
 * --maps instead prints /proc/self/maps as read by libc between "MAPS-RAW-BEGIN" and
 * "MAPS-RAW-END", then one "map <start> <end> <prot> <shared> <offset> <inode> <name>" line
 * per entry as parsed by maps_read() (a cross-check of the one maps parser).
 * Exit: 0 done, 1 no vDSO / parse or I/O error (one line on stderr), 2 usage.
 */

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, unsigned long n)
{
	unsigned int k;

	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

static void print_layout(const struct vdso_layout *l)
{
	int i;

	printf("page_size %lu\n", l->page_size);
	printf("auxv_sysinfo_ehdr %#lx\n", l->ehdr);
	printf("layout [vdso] %#lx-%#lx %lu%s\n", l->vdso.start, l->vdso.end,
	       l->vdso.end - l->vdso.start, l->vdso.sealed ? " sealed" : "");
	for (i = 0; i < l->nr_vvar; i++)
		printf("layout %s %#lx-%#lx %lu%s\n", l->vvar[i].name, l->vvar[i].start,
		       l->vvar[i].end, l->vvar[i].end - l->vvar[i].start,
		       l->vvar[i].sealed ? " sealed" : "");
}

static int print_sym(const struct vdso_sym *s, void *arg)
{
	printf("sym %#lx %s %s %s@%s\n", s->offset,
	       s->type == STT_FUNC ? "FUNC" : s->type == STT_NOTYPE ? "NOTYPE" : "OTHER",
	       s->bind == STB_WEAK ? "WEAK" : "GLOBAL", s->name, s->version ? s->version : "");
	return 0;
}

static int print_image(const char *what, unsigned long base, unsigned long size)
{
	struct vdso_image img;
	int ret = vdso_image_open(&img, base, size);

	if (ret) {
		fprintf(stderr, "vdso_dump: %s: not a loadable vDSO image of this ABI: %s\n", what,
			strerror(-ret));
		return 1;
	}
	printf("soname %s\n", img.soname ? img.soname : "");
	printf("hash %s gnu_hash %s nsyms %lu\n", img.hash ? "yes" : "no",
	       img.gnu_hash ? "yes" : "no", img.nsyms);
	vdso_image_for_each(&img, print_sym, NULL);
	return 0;
}

static void print_hex(const unsigned char *p, unsigned long size)
{
	unsigned long off, i;

	printf("VDSO-DUMP-BEGIN abi=%s size=%lu\n", VDSO_ABI, size);
	for (off = 0; off < size; off += 32) {
		printf("VDSO-DUMP %08lx ", off);
		for (i = off; i < size && i < off + 32; i++)
			printf("%02x", p[i]);
		putchar('\n');
	}
	printf("VDSO-DUMP-END size=%lu crc32=%08x\n", size, crc32_update(0, p, size));
}

static int write_file(const char *path, const unsigned char *p, unsigned long size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, size, f) != size || fclose(f)) {
		fprintf(stderr, "vdso_dump: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

/* Loads an image file into memory and resolves it as if the kernel had mapped it there. */
static int dump_file(const char *path)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY), ret;

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "vdso_dump: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!st.st_size) {
		fprintf(stderr, "vdso_dump: %s: empty file\n", path);
		return 1;
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "vdso_dump: %s: %s\n", path, strerror(errno));
		return 1;
	}
	ret = print_image(path, (unsigned long)p, st.st_size);
	munmap(p, st.st_size);
	return ret;
}

static int dump_maps(void)
{
	static struct map_entry m[1024];
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	int n, i;

	if (!f) {
		fprintf(stderr, "vdso_dump: /proc/self/maps: %s\n", strerror(errno));
		return 1;
	}
	printf("MAPS-RAW-BEGIN\n");
	while (fgets(line, sizeof(line), f))
		fputs(line, stdout);
	fclose(f);
	printf("MAPS-RAW-END\n");
	n = maps_read(0, m, 1024);
	if (n < 0) {
		fprintf(stderr, "vdso_dump: maps_read: %s\n", strerror(-n));
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("map %lx %lx %d %d %lx %lu %s\n", m[i].start, m[i].end, m[i].prot,
		       m[i].shared, m[i].offset, m[i].inode, m[i].name);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: vdso_dump [-o FILE] [--hex]   dump the running vDSO\n"
			"       vdso_dump -i FILE             resolve an image file\n"
			"       vdso_dump --maps              /proc/self/maps raw and parsed\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	struct vdso_layout l;
	int i, hex = 0, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--hex"))
			hex = 1;
		else if (!strcmp(argv[i], "--maps") && argc == 2)
			return dump_maps();
		else if (!strcmp(argv[i], "-i") && i + 1 < argc && argc == 3)
			return dump_file(argv[++i]);
		else
			usage();
	}
	ret = vdso_layout_read(&l);
	if (ret) {
		fprintf(stderr, "vdso_dump: cannot locate the vDSO: %s\n",
			ret == -ENOENT ? "this process has none" :
			ret == -EPROTO ? "auxv and /proc/self/maps disagree" : strerror(-ret));
		if (l.has_vdso)
			print_layout(&l);
		return 1;
	}
	print_layout(&l);
	ret = print_image("[vdso]", l.vdso.start, l.vdso.end - l.vdso.start);
	if (!ret && out)
		ret = write_file(out, (const unsigned char *)l.vdso.start,
				 l.vdso.end - l.vdso.start);
	if (!ret && hex)
		print_hex((const unsigned char *)l.vdso.start, l.vdso.end - l.vdso.start);
	return ret;
}
