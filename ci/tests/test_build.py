"""The build system: ABI choice, cross builds, clear errors, and the installed tree."""
import os
import shutil
import subprocess

import pytest

from conftest import TOP, make

CROSS = {
    # ABI: (ELF class, data encoding, e_machine) every program must carry
    "x86_64": (2, 1, 62),
    "i386": (1, 1, 3),
    "aarch64": (2, 1, 183),
    "ppc64le": (2, 1, 21),
    "s390x": (2, 2, 22),
}


def elf_ident(path):
    with open(path, "rb") as f:
        hdr = f.read(20)
    assert hdr[:4] == b"\x7fELF", path
    order = "little" if hdr[5] == 1 else "big"
    return hdr[4], hdr[5], int.from_bytes(hdr[18:20], order)


def has_interpreter(path):
    """True if the ELF file asks for a dynamic loader (a PT_INTERP program header)."""
    with open(path, "rb") as f:
        data = f.read()
    is64, order = data[4] == 2, "little" if data[5] == 1 else "big"
    num = lambda off, size: int.from_bytes(data[off:off + size], order)
    phoff, phentsize, phnum = ((num(32, 8), num(54, 2), num(56, 2)) if is64 else
                               (num(28, 4), num(42, 2), num(44, 2)))
    return any(num(phoff + i * phentsize, 4) == 3 for i in range(phnum))


def programs(out):
    sel = os.path.join(out, "selftests")
    for coll in sorted(os.listdir(sel)) if os.path.isdir(sel) else []:
        for name in sorted(os.listdir(os.path.join(sel, coll))):
            path = os.path.join(sel, coll, name)
            if os.path.isfile(path) and os.access(path, os.X_OK):
                yield path


def test_unknown_arch_is_one_clear_line():
    res = make("ARCH=mips", check=False)
    assert res.returncode != 0
    assert "unknown ARCH 'mips'" in res.stdout
    assert "x86_64" in res.stdout and "s390x" in res.stdout


def test_missing_cross_compiler_names_the_package(tmp_path):
    # A PATH with make and the shell but no cross compilers.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("make", "sh", "uname", "gcc"):
        os.symlink(shutil.which(tool), bindir / tool)
    env = dict(os.environ, PATH=str(bindir))
    res = subprocess.run(["make", "-C", TOP, "ARCH=s390x", "lib"], env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert res.returncode != 0
    assert "gcc-s390x-linux-gnu" in res.stdout


@pytest.mark.parametrize("abi", sorted(CROSS))
def test_every_abi_builds_static_programs_of_its_machine(abi, tmp_path):
    out = str(tmp_path / abi)
    make("ARCH=" + abi, "O=" + out, "-j2")
    progs = list(programs(out))
    assert progs, "ARCH=%s built no program" % abi
    for prog in progs:
        assert elf_ident(prog) == CROSS[abi], prog
        assert not has_interpreter(prog), "%s is not static (it has PT_INTERP)" % prog


def test_install_tree_runs_from_another_directory(tmp_path):
    dest = tmp_path / "kselftest"
    make("install", "INSTALL_PATH=" + str(dest), "O=" + str(tmp_path / "o"), "-j2")
    runner = dest / "run_kselftest.sh"
    listing = (dest / "kselftest-list.txt").read_text().split()
    assert listing and all(":" in line for line in listing)
    for entry in listing:
        coll, prog = entry.split(":")
        assert os.access(dest / coll / prog, os.X_OK), entry
        assert (dest / coll / "settings").read_text().startswith("timeout=")
    res = subprocess.run([str(runner), "-l"], cwd="/", text=True, stdout=subprocess.PIPE)
    assert res.returncode == 0 and res.stdout.split() == listing

    first = listing[0]
    res = subprocess.run([str(runner), "-t", first], cwd="/", text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    lines = res.stdout.splitlines()
    assert lines[0] == "KTAP version 1" and lines[1] == "1..1", res.stdout[:2000]
    coll, prog = first.split(":")
    result = [l for l in lines if l.startswith(("ok 1 ", "not ok 1 "))]
    assert result and result[0].split(" # ")[0].endswith("selftests: %s: %s" % (coll, prog))

    res = subprocess.run([str(runner), "-s", "-c", coll], cwd="/", text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    assert "  KTAP version 1" not in res.stdout, "-s must keep program output in output.log"
    assert "KTAP version 1" in (dest / "output.log").read_text()

    res = subprocess.run([str(runner), "-t", "nosuch:prog"], cwd="/", text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert res.returncode == 2 and "no test matches" in res.stdout


def test_runner_maps_exit_codes_to_ktap(tmp_path):
    """Each exit status of a program gets its documented KTAP result line."""
    dest = tmp_path / "tree"
    (dest / "fake").mkdir(parents=True)
    shutil.copy(os.path.join(TOP, "helpers/install/run_kselftest.sh"), dest)
    cases = {"pass": 0, "fail": 1, "xfail": 2, "xpass": 3, "skip": 4, "crash": 139}
    for name, rc in cases.items():
        script = dest / "fake" / name
        script.write_text("#!/bin/sh\necho 'KTAP version 1'\nexit %d\n" % rc)
        script.chmod(0o755)
    hang = dest / "fake" / "hang"
    hang.write_text("#!/bin/sh\nexec sleep 30\n")
    hang.chmod(0o755)
    (dest / "fake" / "settings").write_text("timeout=1\n")
    names = list(cases) + ["hang"]
    (dest / "kselftest-list.txt").write_text("".join("fake:%s\n" % n for n in names))
    res = subprocess.run([str(dest / "run_kselftest.sh")], text=True, stdout=subprocess.PIPE,
                         timeout=60)
    results = [l for l in res.stdout.splitlines() if l.startswith(("ok ", "not ok "))]
    assert results == [
        "ok 1 selftests: fake: pass",
        "not ok 2 selftests: fake: fail # exit=1",
        "ok 3 selftests: fake: xfail # XFAIL",
        "not ok 4 selftests: fake: xpass # XPASS",
        "ok 5 selftests: fake: skip # SKIP",
        "not ok 6 selftests: fake: crash # exit=139",
        "not ok 7 selftests: fake: hang # TIMEOUT 1 seconds",
    ]
    assert res.returncode == 1
    assert "# Totals: pass:1 fail:3 xfail:1 xpass:1 skip:1 error:0" in res.stdout
    assert "  KTAP version 1" in res.stdout, "program output must be nested two spaces"
