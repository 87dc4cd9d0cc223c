# s390x: 64-bit big-endian z/Architecture; the vDSO's .hash uses 8-byte entries.
ARCH_TRIPLET	:= s390x-linux-gnu
ARCH_CC_CANDIDATES := s390x-linux-gnu-gcc
ARCH_DEB	:= gcc-s390x-linux-gnu
ARCH_CFLAGS	:=
ARCH_UNAME	:= s390x
ARCH_RUNS_ON	:= s390x
