"""Runs the matrix's boots in parallel and stores each one's verdict, KTAP and vDSO facts."""
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from . import arches, console, qemu


@dataclass
class Job:
    arch: object
    kernel_id: str      # bookworm, bookworm-backports or custom
    label: str          # what the table calls it: 6.1, 6.12, custom
    kernel: str
    versions: dict
    initrd: str
    out: str            # out/matrix/<kernel_id>/<arch>
    append: tuple = ()  # extra kernel command line
    cr_restore: bool = False    # boot with the previous job's C/R images


CR_HOOK = os.path.join("cr", "matrix-hook")


def has_cr_hook(images, arch):
    return any(os.access(os.path.join(images, "suites", abi, CR_HOOK), os.X_OK)
               for abi in arch.abis)


def plan(images, out, arch_names, suites, kernel=None):
    """Jobs for every requested arch and kernel; exits with a clear message if inputs lack."""
    jobs = []
    for name in arch_names:
        arch = arches.get(name)
        tool = qemu.missing_tool(arch)
        if tool:
            raise SystemExit("matrix: " + tool)
        initrd = os.path.join(images, "initramfs", name + ".cpio.gz")
        if not os.path.exists(initrd):
            raise SystemExit("matrix: %s is missing: run make images ARCH=%s" % (initrd, name))
        if kernel:
            jobs.append(Job(arch, "custom", "custom", kernel, {"kernel-file": kernel},
                            initrd, os.path.join(out, "custom", name)))
            continue
        # With two kernels and the C/R hook installed, the first kernel checkpoints and
        # the second restores: their boots then run in order (see run_all).
        cross = len(suites) > 1 and has_cr_hook(images, arch)
        for i, suite in enumerate(suites):
            path, versions = arches.debian_kernel(arch, images, suite)
            if not path:
                raise SystemExit("matrix: no %s kernel for %s under %s: run make images"
                                 % (suite, name, images))
            jobs.append(Job(arch, suite, arches.SUITE_LABELS.get(suite, suite), path,
                            versions, initrd, os.path.join(out, suite, name),
                            ("vdso_matrix.cr=checkpoint",) if cross and i == 0 else (),
                            cross and i == 1))
    return jobs


def suite_timeouts(images, abis):
    """(longest per-test timeout, sum over all tests) of the installed trees, in seconds."""
    longest, total = 0, 0
    for abi in abis:
        tree = os.path.join(images, "suites", abi)
        per = {}
        for s in glob.glob(os.path.join(tree, "*", "settings")):
            with open(s) as f:
                for line in f:
                    if line.startswith("timeout="):
                        per[os.path.basename(os.path.dirname(s))] = int(line.split("=")[1])
        try:
            with open(os.path.join(tree, "kselftest-list.txt")) as f:
                tests = [t.strip() for t in f if t.strip()]
        except OSError:
            tests = []
        for t in tests:
            secs = per.get(t.split(":")[0], 45)
            longest, total = max(longest, secs), total + secs
    return longest or 45, total


