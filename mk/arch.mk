# Chooses the target ABI and its compiler; every Makefile includes this first.
# ARCH names one folder of arch/; each holds arch.mk with the same variables.

TOP		?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
ABIS		:= $(notdir $(patsubst %/arch.mk,%,$(wildcard $(TOP)/arch/*/arch.mk)))

HOST_UNAME	:= $(shell uname -m)
HOST_ABI	:= $(patsubst ppc64le,ppc64le,$(patsubst i%86,i386,$(patsubst arm64,aarch64,$(HOST_UNAME))))
ARCH		?= $(HOST_ABI)
# The kernel's spellings are accepted too.
override ARCH	:= $(patsubst arm64,aarch64,$(patsubst x86,x86_64,$(patsubst powerpc,ppc64le,$(patsubst s390,s390x,$(ARCH)))))

ifeq ($(filter $(ARCH),$(ABIS)),)
$(error unknown ARCH '$(ARCH)': choose one of $(ABIS))
endif

include $(TOP)/arch/$(ARCH)/arch.mk

ifeq ($(origin CC),default)
CC		:= $(firstword $(foreach c,$(ARCH_CC_CANDIDATES),$(shell command -v $(c) 2>/dev/null)))
ifeq ($(ARCH),x86_64)
ifneq ($(HOST_ABI),x86_64)
CC		:= $(shell command -v x86_64-linux-gnu-gcc 2>/dev/null)
endif
endif
endif
ifeq ($(strip $(CC)),)
$(error no C compiler for ARCH=$(ARCH): install Debian's $(ARCH_DEB) (apt-get install -y $(firstword $(ARCH_DEB))))
endif

# Host tools (blobcheck, the ELF reader) always build for the machine we are on.
HOSTCC		?= gcc
O		?= $(TOP)/out/$(ARCH)
override O	:= $(abspath $(O))
HOST_O		?= $(TOP)/out/host
override HOST_O	:= $(abspath $(HOST_O))

# Can this ABI's binaries run on this machine?
ARCH_RUNNABLE	:= $(if $(filter $(HOST_UNAME),$(ARCH_RUNS_ON)),y,)

WARNFLAGS	:= -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
TARGET_CFLAGS	:= -std=gnu11 -O2 -g $(WARNFLAGS) $(ARCH_CFLAGS) \
		   -I$(TOP)/helpers/include -I$(TOP)/arch/$(ARCH)/include \
		   -D_GNU_SOURCE -DVDSO_ABI=\"$(ARCH)\"
TARGET_LDFLAGS	:= -static
LIBVDSOTEST	:= $(O)/lib/libvdsotest.a
