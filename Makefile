# vdso-selftests: build, install, run and check the vDSO selftest suite.
#
#   make [ARCH=x86_64|i386|aarch64|ppc64le|s390x] [O=DIR]   build every collection
#   make run                                                  run the suite on this kernel (KTAP)
#   make check                                                the project's own tests (pytest)
#   make install INSTALL_PATH=DIR                             a tree a kernel CI can run as is

TOP		:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
include $(TOP)/mk/arch.mk

PYTEST		?= /usr/bin/python3 -m pytest
COLLECTIONS	?= $(sort $(notdir $(patsubst %/Makefile,%,$(wildcard $(TOP)/selftests/*/Makefile))))

# Code linked into every target program: the harness, the vDSO model, the C/R
# engine, and this ABI's arch/ files (chosen here, never by #ifdef ladders).
TARGET_LIB_DIRS	:= helpers/harness helpers/vdso helpers/cr arch/$(ARCH)
LIB_SRCS	:= $(foreach d,$(TARGET_LIB_DIRS),$(wildcard $(TOP)/$(d)/*.c $(TOP)/$(d)/*.S))
LIB_OBJS	:= $(patsubst $(TOP)/%,$(O)/obj/%.o,$(LIB_SRCS))
LIB_HDRS	:= $(wildcard $(TOP)/helpers/include/*.h $(TOP)/arch/$(ARCH)/include/arch/*.h)

all: lib collections host-tools

lib: $(LIBVDSOTEST)

$(LIBVDSOTEST): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR_FOR_TARGET) rcs $@ $^

AR_FOR_TARGET	:= $(patsubst %gcc,%gcc-ar,$(CC))

$(O)/obj/%.c.o: $(TOP)/%.c $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(TARGET_CFLAGS) -c -o $@ $<

$(O)/obj/%.S.o: $(TOP)/%.S $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(TARGET_CFLAGS) -c -o $@ $<

collections: $(LIBVDSOTEST)
	@set -e; for c in $(COLLECTIONS); do \
		$(MAKE) --no-print-directory -C $(TOP)/selftests/$$c ARCH=$(ARCH) O=$(O) all; \
	done

# Host tools and extra targets come from fragments owned by their folders.
HOST_TOOLS	:=
INSTALL_EXTRA	:=
include $(wildcard $(TOP)/helpers/*/build.mk)
include $(wildcard $(TOP)/qemu-images/*.mk)
include $(wildcard $(TOP)/ci/*.mk)

host-tools: $(HOST_TOOLS)

install: all
	@test -n "$(INSTALL_PATH)" || { echo "install: set INSTALL_PATH=DIR" >&2; exit 2; }
	@mkdir -p $(INSTALL_PATH)
	@set -e; for c in $(COLLECTIONS); do \
		$(MAKE) --no-print-directory -C $(TOP)/selftests/$$c ARCH=$(ARCH) O=$(O) \
			INSTALL_PATH=$(abspath $(INSTALL_PATH)) install; \
	done
	@set -e; for c in $(COLLECTIONS); do \
		$(MAKE) --no-print-directory -s -C $(TOP)/selftests/$$c ARCH=$(ARCH) O=$(O) emit_tests; \
	done > $(INSTALL_PATH)/kselftest-list.txt
	cp -f $(TOP)/helpers/install/run_kselftest.sh $(INSTALL_PATH)/run_kselftest.sh
	chmod +x $(INSTALL_PATH)/run_kselftest.sh
	@echo "$(ARCH)" > $(INSTALL_PATH)/ABI
	@$(if $(INSTALL_EXTRA),$(MAKE) --no-print-directory $(INSTALL_EXTRA) INSTALL_PATH=$(abspath $(INSTALL_PATH)))

run: 
	@test -n "$(ARCH_RUNNABLE)" || { echo "run: ARCH=$(ARCH) programs cannot run on this $(HOST_UNAME) machine; use make matrix ARCH=$(ARCH)" >&2; exit 2; }
	@$(MAKE) --no-print-directory -s install INSTALL_PATH=$(O)/kselftest >/dev/null
	$(O)/kselftest/run_kselftest.sh $(RUN_ARGS)

check:
	$(PYTEST) -q $(TOP)/ci/tests

clean:
	rm -rf $(TOP)/out

.PHONY: all lib collections host-tools install run check clean
