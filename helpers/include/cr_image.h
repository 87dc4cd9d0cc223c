/* The C/R image: what a checkpoint records, and its on-disk form (a directory with a manifest). */
#ifndef CR_IMAGE_H
#define CR_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include "cr.h"

#define CR_IMAGE_VERSION	1
#define CR_MAX_VMAS		256
#define CR_MAX_VVARS		4
#define CR_MAX_REGSETS		8
#define CR_MAX_SIGS		64
#define CR_AUXV_MAX		1024
/* handler, flags, restorer and a 64-bit mask: rt_sigaction's layout on every ABI here */
#define CR_KSIGACTION_SIZE	(3 * sizeof(long) + 8)

struct cr_range {
	unsigned long start, end;
	char name[24];
};

struct cr_vma {
	unsigned long start, end;
	int prot;
	bool has_data;			/* contents in pages.img at data_off */
	unsigned long data_off;
	uint64_t csum;			/* cr_csum() of the contents */
};

struct cr_regset {
	unsigned int type;
	unsigned long len;
	unsigned char *data;
};

struct cr_sigaction {
	int sig;
	unsigned char raw[CR_KSIGACTION_SIZE];
};

/* The values PR_SET_MM_MAP takes, read from /proc/pid/stat and brk(0). */
struct cr_mm {
	unsigned long start_code, end_code, start_data, end_data, start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
};

/* glibc registers an rseq area in its TLS; the kernel writes it on every return to user. */
struct cr_rseq {
	uint64_t ptr;
	uint32_t size, sig;
};

struct cr_image {
	char abi[16];
	int pid;
	unsigned long page_size;
	int nr_vmas;
	struct cr_vma vmas[CR_MAX_VMAS];

	/* The process's vDSO: what AT_SYSINFO_EHDR points at (0 if it had none). */
	unsigned long vdso_start, vdso_size;
	unsigned char *vdso;		/* the original image bytes (proxy patches undone) */
	uint64_t vdso_csum;
	int nr_vvars;
	struct cr_range vvars[CR_MAX_VVARS];	/* its data VMAs, or their placeholders */

	/* Where the kernel's own vdso/vvar sat if the process ran on a proxy. */
	bool has_rt;
	struct cr_range rt_vdso;
	int nr_rt_vvars;
	struct cr_range rt_vvars[CR_MAX_VVARS];

	unsigned char auxv[CR_AUXV_MAX];
	unsigned long auxv_len;
	int nr_regsets;
	struct cr_regset regsets[CR_MAX_REGSETS];
	int nr_sigs;
	struct cr_sigaction sigs[CR_MAX_SIGS];
	uint64_t sigmask;
	bool in_timens;
	long long timens_mono[2], timens_boot[2];	/* seconds, nanoseconds */
	struct cr_mm mm;
	struct cr_rseq rseq;

	/* Loading only: pages.img and regs.img mapped read-only (vdso points into vdso.img's). */
	const unsigned char *pages, *regs_map;
	unsigned long pages_len, regs_len;
};

uint64_t cr_csum(const void *buf, unsigned long len);

/*
 * Writes img into dir (manifest, pages.img from the data already written by
 * the dumper, vdso.img, regs.img). Returns 0 or -errno with res filled.
 */
int cr_image_write_meta(const struct cr_image *img, const char *dir, struct cr_result *res);

/* Loads and validates dir into img; CR_E_IMAGE with a message naming the file on any problem. */
int cr_image_load(struct cr_image *img, const char *dir, struct cr_result *res);

void cr_image_free(struct cr_image *img);

/* Fills res (status, formatted one-line message) and returns status. */
int cr_fail(struct cr_result *res, enum cr_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
