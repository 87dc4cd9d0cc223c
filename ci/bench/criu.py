"""criu dump + criu restore of the same idle process vdso_bench --cr takes through our engine."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time


def _error_line(text):
    """The most telling line of criu's output: its first Error line that is not a helper's
    exit status (criu logs those first), then every other Error line, else its last line."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    errors = [l for l in lines if "Error" in l]
    telling = [l for l in errors if not re.search(r"exited, status=\d+$", l)]
    if telling:
        return "; ".join(telling)
    return errors[0] if errors else (lines[-1] if lines else "no output")


def _start(target):
    return subprocess.Popen([target, "--cr-target"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _one(criu, target, work):
    """(dump s, restore s) or raises RuntimeError with criu's error."""
    proc = _start(target)
    time.sleep(0.05)
    d = tempfile.mkdtemp(dir=work)
    try:
        t0 = time.monotonic()
        res = subprocess.run([criu, "dump", "-t", str(proc.pid), "-D", d, "-o", "dump.log"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=120)
        dump = time.monotonic() - t0
        if res.returncode != 0:
            log = _read(os.path.join(d, "dump.log")) or res.stdout
            raise RuntimeError("criu dump: exit %d: %s" % (res.returncode, _error_line(log)))
        proc.wait()
        pidfile = os.path.join(d, "restored.pid")
        t0 = time.monotonic()
        res = subprocess.run([criu, "restore", "-D", d, "-d", "-o", "restore.log",
                              "--pidfile", pidfile], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=120)
        restore = time.monotonic() - t0
        if res.returncode != 0:
            log = _read(os.path.join(d, "restore.log")) or res.stdout
            raise RuntimeError("criu restore: exit %d: %s" % (res.returncode, _error_line(log)))
        pid = _read(pidfile).strip()
        if pid.isdigit():
            _kill(int(pid))
        return dump, restore
    finally:
        _kill(proc.pid)
        proc.wait()
        shutil.rmtree(d, ignore_errors=True)


def _read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def measure(target, work, cycles):
    criu = shutil.which("criu") or ("/usr/sbin/criu" if os.path.exists("/usr/sbin/criu") else None)
    out = {"tool": "criu", "target": "vdso_bench --cr-target (the same idle process)"}
    if not criu:
        out.update(status="not measurable",
                   reason="criu is not installed (apt-get install -y criu)")
        return out
    ver = subprocess.run([criu, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    out["version"] = ver.stdout.strip().splitlines()[0] if ver.stdout.strip() else "?"
    os.makedirs(work, exist_ok=True)
    dumps, restores = [], []
    try:
        for _ in range(cycles):
            d, r = _one(criu, target, work)
            dumps.append(d * 1000)
            restores.append(r * 1000)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        out.update(status="not measurable", reason=str(e))
        return out
    cyc = [a + b for a, b in zip(dumps, restores)]
    out.update(status="ok", cycles=cycles, dump_ms=_stats(dumps), restore_ms=_stats(restores),
               cycle_ms=_stats(cyc))
    return out


def _stats(v):
    s = sorted(v)
    n = len(s)
    med = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return {"median": round(med, 3), "min": round(s[0], 3), "max": round(s[-1], 3),
            "samples": [round(x, 3) for x in v]}
