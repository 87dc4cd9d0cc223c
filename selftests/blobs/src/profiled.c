/* A plain leaf function: built with -pg it calls the profiler hook at entry. */
unsigned long rotate_mix(unsigned long x, unsigned int r)
{
	return (x << (r & 63)) | (x >> ((64 - r) & 63));
}
