#!/bin/busybox sh
# /init of the matrix guests: runs each installed suite tree, frames its results, powers off.
#
# Everything the host learns comes over the console between framing lines, because QEMU's
# exit status says nothing (a panicking guest exits 0 on x86 and arm64). Lines:
#   VDSO-SELFTESTS-GUEST release=R machine=M clocksource=C uptime=S
#   VDSO-SELFTESTS-BEGIN abi=A uptime=S      ... KTAP of run_kselftest.sh ...
#   VDSO-SELFTESTS-END abi=A rc=N uptime=S
#   VDSO-MAPS / VDSO-AUXV lines, vdso_dump output, VDSO-SELFTESTS-DONE uptime=S
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
	dump=$tree/abi/vdso_dump
	if [ -x "$dump" ]; then
		# A raw ELF image is framed here; anything else is the tool's own framing.
		"$dump" > /tmp/vdso.out 2>/tmp/vdso.err
		drc=$?
		if [ "$(head -c 4 /tmp/vdso.out | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
			echo "VDSO-IMAGE-BEGIN abi=$abi bytes=$(wc -c < /tmp/vdso.out)" \
				"sha256=$(sha256sum /tmp/vdso.out | cut -d' ' -f1)"
			base64 /tmp/vdso.out
			echo "VDSO-IMAGE-END abi=$abi"
		else
			cat /tmp/vdso.out
		fi
		[ $drc = 0 ] || echo "VDSO-IMAGE-ERROR abi=$abi rc=$drc $(head -1 /tmp/vdso.err)"
	fi
done
# Hook for cross-kernel checkpoint/restore: a suite may ship cr/matrix-hook, which the
# guest runs with the kernel's phase (checkpoint or restore) once the C/R tools exist.
echo "VDSO-SELFTESTS-DONE uptime=$(up)"
sync
poweroff -f
