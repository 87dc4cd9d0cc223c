# QEMU matrix: `make images` fetches kernels and packs initramfs, `make matrix` boots them.
#
#   make matrix                      all four arches, bookworm 6.1 and bookworm-backports 6.12
#   make matrix ARCH=aarch64         one arch, both Debian kernels
#   make matrix ARCH=aarch64 KERNEL=path/to/Image   one arch, your own kernel
#   make matrix MATRIX_JOBS=1        boots one at a time (default: one per core)

MATRIX_ALL_ARCHES := x86_64 aarch64 ppc64le s390x
# ARCH always has a value (the host's ABI) and arch.mk overrides it, so $(origin ARCH)
# cannot tell; MAKEOVERRIDES holds exactly what the command line set.
ifneq ($(filter ARCH=%,$(MAKEOVERRIDES)),)
MATRIX_ARCHES	:= $(ARCH)
else
MATRIX_ARCHES	:= $(MATRIX_ALL_ARCHES)
endif
MATRIX_SUITES	?= bookworm bookworm-backports
IMAGES_DIR	?= $(TOP)/out/images
MATRIX_OUT	?= $(TOP)/out/matrix
MATRIX_PYTHON	?= /usr/bin/python3
MATRIX_JOBS	?=
MATRIX_ARGS	?=
# The suite ABIs the guests run: the x86_64 guest runs the i386 build too.
MATRIX_ABIS	:= $(sort $(foreach a,$(MATRIX_ARCHES),$(a) $(if $(filter x86_64,$(a)),i386)))

images: matrix-inputs $(addprefix matrix-suite-,$(MATRIX_ABIS))
	@$(TOP)/qemu-images/build-images.sh $(IMAGES_DIR) \
		"$(if $(KERNEL),,$(MATRIX_SUITES))" $(MATRIX_ARCHES)

# Bad input stops here, before anything is built or fetched.
comma		:= ,
MATRIX_BAD_INPUT := $(strip \
	$(if $(filter i386,$(MATRIX_ARCHES)),i386 runs inside the x86_64 guest: use ARCH=x86_64) \
	$(if $(and $(KERNEL),$(filter-out 1,$(words $(MATRIX_ARCHES)))),\
		KERNEL= needs one ARCH= (aarch64$(comma) ppc64le$(comma) s390x or x86_64)))
matrix-inputs:
	@$(if $(MATRIX_BAD_INPUT),echo "matrix: $(MATRIX_BAD_INPUT)" >&2; exit 2)
	@$(if $(KERNEL),test -r "$(KERNEL)" || \
		{ echo "matrix: KERNEL=$(KERNEL): no such file" >&2; exit 2; })

# One installed tree per ABI, rebuilt each time so no stale program rides along.
matrix-suite-%: matrix-inputs
	@rm -rf $(IMAGES_DIR)/suites/$*
	@$(MAKE) --no-print-directory -s install ARCH=$* O=$(TOP)/out/$* \
		INSTALL_PATH=$(IMAGES_DIR)/suites/$* >/dev/null

# What `make matrix` would boot, without booting it.
matrix-plan:
	@echo "arches: $(MATRIX_ARCHES)"
	@echo "suite ABIs: $(MATRIX_ABIS)"
	@echo "kernels: $(if $(KERNEL),$(abspath $(KERNEL)),$(MATRIX_SUITES))"

matrix: images host-tools
	cd $(TOP)/ci && $(MATRIX_PYTHON) -m matrix run --images $(IMAGES_DIR) --out $(MATRIX_OUT) \
		$(addprefix --arch ,$(MATRIX_ARCHES)) \
		$(if $(KERNEL),--kernel $(abspath $(KERNEL)),$(addprefix --suite ,$(MATRIX_SUITES))) \
		$(if $(MATRIX_JOBS),--jobs $(MATRIX_JOBS)) --blobcheck $(HOST_O)/bin/blobcheck $(MATRIX_ARGS)

.PHONY: images matrix matrix-inputs matrix-plan
