"""The vDSO model: resolver vs readelf on this machine's vDSOs, synthetic images on five ABIs,
bounds checks on damaged images, libc-freedom of helpers/vdso, and the abi collection's run time."""
import os
import random
import re
import shutil
import struct
import subprocess
import time
import zlib

import pytest

from conftest import TOP, make

FIXTURES = os.path.join(TOP, "ci", "fixtures", "vdso")
HOST_ABIS = ["x86_64", "i386"] if os.uname().machine == "x86_64" else []
ALL_ABIS = ["x86_64", "i386", "aarch64", "ppc64le", "s390x"]
TRIPLET = {"x86_64": "x86_64-linux-gnu", "i386": "i686-linux-gnu",
           "aarch64": "aarch64-linux-gnu", "ppc64le": "powerpc64le-linux-gnu",
           "s390x": "s390x-linux-gnu"}
# qemu-user only runs our resolver on synthetic files; it never stands in for a kernel vDSO.
QEMU_USER = {"aarch64": "qemu-aarch64-static", "ppc64le": "qemu-ppc64le-static",
             "s390x": "qemu-s390x-static"}

_built = {}


def abi_out(abi):
    """Build the target library and the abi collection for one ABI (once per session)."""
    if abi not in _built:
        out = os.path.join(TOP, "out", abi)   # the same tree conftest.build() uses
        make("ARCH=" + abi, "O=" + out, "lib", "-j2")
        make("-C", os.path.join(TOP, "selftests", "abi"), "ARCH=" + abi, "O=" + out, "-j2")
        _built[abi] = out
    return _built[abi]


def run_prog(abi, prog, *args, check=True):
    path = os.path.join(abi_out(abi), "selftests", "abi", prog)
    cmd = [path] + list(args)
    if abi in QEMU_USER:
        cmd = [QEMU_USER[abi]] + cmd
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         errors="backslashreplace")
    if check:
        assert res.returncode == 0, "%s: rc %d\n%s%s" % (cmd, res.returncode, res.stdout,
                                                         res.stderr)
    return res


def dump_syms(text):
    """(name, version, offset, type, bind) from vdso_dump's `sym` lines."""
    syms = set()
    for line in text.splitlines():
        if line.startswith("sym "):
            _, off, typ, bind, namever = line.split()
            name, _, ver = namever.partition("@")
            syms.add((name, ver, int(off, 16), typ, bind))
    return syms


def readelf_syms(abi, path):
    """The same tuples from binutils, for defined GLOBAL/WEAK FUNC/NOTYPE dynamic symbols."""
    out = subprocess.run([TRIPLET[abi] + "-readelf", "-W", "--dyn-syms", path],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    syms = set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].rstrip(":").isdigit():
            continue
        value, typ, bind, ndx, name = int(f[1], 16), f[3], f[4], f[6], f[7]
        if ndx in ("UND", "ABS") or typ not in ("FUNC", "NOTYPE") or bind not in ("GLOBAL",
                                                                                  "WEAK"):
            continue
        base, sep, ver = re.split(r"(@@?)", name, maxsplit=1) if "@" in name else (name, "", "")
        syms.add((base, ver, value, typ, bind))
    return syms


def flatten(elf):
    """Lay an ELF file out as the kernel maps a vDSO: each PT_LOAD at its p_vaddr."""
    is64, le = elf[4] == 2, elf[5] == 1
    e = "<" if le else ">"
    if is64:
        phoff, = struct.unpack_from(e + "Q", elf, 0x20)
        phentsize, phnum = struct.unpack_from(e + "HH", elf, 0x36)
    else:
        phoff, = struct.unpack_from(e + "I", elf, 0x1c)
        phentsize, phnum = struct.unpack_from(e + "HH", elf, 0x2a)
    loads = []
    for i in range(phnum):
        o = phoff + i * phentsize
        if is64:
            ptype, _, off, vaddr, _, filesz, memsz = struct.unpack_from(e + "IIQQQQQ", elf, o)
        else:
            ptype, off, vaddr, _, filesz, memsz = struct.unpack_from(e + "IIIIII", elf, o)
        if ptype == 1:
            loads.append((off, vaddr, filesz, memsz))
    lo = min(v for _, v, _, _ in loads)
    img = bytearray(max(v + m for _, v, _, m in loads) - lo)
    for off, vaddr, filesz, _ in loads:
        img[vaddr - lo:vaddr - lo + filesz] = elf[off:off + filesz]
    return bytes(img)


