"""Reads vdso_bench JSON (from a run here or framed in a guest console) into latency rows."""
import json
import re
import subprocess

_BEGIN = re.compile(r"^VDSO-BENCH-BEGIN abi=(\S+)\s*$")
_END = re.compile(r"^VDSO-BENCH-END abi=(\S+)\s*$")
# A kernel message that landed between two lines of the document on a shared console.
_KMSG = re.compile(r"^\s*(?:<\d+>)?\[\s*\d+\.\d+\]")
# Below this a median is within the empty loop's own jitter: no ratio is computed from it.
RESOLUTION_NS = 5.0
METHODS = ("vdso", "syscall", "libc")
CASES = ("plain", "moved", "timens")


class BenchError(Exception):
    """A vdso_bench document that is missing, cut short or not what the schema says."""


def check(doc):
    """Raises BenchError naming the first thing wrong with a vdso_bench document."""
    def need(obj, key, kind, where):
        if not isinstance(obj, dict) or key not in obj or not isinstance(obj[key], kind):
            raise BenchError("%s: missing or bad %r" % (where, key))
        return obj[key]

    if need(doc, "tool", str, "document") != "vdso_bench" or doc.get("schema") != 1:
        raise BenchError("document: not a vdso_bench schema 1 document")
    for key in ("abi", "kernel", "machine", "cpu_model", "clocksource"):
        need(doc, key, str, "document")
    method = need(doc, "method", dict, "document")
    samples = need(method, "samples", int, "method")
    if samples < 10:
        raise BenchError("method: %d samples, fewer than 10" % samples)
    need(method, "sample_target_ns", int, "method")
    cases = need(doc, "cases", dict, "document")
    for name in CASES:
        case = need(cases, name, dict, "cases")
        status = need(case, "status", str, name)
        if status != "ok":
            need(case, "reason", str, name)
            continue
        need(case, "empty_loop_ns", (int, float), name)
        for i, s in enumerate(need(case, "series", list, name)):
            where = "%s series %d" % (name, i)
            for key in ("op", "method"):
                need(s, key, str, where)
            if s["method"] not in METHODS:
                raise BenchError("%s: unknown method %r" % (where, s["method"]))
            for key in ("median_ns", "min_ns", "max_ns"):
                need(s, key, (int, float), where)
            if not s["min_ns"] <= s["median_ns"] <= s["max_ns"]:
                raise BenchError("%s: median outside [min, max]" % where)
            if len(need(s, "samples_ns", list, where)) != samples:
                raise BenchError("%s: %d samples, method says %d" % (where, len(s["samples_ns"]),
                                                                     samples))
            if need(s, "iterations", int, where) < 1:
                raise BenchError("%s: no iterations" % where)
    return doc


def run(binary, samples=None, sample_us=None, cr_cycles=0, timeout=600):
    """Runs one vdso_bench and returns its checked document."""
    cmd = [binary]
    if samples:
        cmd += ["--samples", str(samples)]
    if sample_us:
        cmd += ["--sample-us", str(sample_us)]
    if cr_cycles:
        cmd += ["--cr", str(cr_cycles)]
    try:
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BenchError("%s: %s" % (binary, e))
    if res.returncode != 0:
        raise BenchError("%s: exit %d: %s" % (binary, res.returncode,
                                               (res.stderr.strip() or "no message")[-300:]))
    return parse(res.stdout, binary)


def parse(text, where):
    try:
        return check(json.loads(text))
    except ValueError as e:
        raise BenchError("%s: not JSON: %s" % (where, e))


def from_console(text):
    """[(abi, document or BenchError)] for every framed vdso_bench run in a guest console."""
    out, abi, body = [], None, None
    for line in text.splitlines():
        line = line.rstrip("\r")
        m = _BEGIN.match(line)
        if m:
            abi, body = m.group(1), []
            continue
        m = _END.match(line)
        if m and body is not None:
            try:
                out.append((abi, parse("\n".join(body), "console abi=" + abi)))
            except BenchError as e:
                out.append((abi, e))
            abi, body = None, None
            continue
        if body is not None and not _KMSG.match(line):
            body.append(line)
    if body is not None:
        out.append((abi, BenchError("console abi=%s: VDSO-BENCH-END missing" % abi)))
    return out


def _key(s):
    return (s["op"], s.get("clock"))


def rows(doc):
    """One row per function and clock: each method's figures and the ratios the issue asks for.

    A function the vDSO exports under two entries (i386's clock_gettime and clock_gettime64)
    gives one row per entry; syscall and libc figures are the same for both.
    """
    plain = doc["cases"]["plain"]
    if plain["status"] != "ok":
        return []
    by_key = {}
    order = []
    for s in plain["series"]:
        k = _key(s)
        if k not in by_key:
            by_key[k] = {"vdso": [], "syscall": None, "libc": None}
            order.append(k)
        if s["method"] == "vdso":
            by_key[k]["vdso"].append(s)
        else:
            by_key[k][s["method"]] = s
    other = {}
    for case in ("moved", "timens"):
        c = doc["cases"][case]
        other[case] = {}
        if c["status"] == "ok":
            for s in c["series"]:
                if s["method"] == "vdso":
                    other[case][_key(s) + (s.get("symbol"),)] = s
    out = []
    for k in order:
        entry = by_key[k]
        for v in entry["vdso"] or [None]:
            sym = v["symbol"] if v else None
            row = {"abi": doc["abi"], "op": k[0], "clock": k[1], "symbol": sym,
                   "vdso": _fig(v), "syscall": _fig(entry["syscall"]), "libc": _fig(entry["libc"])}
            row["vdso_per_syscall"] = _ratio(v, entry["syscall"])
            for case in ("moved", "timens"):
                row[case + "_per_plain"] = _ratio(other[case].get(k + (sym,)), v)
            out.append(row)
    return out


def _fig(s):
    if not s:
        return None
    return {"median_ns": s["median_ns"], "min_ns": s["min_ns"], "max_ns": s["max_ns"],
            "iterations": s["iterations"]}


def _ratio(a, b):
    """a/b of medians; None when either is missing or b is within the loop's resolution."""
    if not a or not b or b["median_ns"] < RESOLUTION_NS or a["median_ns"] <= 0:
        return None
    return round(a["median_ns"] / b["median_ns"], 3)
