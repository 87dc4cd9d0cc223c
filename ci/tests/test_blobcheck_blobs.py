"""The blobs collection: blobcheck names what gcc and clang really emit into freestanding blobs."""
import os
import subprocess
import sys

import pytest

from blobcheck_util import ABI_CC, cc_for, findings, run
from conftest import TOP, make

sys.path.insert(0, os.path.join(TOP, "selftests", "blobs"))
import gen_expect  # noqa: E402  (the readelf oracle; never uses blobcheck)

ABIS = ["x86_64", "i386", "aarch64", "ppc64le", "s390x"]
_objdirs = {}


def objdir(abi):
    if not cc_for(abi):
        pytest.skip("no %s compiler (apt-get install -y %s)" % (abi, ABI_CC[abi]))
    if abi not in _objdirs:
        out = os.path.join(TOP, "out", abi)
        make("-C", "selftests/blobs", "ARCH=" + abi, "O=" + out, "-j2")
        _objdirs[abi] = os.path.join(out, "selftests", "blobs", "obj")
    return _objdirs[abi]


def blobcheck_lines(d):
    """blobcheck's findings over every object, in gen_expect's line format."""
    objs = list(gen_expect.objects(d))
    rc, fs = findings(["--recursion"] + [os.path.join(d, o) for o in objs])
    assert rc == 1
    per = {o: [] for o in objs}
    for f in fs:
        o = os.path.relpath(f["file"], d)
        per[o].append(gen_expect.format_line(o, (f["kind"], f["symbol"], f["weak"],
                                                 f["section"], f["offset"], f["function"],
                                                 f["reloc"])))
    lines = []
    for o in objs:
        lines += sorted(per[o]) or ["%s clean" % o]
    return lines


def recorded(abi):
    path = os.path.join(TOP, "selftests", "blobs", "expect", abi + ".txt")
    head, body = [], []
    for line in open(path).read().splitlines():
        (head if line.startswith("#") else body).append(line)
    return head, body


@pytest.mark.parametrize("abi", ABIS)
def test_blobcheck_matches_readelf_on_every_blob(abi):
    d = objdir(abi)
    ours = blobcheck_lines(d)
    oracle = sorted(gen_expect.expectations(d))
    assert sorted(ours) == oracle
    assert len(ours) > 40


@pytest.mark.parametrize("abi", ABIS)
def test_recorded_measurement_still_holds(abi):
    """expect/<abi>.txt was measured with these compilers; a new compiler is reported, not failed."""
    d = objdir(abi)
    head, body = recorded(abi)
    vers = ["# compiler: %s" % v for v in gen_expect.compiler_versions([ABI_CC[abi], "clang-14"])]
    if [h for h in head if h.startswith("# compiler:")] != vers:
        pytest.skip("compilers differ from the recorded measurement (%s)" % "; ".join(vers))
    assert sorted(blobcheck_lines(d)) == sorted(body)


def by_object(abi):
    table = {}
    for line in blobcheck_lines(objdir(abi)):
        obj, rest = line.split(" ", 1)
        if rest != "clean":
            table.setdefault(obj, []).append(rest.split())
    return table


def names(table, obj, kind="undefined"):
    return sorted({f[1] for f in table.get(obj, []) if f[0] == kind})


@pytest.mark.parametrize("abi", ABIS)
def test_gcc12_table_from_the_field_notes(abi):
    """Field notes 5.7, re-measured: -ffreestanding drops the idioms but never the aggregate copy."""
    t = by_object(abi)
    assert names(t, "gcc/big_copy-O2-hosted.o") == ["memcpy"]
    assert names(t, "gcc/big_copy-O2-freestanding.o") == ["memcpy"]
    assert names(t, "gcc/idiom_loops-O2-freestanding.o") == []
    idioms = names(t, "gcc/idiom_loops-O2-hosted.o")
    if abi == "s390x":
        assert idioms == []		# s390x gcc keeps both loops (measured, as in the notes)
    else:
        assert idioms == ["memset", "strlen"]
    uses = {f[3]: f[4] for f in t["gcc/idiom_loops-O2-hosted.o"]} if idioms else {}
    assert set(uses) <= {"clear_area", "label_len"}


@pytest.mark.parametrize("abi", ABIS)
def test_historical_cases_named_with_their_function(abi):
    """ppc64 vDSO symbol-table filler and purgatory sha256 split: memcpy where compilers emit it."""
    t = by_object(abi)
    seen = 0
    for case, fn in (("symtab_filler", "fill_symtab"), ("sha256_split", "sha256_update")):
        for obj, fs in t.items():
            if os.path.basename(obj).startswith(case + "-"):
                for f in fs:
                    if f[1] == "memcpy":
                        assert f[3] == fn, (obj, f)
                        seen += 1
    if abi in ("aarch64", "ppc64le"):	# gcc calls memcpy for both on these (measured)
        assert names(t, "gcc/symtab_filler-O2-freestanding.o") == ["memcpy"]
        assert names(t, "gcc/sha256_split-O2-freestanding.o") == ["memcpy"]
    if abi != "s390x" and os.path.exists(os.path.join(objdir(abi), "clang")):
        assert names(t, "clang/sha256_split-O2-freestanding.o") == ["memcpy"]
    if abi == "s390x":
        assert seen == 0		# both compilers inline these copies on s390x (measured)
    else:
        assert seen > 0


