/* vdso_bench: vDSO vs raw syscall vs libc latency, plain, moved and in a time namespace (JSON). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

static struct bench_run run;	/* big; reused by each case in turn */

static const char usage[] =
	"usage: vdso_bench [--samples N] [--sample-us US] [--cpu N] [--cr CYCLES] [--frame]\n"
	"Prints one JSON document: per-call latency of every vDSO time function and clock,\n"
	"the raw syscall and libc, after moving the vDSO and in a time namespace.\n"
	"  --samples N     samples per series, %d..%d (default 41)\n"
	"  --sample-us US  target length of one sample in microseconds (default 250)\n"
	"  --cpu N         pin to CPU N (default: the CPU it starts on)\n"
	"  --cr CYCLES     also time CYCLES checkpoint+restore cycles (default 0)\n"
	"  --frame         VDSO-BENCH-BEGIN/END lines around the JSON (for consoles)\n";

static long number(const char *opt, const char *arg, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		fprintf(stderr, "vdso_bench: %s '%s': expected a number in %ld..%ld\n", opt, arg,
			lo, hi);
		exit(2);
	}
	return v;
}

static void parse(int argc, char **argv, struct bench_opts *o)
{
	static const struct option longopts[] = {
		{ "samples", 1, NULL, 's' }, { "sample-us", 1, NULL, 'u' },
		{ "cpu", 1, NULL, 'c' }, { "cr", 1, NULL, 'r' }, { "frame", 0, NULL, 'f' },
		{ "cr-target", 0, NULL, 't' }, { "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->samples = number("--samples", optarg, BENCH_MIN_SAMPLES,
					    BENCH_MAX_SAMPLES);
			break;
		case 'u':
			o->sample_ns = number("--sample-us", optarg, 1, 10000000) * 1000UL;
			break;
		case 'c':
			o->cpu = number("--cpu", optarg, 0, 4095);
			break;
		case 'r':
			o->cr_cycles = number("--cr", optarg, 0, BENCH_MAX_SAMPLES);
			break;
		case 'f':
			o->frame = true;
			break;
		case 't':
			bench_cr_target();
		case 'h':
			printf(usage, BENCH_MIN_SAMPLES, BENCH_MAX_SAMPLES);
			exit(0);
		default:
			fprintf(stderr, "vdso_bench: unknown option '%s' (try --help)\n",
				argv[optind - 1]);
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vdso_bench: unexpected argument '%s'\n", argv[optind]);
		exit(2);
	}
}

static void plain_case(const struct bench_opts *o)
{
	struct vdso_layout l;
	struct vdso_image img;
	int err = bench_open_vdso(&img, &l);

	/* Without a vDSO the syscall and libc series still run. */
	bench_series_build(&run, err ? NULL : &img, true, true);
	bench_measure(&run, o);
	run.status = 0;
	bench_run_json("plain", &run);
	printf(",\n");
	if (err) {
		run.status = err;
		snprintf(run.why, sizeof(run.why), "no vDSO image: %s", strerror(-err));
		bench_run_json("moved", &run);
		printf(",\n");
		bench_run_json("timens", &run);
		return;
	}
	bench_case_moved(&run, o);
	bench_run_json("moved", &run);
	printf(",\n");
	bench_case_timens(&run, o);
	bench_run_json("timens", &run);
}

int main(int argc, char **argv)
{
	struct bench_opts o = { .samples = 41, .sample_ns = 250000, .cpu = -1 };
	int cpu;

	parse(argc, argv, &o);
	cpu = bench_pin(o.cpu);
	if (cpu < 0) {
		fprintf(stderr, "vdso_bench: cannot pin to CPU %d: %s\n", o.cpu, strerror(-cpu));
		return 2;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (o.frame)
		printf("VDSO-BENCH-BEGIN abi=%s\n", VDSO_ABI);
	printf("{\"tool\": \"vdso_bench\", \"schema\": 1,\n");
	bench_env_json(&o, cpu);
	printf("\"cases\": {\n");
	plain_case(&o);
	printf("}");
	if (o.cr_cycles)
		bench_cr_json(&o, "/proc/self/exe");
	printf("}\n");
	if (o.frame)
		printf("VDSO-BENCH-END abi=%s\n", VDSO_ABI);
	return 0;
}
