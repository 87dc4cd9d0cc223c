/* String helpers for the vDSO model that never call libc (usable after the vDSO moved). */
#include "vdso.h"

int vdso_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

unsigned long vdso_strlen(const char *s)
{
	unsigned long n = 0;

	/* The empty asm keeps gcc from recognising the idiom and calling libc's strlen(). */
	while (s[n]) {
		n++;
		__asm__("" : "+r"(n));
	}
	return n;
}

int vdso_starts_with(const char *s, const char *prefix)
{
	while (*prefix && *s == *prefix) {
		s++;
		prefix++;
	}
	return *prefix == '\0';
}

void vdso_strlcpy(char *dst, const char *src, unsigned long len)
{
	unsigned long i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

void vdso_memzero(void *dst, unsigned long len)
{
	unsigned char *p = dst;
	unsigned long i;

	/* A barrier per byte keeps the compiler from turning this into a memset() call. */
	for (i = 0; i < len; i++) {
		p[i] = 0;
		__asm__ volatile("" ::: "memory");
	}
}

unsigned long vdso_elf_hash(const char *name)
{
	unsigned long h = 0, g;

	while (*name) {
		h = (h << 4) + (unsigned char)*name++;
		g = h & 0xf0000000;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}
