/* Loops compilers recognise as memset and strlen (GCC 12 made strlen a CRIU build failure). */
void clear_area(unsigned char *p, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		p[i] = 0;
}

unsigned long label_len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}
