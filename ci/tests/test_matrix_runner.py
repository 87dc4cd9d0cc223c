"""QEMU matrix without QEMU: command lines, process cleanup, expectations, per-test items, make."""
import os
import subprocess
import sys
import time

import pytest

from conftest import TOP, make
from matrix import arches, console, qemu, results, runner


@pytest.mark.parametrize("name", sorted(arches.ARCHES))
def test_command_line_is_tcg_and_never_reboots(name):
    arch = arches.get(name)
    cmd = qemu.command(arch, "/k", "/i")
    joined = " ".join(cmd)
    assert cmd[0] == arch.qemu
    assert cmd[cmd.index("-accel") + 1] == "tcg"
    for flag in ("-nodefaults", "-no-reboot"):
        assert flag in cmd
    append = cmd[cmd.index("-append") + 1].split()
    assert "panic=-1" in append and "console=" + arch.console in append
    assert "-kernel /k -initrd /i" in joined


def test_per_arch_flags_from_the_field_notes():
    assert "tsc=reliable" in qemu.command(arches.get("x86_64"), "k", "i")[-1]
    assert "pauth-impdef=on" in arches.get("aarch64").cpu
    ppc = qemu.command(arches.get("ppc64le"), "k", "i")
    assert "x-vof=on" in ppc[ppc.index("-M") + 1] and "-vga" in ppc
    assert arches.get("s390x").cpu == "max" and arches.get("s390x").big_endian
    assert arches.get("x86_64").abis == ("x86_64", "i386")


def test_unknown_arch_names_the_choices():
    with pytest.raises(SystemExit, match="i386 runs in x86_64"):
        arches.get("i386")


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes.
    with open("/proc/%d/stat" % pid) as f:
        return f.read().split(") ")[1][0] != "Z"


def test_boot_timeout_kills_the_whole_process_group(tmp_path):
    # A fake QEMU that forks a grandchild and never prints the guest's first line.
    pidfile = tmp_path / "pids"
    fake = ["/bin/sh", "-c", "sleep 300 & echo $! > %s; echo firmware noise; wait" % pidfile]
    boot = qemu.run(fake, str(tmp_path / "console.log"), boot_timeout=1, silent_timeout=5,
                    total_timeout=30)
    assert boot.stop == console.STOP_BOOT_TIMEOUT
    grandchild = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(grandchild)
    assert "stopped QEMU: boot-timeout" in (tmp_path / "console.log").read_text()
    v = console.classify(boot.raw, ("x86_64",), boot.stop, boot.qemu_rc)
    assert v.code == console.BOOT_TIMEOUT and "firmware noise" in v.evidence


def test_silent_guest_is_a_hang(tmp_path):
    fake = ["/bin/sh", "-c", "echo VDSO-SELFTESTS-GUEST release=r machine=m clocksource=c "
            "uptime=1.0; echo VDSO-SELFTESTS-BEGIN abi=s390x uptime=1.1; exec sleep 300"]
    boot = qemu.run(fake, str(tmp_path / "c.log"), boot_timeout=10, silent_timeout=1,
                    total_timeout=30)
    assert boot.stop == console.STOP_SILENT and boot.wall < 10
    assert console.classify(boot.raw, ("s390x",), boot.stop).code == console.HANG


