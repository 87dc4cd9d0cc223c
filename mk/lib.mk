# Shared build fragment for one collection: its Makefile lists programs, then includes this.
#
#   TEST_GEN_PROGS		programs the runner runs (one .c each, same name)
#   TEST_GEN_PROGS_EXTENDED	programs built and installed, not run by the runner
#   TEST_FILES			extra files installed beside the programs
#   <prog>-objs			extra sources for one program (paths relative to the collection)
#   <prog>-ldlibs		extra libraries for one program
#   TIMEOUT			seconds the runner allows each program (written to `settings`)

TOP		:= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
include $(TOP)/mk/arch.mk

COLLECTION	:= $(notdir $(CURDIR))
OUTPUT		:= $(O)/selftests/$(COLLECTION)
TIMEOUT		?= 45
CFLAGS		+= $(TARGET_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS		+= $(TARGET_LDFLAGS)

PROGS		:= $(addprefix $(OUTPUT)/,$(TEST_GEN_PROGS) $(TEST_GEN_PROGS_EXTENDED))

all: $(PROGS) $(EXTRA_TARGETS)

.SECONDEXPANSION:
$(OUTPUT)/%: %.c $$(%-objs) $(LIBVDSOTEST) $(wildcard *.h) $(wildcard $(TOP)/helpers/include/*.h) \
		$(wildcard $(TOP)/arch/$(ARCH)/include/arch/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $($*-objs) $(LIBVDSOTEST) $($*-ldlibs) $(LDLIBS)

$(LIBVDSOTEST):
	$(MAKE) -C $(TOP) lib ARCH=$(ARCH) O=$(O)

# One `collection:program` line per runnable program, for kselftest-list.txt.
emit_tests:
	@for p in $(TEST_GEN_PROGS); do echo "$(COLLECTION):$$p"; done

install: all
	@test -n "$(INSTALL_PATH)" || { echo "install: INSTALL_PATH is not set" >&2; exit 2; }
	@mkdir -p $(INSTALL_PATH)/$(COLLECTION)
	cp -f $(PROGS) $(INSTALL_PATH)/$(COLLECTION)/
	$(if $(TEST_FILES),cp -rf $(TEST_FILES) $(INSTALL_PATH)/$(COLLECTION)/)
	@echo "timeout=$(TIMEOUT)" > $(INSTALL_PATH)/$(COLLECTION)/settings

clean:
	rm -rf $(OUTPUT)

.PHONY: all emit_tests install clean
