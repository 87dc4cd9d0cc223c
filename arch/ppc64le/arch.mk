# ppc64le: 64-bit little-endian POWER, ELFv2; vDSO calls use the syscall error convention.
ARCH_TRIPLET	:= powerpc64le-linux-gnu
ARCH_CC_CANDIDATES := powerpc64le-linux-gnu-gcc
ARCH_DEB	:= gcc-powerpc64le-linux-gnu
ARCH_CFLAGS	:=
ARCH_UNAME	:= ppc64le
ARCH_RUNS_ON	:= ppc64le
