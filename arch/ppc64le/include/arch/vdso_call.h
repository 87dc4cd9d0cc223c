/* How to read and call the ppc64le vDSO: ELF identity, hash entry size, calling convention. */
#ifndef ARCH_VDSO_CALL_H
#define ARCH_VDSO_CALL_H

#include <elf.h>

/* The image the kernel maps into a process of this ABI. */
#define ARCH_VDSO_ELF_CLASS	ELFCLASS64
#define ARCH_VDSO_ELF_DATA	ELFDATA2LSB
#define ARCH_VDSO_ELF_MACHINE	EM_PPC64

/* SysV .hash entries are 4-byte words here (s390x is the exception). */
#define ARCH_VDSO_HASH_ENTSIZE	4

/*
 * vDSO functions use the syscall error convention (CR0.SO set, positive
 * errno in r3), so arch_vdso_call() is asm that negates; entries are
 * ELFv2 global entry points, called through CTR with r12 = entry.
 */

#endif
