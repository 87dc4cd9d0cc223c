/* vdso_bench: latency series of vDSO, raw-syscall and libc time calls, and where they run. */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include "vdso.h"

#define BENCH_MIN_SAMPLES	10
#define BENCH_MAX_SAMPLES	64
#define BENCH_MAX_SERIES	160

enum bench_op { OP_GETTIME, OP_GETRES, OP_GETTIMEOFDAY, OP_TIME, OP_GETCPU, OP_EMPTY, OP_NR };
enum bench_method { M_VDSO, M_SYSCALL, M_LIBC, M_EMPTY };

struct bench_series;
typedef void (*bench_call_fn)(const struct bench_series *s);

/* One measured thing: a function, a clock, a way of calling it. */
struct bench_series {
	enum bench_op op;
	enum bench_method method;
	int clock;			/* clock id for gettime/getres, else -1 */
	char symbol[40];		/* vDSO symbol, or "" */
	const void *fn;			/* vDSO entry for M_VDSO */
	bench_call_fn call;
	unsigned long iterations;	/* calls per sample */
	int nr_samples;
	double ns[BENCH_MAX_SAMPLES];	/* per call, empty-loop cost subtracted */
	long check;			/* result of one checked call before timing */
};

/* A whole run in one process: the plain case, or a moved/timens child (shared memory). */
struct bench_run {
	int status;			/* 0 measured, else -errno of the step in why */
	char why[120];
	double empty_ns;		/* median per-iteration cost of the empty loop */
	int nr_series;
	struct bench_series series[BENCH_MAX_SERIES];
};

struct bench_opts {
	int samples;
	unsigned long sample_ns;	/* target wall time of one sample */
	int cpu;			/* -1: the CPU we start on */
	int cr_cycles;			/* 0: no checkpoint/restore measurement */
	bool frame;			/* VDSO-BENCH-BEGIN/END lines around the JSON */
};

/* bench_time.c: the timer (a raw CLOCK_MONOTONIC syscall) and the sampling loop. */
long long bench_now_ns(void);
void bench_measure(struct bench_run *run, const struct bench_opts *o);
double bench_median(const double *v, int n);

/* bench_series.c: every series this ABI has, from the export table and the image. */
const char *bench_op_name(enum bench_op op);
const char *bench_method_name(enum bench_method m);
const char *bench_clock_name(int clk);
/* Fills run with the series of image (may be NULL: no vDSO series); libc series if with_libc. */
void bench_series_build(struct bench_run *run, const struct vdso_image *image, bool with_syscall,
			bool with_libc);

/* bench_cases.c: the moved-vDSO and time-namespace cases, each in its own child. */
void bench_case_moved(struct bench_run *run, const struct bench_opts *o);
void bench_case_timens(struct bench_run *run, const struct bench_opts *o);
/* The image of the running vDSO; -errno if there is none. */
int bench_open_vdso(struct vdso_image *img, struct vdso_layout *l);

/* bench_env.c: pinning and the facts every figure is reported with. */
int bench_pin(int cpu);
void bench_env_json(const struct bench_opts *o, int cpu);

/* bench_cr.c: checkpoint+restore cycles of an idle child with the project's engine. */
void bench_cr_json(const struct bench_opts *o, const char *self);
void __attribute__((noreturn)) bench_cr_target(void);

/* bench_json.c */
void bench_json_str(const char *s);
void bench_run_json(const char *name, const struct bench_run *run);

#endif
