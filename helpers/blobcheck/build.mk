# blobcheck and the ELF library: host tool, sanitizer build, fuzzer, install step.
#
#   make host-tools        $(HOST_O)/bin/blobcheck (always for the machine we are on)
#   make blobcheck-asan    $(HOST_O)/asan/blobcheck, ASan+UBSan build that make check uses
#   make fuzz              libFuzzer (clang) over the ELF reading path for FUZZ_TIME seconds

ELFREAD_SRCS	:= $(wildcard $(TOP)/helpers/elf/*.c) $(wildcard $(TOP)/arch/*/host/*.c)
BLOBCHECK_SRCS	:= $(addprefix $(TOP)/helpers/blobcheck/,check.c hints.c)
BLOBCHECK_HDRS	:= $(wildcard $(TOP)/helpers/elf/*.h $(TOP)/helpers/blobcheck/*.h)
HOST_CFLAGS	?= -std=gnu11 -O2 -g $(WARNFLAGS) -D_GNU_SOURCE
ELFREAD_CFLAGS	:= -I$(TOP)/helpers/elf -I$(TOP)/helpers/blobcheck
ELFREAD_LDLIBS	:= -lelf
# Objects, not an archive: each arch/<abi>/host table registers itself through a linker
# section, and nothing would pull it out of a .a.
ELFREAD_OBJS	:= $(patsubst $(TOP)/%.c,$(HOST_O)/obj/blobcheck/%.o,$(ELFREAD_SRCS))
BLOBCHECK_OBJS	:= $(patsubst $(TOP)/%.c,$(HOST_O)/obj/blobcheck/%.o,$(BLOBCHECK_SRCS))
BLOBCHECK	:= $(HOST_O)/bin/blobcheck
BLOBCHECK_ASAN	:= $(HOST_O)/asan/blobcheck
SAN_FLAGS	:= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CC		?= clang-14
FUZZ_TIME	?= 60
FUZZ_BIN	:= $(HOST_O)/fuzz/fuzz_blobcheck
FUZZ_SEEDS	:= $(TOP)/ci/fixtures/blobcheck/seeds

HOST_TOOLS	+= $(BLOBCHECK)
INSTALL_EXTRA	+= install-blobcheck

$(HOST_O)/obj/blobcheck/%.o: $(TOP)/%.c $(BLOBCHECK_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(ELFREAD_CFLAGS) -c -o $@ $<

$(BLOBCHECK): $(TOP)/helpers/blobcheck/blobcheck.c $(BLOBCHECK_OBJS) $(ELFREAD_OBJS) \
		$(BLOBCHECK_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(ELFREAD_CFLAGS) -o $@ $< $(BLOBCHECK_OBJS) $(ELFREAD_OBJS) \
		$(ELFREAD_LDLIBS)

$(BLOBCHECK_ASAN): $(TOP)/helpers/blobcheck/blobcheck.c $(BLOBCHECK_SRCS) $(ELFREAD_SRCS) \
		$(BLOBCHECK_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SAN_FLAGS) $(ELFREAD_CFLAGS) -o $@ \
		$(filter %.c,$^) $(ELFREAD_LDLIBS)

$(FUZZ_BIN): $(TOP)/helpers/blobcheck/fuzz/fuzz_blobcheck.c $(BLOBCHECK_SRCS) $(ELFREAD_SRCS) \
		$(BLOBCHECK_HDRS)
	@command -v $(FUZZ_CC) >/dev/null || { echo "fuzz: needs $(FUZZ_CC) (apt-get install -y clang-14)" >&2; exit 2; }
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$(ELFREAD_CFLAGS) -D_GNU_SOURCE -o $@ $(filter %.c,$^) $(ELFREAD_LDLIBS)

blobcheck: $(BLOBCHECK)
blobcheck-asan: $(BLOBCHECK_ASAN)
fuzz-build: $(FUZZ_BIN)

# The seeds stay read-only in the tree; new inputs land in $(HOST_O)/fuzz/corpus.
fuzz: $(FUZZ_BIN)
	@mkdir -p $(HOST_O)/fuzz/corpus $(HOST_O)/fuzz/artifacts
	$(FUZZ_BIN) -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=$(HOST_O)/fuzz/artifacts/ $(HOST_O)/fuzz/corpus $(FUZZ_SEEDS)

install-blobcheck: $(BLOBCHECK)
ifeq ($(ARCH),$(HOST_ABI))
	@mkdir -p $(INSTALL_PATH)/bin
	cp -f $(BLOBCHECK) $(INSTALL_PATH)/bin/blobcheck
else
	@echo "install: blobcheck runs on the build host ($(HOST_ABI)), not installed for $(ARCH)"
endif

.PHONY: blobcheck blobcheck-asan fuzz fuzz-build install-blobcheck

# Collections check their freestanding objects with blobcheck as a build step: build it
# first, so a parallel make never has two writers of the same objects.
collections: $(BLOBCHECK)
