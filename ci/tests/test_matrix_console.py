"""QEMU matrix: the console classifier and vDSO facts, on consoles recorded from all four arches."""
import os
import zlib

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
          b"# tail\x1b[0mVDSO-SELFTESTS-END abi=s390x rc=0 uptime=1.2\r\n" \
          b"VDSO-SELFTESTS-DONE uptime=1.3\r\n"
    v = console.classify(raw, ("s390x",))
    assert v.code == console.PASSED
    assert v.runs["s390x"].ktap.endswith("# tail\n")


def test_no_done_line_after_the_suites_is_not_a_pass():
    raw = log("passed-x86_64-6.1.log").replace(b"VDSO-SELFTESTS-DONE", b"cut off")
    assert console.classify(raw, ("x86_64", "i386")).code == console.ERROR
    assert console.classify(raw, ("x86_64", "i386"), console.STOP_SILENT).code == console.HANG


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


def _dump(data, abi="x86_64", crc=None, size=None, drop=None):
    """vdso_dump --hex output around an image, wrapped as the guest's init wraps it."""
    out = ["VDSO-INFO-BEGIN abi=%s" % abi, "page_size 4096",
           "layout [vdso] 0x7f00-0x9f00 8192", "layout [vvar] 0x3f00-0x7f00 16384",
           "sym 0x700 FUNC GLOBAL __vdso_clock_gettime@LINUX_2.6",
           "sym 0x9a0 NOTYPE GLOBAL __kernel_sigtramp_rt64@",
           "VDSO-DUMP-BEGIN abi=%s size=%d" % (abi, len(data))]
    for off in range(0, len(data), 32):
        if off != drop:
            out.append("VDSO-DUMP %08x %s" % (off, data[off:off + 32].hex()))
    out.append("VDSO-DUMP-END size=%d crc32=%08x" % (
        len(data) if size is None else size, zlib.crc32(data) if crc is None else crc))
    return out + ["VDSO-INFO-END abi=%s rc=0" % abi]


def test_vdso_dump_frame_roundtrip():
    data = b"\x7fELF" + bytes(range(256)) * 20
    infos, errors = console.vdso_info(["noise"] + _dump(data) + ["more"])
    assert errors == []
    info = infos["x86_64"]
    assert info["image"] == data and info["page_size"] == 4096
    assert info["layout"] == {"[vdso]": 8192, "[vvar]": 16384}
    assert info["exports"] == ["__vdso_clock_gettime@LINUX_2.6", "__kernel_sigtramp_rt64"]


@pytest.mark.parametrize("bad", ["crc", "size", "gap", "truncated"])
def test_vdso_dump_damage_is_reported(bad):
    data = b"\x7fELF" + b"x" * 999
    if bad == "crc":
        lines = _dump(data, crc=0)
    elif bad == "size":
        lines = _dump(data, size=5)
    elif bad == "gap":
        lines = _dump(data, drop=64)
    else:
        lines = _dump(data)[:-3]
    infos, errors = console.vdso_info(lines)
    assert infos["x86_64"]["image"] is None
    assert len(errors) == 1 and errors[0].startswith("x86_64: "), errors


def test_worst_orders_panic_first():
    assert console.worst([console.PASSED, console.HANG, console.PANIC]) == console.PANIC
    assert console.worst([console.TESTS_FAILED, console.BOOT_TIMEOUT]) == console.BOOT_TIMEOUT
    assert console.worst([]) == console.PASSED


@pytest.mark.parametrize("name,abi,pagesz,getrandom", [
    ("vdsoinfo-x86_64-6.1.log", "x86_64", 4096, False),
    ("vdsoinfo-x86_64-6.12.log", "x86_64", 4096, True),
    ("vdsoinfo-x86_64-6.12.log", "i386", 4096, False),
    ("vdsoinfo-aarch64-6.12.log", "aarch64", 4096, True),
    ("vdsoinfo-ppc64le-6.12.log", "ppc64le", 4096, True),
    ("vdsoinfo-s390x-6.1.log", "s390x", 4096, False),
    ("vdsoinfo-s390x-6.12.log", "s390x", 4096, True),
])
def test_recorded_vdso_dumps(name, abi, pagesz, getrandom):
    infos, errors = console.vdso_info(console.clean(log(name)))
    assert errors == []
    info = infos[abi]
    img = info["image"]
    # An ELF image of the guest's own class and byte order that fits its [vdso] VMA.
    assert img[:4] == b"\x7fELF" and 0 < len(img) <= info["layout"]["[vdso]"]
    assert img[4] == (1 if abi == "i386" else 2)
    assert img[5] == (2 if abi == "s390x" else 1)
    assert info["page_size"] == pagesz
    assert any("getrandom" in e for e in info["exports"]) == getrandom
    assert all("@" in e or abi == "ppc64le" for e in info["exports"])


def test_recorded_i386_vdso_has_the_vsyscall_entry():
    infos, _ = console.vdso_info(console.clean(log("vdsoinfo-x86_64-6.1.log")))
    assert "__kernel_vsyscall@LINUX_2.5" in infos["i386"]["exports"]


def test_cross_kernel_cr_frames():
    # Recorded with a stand-in cr/matrix-hook that stores the kernel release as its image.
    import io
    import tarfile
    lines = console.clean(log("crcheckpoint-s390x-6.1.log"))
    runs = console.cr_runs(lines)
    assert runs["s390x:checkpoint"].rc == 0
    assert "ok 1 wrote_image" in runs["s390x:checkpoint"].ktap
    images, errors = console.cr_images(lines)
    assert errors == []
    with tarfile.open(fileobj=io.BytesIO(images["s390x"])) as t:
        assert t.extractfile("./release").read().startswith(b"6.1.0-")
    restored = console.cr_runs(console.clean(log("crrestore-s390x-6.12.log")))
    assert restored["s390x:restore"].rc == 0
    assert "-> 6.12" in restored["s390x:restore"].ktap


def test_cr_image_damage_is_reported():
    lines = console.clean(log("crcheckpoint-s390x-6.1.log"))
    i = next(n for n, line in enumerate(lines) if "VDSO-CR-IMAGE-BEGIN" in line)
    lines[i + 1] = lines[i + 1][::-1]
    images, errors = console.cr_images(lines)
    assert images == {} and errors and errors[0].startswith("s390x: C/R image")
