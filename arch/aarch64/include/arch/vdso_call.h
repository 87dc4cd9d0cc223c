/* How to read and call the aarch64 vDSO: ELF identity, hash entry size, calling convention. */
#ifndef ARCH_VDSO_CALL_H
#define ARCH_VDSO_CALL_H

#include <elf.h>

/* The image the kernel maps into a process of this ABI. */
#define ARCH_VDSO_ELF_CLASS	ELFCLASS64
#define ARCH_VDSO_ELF_DATA	ELFDATA2LSB
#define ARCH_VDSO_ELF_MACHINE	EM_AARCH64

/* SysV .hash entries are 4-byte words here (s390x is the exception). */
#define ARCH_VDSO_HASH_ENTSIZE	4

/* vDSO functions are plain C functions of this ABI; failures come back as -errno. */

#endif
