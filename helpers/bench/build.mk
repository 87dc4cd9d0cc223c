# make bench: vdso_bench for the target ABI, installed as bench/vdso_bench, and the report.
#
#   make bench               host (and i386) latency, the same in the QEMU guests (when make
#                            images ran), blobcheck vs nm/readelf, C/R cycles vs criu, make run
#                            wall time, matrix boot/test seconds: table on stdout, out/bench/
#   make bench-bin           only $(O)/bench/vdso_bench
#   make bench BENCH_ARGS=--quick    10 short samples, no guests, no make run (a smoke run)
#   BENCH_ARGS: --guests x86_64,s390x  --guest-suites bookworm,bookworm-backports  --no-suite
#               --samples N --sample-us US --objects N --cr-cycles N (see python3 -m bench -h)

BENCH_SRCS	:= $(wildcard $(TOP)/helpers/bench/*.c)
BENCH_BIN	:= $(O)/bench/vdso_bench
BENCH_OUT	?= $(TOP)/out/bench
BENCH_PYTHON	?= /usr/bin/python3
BENCH_ARGS	?=
INSTALL_EXTRA	+= install-bench

$(BENCH_BIN): $(BENCH_SRCS) $(TOP)/helpers/bench/bench.h $(LIBVDSOTEST) $(LIB_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(TARGET_CFLAGS) $(TARGET_LDFLAGS) -o $@ $(BENCH_SRCS) $(LIBVDSOTEST)

bench-bin: $(BENCH_BIN)

install-bench: $(BENCH_BIN)
	@mkdir -p $(INSTALL_PATH)/bench
	cp -f $(BENCH_BIN) $(INSTALL_PATH)/bench/vdso_bench

# i386 runs here too when the kernel has IA32 emulation; the report says so if it cannot.
BENCH_EXTRA_ABI	:= $(if $(filter x86_64,$(ARCH)),i386)
BENCH_EXTRA_BIN	:= $(TOP)/out/$(BENCH_EXTRA_ABI)/bench/vdso_bench

bench: $(BENCH_BIN) host-tools
	@test -n "$(ARCH_RUNNABLE)" || { echo "bench: ARCH=$(ARCH) cannot run on this" \
		"$(HOST_UNAME) machine; a native make bench runs every ABI in the QEMU guests" >&2; \
		exit 2; }
	$(if $(BENCH_EXTRA_ABI),-$(MAKE) --no-print-directory ARCH=$(BENCH_EXTRA_ABI) \
		O=$(TOP)/out/$(BENCH_EXTRA_ABI) bench-bin)
	cd $(TOP)/ci && $(BENCH_PYTHON) -m bench --top $(TOP) --out $(BENCH_OUT) --arch $(ARCH) \
		--bench $(BENCH_BIN) $(if $(BENCH_EXTRA_ABI),--bench $(BENCH_EXTRA_BIN)) \
		--blobcheck $(BLOBCHECK) --matrix $(TOP)/out/matrix $(BENCH_ARGS)

.PHONY: bench bench-bin install-bench
