/* How to read and call the s390x vDSO: ELF identity, hash entry size, calling convention. */
#ifndef ARCH_VDSO_CALL_H
#define ARCH_VDSO_CALL_H

#include <elf.h>

/* The image the kernel maps into a process of this ABI. */
#define ARCH_VDSO_ELF_CLASS	ELFCLASS64
#define ARCH_VDSO_ELF_DATA	ELFDATA2MSB
#define ARCH_VDSO_ELF_MACHINE	EM_S390

/* s390x's SysV .hash uses 8-byte entries (an ABI quirk; every other ABI uses 4). */
#define ARCH_VDSO_HASH_ENTSIZE	8

/* vDSO functions are plain C functions of this ABI; failures come back as -errno. */

#endif