# ---- this machine's vDSOs --------------------------------------------------------------------

@pytest.mark.parametrize("abi", HOST_ABIS)
def test_resolver_matches_readelf_on_running_vdso(abi, tmp_path):
    img = tmp_path / "vdso.so"
    res = run_prog(abi, "vdso_dump", "-o", str(img))
    ours = dump_syms(res.stdout)
    assert ours, res.stdout
    assert ours == readelf_syms(abi, str(img))
    # The resolver reading the file copy agrees with itself reading the live mapping.
    assert dump_syms(run_prog(abi, "vdso_dump", "-i", str(img)).stdout) == ours


@pytest.mark.parametrize("abi", HOST_ABIS)
def test_hex_frame_round_trips(abi, tmp_path):
    img = tmp_path / "vdso.so"
    res = run_prog(abi, "vdso_dump", "-o", str(img), "--hex")
    data = bytearray()
    end = None
    for line in res.stdout.splitlines():
        if line.startswith("VDSO-DUMP "):
            _, off, hexdata = line.split()
            assert int(off, 16) == len(data)
            data += bytes.fromhex(hexdata)
        elif line.startswith("VDSO-DUMP-END"):
            end = dict(kv.split("=") for kv in line.split()[1:])
    assert end and int(end["size"]) == len(data)
    assert int(end["crc32"], 16) == zlib.crc32(data)
    assert bytes(data) == img.read_bytes()


