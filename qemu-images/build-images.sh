#!/bin/sh
# Fetches what a matrix boot needs (Debian kernels, busybox) and packs each arch's initramfs.
#
# usage: build-images.sh IMAGES_DIR "SUITES" ARCH...
#   SUITES  Debian suites whose kernels to fetch (bookworm, bookworm-backports); empty
#           when the user brings a kernel (busybox still comes from bookworm)
#   ARCH    x86_64 | aarch64 | ppc64le | s390x (the x86_64 guest also runs i386)
# The suite trees IMAGES_DIR/suites/<abi> come first, from make install (images.mk).
set -eu
die() { echo "build-images: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: build-images.sh IMAGES_DIR SUITES ARCH..."
mkdir -p "$1"
IMG=$(cd "$1" && pwd); SUITES=$2; shift 2
here=$(cd "$(dirname "$0")" && pwd)

debarch_of()
{
	case $1 in
	x86_64) echo amd64 ;; aarch64) echo arm64 ;; ppc64le) echo ppc64el ;; s390x) echo s390x ;;
	*) die "unknown matrix arch '$1' (x86_64, aarch64, ppc64le or s390x; i386 runs in x86_64)" ;;
	esac
}

# The suite ABIs each guest runs: x86_64 also runs the i386 build through IA32 emulation.
abis_of()
{
	case $1 in x86_64) echo "x86_64 i386" ;; *) echo "$1" ;; esac
}

debarches=
for a in "$@"; do debarches="$debarches $(debarch_of "$a")"; done

done_suites=
# busybox-static always comes from bookworm, so a user's own kernel still gets an init.
for suite in bookworm $SUITES; do
	case " $done_suites " in *" $suite "*) continue ;; esac
	done_suites="$done_suites $suite"
	# shellcheck disable=SC2086
	"$here/fetch-debs.sh" "$IMG" "$suite" $debarches
done

# x86: an ELF vmlinux beside each bzImage boots through PVH, about 3 s faster under TCG.
for suite in $SUITES; do
	for bz in "$IMG/$suite"/amd64/boot/vmlinuz-*; do
		[ -e "$bz" ] || continue
		pvh=$IMG/$suite/amd64/vmlinux-pvh
		[ -s "$pvh" ] && [ "$pvh" -nt "$bz" ] && continue
		"$here/extract-vmlinux.sh" "$bz" "$pvh" ||
			echo "build-images: $bz: no PVH vmlinux (install xz-utils zstd); booting the bzImage" >&2
	done
done

for a in "$@"; do
	trees=
	for abi in $(abis_of "$a"); do
		tree=$IMG/suites/$abi
		[ -r "$tree/run_kselftest.sh" ] ||
			die "$tree: no installed suite (make images installs it with make install ARCH=$abi)"
		trees="$trees $tree"
	done
	da=$(debarch_of "$a")
	mkdir -p "$IMG/initramfs"
	# shellcheck disable=SC2086
	"$here/mkinitramfs.sh" "$IMG/initramfs/$a.cpio.gz" "$IMG/bookworm/$da/busybox" $trees
	echo "build-images: $a: $IMG/initramfs/$a.cpio.gz ($(wc -c < "$IMG/initramfs/$a.cpio.gz") bytes)"
done
