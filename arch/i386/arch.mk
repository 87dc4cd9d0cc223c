# i386: the 32-bit x86 ABI, run here through the kernel's IA32 emulation.
ARCH_TRIPLET	:= i686-linux-gnu
# Never gcc -m32: gcc-multilib removes Debian's cross compilers.
ARCH_CC_CANDIDATES := i686-linux-gnu-gcc
ARCH_DEB	:= gcc-i686-linux-gnu
ARCH_CFLAGS	:= -march=i686
ARCH_UNAME	:= i686
ARCH_RUNS_ON	:= x86_64 i386 i686
