/* A function with a local buffer: -fstack-protector-all adds a canary check and its failure call. */
int checksum_name(const char *name, int n)
{
	volatile char copy[32];
	int i, sum = 0;

	for (i = 0; i < n && i < 32; i++)
		copy[i] = name[i];
	for (i = 0; i < n && i < 32; i++)
		sum += copy[i];
	return sum;
}
