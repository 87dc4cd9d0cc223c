#!/usr/bin/python3
"""Records what binutils sees in each built blob (expect/<abi>.txt): the oracle blobcheck must match.

Usage: gen_expect.py OUT_ROOT [ABI...]   record expect/<abi>.txt after `make ARCH=<abi>` here
       gen_expect.py --objdir DIR           print the oracle for one build (make does this)
Only readelf is used here, never blobcheck, so the expectations are independent of it.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ABIS = ["x86_64", "i386", "aarch64", "ppc64le", "s390x"]
LINKER_NAMES = {".TOC.", "_GLOBAL_OFFSET_TABLE_"}
GCC = {"x86_64": "x86_64-linux-gnu-gcc", "i386": "i686-linux-gnu-gcc",
       "aarch64": "aarch64-linux-gnu-gcc", "ppc64le": "powerpc64le-linux-gnu-gcc",
       "s390x": "s390x-linux-gnu-gcc"}


def readelf(*args):
    return subprocess.run(["readelf", "-W"] + list(args), check=True, stdout=subprocess.PIPE,
                          text=True).stdout


def sections(obj):
    secs = {}
    for m in re.finditer(r"^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+"
                         r"\s+[0-9a-f]+\s+(\S*)", readelf("-S", obj), re.M):
        secs[m.group(2)] = (int(m.group(1)), m.group(4))
    return secs


def symbols(obj):
    """name -> (ndx, type, bind, value, size) from .symtab."""
    syms, funcs = {}, []
    for m in re.finditer(r"^\s*\d+:\s+([0-9a-f]+)\s+(\d+)\s+(\w+)\s+(\w+)\s+\w+(?:\s+\[[^]]*\])?\s+(\w+)\s*(\S*)",
                         readelf("-s", obj), re.M):
        value, size, typ, bind, ndx, name = m.groups()
        if name:
            syms[name] = (ndx, typ, bind)
        if typ == "FUNC" and ndx.isdigit():
            funcs.append((int(ndx), int(value, 16), int(value, 16) + max(int(size), 1), name))
    return syms, funcs


def oracle(obj):
    """Sorted findings: (kind, symbol, weak, section, offset, function, reloc type)."""
    secs = sections(obj)
    syms, funcs = symbols(obj)
    found = []
    target = None
    for line in readelf("-r", obj).splitlines():
        m = re.match(r"Relocation section '\.rela?(\S*)'", line)
        if m:
            target = m.group(1)
            continue
        m = re.match(r"\s*([0-9a-f]+)\s+[0-9a-f]+\s+(R_\w+)\s+[0-9a-f]+\s+(\S+)", line)
        if not m or target is None:
            continue
        off, rtype, name = int(m.group(1), 16), m.group(2), m.group(3)
        ndx = secs.get(target, (None, ""))[0]
        fn = next((f[3] for f in funcs if f[0] == ndx and f[1] <= off < f[2]), None)
        ndx_s, typ, bind = syms.get(name, ("?", "?", "?"))
        if ndx_s == "UND" and name not in LINKER_NAMES:
            found.append(("undefined", name, bind == "WEAK", target, off, fn, rtype))
        elif typ == "FUNC" and fn == name and "X" in secs.get(target, (0, ""))[1]:
            found.append(("recursion", name, False, target, off, fn, rtype))
    return sorted(found, key=lambda f: tuple(str(x) for x in f))


def objects(objdir):
    for comp in sorted(os.listdir(objdir)):
        for f in sorted(os.listdir(os.path.join(objdir, comp))):
            if f.endswith(".o"):
                yield "%s/%s" % (comp, f)


def compiler_versions(abi_cc):
    out = []
    for cc in abi_cc:
        v = subprocess.run([cc, "--version"], stdout=subprocess.PIPE, text=True).stdout
        out.append(v.splitlines()[0] if v else cc + " missing")
    return out


def format_line(obj, f):
    kind, sym, weak, sec, off, fn, rtype = f
    return "%s %s %s%s %s+0x%x %s %s" % (obj, kind, sym, "(weak)" if weak else "", sec, off,
                                          fn or "-", rtype)


def expectations(objdir):
    lines = []
    for obj in objects(objdir):
        fs = oracle(os.path.join(objdir, obj))
        lines += [format_line(obj, f) for f in fs] or ["%s clean" % obj]
    return lines


def main(out_root, abis):
    for abi in abis:
        objdir = os.path.join(out_root, abi, "selftests", "blobs", "obj")
        vers = compiler_versions([GCC[abi], "clang-14"])
        with open(os.path.join(HERE, "expect", abi + ".txt"), "w") as f:
            f.write("# %s blobs as readelf sees them; regenerate with gen_expect.py\n" % abi)
            f.write("".join("# compiler: %s\n" % v for v in vers))
            f.write("\n".join(expectations(objdir)) + "\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--objdir"]:
        print("\n".join(expectations(sys.argv[2])))
    else:
        main(sys.argv[1], sys.argv[2:] or ABIS)
