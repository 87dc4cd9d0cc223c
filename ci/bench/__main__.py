"""make bench: runs every measurement, writes out/bench/bench.json and latency.png, prints a table.

    cd ci && /usr/bin/python3 -m bench --top .. --out ../out/bench --bench BIN [--bench BIN] ...
Benchmarks are reported, never judged: the exit code is nonzero only when the bench itself
could not run (bad arguments, no vdso_bench for the host ABI, unreadable output).
"""
import argparse
import json
import os
import sys
import time

from bench import blobs, criu, guests, latency, report, suite


def log(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


def parse_args(argv):
    p = argparse.ArgumentParser(prog="make bench")
    p.add_argument("--top", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--arch", default=os.uname().machine)
    p.add_argument("--bench", action="append", default=[], help="vdso_bench binary (repeat)")
    p.add_argument("--blobcheck")
    p.add_argument("--matrix", help="folder of make matrix results")
    # Short samples: under load a sample is clean only if nothing preempted it, so many short
    # ones keep the median honest where a few long ones all catch some noise.
    p.add_argument("--samples", type=int, default=41)
    p.add_argument("--sample-us", type=int, default=250)
    p.add_argument("--objects", type=int, help="objects for the blobcheck race (3000)")
    p.add_argument("--libdir", default="/usr/lib/x86_64-linux-gnu")
    p.add_argument("--cr-cycles", type=int, default=11)
    p.add_argument("--criu-cycles", type=int, default=5)
    p.add_argument("--no-suite", action="store_true", help="do not time make run")
    p.add_argument("--images", help="make images output (default TOP/out/images)")
    p.add_argument("--guests", default="x86_64,aarch64,ppc64le,s390x",
                   help="matrix arches to run vdso_bench in ('' for none)")
    p.add_argument("--guest-suites", default="bookworm-backports",
                   help="Debian kernels to boot (comma list; bookworm is 6.1)")
    p.add_argument("--guest-samples", type=int, default=21)
    p.add_argument("--guest-sample-us", type=int, default=250)
    p.add_argument("--guest-jobs", type=int, default=2)
    p.add_argument("--suite-timeout", type=int, default=900)
    p.add_argument("--quick", action="store_true",
                   help="a smoke run: 10 short samples, 300 objects, 3 C/R cycles, no make run")
    a = p.parse_args(argv)
    if a.quick:
        a.samples, a.sample_us, a.cr_cycles, a.criu_cycles = 10, 100, 3, 1
        a.objects = a.objects or 300
        a.no_suite = True
        a.guests = ""
    a.images = a.images or os.path.join(a.top, "out", "images")
    a.objects = a.objects or 3000
    if not a.bench:
        p.error("no --bench binary given")
    return a


def host_latency(a):
    """The first binary is the host ABI's (it also times C/R); others (i386) may be absent."""
    docs, errors = [], []
    for i, binary in enumerate(a.bench):
        if not os.access(binary, os.X_OK):
            errors.append({"binary": binary, "status": "not run", "reason": "not built"})
            continue
        log("latency %s" % binary)
        try:
            docs.append(latency.run(binary, a.samples, a.sample_us,
                                    a.cr_cycles if i == 0 else 0))
        except latency.BenchError as e:
            if i == 0:
                raise
            errors.append({"binary": binary, "status": "not run", "reason": str(e)})
    return docs, errors


def guest_latency(a):
    """Our own guest boots, then any framed runs the matrix's consoles hold."""
    docs, errors, boots = [], [], []
    arches = [x for x in a.guests.split(",") if x]
    if arches and os.path.isdir(a.images):
        log("vdso_bench in QEMU guests: %s x %s" % (",".join(arches), a.guest_suites))
        try:
            docs, errors, boots = guests.run(a.top, a.images, os.path.join(a.out, "guests"),
                                             arches, a.guest_suites.split(","),
                                             a.guest_samples, a.guest_sample_us, a.guest_jobs,
                                             log)
        except Exception as e:          # the matrix modules are another team's: report, go on
            errors.append({"guest": "all", "status": "not run", "reason": repr(e)})
    elif arches:
        errors.append({"guest": "all", "status": "not run",
                       "reason": "no %s (make images)" % a.images})
    for label, text in suite.consoles(a.matrix) if a.matrix else []:
        for abi, doc in latency.from_console(text):
            if isinstance(doc, latency.BenchError):
                errors.append({"guest": label, "abi": abi, "status": "unreadable",
                               "reason": str(doc)})
            else:
                doc["guest"] = "matrix " + label
                docs.append(doc)
    return docs, errors, boots


def blob_race(a):
    if not a.blobcheck or not os.access(a.blobcheck, os.X_OK):
        return {"status": "not run", "reason": "no blobcheck binary (make host-tools)"}
    files = blobs.corpus(os.path.join(a.out, "objects"), a.objects, a.libdir)
    if not files:
        return {"status": "not run", "reason": "no .a archives under %s" % a.libdir}
    log("blobcheck vs nm -u vs readelf -s on %d objects" % len(files))
    out = blobs.measure(files, a.blobcheck)
    out["status"] = "ok"
    out["corpus"] = "members of the .a archives under %s (libc.a first)" % a.libdir
    return out


def chart_label(where, doc):
    """`x86_64` on the host, `aarch64 6.12` in a guest (its kernel's version)."""
    if where == "host":
        return doc["abi"]
    return "%s %s" % (doc["abi"], ".".join(doc["kernel"].split(".")[:2]))


def main(argv):
    a = parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    t0 = time.monotonic()
    load_before = os.getloadavg()[0]
    try:
        docs, lat_errors = host_latency(a)
    except latency.BenchError as e:
        log(str(e))
        return 1
    blob = blob_race(a)
    log("criu dump + restore")
    crit = criu.measure(a.bench[0], os.path.join(a.out, "criu"), a.criu_cycles)
    run = None
    if not a.no_suite:
        log("make run (the whole suite on this kernel)")
        run = suite.make_run(a.top, a.arch, a.suite_timeout)
    matrix = suite.matrix(a.matrix) if a.matrix else []
    # Last: the guests load both cores, which would disturb every figure above.
    gdocs, gerrors, boots = guest_latency(a)

    where = [("host", d) for d in docs] + [(d["guest"], d) for d in gdocs]
    rows = [(w, latency.rows(d)) for w, d in where]
    host = {k: docs[0][k] for k in ("abi", "kernel", "machine", "cpu_model", "clocksource")}
    host["cpus"] = os.cpu_count()
    host["loadavg_1min_before"] = load_before
    for part in (blob, crit, run, docs[0].get("cr")):
        if part is not None:
            part["measured_on"] = host
    result = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "host": host,
        "latency": [{"where": w, "bench": d, "rows": r} for (w, d), (_, r) in zip(where, rows)],
        "latency_not_run": lat_errors + gerrors,
        "guest_boots": boots,
        "cr": {"engine": docs[0].get("cr"), "criu": crit},
        "blobcheck": blob,
        "suite": {"make_run": run, "matrix": matrix},
    }
    lines = ["make bench: %s, %d CPUs, 1-minute load average %.2f when it started; figures "
             "are reported, never judged" % (host["cpu_model"], host["cpus"], load_before), ""]
    for (w, d), (_, r) in zip(where, rows):
        lines += report.latency_table(w, d, r) + [""]
    for e in lat_errors + gerrors:
        lines.append("== latency %s: %s: %s" % (e.get("binary") or e.get("guest"), e["status"],
                                                 e["reason"]))
    if not gdocs:
        lines.append("== latency in the QEMU guests: none measured")
    lines += [""] + report.cr_lines(docs[0].get("cr"), crit)
    lines += [""] + report.blob_lines(blob)
    lines += [""] + report.suite_lines(run, matrix)
    labels = [(chart_label(w, d), r) for (w, d), (_, r) in zip(where, rows)]
    png, note = report.chart(labels, a.out, "vDSO vs raw syscall vs libc, ns per call. Host: "
                             "%s, %s. 'ABI 6.x': QEMU TCG guest with that Debian kernel" % (
                                 docs[0]["cpu_model"], docs[0]["kernel"]))
    result["chart"] = {"png": png, "note": note}
    result["seconds"] = round(time.monotonic() - t0, 1)
    with open(os.path.join(a.out, "bench.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    lines += ["", "chart: %s" % (png or note), "json: %s" % os.path.join(a.out, "bench.json"),
              "bench took %.0f s" % result["seconds"]]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
