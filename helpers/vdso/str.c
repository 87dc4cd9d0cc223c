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
