"""The suite's own speed: make run on this kernel, and boot/test seconds of each matrix guest."""
import glob
import json
import os
import subprocess
import time

import ktap


def _ktap_counts(path):
    """{status: n} of the leaf-level results in a stored KTAP file; {} if unreadable."""
    try:
        with open(path, errors="replace") as f:
            root = ktap.parse(f.read())
    except OSError:
        return {}
    counts = {}
    for _, status, _ in ktap.flatten(root):
        counts[status] = counts.get(status, 0) + 1
    return counts


def make_run(top, arch, timeout):
    """Wall time of `make run` here, with its exit code and KTAP totals. The tree is built
    first, untimed, so the figure is the suite's run (plus its install copy), not a compile."""
    t0 = time.monotonic()
    build = subprocess.run(["make", "--no-print-directory", "-s", "-C", top, "all",
                            "ARCH=" + arch, "-j2"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=timeout)
    build_s = round(time.monotonic() - t0, 2)
    cmd = ["make", "--no-print-directory", "-s", "-C", top, "run", "ARCH=" + arch]
    t0 = time.monotonic()
    try:
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": round(time.monotonic() - t0, 2),
                "command": " ".join(cmd)}
    wall = time.monotonic() - t0
    counts = {}
    for _, status, _ in ktap.flatten(ktap.parse(res.stdout)):
        counts[status] = counts.get(status, 0) + 1
    out = {"status": "ok" if res.returncode == 0 else "failed", "rc": res.returncode,
           "seconds": round(wall, 2), "command": " ".join(cmd), "results": counts,
           "build_seconds": build_s, "build_rc": build.returncode,
           "method": "wall time of make run after an untimed make all (install copy included)"}
    if res.returncode != 0:
        tail = [l for l in res.stdout.splitlines() if l.strip()][-1:]
        out["last_line"] = tail[0][:300] if tail else ""
    return out


def matrix(folder):
    """One row per stored matrix boot: arch, kernel, boot seconds, test seconds per ABI."""
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "*", "*", "result.json"))):
        try:
            with open(path) as f:
                r = json.load(f)
        except (OSError, ValueError) as e:
            rows.append({"path": path, "status": "unreadable", "reason": str(e)})
            continue
        runs = r.get("runs") or {}
        counts = {abi: _ktap_counts(os.path.join(os.path.dirname(path), abi + ".ktap"))
                  for abi in runs}
        rows.append({"arch": r.get("arch"), "kernel": r.get("label") or r.get("kernel_id"),
                     "release": (r.get("guest") or {}).get("release"),
                     "clocksource": (r.get("guest") or {}).get("clocksource"),
                     "verdict": r.get("verdict"), "boot_seconds": r.get("boot_seconds"),
                     "wall_seconds": r.get("wall"),
                     "test_seconds": {abi: (v or {}).get("seconds") for abi, v in runs.items()},
                     "test_results": counts,
                     "path": os.path.relpath(path, folder),
                     "stored": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                             time.gmtime(os.path.getmtime(path)))})
    return rows


def consoles(folder):
    """(label, console text) of every stored guest console, for framed vdso_bench output."""
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*", "*", "console.log"))):
        try:
            with open(path, errors="replace") as f:
                out.append((os.path.relpath(os.path.dirname(path), folder), f.read()))
        except OSError:
            continue
    return out
