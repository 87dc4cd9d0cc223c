/* Pinning, and the facts every figure is reported with: CPU, clocksource, kernel, settings. */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include "bench.h"
#include "rawsys.h"

/* Pins to cpu, or to the CPU we run on now if cpu < 0; returns the CPU or -errno. */
int bench_pin(int cpu)
{
	cpu_set_t set;
	unsigned int now, node;
	long r;

	if (cpu < 0) {
		r = raw_getcpu(&now, &node);
		if (r)
			return r;
		cpu = now;
	}
	if (cpu >= CPU_SETSIZE)
		return -EINVAL;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	r = raw_sched_setaffinity(0, sizeof(set), &set);
	return r ? r : cpu;
}

static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	if (fgets(buf, len, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

/* /proc/cpuinfo names the CPU differently on every architecture: best key wins. */
static void cpu_model(char *buf, size_t len)
{
	static const char *const keys[] = { "model name", "cpu model", "cpu", "machine",
					    "vendor_id", "CPU part" };
	unsigned int k, rank = sizeof(keys) / sizeof(keys[0]);
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *end = colon;

		if (!colon)
			continue;
		while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = 0;
		for (k = 0; k < rank; k++) {
			if (strcmp(line, keys[k]))
				continue;
			colon += strspn(colon + 1, " \t") + 1;
			snprintf(buf, len, "%.*s", (int)strcspn(colon, "\n"), colon);
			rank = k;
		}
	}
	fclose(f);
}

void bench_env_json(const struct bench_opts *o, int cpu)
{
	struct utsname u;
	char buf[256];

	uname(&u);
	printf("\"abi\": ");
	bench_json_str(VDSO_ABI);
	printf(",\n\"kernel\": ");
	bench_json_str(u.release);
	printf(",\n\"machine\": ");
	bench_json_str(u.machine);
	cpu_model(buf, sizeof(buf));
	printf(",\n\"cpu_model\": ");
	bench_json_str(buf);
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", buf,
		  sizeof(buf));
	printf(",\n\"clocksource\": ");
	bench_json_str(buf);
	printf(",\n\"pinned_cpu\": %d,\n", cpu);
	printf("\"method\": {\"timer\": \"raw clock_gettime(CLOCK_MONOTONIC) syscall before and "
	       "after each sample\", \"vdso_call\": \"direct typed pointer from vdso_image_sym "
	       "(as libc calls it); one arch_vdso_call checks each entry first\", "
	       "\"empty_loop\": \"the same loop calling an empty function through the same "
	       "pointer; its median per-iteration cost is subtracted from every sample\", "
	       "\"syscall\": \"arch_syscall6() of arch/%s/syscall.S, the suite's raw syscall\", "
	       "\"warmup\": \"calibration runs plus one discarded sample per series\", "
	       "\"samples\": %d, \"sample_target_ns\": %lu},\n", VDSO_ABI, o->samples, o->sample_ns);
}
