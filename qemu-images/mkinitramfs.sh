#!/bin/sh
# Packs a matrix guest's initramfs: busybox-static, the matrix /init and installed suite trees.
#
# usage: mkinitramfs.sh OUT.cpio.gz BUSYBOX SUITE_TREE...
# Each SUITE_TREE is a `make install` output (run_kselftest.sh, kselftest-list.txt, ABI).
set -eu
die() { echo "mkinitramfs: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: mkinitramfs.sh OUT.cpio.gz BUSYBOX SUITE_TREE..."
out=$1; bb=$2; shift 2
command -v cpio >/dev/null || die "cpio is missing: apt-get install -y cpio"
[ -x "$bb" ] || die "$bb: no busybox-static binary (run make images)"
here=$(cd "$(dirname "$0")" && pwd)
root=$out.root
rm -rf "$root"
mkdir -p "$root/bin" "$root/suites" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp "$bb" "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"
for tree in "$@"; do
	[ -r "$tree/run_kselftest.sh" ] || die "$tree: not an installed suite (no run_kselftest.sh)"
	abi=$(cat "$tree/ABI" 2>/dev/null) || die "$tree: no ABI file"
	cp -a "$tree" "$root/suites/$abi"
done
# Debug info is most of each static program; the kernel unpacks the cpio under TCG, so a
# smaller one boots seconds faster. Symbols stay for backtraces; *.so images stay as built.
strip_tree()
{
	case $1 in
	x86_64) t=x86_64-linux-gnu ;; i386) t=i686-linux-gnu ;; aarch64) t=aarch64-linux-gnu ;;
	ppc64le) t=powerpc64le-linux-gnu ;; s390x) t=s390x-linux-gnu ;; *) t=none ;;
	esac
	strip=$(command -v "$t-strip" || command -v llvm-strip || true)
	if [ -z "$strip" ]; then
		echo "mkinitramfs: no $t-strip (apt-get install -y binutils-$t): packing debug info" >&2
		return 0
	fi
	find "$2" -type f -perm -u+x ! -name '*.so' | while read -r f; do
		[ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] || continue
		"$strip" --strip-debug "$f" 2>/dev/null ||
			echo "mkinitramfs: $f: $strip failed; packed as built" >&2
	done
}
for d in "$root"/suites/*; do
	strip_tree "$(basename "$d")" "$d"
done
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$root"