@pytest.mark.parametrize("sig", [2, 15, 9])
def test_interrupted_runner_leaves_no_qemu(tmp_path, sig):
    # SIGINT the real CLI mid-boot with a fake qemu-system-s390x first on PATH.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    pidfile = tmp_path / "pid"
    fake = bindir / "qemu-system-s390x"
    fake.write_text("#!/bin/sh\ncase \"$1\" in --version) echo fake; exit 0;; esac\n"
                    "echo $$ > %s\nexec sleep 300\n" % pidfile)
    fake.chmod(0o755)
    images = tmp_path / "images"
    (images / "initramfs").mkdir(parents=True)
    (images / "initramfs" / "s390x.cpio.gz").write_bytes(b"")
    (images / "bookworm" / "s390x" / "boot").mkdir(parents=True)
    (images / "bookworm" / "s390x" / "boot" / "vmlinuz-x").write_bytes(b"")
    env = dict(os.environ, PATH="%s:%s" % (bindir, os.environ["PATH"]))
    proc = subprocess.Popen([sys.executable, "-m", "matrix", "run", "--images", str(images),
                             "--out", str(tmp_path / "out"), "--arch", "s390x", "--suite",
                             "bookworm", "--no-pytest"], cwd=os.path.join(TOP, "ci"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 20
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pidfile.exists(), proc.stdout.read() if proc.poll() is not None else "no boot"
    proc.send_signal(sig)
    out, _ = proc.communicate(timeout=30)
    if sig != 9:    # SIGINT and SIGTERM unwind; SIGKILL leaves it to PR_SET_PDEATHSIG
        assert proc.returncode == 130, out
        assert "every QEMU was killed" in out
    qemu_pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(qemu_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(qemu_pid)


KTAP = """KTAP version 1
1..3
  # selftests: abi: exports
  KTAP version 1
  1..2
  ok 1 clock_gettime
  ok 2 getrandom # SKIP no vgetrandom before 6.11
ok 1 selftests: abi: exports
  # selftests: abi: crashy
  KTAP version 1
  1..1
  ok 1 first
not ok 2 selftests: abi: crashy # exit=139
not ok 3 selftests: timens: offsets # TIMEOUT 45 seconds
"""


def _boot(tmp_path, label="6.1", abi="s390x", text=KTAP):
    d = tmp_path / "bookworm" / abi
    d.mkdir(parents=True, exist_ok=True)
    (d / (abi + ".ktap")).write_text(text)
    return {"kernel_id": "bookworm", "arch": abi, "abis": [abi], "label": label}


def test_items_are_leaves_plus_parents_that_failed_on_their_own(tmp_path):
    cases = results.cases_of(_boot(tmp_path), str(tmp_path), {"s390x": []})
    got = [(c.name, c.status) for c in cases]
    assert got == [("s390x/abi/exports/clock_gettime", "pass"),
                   ("s390x/abi/exports/getrandom", "skip"),
                   ("s390x/abi/crashy", "fail"),
                   ("s390x/abi/crashy/first", "pass"),
                   ("s390x/timens/offsets", "fail")]
    assert cases[-1].reason.startswith("timeout")
    assert cases[0].id == "6.1:s390x/abi/exports/clock_gettime"


def test_expectations_turn_failures_into_strict_xfails(tmp_path):
    f = tmp_path / "s390x.txt"
    f.write_text("# known\nabi/crashy 6.1 segfaults on 6.1 (reason here)\n"
                 "timens/* 6.12 only on 6.12\n")
    exp = {"s390x": results.load_expectations("s390x", str(tmp_path))}
    cases = results.cases_of(_boot(tmp_path), str(tmp_path), exp)
    by = {c.name: c for c in cases}
    assert by["s390x/abi/crashy"].outcome == "xfail"
    assert by["s390x/timens/offsets"].outcome == "fail"      # entry is for 6.12 only
    fixed = KTAP.replace("not ok 2 selftests: abi: crashy # exit=139",
                         "ok 2 selftests: abi: crashy")
    cases = results.cases_of(_boot(tmp_path, text=fixed), str(tmp_path), exp)
    # The parent passes now, so it is no item; its leaf is not covered by the pattern.
    assert all(c.outcome != "xpass" for c in cases)
    exp2 = {"s390x": [results.Expectation("s390x", "abi/exports/clock_gettime", ("*",),
                                          "r", "f:1")]}
    cases = results.cases_of(_boot(tmp_path), str(tmp_path), exp2)
    assert [c.outcome for c in cases if c.expected] == ["xpass"]


def test_expectation_without_reason_is_an_error(tmp_path):
    (tmp_path / "aarch64.txt").write_text("abi/foo 6.1\n")
    with pytest.raises(ValueError, match="aarch64.txt:1"):
        results.load_expectations("aarch64", str(tmp_path))


def test_shipped_expectation_files_parse():
    for abi in ("x86_64", "i386", "aarch64", "ppc64le", "s390x"):
        for e in results.load_expectations(abi):
            assert e.reason.strip()


def test_suite_timeouts_read_settings(tmp_path):
    tree = tmp_path / "suites" / "s390x"
    (tree / "abi").mkdir(parents=True)
    (tree / "abi" / "settings").write_text("timeout=7\n")
    (tree / "kselftest-list.txt").write_text("abi:a\nabi:b\ncr:c\n")
    assert runner.suite_timeouts(str(tmp_path), ("s390x",)) == (45, 7 + 7 + 45)


def test_make_matrix_defaults_to_all_arches():
    out = make("matrix-plan").stdout
    assert "arches: x86_64 aarch64 ppc64le s390x" in out
    assert "suite ABIs: aarch64 i386 ppc64le s390x x86_64" in out
    assert "kernels: bookworm bookworm-backports" in out


def test_make_matrix_one_arch_and_own_kernel(tmp_path):
    k = tmp_path / "Image"
    k.write_bytes(b"x")
    out = make("matrix-plan", "ARCH=aarch64", "KERNEL=" + str(k)).stdout
    assert "arches: aarch64\n" in out and "suite ABIs: aarch64\n" in out
    assert "kernels: %s" % k in out
    assert "suite ABIs: i386 x86_64" in make("matrix-plan", "ARCH=x86_64").stdout


@pytest.mark.parametrize("args,msg", [
    (["ARCH=i386"], "i386 runs inside the x86_64 guest"),
    (["KERNEL=/nonexistent/bzImage"], "KERNEL= needs one ARCH="),
    (["ARCH=s390x", "KERNEL=/nonexistent/bzImage"], "no such file"),
])
def test_make_images_bad_input(args, msg):
    res = make("images", *args, check=False)
    assert res.returncode != 0 and msg in res.stdout


def test_cr_images_ride_in_a_second_cpio(tmp_path):
    import gzip
    base = tmp_path / "base.cpio.gz"
    base.write_bytes(gzip.compress(b"070701base"))
    path = runner.with_cr_images(str(base), {"i386": b"tgz-bytes"}, str(tmp_path))
    data = gzip.decompress(open(path, "rb").read())     # both members, in order
    assert data.startswith(b"070701base")
    assert b"cr-in/i386.tgz" in data and b"tgz-bytes" in data
