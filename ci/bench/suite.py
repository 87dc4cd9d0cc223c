"""The suite's own speed: make run on this kernel, and boot/test seconds of each matrix guest."""
import glob
import json
import os
import subprocess
import time

import ktap


def make_run(top, arch, timeout):
    """Wall time of `make run` here, with its exit code and KTAP totals."""
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
           "method": "wall time of the command, build/install of an up-to-date tree included"}
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
        rows.append({"arch": r.get("arch"), "kernel": r.get("label") or r.get("kernel_id"),
                     "release": (r.get("guest") or {}).get("release"),
                     "clocksource": (r.get("guest") or {}).get("clocksource"),
                     "verdict": r.get("verdict"), "boot_seconds": r.get("boot_seconds"),
                     "wall_seconds": r.get("wall"),
                     "test_seconds": {abi: (v or {}).get("seconds") for abi, v in runs.items()},
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
