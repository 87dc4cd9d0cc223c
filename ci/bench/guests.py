"""vdso_bench inside the QEMU matrix guests: its own small initramfs, booted with the matrix's
QEMU command lines, the framed JSON read back from the console. Reported, never judged."""
import concurrent.futures
import os
import shutil
import subprocess

from bench import latency

# The matrix's framing lines, so its QEMU runner knows when init spoke and when it is done.
INIT = """#!/bin/busybox sh
# /init of a bench guest: runs each ABI's vdso_bench once, framed, then powers off.
/bin/busybox mkdir -p /bin /proc /sys /dev /tmp
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)
echo "VDSO-SELFTESTS-GUEST release=$(uname -r) machine=$(uname -m) clocksource=${cs:-none}" \\
	"uptime=$(cut -d' ' -f1 /proc/uptime)"
for b in /bench/*/vdso_bench; do
	"$b" --frame %s || echo "VDSO-BENCH-ERROR $b rc=$?"
done
echo "VDSO-SELFTESTS-DONE uptime=$(cut -d' ' -f1 /proc/uptime)"
poweroff -f
"""


def _initramfs(path, busybox, binaries, args):
    root = path + ".root"
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "bin"))
    shutil.copy(busybox, os.path.join(root, "bin", "busybox"))
    with open(os.path.join(root, "init"), "w") as f:
        f.write(INIT % args)
    os.chmod(os.path.join(root, "init"), 0o755)
    for abi, binary in binaries:
        os.makedirs(os.path.join(root, "bench", abi))
        shutil.copy(binary, os.path.join(root, "bench", abi, "vdso_bench"))
    cmd = "find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1 > %s.tmp" % path
    subprocess.run(["sh", "-c", cmd], cwd=root, check=True)
    os.rename(path + ".tmp", path)
    shutil.rmtree(root, ignore_errors=True)


def _boot(job):
    from matrix import qemu
    boot = qemu.run(qemu.command(job["arch"], job["kernel"], job["initrd"]), job["log"],
                    boot_timeout=120, silent_timeout=300, total_timeout=900, done_grace=10)
    return boot


def _binary(top, abi):
    """This ABI's vdso_bench, built if needed; (path, None) or (None, why)."""
    res = subprocess.run(["make", "--no-print-directory", "-s", "-C", top, "ARCH=" + abi,
                          "O=" + os.path.join(top, "out", abi), "bench-bin"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    path = os.path.join(top, "out", abi, "bench", "vdso_bench")
    if res.returncode != 0 or not os.access(path, os.X_OK):
        return None, "make ARCH=%s bench-bin failed: %s" % (abi, res.stdout.strip()[-200:])
    return path, None


def run(top, images, out_dir, arch_names, suites, samples, sample_us, jobs, log):
    """(documents, not-run records, boot records) for every arch x kernel that can boot."""
    from matrix import arches, qemu
    os.makedirs(out_dir, exist_ok=True)
    args = "--samples %d --sample-us %d" % (samples, sample_us)
    todo, skipped, built = [], [], {}
    for name in arch_names:
        arch = arches.get(name)
        why = qemu.missing_tool(arch)
        busybox = os.path.join(images, "bookworm", arch.deb_arch, "busybox")
        if not why and not os.access(busybox, os.X_OK):
            why = "no %s (make images)" % busybox
        bins = []
        for abi in arch.abis:
            if why:
                break
            if abi not in built:
                built[abi] = _binary(top, abi)
            path, why = built[abi]
            bins.append((abi, path))
        if not why:
            initrd = os.path.join(out_dir, "%s.cpio.gz" % name)
            _initramfs(initrd, busybox, bins, args)
        for suite in suites:
            kernel, _ = arches.debian_kernel(arch, images, suite)
            label = "%s/%s" % (suite, name)
            if why or not kernel:
                skipped.append({"guest": label, "status": "not run",
                                "reason": why or "kernel not fetched (make images)"})
                continue
            todo.append({"arch": arch, "kernel": kernel, "initrd": initrd, "label": label,
                         "log": os.path.join(out_dir, "%s-%s.console.log" % (suite, name))})
    docs, boots = [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futs = {pool.submit(_boot, j): j for j in todo}
        for fut in concurrent.futures.as_completed(futs):
            job = futs[fut]
            try:
                boot = fut.result()
            except Exception as e:      # a runner error must not lose the other guests
                skipped.append({"guest": job["label"], "status": "not run", "reason": str(e)})
                continue
            log("guest %s: %s after %.1f s" % (job["label"], boot.stop, boot.wall))
            boots.append({"guest": job["label"], "stop": boot.stop, "wall": round(boot.wall, 2),
                          "boot_seconds": boot.boot_seconds and round(boot.boot_seconds, 2),
                          "console": job["log"]})
            found = latency.from_console(boot.raw.decode("utf-8", "replace"))
            if not found:
                skipped.append({"guest": job["label"], "status": "no output",
                                "reason": "no VDSO-BENCH frame (%s; see %s)" % (boot.stop,
                                                                                job["log"])})
            for abi, doc in found:
                if isinstance(doc, latency.BenchError):
                    skipped.append({"guest": job["label"], "abi": abi, "status": "unreadable",
                                    "reason": str(doc)})
                else:
                    doc["guest"] = job["label"]
                    doc["qemu"] = "%s -M %s -cpu %s, TCG, 1 vCPU" % (
                        job["arch"].qemu, job["arch"].machine.split(",")[0], job["arch"].cpu)
                    docs.append(doc)
    docs.sort(key=lambda d: (d["guest"], d["abi"]))
    return docs, skipped, boots
