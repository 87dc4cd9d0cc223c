/* JSON output of a run: every series with its samples, median, min and max. */
#include <stdio.h>
#include <string.h>
#include "bench.h"

void bench_json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static double min_of(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static double max_of(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

static void series_json(const struct bench_series *s)
{
	int i;

	printf("  {\"op\": \"%s\", \"method\": \"%s\", \"clock\": ", bench_op_name(s->op),
	       bench_method_name(s->method));
	if (s->clock >= 0)
		bench_json_str(bench_clock_name(s->clock));
	else
		printf("null");
	printf(", \"clock_id\": %d, \"symbol\": ", s->clock);
	if (s->symbol[0])
		bench_json_str(s->symbol);
	else
		printf("null");
	printf(", \"iterations\": %lu, \"median_ns\": %.3f, \"min_ns\": %.3f, \"max_ns\": %.3f, "
	       "\"samples_ns\": [", s->iterations, bench_median(s->ns, s->nr_samples),
	       min_of(s->ns, s->nr_samples), max_of(s->ns, s->nr_samples));
	for (i = 0; i < s->nr_samples; i++)
		printf("%s%.3f", i ? ", " : "", s->ns[i]);
	printf("]}");
}

void bench_run_json(const char *name, const struct bench_run *run)
{
	int i;

	printf("\"%s\": {\"status\": \"%s\", ", name, run->status ? "not measurable" : "ok");
	if (run->status) {
		printf("\"reason\": ");
		bench_json_str(run->why);
		printf("}");
		return;
	}
	printf("\"empty_loop_ns\": %.3f, \"series\": [\n", run->empty_ns);
	/* series[0] is the empty loop itself; it is reported above as empty_loop_ns. */
	for (i = 1; i < run->nr_series; i++) {
		series_json(&run->series[i]);
		printf("%s\n", i + 1 < run->nr_series ? "," : "");
	}
	printf(" ]}");
}
