/* The sampling loop: N calls between two raw CLOCK_MONOTONIC reads, N grown to the target time. */
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "rawsys.h"

#define CLOCK_MONOTONIC_ID	1
#define MAX_ITERATIONS		(1UL << 30)

/*
 * The timer is a raw syscall, never the function under test: a broken or
 * slow vDSO must not time itself, and after a move the vDSO's data page
 * may be what is being measured.
 */
long long bench_now_ns(void)
{
	struct __kernel_timespec ts;

	if (raw_clock_gettime(CLOCK_MONOTONIC_ID, &ts))
		return -1;
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Total nanoseconds of n calls, timer included (the empty loop pays the same timer). */
static long long sample_total(const struct bench_series *s, unsigned long n)
{
	bench_call_fn call = s->call;
	long long t0, t1;
	unsigned long i;

	t0 = bench_now_ns();
	for (i = 0; i < n; i++)
		call(s);
	t1 = bench_now_ns();
	return t1 - t0;
}

/*
 * Grows n until one sample takes at least half the target, then scales it
 * to the target; the growth runs double as the warm-up.
 */
static unsigned long calibrate(const struct bench_series *s, unsigned long target)
{
	unsigned long n = 1;
	double scaled;

	for (;;) {
		/* The least of three: one preempted try must not stop the growth early. */
		long long t = sample_total(s, n), t2 = sample_total(s, n), t3 = sample_total(s, n);

		t = t2 < t ? t2 : t;
		t = t3 < t ? t3 : t;
		if (t < (long long)target / 2 && n < MAX_ITERATIONS) {
			n *= t < (long long)target / 16 ? 16 : 2;
			continue;
		}
		scaled = (double)n * target / (t > 0 ? t : 1);
		if (scaled > MAX_ITERATIONS)
			return MAX_ITERATIONS;
		return scaled < 1 ? 1 : (unsigned long)scaled;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(const double *v, int n)
{
	double tmp[BENCH_MAX_SAMPLES];

	if (n <= 0)
		return 0;
	memcpy(tmp, v, n * sizeof(*v));
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

/*
 * Series[0] must be the empty loop: the same loop calling an empty function
 * through the same pointer, so what remains is the cost of the call itself.
 * Samples are taken round-robin over all series, so a noisy stretch of a
 * shared machine lands on every series alike and ratios stay meaningful.
 */
void bench_measure(struct bench_run *run, const struct bench_opts *o)
{
	int i, k;

	for (i = 0; i < run->nr_series; i++) {
		struct bench_series *s = &run->series[i];

		s->iterations = calibrate(s, o->sample_ns);
		sample_total(s, s->iterations);		/* one more warm-up sample, discarded */
		s->nr_samples = o->samples;
	}
	for (k = 0; k < o->samples; k++) {
		for (i = 0; i < run->nr_series; i++) {
			struct bench_series *s = &run->series[i];

			s->ns[k] = (double)sample_total(s, s->iterations) / s->iterations;
		}
	}
	run->empty_ns = bench_median(run->series[0].ns, o->samples);
	for (i = 1; i < run->nr_series; i++)
		for (k = 0; k < o->samples; k++)
			run->series[i].ns[k] -= run->empty_ns;
}
