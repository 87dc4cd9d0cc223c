#!/usr/bin/python3
"""Regenerates arch/<abi>/host/elf_relocs.c (relocation names, TLS types) from a glibc <elf.h>."""
import re
import sys

ABIS = {  # abi: (C prefix, macro prefix, names to leave out)
    "x86_64": ("x86_64", "R_X86_64_", None),
    "i386": ("i386", "R_386_", None),
    "aarch64": ("aarch64", "R_AARCH64_", re.compile(r"^R_AARCH64_P32_")),
    "ppc64le": ("ppc64", "R_PPC64_", None),
    "s390x": ("s390", "R_390_", None),
}
TLS = re.compile(r"TLS|TPOFF|TPREL|DTPMOD|DTPOFF|DTPREL")


def read_defines(path):
    defs = {}
    for line in open(path):
        m = re.match(r"#define\s+(R_\w+)\s+(\w+)", line)
        if m:
            defs[m.group(1)] = m.group(2)
    return defs


def value(defs, name):
    v = defs[name]
    while not v.isdigit():
        v = defs[v]
    return int(v)


def main(elf_h, top):
    defs = read_defines(elf_h)
    for abi, (cname, prefix, skip) in ABIS.items():
        names = {}
        for n in defs:
            if not n.startswith(prefix) or n.endswith("_NUM") or (skip and skip.match(n)):
                continue
            names.setdefault(value(defs, n), n)
        tls = sorted(v for v, n in names.items() if TLS.search(n))
        out = ["/* %s relocation names and TLS types (from <elf.h> by gen_elf_relocs.py). */" % abi,
               '#include "elf_arch.h"', "",
               "const char *const %s_reloc_names[%d] = {" % (cname, max(names) + 1)]
        out += ["\t[%d] = \"%s\"," % (v, names[v]) for v in sorted(names)]
        out += ["};", "", "const unsigned int %s_tls_relocs[%d] = {" % (cname, len(tls))]
        out += ["\t%s" % ", ".join(str(v) for v in tls[i:i + 12]) + ","
                for i in range(0, len(tls), 12)]
        out += ["};", ""]
        with open("%s/arch/%s/host/elf_relocs.c" % (top, abi), "w") as f:
            f.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/include/elf.h",
         sys.argv[2] if len(sys.argv) > 2 else ".")
