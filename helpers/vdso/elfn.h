/* Native-class ELF types for the resolver: a process only ever parses the vDSO of its own ABI. */
#ifndef VDSO_ELFN_H
#define VDSO_ELFN_H

#include <elf.h>

#if __SIZEOF_LONG__ == 8
typedef Elf64_Ehdr	elfn_ehdr;
typedef Elf64_Phdr	elfn_phdr;
typedef Elf64_Dyn	elfn_dyn;
typedef Elf64_Sym	elfn_sym;
typedef Elf64_Verdef	elfn_verdef;
typedef Elf64_Verdaux	elfn_verdaux;
#define ELFN_ST_TYPE(i)	ELF64_ST_TYPE(i)
#define ELFN_ST_BIND(i)	ELF64_ST_BIND(i)
#else
typedef Elf32_Ehdr	elfn_ehdr;
typedef Elf32_Phdr	elfn_phdr;
typedef Elf32_Dyn	elfn_dyn;
typedef Elf32_Sym	elfn_sym;
typedef Elf32_Verdef	elfn_verdef;
typedef Elf32_Verdaux	elfn_verdaux;
#define ELFN_ST_TYPE(i)	ELF32_ST_TYPE(i)
#define ELFN_ST_BIND(i)	ELF32_ST_BIND(i)
#endif

#endif
