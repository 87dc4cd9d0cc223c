"""blobcheck on small objects from every ABI's compiler: symbols, uses, hints, policies, exit codes."""
import json
import os
import re
import subprocess

import pytest

from blobcheck_util import ABI_CC, FIXTURES, cc_for, compile_c, findings, run
from conftest import TOP

ABIS = sorted(ABI_CC)
FREESTANDING = ["-O2", "-fpie", "-ffreestanding", "-fno-stack-protector"]
STRUCT_COPY = """
struct state { unsigned int h[8]; unsigned char buf[65536]; };
void save(struct state *d, const struct state *s) { *d = *s; }
"""


def need_cc(abi):
    if not cc_for(abi):
        pytest.skip("no compiler for %s (apt-get install -y %s)" % (abi, ABI_CC[abi]))


def readelf_relocs(obj):
    """(symbol, type) of every relocation, as binutils sees them: an independent oracle."""
    out = subprocess.run(["readelf", "-rW", obj], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    rel = []
    for line in out.splitlines():
        m = re.match(r"\s*[0-9a-f]+\s+[0-9a-f]+\s+(R_\w+)\s+[0-9a-f]+\s+(\S+)", line)
        if m:
            rel.append((m.group(2), m.group(1)))
    return rel


@pytest.mark.parametrize("abi", ABIS)
def test_struct_copy_names_memcpy_with_reloc(tmp_path, abi):
    need_cc(abi)
    obj = compile_c(tmp_path, abi, STRUCT_COPY, FREESTANDING)
    rc, fs = findings([obj])
    oracle = [t for s, t in readelf_relocs(obj) if s == "memcpy"]
    if not oracle:
        # s390x copies with mvc and never calls memcpy for this (measured): must be clean
        assert rc == 0 and fs == []
        return
    assert rc == 1
    mine = [f for f in fs if f["symbol"] == "memcpy"]
    assert [f["reloc"] for f in mine] == oracle
    assert all(f["function"] == "save" and f["section"] == ".text" for f in mine)
    assert all(f["kind"] == "undefined" and not f["weak"] for f in mine)
    assert all("--defsym" in f["hint"] for f in mine)
    assert all(f["abi"] == abi for f in mine)


@pytest.mark.parametrize("abi", ABIS)
def test_human_output_one_line_per_use(tmp_path, abi):
    need_cc(abi)
    src = "extern void ext(int);\nvoid a(void) { ext(1); }\nvoid b(void) { ext(2); ext(3); }\n"
    obj = compile_c(tmp_path, abi, src, FREESTANDING)
    res = run([obj])
    assert res.returncode == 1
    lines = res.stdout.splitlines()
    assert len(lines) == 3, res.stdout
    assert all(l.startswith(obj + ": undefined symbol 'ext' at .text+0x") for l in lines)
    assert sorted(re.search(r" in (\w+)\(\)", l).group(1) for l in lines) == ["a", "b", "b"]


@pytest.mark.parametrize("abi", ABIS)
def test_weak_undefined_marked_weak(tmp_path, abi):
    need_cc(abi)
    src = "extern void maybe(void) __attribute__((weak));\n" \
          "void f(void) { if (maybe) maybe(); }\n"
    obj = compile_c(tmp_path, abi, src, FREESTANDING)
    rc, fs = findings([obj])
    assert rc == 1 and fs
    assert all(f["symbol"] == "maybe" and f["weak"] for f in fs)
    assert "undefined weak symbol 'maybe'" in run([obj]).stdout


@pytest.mark.parametrize("abi", ABIS)
def test_allow_and_allow_file(tmp_path, abi):
    need_cc(abi)
    src = "extern void ext1(void), ext2(void);\nvoid f(void) { ext1(); ext2(); }\n"
    obj = compile_c(tmp_path, abi, src, FREESTANDING)
    rc, fs = findings(["--allow", "ext1", obj])
    assert rc == 1 and {f["symbol"] for f in fs} == {"ext2"}
    allow = tmp_path / "allow.txt"
    allow.write_text("# names our loader provides\next1\n  ext2   # trailing comment\n")
    assert run(["--allow-file", str(allow), obj]).returncode == 0
    assert run(["--allow", "ext*", obj]).returncode == 0


def test_linker_names_allowed_per_arch(tmp_path):
    """.TOC. on ppc64 and _GLOBAL_OFFSET_TABLE_ elsewhere are provided by the linker."""
    seen = {}
    for abi, src, flags in (
            ("ppc64le", "static int x; int *f(void) { return &x; }\n", ["-O2", "-fpie"]),
            ("i386", "extern int x; int f(void) { return x; }\n", ["-O2", "-fpic"])):
        if not cc_for(abi):
            continue
        obj = compile_c(tmp_path, abi, src, flags, name=abi)
        und = subprocess.run(["nm", "-u", obj], stdout=subprocess.PIPE, text=True).stdout
        seen[abi] = und
        rc, fs = findings([obj])
        assert not [f for f in fs if f["symbol"] in (".TOC.", "_GLOBAL_OFFSET_TABLE_")]
    if not seen:
        pytest.skip("no ppc64le or i386 compiler")
    # the objects really do reference them, or this test would prove nothing
    assert ".TOC." in seen.get("ppc64le", ".TOC.")
    assert "_GLOBAL_OFFSET_TABLE_" in seen.get("i386", "_GLOBAL_OFFSET_TABLE_")


@pytest.mark.parametrize("abi", ABIS)
def test_archive_members_and_ld_r(tmp_path, abi):
    need_cc(abi)
    a = compile_c(tmp_path, abi, STRUCT_COPY, ["-O2", "-fpie", "-fno-stack-protector"],
                  name="a")
    b = compile_c(tmp_path, abi, "extern int g(void);\nint h(void) { return g() + 1; }\n",
                  FREESTANDING, name="b")
    ar = str(tmp_path / "lib.a")
    subprocess.run(["ar", "rcs", ar, a, b], check=True)
    rc, fs = findings([ar])
    assert rc == 1
    assert any(f["file"] == ar + "(b.o)" and f["symbol"] == "g" for f in fs)
    ld = ABI_CC[abi].replace("gcc", "ld") if abi != "x86_64" else "ld"
    combined = str(tmp_path / "blob.o")
    subprocess.run([ld, "-r", "--no-undefined", "-o", combined, a, b], check=True)
    rc2, fs2 = findings([combined])
    assert rc2 == 1 and any(f["symbol"] == "g" and f["function"] == "h" for f in fs2)


def test_shared_object_undefined_dynamic_symbols(tmp_path):
    src = "extern int from_elsewhere(int);\nint api(int x) { return from_elsewhere(x); }\n"
    c = tmp_path / "lib.c"
    c.write_text(src)
    so = str(tmp_path / "lib.so")
    subprocess.run(["gcc", "-O2", "-shared", "-fpic", "-nostdlib", "-o", so, str(c)], check=True)
    rc, fs = findings([so])
    assert rc == 1
    assert {f["symbol"] for f in fs} == {"from_elsewhere"}
    assert all(f["reloc"] in ("R_X86_64_JUMP_SLOT", "R_X86_64_GLOB_DAT") for f in fs)


def test_common_symbols_policy(tmp_path):
    obj = compile_c(tmp_path, "x86_64", "int counter;\nvoid f(void) { counter++; }\n",
                    ["-O2", "-fcommon", "-fpie"])
    assert run([obj]).returncode == 0
    rc, fs = findings(["--common", obj])
    assert rc == 1 and [(f["kind"], f["symbol"]) for f in fs] == [("common", "counter")]


@pytest.mark.parametrize("abi", ABIS)
def test_tls_policy_and_hint(tmp_path, abi):
    need_cc(abi)
    obj = compile_c(tmp_path, abi, "__thread int tv;\nint get(void) { return tv; }\n",
                    ["-O2", "-fpic"])
    rc, fs = findings(["--tls", obj])
    tls = [f for f in fs if f["kind"] == "tls"]
    oracle = [t for s, t in readelf_relocs(obj) if s == "tv"]
    assert tls and [f["reloc"] for f in tls] == oracle
    helpers = [f for f in fs if f["kind"] == "undefined"]
    assert all(re.match(r"_+tls_get_(addr|offset)$", f["symbol"]) for f in helpers)
    assert all("__thread" in f["hint"] for f in helpers)


def test_reloc_policy_catches_absolute_pointer_on_aarch64(tmp_path):
    need_cc("aarch64")
    src = "static int a, b;\nint *table[] = { &a, &b };\nint *f(int i) { return table[i]; }\n"
    obj = compile_c(tmp_path, "aarch64", src, FREESTANDING)
    assert run([obj]).returncode == 0
    rc, fs = findings(["--relocs", obj])
    assert rc == 1
    assert {f["reloc"] for f in fs} == {"R_AARCH64_ABS64"}
    assert all(f["section"] == ".data.rel" or f["section"].startswith(".data") for f in fs)


@pytest.mark.parametrize("symbol,flags,abi", [
    ("__stack_chk_fail", ["-O2", "-fpie", "-fstack-protector-all"], "x86_64"),
    ("mcount", ["-O2", "-fpie", "-pg", "-fno-stack-protector"], "x86_64"),
    ("_mcount", ["-O2", "-fpie", "-pg", "-fno-stack-protector"], "aarch64"),
    ("__fentry__", ["-O2", "-pg", "-mfentry", "-fno-stack-protector"], "x86_64"),
    ("__udivti3", ["-O2", "-fpie"], "x86_64"),
    ("__udivdi3", ["-O2", "-fpie"], "i386"),
])
def test_well_known_names_get_hints(tmp_path, symbol, flags, abi):
    need_cc(abi)
    wide = "unsigned __int128" if symbol == "__udivti3" else "unsigned long long"
    src = "%s d(%s a, %s b) { return a / b; }\n" \
          "int buf(int i) { volatile char b[64]; b[i] = 1; return b[0]; }\n" % (wide, wide, wide)
    obj = compile_c(tmp_path, abi, src, flags)
    rc, fs = findings([obj])
    hits = [f for f in fs if f["symbol"] == symbol]
    assert rc == 1 and hits, fs
    assert all(f["hint"] for f in hits)


def test_savegpr_restgpr_on_ppc64_os(tmp_path):
    need_cc("ppc64le")
    src = "extern void g(long *);\nlong f(long a, long b, long c, long d) {\n" \
          " long v[4] = {a, b, c, d}; g(v); long s = a * b + c * d; g(v);\n" \
          " return s + a + b + c + d;\n}\n"
    obj = compile_c(tmp_path, "ppc64le", src, ["-Os", "-fpie", "-ffreestanding",
                                               "-fno-stack-protector"])
    und = subprocess.run(["nm", "-u", obj], stdout=subprocess.PIPE, text=True).stdout.split()
    helpers = [s for s in und if re.match(r"_(save|rest)gpr", s)]
    if not helpers:
        pytest.skip("this gcc inlined the ppc64 register save/restore here")
    rc, fs = findings([obj])
    names = {f["symbol"] for f in fs if f["hint"] and "crtsavres" in f["hint"]}
    assert names == set(helpers)


def fake_vdso(tmp_path, name, exports, extra_src="", ldflags=()):
    body = "".join("int %s(void) { return %d; }\n" % (s, i) for i, s in enumerate(exports))
    c = tmp_path / (name + ".c")
    c.write_text(body + extra_src)
    so = str(tmp_path / (name + ".so"))
    subprocess.run(["gcc", "-O2", "-shared", "-fpic", "-nostdlib", "-Wl,-z,noexecstack",
                    "-o", so, str(c)] + list(ldflags), check=True)
    return so


X86_EXPORTS = ["__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time", "__vdso_getcpu"]


def test_vdso_policy_clean_and_each_violation(tmp_path):
    clean = fake_vdso(tmp_path, "clean", X86_EXPORTS)
    assert run(["--vdso", clean]).returncode == 0
    missing = fake_vdso(tmp_path, "missing", X86_EXPORTS[:-1])
    rc, fs = findings(["--vdso", missing])
    assert rc == 1 and [(f["kind"], f["symbol"]) for f in fs] == [("vdso", "__vdso_getcpu")]
    execstack = fake_vdso(tmp_path, "execstack", X86_EXPORTS, ldflags=["-Wl,-z,execstack"])
    rc, fs = findings(["--vdso", execstack])
    assert rc == 1 and any("PT_GNU_STACK" in f["what"] for f in fs)
    ptr = "extern int ext; int *p = &ext;\nint *q(void) { return p; }\n"
    dynrel = fake_vdso(tmp_path, "dynrel", X86_EXPORTS, extra_src=ptr)
    rc, fs = findings(["--vdso", dynrel])
    kinds = {(f["kind"], f["reloc"]) for f in fs}
    assert ("vdso", "R_X86_64_GLOB_DAT") in kinds or ("vdso", "R_X86_64_64") in kinds, fs
    textrel = fake_vdso(tmp_path, "textrel", X86_EXPORTS, extra_src=ptr,
                        ldflags=["-Wl,-z,notext"])
    rc, fs = findings(["--vdso", textrel])
    assert rc == 1
    assert run(["--vdso", compile_c(tmp_path, "x86_64", "int x;", [])]).returncode == 1


def test_host_vdso_lists_agree_with_vdso_exports_tables():
    """arch/<abi>/host/elf_arch.c must only demand names arch/<abi>/vdso_exports.c knows."""
    checked = 0
    for abi in ABIS:
        other = os.path.join(TOP, "arch", abi, "vdso_exports.c")
        if not os.path.exists(other):
            continue
        known = set(re.findall(r'\{\s*"(\w+)"', open(other).read()))
        host = open(os.path.join(TOP, "arch", abi, "host", "elf_arch.c")).read()
        block = host[host.index("vdso_exports[] = {"):]
        block = block[:block.index("};")]
        mine = set(re.findall(r'"(\w+)"', block))
        assert mine and mine <= known, (abi, mine - known)
        checked += 1
    if not checked:
        pytest.skip("no arch/<abi>/vdso_exports.c yet")


def test_usage_errors_exit_2(tmp_path):
    assert run([]).returncode == 2
    assert run(["--no-such-option", "x"]).returncode == 2
    res = run([str(tmp_path / "missing.o")])
    assert res.returncode == 2 and "missing.o" in res.stderr
    res = run(["--allow-file", str(tmp_path / "nope"), "x"])
    assert res.returncode == 2


def test_json_is_valid_with_errors_and_findings(tmp_path):
    obj = compile_c(tmp_path, "x86_64", STRUCT_COPY, FREESTANDING)
    bad = tmp_path / "bad.o"
    bad.write_bytes(b"\x7fELF" + b"\x02\x01\x01" + b"\0" * 9)
    res = run(["--json", obj, str(bad)])
    assert res.returncode == 2
    doc = json.loads(res.stdout)
    assert any("error" in f and "bad.o" in f["error"] for f in doc["findings"])
    assert any(f.get("symbol") == "memcpy" for f in doc["findings"])


@pytest.mark.parametrize("abi,flags,ident", [
    ("s390x", ["-m31"], (1, 2)),		# ELF32, big endian
    ("ppc64le", ["-mbig-endian"], (2, 2)),	# ELF64, big endian
    ("i386", [], (1, 1)),			# ELF32, little endian
    ("aarch64", [], (2, 1)),		# ELF64, little endian
])
def test_every_class_and_byte_order(tmp_path, abi, flags, ident):
    need_cc(abi)
    try:
        obj = compile_c(tmp_path, abi, STRUCT_COPY, FREESTANDING + flags)
    except subprocess.CalledProcessError:
        pytest.skip("%s cannot build %s" % (ABI_CC[abi], " ".join(flags)))
    data = open(obj, "rb").read(6)
    assert (data[4], data[5]) == ident
    oracle = [t for s, t in readelf_relocs(obj) if s == "memcpy"]
    rc, fs = findings([obj])
    assert oracle and rc == 1
    assert [f["reloc"] for f in fs if f["symbol"] == "memcpy"] == oracle
    assert all(f["function"] == "save" for f in fs)
