"""Per arch, what differs between two kernels' vDSOs: layout, page size, exports, outcomes."""
import os
import re
import shutil
import subprocess

from . import results

_SYM = re.compile(r"^\s*\d+:\s+[0-9a-f]+\s+\d+\s+(FUNC|NOTYPE|OBJECT)\s+(GLOBAL|WEAK)\s+\S+\s+"
                  r"(\S+)\s+(\S+)")


def exports(path):
    """{name@version} the image defines, via binutils readelf (reads any arch's ELF)."""
    if not shutil.which("readelf"):
        return None, "readelf is missing: apt-get install -y binutils"
    res = subprocess.run(["readelf", "-W", "--dyn-syms", path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        return None, "%s: %s" % (path, res.stderr.strip().splitlines()[-1:])
    syms = set()
    for line in res.stdout.splitlines():
        m = _SYM.match(line)
        if m and m.group(3) != "UND":
            syms.add(m.group(4).replace("@@", "@"))
    return syms, None


def _facts(out, boot):
    base = os.path.join(out, boot["kernel_id"], boot["arch"])
    f = {"release": boot["guest"].get("release", "?"),
         "page size": boot["auxv"].get("AT_PAGESZ", "?"),
         "clocksource": boot["guest"].get("clocksource", "?")}
    for name, size in sorted(boot["layout"].items()):
        f[name + " size"] = size
    for abi in boot["abis"]:
        img = os.path.join(base, "vdso-%s.so" % abi)
        if os.path.exists(img):
            f["%s image bytes" % abi] = os.path.getsize(img)
            f["%s exports" % abi] = exports(img)
    return f


def _outcomes(out, boot):
    try:
        return {c.name: c.outcome for c in results.cases_of(boot, out)}
    except RuntimeError:
        return {}


def report(out, boots):
    """Markdown: per arch with two kernels, the facts that differ and the ones that do not."""
    by_arch = {}
    for b in boots:
        by_arch.setdefault(b["arch"], []).append(b)
    parts = ["## Kernel diff (vDSO as each guest saw it)\n"]
    for arch, bs in sorted(by_arch.items()):
        if len(bs) < 2:
            continue
        old, new = bs[0], bs[1]
        fo, fn = _facts(out, old), _facts(out, new)
        parts.append("### %s: %s -> %s\n" % (arch, old["label"], new["label"]))
        rows = []
        for key in list(dict.fromkeys(list(fo) + list(fn))):
            a, b = fo.get(key, "-"), fn.get(key, "-")
            if key.endswith("exports"):
                rows += _export_rows(key, a, b)
                continue
            rows.append("| %s | %s | %s | %s |" % (key, a, b, "" if a == b else "**differs**"))
        for abi in old["abis"]:
            if "%s exports" % abi not in fo and "%s exports" % abi not in fn:
                rows.append("| %s exports | not dumped | not dumped | (no abi/vdso_dump in "
                            "this build) |" % abi)
        parts.append("| fact | %s | %s | |\n|---|---|---|---|\n%s\n" % (
            old["label"], new["label"], "\n".join(rows)))
        oo, on = _outcomes(out, old), _outcomes(out, new)
        diffs = ["| %s | %s | %s |" % (n, oo.get(n, "absent"), on.get(n, "absent"))
                 for n in sorted(set(oo) | set(on)) if oo.get(n) != on.get(n)]
        if diffs:
            parts.append("Outcomes that differ:\n\n| test | %s | %s |\n|---|---|---|\n%s\n"
                         % (old["label"], new["label"], "\n".join(diffs)))
        else:
            parts.append("Outcomes that differ: none (%d results compared).\n" % len(oo))
        parts.append(cr_hook(arch))
    return "\n".join(parts)


def _export_rows(key, a, b):
    (sa, ea), (sb, eb) = (a if isinstance(a, tuple) else (None, "not dumped")), \
        (b if isinstance(b, tuple) else (None, "not dumped"))
    if sa is None or sb is None:
        return ["| %s | %s | %s | |" % (key, ea or len(sa or ()), eb or len(sb or ()))]
    rows = ["| %s | %d symbols | %d symbols | %s |" % (key, len(sa), len(sb),
                                                       "" if sa == sb else "**differs**")]
    rows += ["| %s only in old | %s | | |" % (key, s) for s in sorted(sa - sb)]
    rows += ["| %s only in new | | %s | |" % (key, s) for s in sorted(sb - sa)]
    return rows


def cr_hook(arch):
    """Cross-kernel checkpoint/restore: needs the C/R tools in the installed tree."""
    return ("Cross-kernel C/R (%s): not run: it needs a checkpoint program in "
            "selftests/cr that the guest can run as `cr/matrix-hook checkpoint|restore`; "
            "none is installed yet.\n" % arch)