@pytest.mark.parametrize("abi", ABIS)
def test_stack_protector_and_pg(abi):
    t = by_object(abi)
    for comp in ("gcc", "clang"):
        sp = names(t, comp + "/stack_protector.o")
        pg = names(t, comp + "/profiled.o")
        if not sp and not pg and comp == "clang":
            continue
        assert sp and all(s.startswith("__stack_chk_") for s in sp), sp
        assert pg and set(pg) <= {"mcount", "_mcount", "__fentry__"}, pg


def test_ppc64_os_register_helpers():
    t = by_object("ppc64le")
    helpers = [s for o in t for s in names(t, o) if s.startswith(("_savegpr", "_restgpr"))]
    assert helpers, "gcc -Os on ppc64le no longer calls _savegpr/_restgpr here"
    assert any(o.startswith("gcc/") and o.endswith("-Os-freestanding.o") and
               any(s.startswith("_restgpr") for s in names(t, o)) for o in t)


def broken_fix_pairs(abi):
    d = objdir(abi)
    t = by_object(abi)
    pairs = []
    for comp in ("gcc", "clang"):
        broken = comp + "/big_copy-O2-freestanding.o"
        if os.path.exists(os.path.join(d, broken)) and names(t, broken) == ["memcpy"]:
            pairs.append((comp, broken))
    return d, t, pairs


@pytest.mark.parametrize("abi", ABIS)
def test_fixes_come_out_clean(abi):
    d, t, pairs = broken_fix_pairs(abi)
    assert pairs, "no broken blob to fix for %s" % abi
    for comp, broken in pairs:
        for fixed in ("fixed-own.o", "fixed-defsym.o", "string_impl.o", "builtin_memcpy.o"):
            path = os.path.join(d, comp, fixed)
            res = run(["--strict", path])
            assert res.returncode == 0, res.stdout
            # the fixed blob really defines memcpy (or binds it) rather than dropping the call
        syms = subprocess.run(["nm", os.path.join(d, comp, "fixed-defsym.o")],
                              stdout=subprocess.PIPE, text=True).stdout
        assert " memcpy" in syms and "builtin_memcpy" in syms
        # the check link (no -r) of each fixed blob was built by make, so it linked
        for chk in ("fixed-own.chk", "fixed-defsym.chk"):
            assert os.path.exists(os.path.join(d, comp, chk))


@pytest.mark.parametrize("abi", ABIS)
def test_ld_r_no_undefined_does_not_catch_it(abi):
    d, t, pairs = broken_fix_pairs(abi)
    ld = gen_expect.GCC[abi].replace("-gcc", "-ld")
    for comp, broken in pairs:
        # make built noundef-r.o with ld -r --no-undefined: it exited 0 ...
        assert names(t, comp + "/noundef-r.o") == ["memcpy"]
        # ... while a full link of the same object fails on memcpy
        res = subprocess.run([ld, "-e", "0", "--no-undefined", "-o", os.devnull,
                              os.path.join(d, broken)], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        assert res.returncode != 0 and "undefined reference to `memcpy'" in res.stdout


@pytest.mark.parametrize("abi", ABIS)
def test_own_memcpy_cannot_call_itself(abi):
    t = by_object(abi)
    for comp in ("gcc", "clang"):
        assert not t.get(comp + "/string_impl.o"), t.get(comp + "/string_impl.o")
    # without -fno-builtin gcc turns the memset loop into a call to memset itself
    rec = names(t, "gcc/string_impl-hosted.o", "recursion")
    if abi == "s390x":
        assert rec == []
    else:
        assert rec == ["memset"]


def test_blobs_check_ktap_on_host():
    """The collection's judge (C, ELF library, harness) passes all its tests in KTAP."""
    import ktap
    host = {"x86_64": "x86_64", "aarch64": "aarch64", "ppc64le": "ppc64le",
            "s390x": "s390x"}.get(os.uname().machine)
    if not host:
        pytest.skip("no blobs judge for a %s host" % os.uname().machine)
    objdir(host)
    prog = os.path.join(TOP, "out", host, "selftests", "blobs", "blobs_check")
    res = subprocess.run([prog], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         timeout=300)
    tests = [t for t in ktap.flatten(ktap.parse(res.stdout)) if t[0]]
    assert res.returncode == 0, res.stdout
    assert len(tests) >= 3 and all(t[1] == "pass" for t in tests), tests
