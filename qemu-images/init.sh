#!/bin/busybox sh
# /init of the matrix guests: runs each installed suite tree, frames its results, powers off.
#
# Everything the host learns comes over the console between framing lines, because QEMU's
# exit status says nothing (a panicking guest exits 0 on x86 and arm64). Lines:
#   VDSO-SELFTESTS-GUEST release=R machine=M clocksource=C uptime=S
#   VDSO-SELFTESTS-BEGIN abi=A uptime=S      ... KTAP of run_kselftest.sh ...
#   VDSO-SELFTESTS-END abi=A rc=N uptime=S
#   VDSO-MAPS / VDSO-AUXV lines, VDSO-INFO-BEGIN/END around abi/vdso_dump --hex,
#   VDSO-SELFTESTS-DONE uptime=S
/bin/busybox mkdir -p /bin /proc /sys /dev /tmp
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
export TMPDIR=/tmp

up() { cut -d' ' -f1 /proc/uptime; }

cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)
echo "VDSO-SELFTESTS-GUEST release=$(uname -r) machine=$(uname -m)" \
	"clocksource=${cs:-none} uptime=$(up)"

# The layout and auxv of a native process (busybox itself) for the host's kernel diff.
grep -e '\[vdso' -e '\[vvar' /proc/self/maps | sed 's/^/VDSO-MAPS /'
od -An -v -tx1 /proc/self/auxv | tr -s ' \n' ' ' | sed 's/^ */VDSO-AUXV /; s/ *$//'
echo

for tree in /suites/*; do
	[ -x "$tree/run_kselftest.sh" ] || continue
	abi=$(cat "$tree/ABI" 2>/dev/null || basename "$tree")
	echo "VDSO-SELFTESTS-BEGIN abi=$abi uptime=$(up)"
	"$tree/run_kselftest.sh"
	rc=$?
	echo "VDSO-SELFTESTS-END abi=$abi rc=$rc uptime=$(up)"
	# The vDSO as this ABI's processes see it: layout, exports and the image itself, in
	# vdso_dump's own format (framed hex with CRC-32), wrapped so the host knows the ABI.
	dump=$tree/abi/vdso_dump
	if [ -x "$dump" ]; then
		echo "VDSO-INFO-BEGIN abi=$abi"
		"$dump" --hex 2>&1
		echo "VDSO-INFO-END abi=$abi rc=$?"
	fi
done
# Cross-kernel checkpoint/restore: the host boots the old kernel with
# vdso_matrix.cr=checkpoint, carries each tree's image out over the console and into
# the new kernel's initramfs as /cr-in/<abi>.tgz. The C/R collection provides
# cr/matrix-hook (checkpoint DIR | restore DIR), which prints KTAP.
cr_phase()
{
	abi=$1; phase=$2; dir=$3
	echo "VDSO-CR-BEGIN abi=$abi phase=$phase uptime=$(up)"
	"$tree/cr/matrix-hook" "$phase" "$dir"
	echo "VDSO-CR-END abi=$abi phase=$phase rc=$? uptime=$(up)"
}
for tree in /suites/*; do
	[ -x "$tree/cr/matrix-hook" ] || continue
	abi=$(cat "$tree/ABI" 2>/dev/null || basename "$tree")
	if [ -r "/cr-in/$abi.tgz" ]; then
		mkdir -p "/tmp/cr-in/$abi" && tar -xzf "/cr-in/$abi.tgz" -C "/tmp/cr-in/$abi" &&
			cr_phase "$abi" restore "/tmp/cr-in/$abi"
	elif grep -q 'vdso_matrix.cr=checkpoint' /proc/cmdline; then
		mkdir -p "/tmp/cr/$abi"
		cr_phase "$abi" checkpoint "/tmp/cr/$abi"
		tar -czf "/tmp/cr-$abi.tgz" -C "/tmp/cr/$abi" .
		echo "VDSO-CR-IMAGE-BEGIN abi=$abi bytes=$(wc -c < "/tmp/cr-$abi.tgz")" \
			"sha256=$(sha256sum "/tmp/cr-$abi.tgz" | cut -d' ' -f1)"
		base64 "/tmp/cr-$abi.tgz"
		echo "VDSO-CR-IMAGE-END abi=$abi"
	fi
done
echo "VDSO-SELFTESTS-DONE uptime=$(up)"
sync
poweroff -f