def qemu_version(binary):
    try:
        out = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, text=True,
                             timeout=20).stdout
        return out.splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def blobcheck(tool, image):
    """The host's verdict on a dumped image under blobcheck's vDSO policy."""
    if not tool or not os.access(tool, os.X_OK):
        return {"rc": None, "output": "blobcheck not built (make host-tools)"}
    res = subprocess.run([tool, "--vdso", image], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    return {"rc": res.returncode, "output": res.stdout.strip()[-2000:]}


def boot_one(job, images, boot_timeout, blobcheck_path=None, cr_in=None):
    os.makedirs(job.out, exist_ok=True)
    for old in glob.glob(os.path.join(job.out, "*")):
        if os.path.isdir(old):
            shutil.rmtree(old)
        else:
            os.remove(old)
    longest, total = suite_timeouts(images, job.arch.abis)
    initrd = job.initrd
    if cr_in:
        initrd = with_cr_images(job.initrd, cr_in, job.out)
    # A test may be silent until its own timeout; QEMU TCG adds its own slowness.
    boot = qemu.run(qemu.command(job.arch, job.kernel, initrd, job.append),
                    os.path.join(job.out, "console.log"), boot_timeout,
                    silent_timeout=longest * 2 + 30, total_timeout=boot_timeout + total * 2 + 120)
    verdict = console.classify(boot.raw, job.arch.abis, boot.stop, boot.qemu_rc)
    lines = console.clean(boot.raw)
    infos, image_errors = console.vdso_info(lines)
    vdso = {}
    for abi, info in infos.items():
        vdso[abi] = {k: info[k] for k in ("page_size", "layout", "exports")}
        if info["image"] is not None:
            path = os.path.join(job.out, "vdso-%s.so" % abi)
            with open(path, "wb") as f:
                f.write(info["image"])
            vdso[abi]["image_bytes"] = len(info["image"])
            vdso[abi]["blobcheck"] = blobcheck(blobcheck_path, path)
    runs = {}
    for abi, r in verdict.runs.items():
        with open(os.path.join(job.out, abi + ".ktap"), "w") as f:
            f.write(r.ktap)
        runs[abi] = {"rc": r.rc, "begin": r.begin, "end": r.end,
                     "seconds": (r.end - r.begin) if r.end is not None else None}
    cr = {}
    for key, r in console.cr_runs(lines).items():
        abi, phase = key.split(":")
        with open(os.path.join(job.out, "%s.cr-%s.ktap" % (abi, phase)), "w") as f:
            f.write(r.ktap)
        cr[key] = {"rc": r.rc, "seconds": (r.end - r.begin) if r.end is not None else None}
    cr_out, cr_errors = console.cr_images(lines)
    for abi, data in cr_out.items():
        with open(os.path.join(job.out, "cr-%s.tgz" % abi), "wb") as f:
            f.write(data)
    result = {
        "arch": job.arch.name, "kernel_id": job.kernel_id, "label": job.label,
        "kernel": job.kernel, "initrd": job.initrd, "versions": job.versions,
        "qemu": qemu_version(job.arch.qemu), "cmd": boot.cmd, "abis": list(job.arch.abis),
        "stop": boot.stop, "qemu_rc": boot.qemu_rc, "wall": round(boot.wall, 2),
        "boot_seconds": None if boot.boot_seconds is None else round(boot.boot_seconds, 2),
        "code": verdict.code, "verdict": verdict.name, "summary": verdict.summary,
        "evidence": verdict.evidence, "guest": verdict.guest, "runs": runs,
        "layout": console.vdso_layout(lines),
        "auxv": console.auxv(lines, job.arch.word_bytes, job.arch.big_endian),
        "vdso": vdso, "image_errors": image_errors,
        "cr": cr, "cr_images": sorted(cr_out), "cr_errors": cr_errors,
        "cr_role": "checkpoint" if job.append else "restore" if job.cr_restore else None,
        "cr_in": sorted(cr_in or {}),
    }
    with open(os.path.join(job.out, "result.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    return result


def with_cr_images(base, cr_in, out):
    """The base initramfs plus a second cpio holding /cr-in/<abi>.tgz (the kernel unpacks
    concatenated archives in order)."""
    stage = os.path.join(out, "cr-in.root")
    os.makedirs(os.path.join(stage, "cr-in"), exist_ok=True)
    for abi, data in cr_in.items():
        with open(os.path.join(stage, "cr-in", abi + ".tgz"), "wb") as f:
            f.write(data)
    files = ["cr-in"] + ["cr-in/%s.tgz" % abi for abi in sorted(cr_in)]
    cpio = subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], cwd=stage,
                          input=("\n".join(files) + "\n").encode(), stdout=subprocess.PIPE,
                          check=True)
    path = os.path.join(out, "initrd-cr.cpio.gz")
    with open(base, "rb") as f, open(path, "wb") as o:
        o.write(f.read())
        o.write(gzip.compress(cpio.stdout))
    return path


def _chain(chain, images, boot_timeout, blobcheck_path):
    """Boots jobs of one arch in order, carrying C/R images from one kernel to the next."""
    out, carried = [], None
    for job in chain:
        r = boot_one(job, images, boot_timeout, blobcheck_path,
                     carried if job.cr_restore else None)
        carried = {abi: open(os.path.join(job.out, "cr-%s.tgz" % abi), "rb").read()
                   for abi in r["cr_images"]}
        out.append((job, r))
    return out


def run_all(jobs, images, parallel, boot_timeout, blobcheck_path=None, log=sys.stdout):
    """Boots every job, `parallel` at a time; returns results in job order.

    Jobs of one arch that carry a C/R image run in order in one worker."""
    results, chains = {}, []
    for i, j in enumerate(jobs):
        if j.cr_restore and chains:
            chains[-1].append((i, j))
        else:
            chains.append([(i, j)])
    pool = ThreadPoolExecutor(max_workers=max(1, parallel))
    try:
        futs = {pool.submit(_chain, [j for _, j in c], images, boot_timeout, blobcheck_path):
                [i for i, _ in c] for c in chains}
        for fut in as_completed(futs):
            for idx, (_, r) in zip(futs[fut], fut.result()):
                results[idx] = r
                _log_line(log, r)
    finally:
        # Whatever happened (an exception, ^C): no QEMU outlives the runner.
        qemu.kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
        qemu.kill_all()
    return [results[i] for i in sorted(results)]


def _log_line(log, r):
    log.write("matrix: %-5s %-8s %-17s boot %5s s, total %6.1f s  %s\n" % (
        r["label"], r["arch"], r["verdict"],
        "%.1f" % r["boot_seconds"] if r["boot_seconds"] is not None else "-",
        r["wall"], r["summary"]))
    log.flush()


def load(job):
    """The stored result of an earlier boot of this job."""
    path = os.path.join(job.out, "result.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit("matrix: %s: no earlier result (%s)" % (path, e))
