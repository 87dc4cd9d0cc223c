/* Test-side helpers of the cr collection: start synthetic processes, talk to them, compare maps. */
#ifndef CR_RUN_H
#define CR_RUN_H

#include <stdbool.h>
#include "cr.h"
#include "maps.h"

/* The synthetic process reports on this descriptor; a restored one inherits it from us. */
#define CR_REPORT_FD	100
#define CR_MAX_MAPS	256

struct cr_proc {
	int pid;
	int rfd;		/* read end of the report pipe */
	unsigned long go;	/* if the process announced it: its flag to set instead of SIGUSR1 */
};

/* Set to give cr_synth /dev/null as stdin/stdout/stderr (tools like criu refuse foreign pipes). */
extern bool cr_run_null_stdio;

/*
 * Starts cr_synth SCENARIO ARG (next to this program), with the fake vDSO
 * image when fake is set, and waits for its "ready" line. 0 or -1 (err says).
 */
int cr_run_start(struct cr_proc *p, const char *scenario, const char *arg, bool fake, char *err,
		 unsigned long len);

/* Makes pid run its checks, reads its verdict line, reaps it; returns its exit status. */
int cr_run_finish(struct cr_proc *p, int pid, char *line, unsigned long len);

/*
 * Makes the exports of a look-alike image (len bytes at img, writable) that
 * the running kernel's vDSO lacks undefined, as an older kernel's image would
 * not have them; names them in dropped. Returns how many, or -1 if it does not parse.
 */
int cr_fake_fit(unsigned char *img, unsigned long len, char *dropped, unsigned long dlen);

/* A path beside this executable. */
void cr_run_path(const char *name, char *buf, unsigned long len);

int cr_run_tmpdir(char *buf, unsigned long len);
void cr_run_rmdir(const char *dir);

/* Waits (bounded) until pid is gone, so a restore never races the reaping of the original. */
void cr_run_reap(int pid);

/* Mappings without file names, same-permission neighbours merged; kernel VMAs kept apart. */
int cr_maps_norm(int pid, struct map_entry *out, int max);

/* Reads 4 bytes at addr in pid and says if they are an ELF magic. */
bool cr_is_elf_at(int pid, unsigned long addr);

/* The AT_SYSINFO_EHDR /proc/pid/auxv shows, 0 if none. */
unsigned long cr_auxv_ehdr(int pid);

#endif
