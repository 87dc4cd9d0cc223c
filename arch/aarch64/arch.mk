# aarch64: 64-bit Arm; signal return goes through the vDSO's __kernel_rt_sigreturn.
ARCH_TRIPLET	:= aarch64-linux-gnu
ARCH_CC_CANDIDATES := aarch64-linux-gnu-gcc
ARCH_DEB	:= gcc-aarch64-linux-gnu
ARCH_CFLAGS	:=
ARCH_UNAME	:= aarch64
ARCH_RUNS_ON	:= aarch64
