#!/bin/sh
# Runs an installed vdso-selftests tree and prints one KTAP v1 document.
#
# Written for POSIX sh and busybox so that the same script runs on a kernel CI
# host and as the payload of a QEMU guest. Each program's own KTAP output is
# nested two spaces deep; its result line carries the program's exit status:
# 0 ok, 2 ok # XFAIL, 3 not ok # XPASS (a known failure no longer fails: the
# expectation is stale), 4 ok # SKIP, 124 not ok # TIMEOUT, anything else
# not ok # exit=N. The script exits 1 if any program failed (unless -f).

BASE_DIR=$(cd "$(dirname "$0")" && pwd)
LIST="$BASE_DIR/kselftest-list.txt"
default_timeout=45
override_timeout=
summary=
no_error_on_fail=
dry_run=
selected=

usage()
{
	cat <<EOF
usage: $0 [-l] [-s] [-f] [-d] [-o SECONDS] [-c COLLECTION]... [-t COLLECTION:TEST]...
  -l  list the tests and exit
  -s  summary: only result lines on stdout, full output in output.log
  -c  run only this collection (repeatable)
  -t  run only this collection:program (repeatable)
  -o  override every program's timeout (seconds)
  -f  exit 0 even if a test failed
  -d  dry run: print what would run
EOF
}

while getopts "lsfdo:c:t:h" opt; do
	case $opt in
	l) cat "$LIST"; exit 0 ;;
	s) summary=1 ;;
	f) no_error_on_fail=1 ;;
	d) dry_run=1 ;;
	o) override_timeout=$OPTARG ;;
	c) selected="$selected $OPTARG:*" ;;
	t) selected="$selected $OPTARG" ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done

[ -r "$LIST" ] || { echo "run_kselftest.sh: $LIST is missing: not an installed tree" >&2; exit 2; }

wanted()
{
	[ -z "$selected" ] && return 0
	for pat in $selected; do
		# shellcheck disable=SC2254
		case $1 in $pat) return 0 ;; esac
	done
	return 1
}

tests=
for t in $(cat "$LIST"); do
	wanted "$t" && tests="$tests $t"
done
if [ -n "$selected" ] && [ -z "$tests" ]; then
	echo "run_kselftest.sh: no test matches:$selected" >&2
	exit 2
fi

timeout_of()
{
	t=
	[ -r "$BASE_DIR/$1/settings" ] && t=$(sed -n 's/^timeout=//p' "$BASE_DIR/$1/settings")
	[ -n "$override_timeout" ] && t=$override_timeout
	echo "${t:-$default_timeout}"
}

log="$BASE_DIR/output.log"
[ -n "$summary" ] && : > "$log"

# Child output, nested two spaces deep (KTAP), to stdout or to the log.
nest()
{
	if [ -n "$summary" ]; then
		sed 's/^/  /' >> "$log"
	else
		sed 's/^/  /'
	fi
}

n=0
for t in $tests; do n=$((n + 1)); done
echo "KTAP version 1"
echo "1..$n"

i=0
failed=0
npass=0; nfail=0; nskip=0; nxfail=0; nxpass=0
for t in $tests; do
	i=$((i + 1))
	coll=${t%%:*}
	prog=${t#*:}
	secs=$(timeout_of "$coll")
	name="selftests: $coll: $prog"
	if [ -n "$dry_run" ]; then
		echo "ok $i $name # SKIP dry run"
		continue
	fi
	echo "# $name" | nest
	[ -w /dev/kmsg ] && echo "vdso-selftests: running $coll:$prog" > /dev/kmsg 2>/dev/null
	rcfile=${TMPDIR:-/tmp}/vdso-selftests.rc.$$
	( cd "$BASE_DIR/$coll" && { timeout "$secs" "./$prog" 2>&1; echo $? > "$rcfile"; } ) | nest
	rc=$(cat "$rcfile" 2>/dev/null); rm -f "$rcfile"
	case $rc in
	0) echo "ok $i $name"; npass=$((npass + 1)) ;;
	2) echo "ok $i $name # XFAIL"; nxfail=$((nxfail + 1)) ;;
	3) echo "not ok $i $name # XPASS"; failed=1; nxpass=$((nxpass + 1)) ;;
	4) echo "ok $i $name # SKIP"; nskip=$((nskip + 1)) ;;
	124) echo "not ok $i $name # TIMEOUT $secs seconds"; failed=1; nfail=$((nfail + 1)) ;;
	*) echo "not ok $i $name # exit=${rc:-unknown}"; failed=1; nfail=$((nfail + 1)) ;;
	esac
done
echo "# Totals: pass:$npass fail:$nfail xfail:$nxfail xpass:$nxpass skip:$nskip error:0"
[ -n "$no_error_on_fail" ] && exit 0
exit $failed
