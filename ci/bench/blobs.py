"""blobcheck against nm -u and readelf -s on the same objects, timed in one run."""
import glob
import os
import shutil
import subprocess
import time

# Archives that every Debian with libc6-dev has come first, so the corpus is the same everywhere.
PREFERRED = ("libc.a", "libm-*.a", "libcrypto.a", "libgmp.a")
BATCH = 200


def _archives(libdir):
    seen, out = set(), []
    for pat in PREFERRED + ("*.a",):
        for path in sorted(glob.glob(os.path.join(libdir, pat))):
            real = os.path.realpath(path)
            if real not in seen and os.path.isfile(real):
                seen.add(real)
                out.append(path)
    return out


def corpus(workdir, count, libdir):
    """At least count .o files (when the archives hold that many), extracted once and kept."""
    os.makedirs(workdir, exist_ok=True)
    files = []
    for ar in _archives(libdir):
        if len(files) >= count:
            break
        dest = os.path.join(workdir, os.path.basename(ar).replace(".", "_"))
        if not os.path.isdir(dest):
            tmp = dest + ".tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            os.makedirs(tmp)
            res = subprocess.run(["ar", "x", os.path.abspath(ar)], cwd=tmp,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if res.returncode != 0:
                shutil.rmtree(tmp, ignore_errors=True)
                continue
            os.rename(tmp, dest)
        files += sorted(os.path.join(dest, f) for f in os.listdir(dest) if f.endswith(".o"))
    return files[:count]


def tools(blobcheck):
    return [("blobcheck", [blobcheck]), ("nm -u", ["nm", "-u"]), ("readelf -s", ["readelf", "-sW"])]


def measure(files, blobcheck, rounds=3):
    """Each tool over the same files in batches of BATCH, tools interleaved batch by batch so
    a noisy moment of the machine hits all of them; rounds repeat the whole pass."""
    names = [t[0] for t in tools(blobcheck)]
    per_round = {n: [] for n in names}
    exits = {n: {} for n in names}
    batches = [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
    for _ in range(rounds):
        spent = {n: 0.0 for n in names}
        for batch in batches:
            for name, cmd in tools(blobcheck):
                t0 = time.monotonic()
                rc = subprocess.run(cmd + batch, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL).returncode
                spent[name] += time.monotonic() - t0
                exits[name][str(rc)] = exits[name].get(str(rc), 0) + 1
        for n in names:
            per_round[n].append(len(files) / spent[n] if spent[n] > 0 else None)
    out = {"files": len(files), "rounds": rounds, "batch": BATCH,
           "method": "each tool run on the same batches of %d files, output to /dev/null, tools "
                     "interleaved batch by batch; files per second per round" % BATCH,
           "tools": {}}
    for n in names:
        v = sorted(x for x in per_round[n] if x)
        out["tools"][n] = {"files_per_s": {"median": _median(v), "min": v[0] if v else None,
                                           "max": v[-1] if v else None,
                                           "rounds": [round(x, 1) for x in per_round[n] if x]},
                           "exit_codes": exits[n]}
    bc = out["tools"]["blobcheck"]["files_per_s"]["median"]
    for n in names[1:]:
        other = out["tools"][n]["files_per_s"]["median"]
        out["tools"][n]["blobcheck_speedup"] = round(bc / other, 2) if bc and other else None
    return out


def _median(v):
    if not v:
        return None
    n = len(v)
    return round(v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2, 1)
