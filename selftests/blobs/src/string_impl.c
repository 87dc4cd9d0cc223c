/* The blob's own memcpy and memset; built without -fno-builtin, gcc turns memset into a call to itself. */
#ifndef MEMCPY_NAME
#define MEMCPY_NAME memcpy
#define MEMSET_NAME memset
#endif

void *MEMCPY_NAME(void *dst, const void *src, __SIZE_TYPE__ n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *MEMSET_NAME(void *dst, int c, __SIZE_TYPE__ n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
