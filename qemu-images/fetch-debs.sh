#!/bin/sh
# Fetches Debian kernels and busybox-static for the QEMU matrix through a private APT state.
#
# usage: fetch-debs.sh IMAGES_DIR SUITE DEBARCH...
#   SUITE   bookworm (6.1) or bookworm-backports (6.12)
#   DEBARCH amd64 | arm64 | ppc64el | s390x
# For each DEBARCH this leaves IMAGES_DIR/SUITE/DEBARCH/{boot/,busybox,versions.txt}.
# The machine's own apt is never touched: no dpkg --add-architecture (it breaks the
# host's apt-get update when a foreign index is mid-sync), no install, only downloads.
set -eu

die() { echo "fetch-debs: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: fetch-debs.sh IMAGES_DIR SUITE DEBARCH..."
IMG=$1; SUITE=$2; shift 2
mkdir -p "$IMG" && IMG=$(cd "$IMG" && pwd)
for tool in apt-get apt-cache dpkg-deb tar; do
	command -v $tool >/dev/null || die "$tool is missing: apt-get install -y apt dpkg tar"
done
[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] ||
	die "no Debian archive key: apt-get install -y debian-archive-keyring"

APTDIR=$IMG/apt
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$IMG/debs"
# The mirror the machine already uses (deb822 first, then the one-line list).
MIRROR=${MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
	grep -v -e security -e nodesource | head -1)}
[ -n "$MIRROR" ] || MIRROR=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' \
	/etc/apt/sources.list 2>/dev/null)
[ -n "$MIRROR" ] || MIRROR=http://deb.debian.org/debian

# Only bookworm and bookworm-backports: bookworm-security has no s390x (LTS) and its
# ppc64el index has failed mid-sync here, which makes apt-get update exit 100.
KEY=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$APTDIR/sources.list.new" <<EOS
deb [signed-by=$KEY] $MIRROR bookworm main
deb [signed-by=$KEY] $MIRROR bookworm-backports main
EOS
cat > "$APTDIR/apt.conf" <<EOS
APT::Architectures { "amd64"; "arm64"; "ppc64el"; "s390x"; };
Dir::State::Lists "$APTDIR/lists";
Dir::State::status "$APTDIR/status";
Dir::Cache "$APTDIR/cache";
Dir::Etc::SourceList "$APTDIR/sources.list";
Dir::Etc::SourceParts "$APTDIR/sources.list.d";
Dir::Etc::Preferences "$APTDIR/preferences";
Dir::Etc::PreferencesParts "$APTDIR/preferences.d";
EOS
touch "$APTDIR/status"; mkdir -p "$APTDIR/preferences.d" "$APTDIR/sources.list.d"
export APT_CONFIG="$APTDIR/apt.conf"

# One index refresh per day is plenty; the kernels move with point releases only.
stamp=$APTDIR/updated
if ! cmp -s "$APTDIR/sources.list.new" "$APTDIR/sources.list" ||
   [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
	mv "$APTDIR/sources.list.new" "$APTDIR/sources.list"
	apt-get -q update >"$APTDIR/update.log" 2>&1 ||
		die "apt-get update failed for $MIRROR (see $APTDIR/update.log)"
	touch "$stamp"
else
	rm -f "$APTDIR/sources.list.new"
fi

flavour_of()
{
	case $1 in
	amd64) echo amd64 ;; arm64) echo arm64 ;; ppc64el) echo powerpc64le ;; s390x) echo s390x ;;
	*) die "unknown Debian architecture '$1'" ;;
	esac
}

# Candidate version of PKG:ARCH in SUITE (-t raises that suite, backports included).
version_of()
{
	apt-cache -t "$SUITE" policy "$1" | sed -n 's/^ *Candidate: *//p'
}

# Downloads PKG:ARCH=VERSION into the deb cache once; prints the .deb path.
download()
{
	name=${1%%:*}; arch=${1#*:}; ver=$2
	file=$IMG/debs/${name}_$(echo "$ver" | sed 's/:/%3a/')_$arch.deb
	if [ ! -s "$file" ]; then
		(cd "$IMG/debs" && apt-get -q download "$name:$arch=$ver" >/dev/null 2>&1) ||
			die "apt-get download $name:$arch=$ver failed"
	fi
	[ -s "$file" ] || die "downloaded $name:$arch but $file is missing"
	echo "$file"
}

for da in "$@"; do
	fl=$(flavour_of "$da")
	dst=$IMG/$SUITE/$da
	# Resolved after the last index refresh: nothing can have moved (apt-cache is slow).
	if [ "$dst/versions.txt" -nt "$stamp" ] && [ -x "$dst/busybox" ]; then
		echo "fetch-debs: $SUITE $da: $(sed -n 's/^kernel-package //p' "$dst/versions.txt") (cached)"
		continue
	fi
	meta=linux-image-$fl:$da
	metaver=$(version_of "$meta")
	[ -n "$metaver" ] && [ "$metaver" != "(none)" ] ||
		die "no $meta in $SUITE on $MIRROR"
	# The metapackage names the ABI-versioned image (linux-image-6.1.0-50-arm64 ...).
	img=$(apt-cache -t "$SUITE" depends "$meta=$metaver" 2>/dev/null |
		sed -n "s/^ *Depends: \(linux-image-[0-9][^ :]*-$fl\)\(:$da\)\{0,1\}$/\1/p" | head -1)
	[ -n "$img" ] || die "cannot resolve the image package behind $meta $metaver"
	imgver=$(version_of "$img:$da")
	bbver=$(version_of "busybox-static:$da")
	if grep -qx "kernel-package $img $imgver" "$dst/versions.txt" 2>/dev/null &&
	   grep -qx "busybox-static $bbver" "$dst/versions.txt"; then
		echo "fetch-debs: $SUITE $da: $img $imgver (cached)"
		continue
	fi
	kdeb=$(download "$img:$da" "$imgver")
	bdeb=$(download "busybox-static:$da" "$bbver")

	rm -rf "$dst.tmp"; mkdir -p "$dst.tmp"
	dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$dst.tmp" ./boot
	dpkg-deb --fsys-tarfile "$bdeb" | tar -x -O ./bin/busybox > "$dst.tmp/busybox"
	chmod 755 "$dst.tmp/busybox"
	{
		echo "suite $SUITE"
		echo "mirror $MIRROR"
		echo "metapackage linux-image-$fl $metaver"
		echo "kernel-package $img $imgver"
		echo "busybox-static $bbver"
		echo "kernel-release ${img#linux-image-}"
	} > "$dst.tmp/versions.txt"
	rm -rf "$dst"; mv "$dst.tmp" "$dst"
	echo "fetch-debs: $SUITE $da: $img $imgver"
done
