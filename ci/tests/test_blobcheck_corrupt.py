"""Malformed input never crashes blobcheck: truncated and corrupted ELF files under ASan+UBSan."""
import glob
import os
import random
import struct

import pytest

from blobcheck_util import FIXTURES, run

SEEDS = sorted(glob.glob(os.path.join(FIXTURES, "seeds", "*")))


def elf_fields(data):
    """Offsets and sizes of header fields worth corrupting: ELF header and every section header."""
    if data[:4] != b"\x7fELF":
        return []
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x3a)
        fields = [(0x20, 8), (0x28, 8), (0x36, 2), (0x38, 2), (0x3a, 2), (0x3c, 2), (0x3e, 2)]
        sh_fields = [(0, 4), (4, 4), (0x18, 8), (0x20, 8), (0x28, 4), (0x2c, 4), (0x38, 8)]
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", data, 0x2e)
        fields = [(0x1c, 4), (0x20, 4), (0x2a, 2), (0x2c, 2), (0x2e, 2), (0x30, 2), (0x32, 2)]
        sh_fields = [(0, 4), (4, 4), (0x10, 4), (0x14, 4), (0x18, 4), (0x1c, 4), (0x24, 4)]
    for i in range(shnum):
        base = shoff + i * shentsize
        if base + shentsize <= len(data):
            fields += [(base + o, n) for o, n in sh_fields]
    return fields


def elf_extent(data):
    """Bytes the ELF structure covers: a cut below this is a truncation, above it padding."""
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        shoff, = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3a)
        sec = lambda b: struct.unpack_from(end + "IIQQQQ", data, b)[1::4] + \
            struct.unpack_from(end + "QQ", data, b + 0x18)
    else:
        shoff, = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2e)
        sec = lambda b: struct.unpack_from(end + "IIIIII", data, b)[1::4] + \
            struct.unpack_from(end + "II", data, b + 0x10)
    extent = shoff + shnum * shentsize
    for i in range(1, shnum):
        sh_type, _, off, size = sec(shoff + i * shentsize)
        if sh_type != 8:	# SHT_NOBITS
            extent = max(extent, off + size)
    return extent


def variants(data, rng):
    """Yield (tag, bytes, must_fail): truncations, field smashes, random byte flips."""
    n = len(data)
    cuts = sorted(set([0, 1, 4, 16, 52, 63, 64, n // 2, n - 1] +
                      [rng.randrange(1, n) for _ in range(24)]))
    extent = elf_extent(data) if data[:4] == b"\x7fELF" else n
    for c in cuts:
        if c < n:
            yield "cut%d" % c, data[:c], c < extent
    for off, size in elf_fields(data):
        for val in (0, 1, 0x7f, 0xffffffff, 0xffffffffffffffff):
            b = bytearray(data)
            b[off:off + size] = (val & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
            yield "f%x_%x" % (off, val & 0xff), bytes(b), False
    for i in range(40):
        b = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            b[rng.randrange(n)] = rng.randrange(256)
        yield "rnd%d" % i, bytes(b), False


def test_have_seeds():
    assert len(SEEDS) >= 10, SEEDS


@pytest.mark.parametrize("seed", SEEDS, ids=os.path.basename)
def test_corrupted_never_crash(tmp_path, seed):
    data = open(seed, "rb").read()
    rng = random.Random(os.path.basename(seed))	# deterministic per seed
    paths, must_fail = [], []
    for tag, blob, fail in variants(data, rng):
        p = str(tmp_path / ("%s.%s" % (os.path.basename(seed), tag)))
        with open(p, "wb") as f:
            f.write(blob)
        paths.append(p)
        if fail and not seed.endswith(".a"):
            must_fail.append(p)
    # one run per policy set over every variant; run() fails on any sanitizer report
    for opts in ([], ["--strict", "--vdso"], ["--dynsyms"]):
        res = run(opts + paths)
        assert res.returncode == 2
    res = run(paths)
    for p in must_fail:
        assert p + ":" in res.stderr, "truncated %s not reported as bad input" % p
    for line in res.stderr.splitlines():
        assert line.startswith("blobcheck: " + str(tmp_path)), line


@pytest.mark.parametrize("content,problem", [
    (b"", "not an ELF file"),
    (b"hello world\n", "not an ELF file"),
    (b"\x7fELF\x03\x01\x01" + b"\0" * 57, "class"),
    (b"\x7fELF\x02\x03\x01" + b"\0" * 57, ""),
    (b"!<arch>\nbad member header\n", "archive"),
])
def test_bad_input_one_line_naming_file(tmp_path, content, problem):
    p = tmp_path / "input.bin"
    p.write_bytes(content)
    res = run([str(p)])
    assert res.returncode == 2
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("blobcheck: %s: " % p)
    assert problem in lines[0]


def test_directory_is_bad_input(tmp_path):
    res = run([str(tmp_path)])
    assert res.returncode == 2 and str(tmp_path) in res.stderr
