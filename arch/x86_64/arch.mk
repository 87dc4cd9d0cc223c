# x86_64: 64-bit x86, the native ABI of the CI machine.
ARCH_TRIPLET	:= x86_64-linux-gnu
ARCH_CC_CANDIDATES := x86_64-linux-gnu-gcc gcc
ARCH_DEB	:= gcc-x86-64-linux-gnu (or gcc on an x86_64 host)
ARCH_CFLAGS	:=
ARCH_UNAME	:= x86_64
# Runs on an x86_64 host directly.
ARCH_RUNS_ON	:= x86_64