@pytest.mark.parametrize("abi", HOST_ABIS)
def test_damaged_images_never_crash_the_resolver(abi, tmp_path):
    """Truncated or bit-flipped images: a clean error (rc 1) or a parse (rc 0), never a signal."""
    img = tmp_path / "vdso.so"
    run_prog(abi, "vdso_dump", "-o", str(img))
    good = img.read_bytes()
    rng = random.Random(1234)
    cases = [good[:n] for n in range(1, len(good), max(1, len(good) // 97))]
    for _ in range(150):
        b = bytearray(good)
        # Damage the headers and tables (the first 4 KiB), where the resolver looks.
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(min(len(b), 4096))] = rng.randrange(256)
        cases.append(bytes(b))
    bad = tmp_path / "bad.so"
    for i, data in enumerate(cases):
        bad.write_bytes(data)
        res = run_prog(abi, "vdso_dump", "-i", str(bad), check=False)
        assert res.returncode in (0, 1), "case %d: rc %d %s" % (i, res.returncode, res.stderr)
        if res.returncode:
            assert res.stderr.count("\n") == 1 and str(bad) in res.stderr


# ---- synthetic images, every ABI -------------------------------------------------------------

SYNTH_EXPECTED = {
    ("synth_old_entry", "SYNTH_2.5", "FUNC", "GLOBAL"),
    ("synth_clock_gettime", "SYNTH_2.6", "FUNC", "GLOBAL"),
    ("synth_weak_target", "SYNTH_2.6", "FUNC", "GLOBAL"),
    ("synth_weak_alias", "SYNTH_2.6", "FUNC", "WEAK"),
    ("synth_uses_local", "SYNTH_2.6", "FUNC", "GLOBAL"),
    ("synth_notype", "SYNTH_2.6", "NOTYPE", "GLOBAL"),
}


def can_run(abi):
    if abi in HOST_ABIS:
        return True
    return abi in QEMU_USER and shutil.which(QEMU_USER[abi]) is not None


@pytest.mark.parametrize("hash_style", ["sysv", "gnu", "both"])
@pytest.mark.parametrize("abi", ALL_ABIS)
def test_synthetic_image(abi, hash_style, tmp_path):
    """A versioned DSO with FUNC, WEAK and NOTYPE exports, an OBJECT, a local and two versions."""
    if not can_run(abi):
        pytest.skip("cannot run %s programs here (no qemu-user for the resolver)" % abi)
    so = tmp_path / "synth.so"
    subprocess.run([TRIPLET[abi] + "-gcc", "-shared", "-nostdlib", "-fPIC", "-O2",
                    "-Wl,--hash-style=" + hash_style,
                    "-Wl,--version-script=" + os.path.join(FIXTURES, "synth.lds"),
                    "-Wl,-soname,linux-synth.so.1", "-o", str(so),
                    os.path.join(FIXTURES, "synth.c")], check=True)
    flat = tmp_path / "synth.img"
    flat.write_bytes(flatten(so.read_bytes()))
    res = run_prog(abi, "vdso_dump", "-i", str(flat))
    got = {(n, v, t, b) for n, v, _, t, b in dump_syms(res.stdout)}
    assert got == SYNTH_EXPECTED
    assert "soname linux-synth.so.1" in res.stdout
    want = {"sysv": "hash yes gnu_hash no", "gnu": "hash no gnu_hash yes",
            "both": "hash yes gnu_hash yes"}[hash_style]
    assert want in res.stdout
    offsets = {(n, v, t, b): o for n, v, o, t, b in dump_syms(res.stdout)}
    theirs = {(n, v, t, b): o for n, v, o, t, b in readelf_syms(abi, str(so))}
    assert offsets == {k: theirs[k] for k in offsets}


def test_s390x_hash_entries_are_eight_bytes(tmp_path):
    """The fact arch/s390x encodes (ARCH_VDSO_HASH_ENTSIZE 8), checked against binutils."""
    so = tmp_path / "synth.so"
    subprocess.run(["s390x-linux-gnu-gcc", "-shared", "-nostdlib", "-fPIC",
                    "-Wl,--hash-style=sysv", "-o", str(so),
                    os.path.join(FIXTURES, "synth.c")], check=True)
    out = subprocess.run(["s390x-linux-gnu-readelf", "-W", "-S", str(so)],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if " .hash " in l)
    assert line.split()[line.split().index("HASH") + 4] == "08"
    hdr = open(os.path.join(TOP, "arch", "s390x", "include", "arch", "vdso_call.h")).read()
    assert re.search(r"ARCH_VDSO_HASH_ENTSIZE\s+8\b", hdr)


# ---- helpers/vdso is libc-free -----------------------------------------------------------------

@pytest.mark.parametrize("abi", ALL_ABIS)
def test_vdso_helpers_call_no_libc(abi):
    """Only arch_syscall6, the arch tables and each other: safe after the vDSO moved."""
    objdir = os.path.join(abi_out(abi), "obj", "helpers", "vdso")
    objs = [os.path.join(objdir, f) for f in sorted(os.listdir(objdir)) if f.endswith(".o")]
    nm = TRIPLET[abi] + "-nm"
    undef, defined = set(), set()
    for o in objs:
        out = subprocess.run([nm, o], stdout=subprocess.PIPE, text=True, check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if f[-2:-1] == ["U"]:
                undef.add(f[-1])
            elif len(f) == 3:
                defined.add(f[2])
    allowed = {"arch_syscall6", "arch_vdso_exports", "arch_vdso_nr_exports",
               "_GLOBAL_OFFSET_TABLE_", ".TOC."}
    assert undef - defined - allowed == set()


# ---- the collection runs here, well inside its timeout ----------------------------------------

_passes = {}
_seen = set()


def abi_programs():
    mk = open(os.path.join(TOP, "selftests", "abi", "Makefile")).read().replace("\\\n", " ")
    return re.search(r"^TEST_GEN_PROGS\s*:=\s*(.*)$", mk, re.M).group(1).split()


@pytest.mark.parametrize("prog", abi_programs())
@pytest.mark.parametrize("abi", HOST_ABIS)
def test_abi_program_passes_quickly(abi, prog):
    timeout = int(re.search(r"^TIMEOUT\s*:=\s*(\d+)", open(os.path.join(
        TOP, "selftests", "abi", "Makefile")).read(), re.M).group(1))
    start = time.monotonic()
    res = run_prog(abi, prog, check=False)
    took = time.monotonic() - start
    # 4 (all SKIP) is honest for a function this ABI's vDSO lacks (i386 has no getrandom).
    assert res.returncode in (0, 4), res.stdout + res.stderr
    assert "not ok" not in res.stdout
    assert re.search(r"^ok \d+ ", res.stdout, re.M)
    _seen.add((abi, prog))
    _passes[abi] = _passes.get(abi, 0) + int(
        re.search(r"# Totals: pass:(\d+)", res.stdout).group(1))
    assert took < timeout / 4, "%s took %.1f s of a %d s timeout" % (prog, took, timeout)


@pytest.mark.parametrize("abi", HOST_ABIS)
def test_abi_collection_is_not_all_skip(abi):
    """An ABI on which every abi test skips is a failure, whatever each program says."""
    for prog in abi_programs():
        if (abi, prog) in _seen:
            continue
        res = run_prog(abi, prog, check=False)
        _passes[abi] = _passes.get(abi, 0) + int(
            re.search(r"# Totals: pass:(\d+)", res.stdout).group(1))
        _seen.add((abi, prog))
    assert _passes.get(abi, 0) > len(abi_programs())


@pytest.mark.parametrize("abi", ALL_ABIS)
def test_call_shim_error_convention(abi, tmp_path):
    """arch_vdso_call turns each ABI's vDSO error convention into -errno (ppc: CR0.SO)."""
    if not can_run(abi):
        pytest.skip("cannot run %s programs here" % abi)
    out = abi_out(abi)
    fake = os.path.join(FIXTURES, "call_shim_ppc64le.S" if abi == "ppc64le" else "call_shim_c.c")
    exe = tmp_path / "call_shim"
    subprocess.run([TRIPLET[abi] + "-gcc", "-static", "-O2",
                    "-I" + os.path.join(TOP, "helpers", "include"),
                    "-I" + os.path.join(TOP, "arch", abi, "include"), "-o", str(exe),
                    os.path.join(FIXTURES, "call_shim.c"), fake,
                    os.path.join(out, "lib", "libvdsotest.a")], check=True)
    cmd = [str(exe)] if abi in HOST_ABIS else [QEMU_USER[abi], str(exe)]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    assert res.returncode == 0, res.stdout


@pytest.mark.parametrize("abi", HOST_ABIS)
def test_maps_parser_matches_proc_text(abi):
    """maps_read() of a process agrees field by field with that process's own maps text."""
    out = run_prog(abi, "vdso_dump", "--maps").stdout
    raw = out.split("MAPS-RAW-BEGIN\n")[1].split("MAPS-RAW-END\n")[0].splitlines()
    parsed = [l.split(" ", 7) for l in out.splitlines() if l.startswith("map ")]
    # The libc read and maps_read() see the same mappings (reading adds none in between).
    assert len(raw) == len(parsed)
    for text, p in zip(raw, parsed):
        f = text.split(None, 5)
        start, end = f[0].split("-")
        # PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4 on every ABI here.
        prot = (1 if f[1][0] == "r" else 0) | (2 if f[1][1] == "w" else 0) | \
            (4 if f[1][2] == "x" else 0)
        want = [int(start, 16), int(end, 16), prot, int(f[1][3] == "s"), int(f[2], 16),
                int(f[4]), f[5] if len(f) > 5 else ""]
        got = [int(p[1], 16), int(p[2], 16), int(p[3]), int(p[4]), int(p[5], 16), int(p[6]),
               p[7] if len(p) > 7 else ""]
        assert got == want, text
    assert any(p[7] == "[vdso]" for p in parsed if len(p) > 7)
