"""Per arch, what differs between two kernels' vDSOs: layout, page size, exports, outcomes."""
from . import results


def _facts(boot):
    """Ordered facts of one boot: guest, native process layout, then each ABI's vDSO."""
    f = {"release": boot["guest"].get("release", "?"),
         "clocksource": boot["guest"].get("clocksource", "?"),
         "AT_PAGESZ": boot["auxv"].get("AT_PAGESZ", "?")}
    for name, size in sorted(boot["layout"].items()):
        f["%s bytes" % name] = size
    for abi in boot["abis"]:
        info = boot.get("vdso", {}).get(abi)
        if info is None:
            f["%s vDSO" % abi] = "not dumped"
            continue
        f["%s page size" % abi] = info["page_size"]
        for name, size in sorted(info["layout"].items()):
            f["%s %s bytes" % (abi, name)] = size
        f["%s image bytes" % abi] = info.get("image_bytes", "not dumped")
        f["%s exports" % abi] = set(info["exports"])
    return f


def _outcomes(out, boot):
    try:
        # The C/R hook checkpoints on one kernel and restores on the other: not comparable.
        return {c.name: c.outcome for c in results.cases_of(boot, out)
                if "/cr-cross/" not in c.name}
    except RuntimeError:
        return {}


def report(out, boots):
    """Markdown: per arch with two kernels, the facts that differ and the ones that do not."""
    by_arch = {}
    for b in boots:
        by_arch.setdefault(b["arch"], []).append(b)
    parts = ["## Kernel diff (vDSO as each guest saw it)\n"]
    if all(len(bs) < 2 for bs in by_arch.values()):
        parts.append("One kernel per arch: nothing to compare.\n")
    for arch, bs in sorted(by_arch.items()):
        if len(bs) < 2:
            continue
        old, new = bs[0], bs[1]
        fo, fn = _facts(old), _facts(new)
        parts.append("### %s: %s -> %s\n" % (arch, old["label"], new["label"]))
        rows = []
        for key in list(dict.fromkeys(list(fo) + list(fn))):
            a, b = fo.get(key, "-"), fn.get(key, "-")
            if isinstance(a, set) or isinstance(b, set):
                rows += _export_rows(key, a, b)
                continue
            rows.append("| %s | %s | %s | %s |" % (key, a, b, "" if a == b else "**differs**"))
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
        parts.append(cr_hook(old, new))
    return "\n".join(parts)


def _export_rows(key, a, b):
    sa = a if isinstance(a, set) else set()
    sb = b if isinstance(b, set) else set()
    rows = ["| %s | %d | %d | %s |" % (key, len(sa), len(sb), "" if sa == sb else "**differs**")]
    rows += ["| %s: only %s | %s | | |" % (key, "old", s) for s in sorted(sa - sb)]
    rows += ["| %s: only %s | | %s | |" % (key, "new", s) for s in sorted(sb - sa)]
    return rows


def cr_hook(old, new):
    """One line per ABI on the cross-kernel checkpoint/restore."""
    if old.get("cr_role") != "checkpoint":
        return ("Cross-kernel C/R: not run: no ABI of this guest installs cr/matrix-hook "
                "(selftests/cr), the hook that checkpoints in %s and restores in %s.\n"
                % (old["label"], new["label"]))
    lines = []
    for abi in old["abis"]:
        ck = old["cr"].get(abi + ":checkpoint", {}).get("rc")
        rs = new["cr"].get(abi + ":restore", {}).get("rc")
        lines.append("- %s: checkpoint on %s %s, restore on %s %s" % (
            abi, old["label"], "not run" if ck is None else "rc=%d" % ck, new["label"],
            "not run" if rs is None else "rc=%d" % rs))
    return "Cross-kernel C/R:\n\n" + "\n".join(lines) + "\n"
