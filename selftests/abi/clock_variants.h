/* The clock ids every clock test runs over: 0..11 and the invalid -1, INT_MIN, INT_MAX. */
#ifndef ABI_CLOCK_VARIANTS_H
#define ABI_CLOCK_VARIANTS_H

#include <limits.h>

/* Adds one variant per clock id to a fixture whose variant struct has `int clk`. */
#define ABI_CLOCK_VARIANTS(f)								\
	FIXTURE_VARIANT_ADD(f, realtime) { .clk = 0 };					\
	FIXTURE_VARIANT_ADD(f, monotonic) { .clk = 1 };					\
	FIXTURE_VARIANT_ADD(f, process_cputime) { .clk = 2 };				\
	FIXTURE_VARIANT_ADD(f, thread_cputime) { .clk = 3 };				\
	FIXTURE_VARIANT_ADD(f, monotonic_raw) { .clk = 4 };				\
	FIXTURE_VARIANT_ADD(f, realtime_coarse) { .clk = 5 };				\
	FIXTURE_VARIANT_ADD(f, monotonic_coarse) { .clk = 6 };				\
	FIXTURE_VARIANT_ADD(f, boottime) { .clk = 7 };					\
	FIXTURE_VARIANT_ADD(f, realtime_alarm) { .clk = 8 };				\
	FIXTURE_VARIANT_ADD(f, boottime_alarm) { .clk = 9 };				\
	FIXTURE_VARIANT_ADD(f, sgi_cycle) { .clk = 10 };				\
	FIXTURE_VARIANT_ADD(f, tai) { .clk = 11 };					\
	FIXTURE_VARIANT_ADD(f, minus_one) { .clk = -1 };				\
	FIXTURE_VARIANT_ADD(f, int_min) { .clk = INT_MIN };				\
	FIXTURE_VARIANT_ADD(f, int_max) { .clk = INT_MAX }

#endif
