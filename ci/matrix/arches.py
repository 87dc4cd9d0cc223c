"""One entry per guest architecture: how QEMU boots it and which suite ABIs it runs."""
import glob
import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Arch:
    name: str               # the project's ABI name of the guest
    qemu: str               # QEMU binary
    qemu_package: str       # Debian package that ships it
    machine: str
    cpu: str
    console: str
    deb_arch: str
    flavour: str            # Debian kernel flavour (linux-image-<flavour>)
    image_glob: str         # kernel image inside the .deb's ./boot
    abis: tuple             # suite trees run in this guest, native first
    kernel_args: tuple = ()
    qemu_args: tuple = ()
    word_bytes: int = 8
    big_endian: bool = False
    pvh: bool = False       # an extracted ELF vmlinux boots faster (x86 PVH entry)
    extra: dict = field(default_factory=dict)


ARCHES = {a.name: a for a in (
    # tsc=reliable: under TCG the TSC otherwise gets marked unstable, the clocksource
    # becomes hpet and the vDSO silently falls back to the syscall.
    Arch("x86_64", "qemu-system-x86_64", "qemu-system-x86", "q35", "max", "ttyS0",
         "amd64", "amd64", "vmlinuz-*", ("x86_64", "i386"),
         kernel_args=("tsc=reliable",), pvh=True),
    # pauth-impdef: QARMA emulation of pointer auth is ~10x slower; max keeps AArch32 EL0.
    Arch("aarch64", "qemu-system-aarch64", "qemu-system-arm", "virt", "max,pauth-impdef=on",
         "ttyAMA0", "arm64", "arm64", "vmlinuz-*", ("aarch64",)),
    # VOF instead of SLOF saves 7-9 s per boot; the cap-* settings are what TCG can honour.
    Arch("ppc64le", "qemu-system-ppc64", "qemu-system-ppc",
         "pseries,x-vof=on,usb=off,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,"
         "cap-ccf-assist=off", "POWER9", "hvc0", "ppc64el", "powerpc64le", "vmlinux-*",
         ("ppc64le",), qemu_args=("-vga", "none")),
    Arch("s390x", "qemu-system-s390x", "qemu-system-misc", "s390-ccw-virtio", "max",
         "ttysclp0", "s390x", "s390x", "vmlinuz-*", ("s390x",), big_endian=True),
)}

SUITE_LABELS = {"bookworm": "6.1", "bookworm-backports": "6.12"}


def get(name):
    try:
        return ARCHES[name]
    except KeyError:
        raise SystemExit("matrix: unknown arch '%s' (choose from %s; i386 runs in x86_64)"
                         % (name, ", ".join(ARCHES))) from None


def debian_kernel(arch, images, suite):
    """The kernel to boot from a fetched suite, and its versions.txt; None if not fetched."""
    base = os.path.join(images, suite, arch.deb_arch)
    pvh = os.path.join(base, "vmlinux-pvh")
    found = sorted(glob.glob(os.path.join(base, "boot", arch.image_glob)))
    if arch.pvh and os.path.exists(pvh):
        found = [pvh]
    if not found:
        return None, {}
    return found[0], read_versions(os.path.join(base, "versions.txt"))


def read_versions(path):
    """versions.txt lines are `key value...`; returns a dict."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                key, _, val = line.strip().partition(" ")
                if key:
                    out[key] = val
    except OSError:
        pass
    return out
