"""QEMU matrix: the console classifier and vDSO facts, on consoles recorded from all four arches."""
import base64
import hashlib
import os

import pytest

from conftest import TOP
from matrix import arches, console

FIX = os.path.join(TOP, "ci", "fixtures", "matrix")


def log(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


FAILED = ["failed-x86_64-6.12.log", "failed-aarch64-6.12.log", "failed-ppc64le-6.12.log",
          "failed-s390x-6.12.log"]
PANICS = ["panic-x86_64-6.1.log", "panic-aarch64-6.1.log", "panic-ppc64le-6.1.log",
          "panic-s390x-6.1.log"]


def abis_of(name):
    return arches.get(name.split("-")[1]).abis


@pytest.mark.parametrize("name", FAILED)
def test_failed_run_is_tests_failed(name):
    v = console.classify(log(name), abis_of(name))
    assert v.code == console.TESTS_FAILED, v.summary
    assert sorted(v.runs) == sorted(abis_of(name))
    assert all(r.rc == 1 for r in v.runs.values())
    # The report quotes the failing KTAP line, not the whole console.
    assert any("not ok" in line and "broken" in line for line in v.evidence)


def test_passed_run_with_i386_tree():
    v = console.classify(log("passed-x86_64-6.1.log"), ("x86_64", "i386"))
    assert v.code == console.PASSED
    assert v.runs["i386"].rc == 0 and v.runs["x86_64"].rc == 0
    assert v.runs["i386"].ktap.startswith("KTAP version 1\n")
    assert v.guest["clocksource"] == "tsc"      # tsc=reliable kept the vDSO fast path


def test_missing_i386_end_line_is_not_a_pass():
    text = log("passed-x86_64-6.1.log").replace(b"VDSO-SELFTESTS-END abi=i386", b"garbled")
    v = console.classify(text, ("x86_64", "i386"))
    assert v.code == console.ERROR and "i386" in v.summary


@pytest.mark.parametrize("name", PANICS)
def test_panic_wins_even_if_qemu_exits_0(name):
    v = console.classify(log(name), abis_of(name), console.STOP_EXITED, qemu_rc=0)
    assert v.code == console.PANIC
    assert "sysrq triggered crash" in v.summary
    assert any("Kernel panic - not syncing" in line for line in v.evidence)


@pytest.mark.parametrize("name", ["hang-aarch64-6.12.log", "hang-ppc64le-6.12.log"])
def test_hang(name):
    v = console.classify(log(name), abis_of(name), console.STOP_SILENT)
    assert v.code == console.HANG
    # What was running when it stopped is in the evidence.
    assert any("stuck" in line for line in v.evidence)


def test_boot_timeout_with_firmware_noise_only():
    v = console.classify(log("boottimeout-ppc64le-6.1.log"), ("ppc64le",),
                         console.STOP_BOOT_TIMEOUT)
    assert v.code == console.BOOT_TIMEOUT
    assert not v.guest


def test_qemu_died_before_init_is_an_error():
    v = console.classify(b"qemu-system-x86_64: -kernel nope: No such file\n", ("x86_64",),
                         console.STOP_EXITED, qemu_rc=1)
    assert v.code == console.ERROR and "rc 1" in v.summary


def test_spliced_kernel_message_is_resynchronised():
    # ppc64 prom_init ignores `quiet` and splices into other lines.
    v = console.classify(log("failed-ppc64le-6.12.log"), ("ppc64le",))
    text = "\n".join(console.clean(log("failed-ppc64le-6.12.log")))
    assert "#1 SMP Debian 6." in text
    assert v.guest["release"].endswith("powerpc64le")


def test_end_line_spliced_after_output():
    raw = b"VDSO-SELFTESTS-GUEST release=r machine=m clocksource=c uptime=1.0\r\n" \
          b"VDSO-SELFTESTS-BEGIN abi=s390x uptime=1.1\r\nKTAP version 1\r\n1..0\r\n" \
          b"# tail\x1b[0mVDSO-SELFTESTS-END abi=s390x rc=0 uptime=1.2\r\n"
    v = console.classify(raw, ("s390x",))
    assert v.code == console.PASSED
    assert v.runs["s390x"].ktap.endswith("# tail\n")


def test_clean_strips_escapes_and_cr():
    assert console.clean(b"\x1b[?25l\x1b[2Jok 1 a\r\n\x1b(Bb\x07\r") == ["ok 1 a", "b", ""]


@pytest.mark.parametrize("name,pagesz,vdso,vvar", [
    ("failed-ppc64le-6.12.log", 4096, 45056, 8192),
    ("panic-ppc64le-6.1.log", 65536, 65536, 131072),
    ("failed-s390x-6.12.log", 4096, 8192, 8192),
    ("failed-aarch64-6.12.log", 4096, None, None),
    ("failed-x86_64-6.12.log", 4096, 8192, 16384),
])
def test_layout_and_auxv(name, pagesz, vdso, vvar):
    arch = arches.get(name.split("-")[1])
    lines = console.clean(log(name))
    aux = console.auxv(lines, arch.word_bytes, arch.big_endian)
    assert aux["AT_PAGESZ"] == pagesz
    assert aux["AT_SYSINFO_EHDR"] != 0
    lay = console.vdso_layout(lines)
    if vdso:
        assert lay["[vdso]"] == vdso and lay["[vvar]"] == vvar
    else:
        assert "[vdso]" in lay


def _frame(data, abi="x86_64", digest=None, size=None):
    enc = base64.encodebytes(data).decode()
    return ("VDSO-IMAGE-BEGIN abi=%s bytes=%d sha256=%s\n%sVDSO-IMAGE-END abi=%s\n" % (
        abi, size if size is not None else len(data),
        digest or hashlib.sha256(data).hexdigest(), enc, abi)).split("\n")


def test_vdso_image_frame_roundtrip():
    data = b"\x7fELF" + bytes(range(256)) * 20
    images, errors = console.vdso_images(["noise"] + _frame(data) + ["more"])
    assert images == {"x86_64": data} and errors == []


@pytest.mark.parametrize("bad", ["digest", "size", "truncated"])
def test_vdso_image_frame_damage_is_reported(bad):
    data = b"\x7fELF" + b"x" * 999
    if bad == "digest":
        lines = _frame(data, digest="0" * 64)
    elif bad == "size":
        lines = _frame(data, size=5)
    else:
        lines = _frame(data)[:-3]
    images, errors = console.vdso_images(lines)
    assert images == {} and len(errors) == 1 and errors[0].startswith("x86_64: vDSO image")


def test_worst_orders_panic_first():
    assert console.worst([console.PASSED, console.HANG, console.PANIC]) == console.PANIC
    assert console.worst([console.TESTS_FAILED, console.BOOT_TIMEOUT]) == console.BOOT_TIMEOUT
    assert console.worst([]) == console.PASSED
