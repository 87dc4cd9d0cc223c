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
echo "VDSO-SELFTESTS-GUEST release=$(uname -r) machine=$(uname -m) clocksource=${cs:-none} uptime=$(up)"

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
# Hook for cross-kernel checkpoint/restore: a suite may ship cr/matrix-hook, which the
# guest runs with the kernel's phase (checkpoint or restore) once the C/R tools exist.
echo "VDSO-SELFTESTS-DONE uptime=$(up)"
sync
poweroff -f
