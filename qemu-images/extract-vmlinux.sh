#!/bin/sh
# Extracts the ELF vmlinux from an x86 bzImage so QEMU boots it through PVH.
#
# usage: extract-vmlinux.sh BZIMAGE OUT
# Decompressing the bzImage under TCG costs about 3 s per boot; the PVH entry
# (CONFIG_PVH=y in Debian) skips it. 6.1 payloads are XZ, 6.12 ones ZSTD.
# Exits 1 (and leaves no OUT) if the payload cannot be found: boot the bzImage then.
set -u
bz=$1; out=$2
rm -f "$out"
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$bz" | head -1 | cut -d: -f1)
if [ -n "$off" ]; then
	tail -c +$((off + 1)) "$bz" | xz -dc --single-stream > "$out.tmp" 2>/dev/null
else
	off=$(LC_ALL=C grep -obUaP '\x28\xb5\x2f\xfd' "$bz" | head -1 | cut -d: -f1)
	# zstd complains about the bzImage's trailing bytes; the ELF before them is whole.
	[ -n "$off" ] && tail -c +$((off + 1)) "$bz" | zstd -dc > "$out.tmp" 2>/dev/null
fi
if [ "$(head -c 4 "$out.tmp" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
	mv "$out.tmp" "$out"
	exit 0
fi
rm -f "$out.tmp"
exit 1
