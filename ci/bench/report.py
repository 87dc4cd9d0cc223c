"""The bench report: a text table for stdout and a gnuplot PNG of the latency rows."""
import os
import shutil
import subprocess

from bench import latency

SHORT_CLOCK = {"REALTIME": "RT", "MONOTONIC": "MONO", "PROCESS_CPUTIME": "PROC_CPU",
               "THREAD_CPUTIME": "THR_CPU", "MONOTONIC_RAW": "MONO_RAW",
               "REALTIME_COARSE": "RT_COARSE", "MONOTONIC_COARSE": "MONO_COARSE",
               "BOOTTIME": "BOOT", "REALTIME_ALARM": "RT_ALARM", "BOOTTIME_ALARM": "BOOT_ALARM",
               "TAI": "TAI"}


def _fig(f):
    if not f:
        return "-"
    return "%.1f (%.1f..%.0f)" % (f["median_ns"], f["min_ns"], f["max_ns"])


def _ratio(r):
    return "-" if r is None else "%.2f" % r


def row_label(row):
    name = row["op"]
    if row["clock"]:
        name += " " + SHORT_CLOCK.get(row["clock"], row["clock"])
    sym = row.get("symbol") or ""
    if sym.endswith("64") or sym.endswith("time64"):
        name += " (64)"
    return name


def latency_table(where, doc, rows):
    m = doc["method"]
    out = ["== vDSO latency, %s: %s, kernel %s, CPU %s, clocksource %s, pinned to CPU %s" % (
        where, doc["abi"], doc["kernel"], doc["cpu_model"], doc["clocksource"],
        doc.get("pinned_cpu")) + ("; " + doc["qemu"] if doc.get("qemu") else ""),
        "   ns per call: median (min..max) of %d samples of ~%d us each, empty loop (%.1f ns) "
        "subtracted" % (m["samples"], m["sample_target_ns"] // 1000,
                        doc["cases"]["plain"].get("empty_loop_ns", 0))]
    hdr = "%-31s %-22s %-24s %-22s %8s %6s %6s" % ("function", "vdso", "syscall", "libc",
                                                    "vdso/sys", "moved", "timens")
    out += [hdr, "-" * len(hdr)]
    for r in rows:
        out.append("%-31s %-22s %-24s %-22s %8s %6s %6s" % (
            row_label(r), _fig(r["vdso"]), _fig(r["syscall"]), _fig(r["libc"]),
            _ratio(r["vdso_per_syscall"]), _ratio(r["moved_per_plain"]),
            _ratio(r["timens_per_plain"])))
    out.append("   ratios are of medians; '-' where the divisor is under %.0f ns (within the empty "
               "loop's jitter) or was not measured" % latency.RESOLUTION_NS)
    if doc.get("qemu"):
        out.append("   under TCG every instruction is emulated and the host is shared: compare "
                   "rows within this guest, not with the host")
    for case in ("moved", "timens"):
        c = doc["cases"][case]
        if c["status"] != "ok":
            out.append("   %s: not measurable: %s" % (case, c.get("reason")))
    return out


def _stats(s, unit):
    return "%.2f %s (%.2f..%.2f, %d samples)" % (s["median"], unit, s["min"], s["max"],
                                                 len(s["samples"]))


def cr_lines(ours, criu):
    out = ["== checkpoint+restore of one idle process (vdso_bench --cr-target)"]
    if not ours:
        out.append("   engine: not run")
    elif ours.get("status") == "ok":
        out.append("   engine (helpers/cr): cycle %s; dump %s, restore %s; strategy %s" % (
            _stats(ours["cycle_ms"], "ms"), _stats(ours["dump_ms"], "ms"),
            _stats(ours["restore_ms"], "ms"), ours.get("strategy")))
    else:
        out.append("   engine (helpers/cr): %s: %s" % (ours.get("status"), ours.get("reason")))
    if criu.get("status") == "ok":
        out.append("   criu %s: cycle %s" % (criu.get("version", ""),
                                             _stats(criu["cycle_ms"], "ms")))
        if ours and ours.get("status") == "ok":
            out.append("   criu / engine: %.1fx" % (criu["cycle_ms"]["median"] /
                                                     ours["cycle_ms"]["median"]))
    else:
        out.append("   criu: not measurable here: %s" % criu.get("reason"))
    return out


def blob_lines(b):
    if b.get("status") != "ok":
        return ["== blobcheck vs nm/readelf: not measured: %s" % b.get("reason")]
    out = ["== blobcheck vs nm -u vs readelf -s: %d objects, %d rounds, batches of %d files" % (
        b["files"], b["rounds"], b["batch"])]
    for name, t in b["tools"].items():
        f = t["files_per_s"]
        extra = ""
        if "blobcheck_speedup" in t:
            extra = "   blobcheck is %sx this" % t["blobcheck_speedup"]
        out.append("   %-11s %9.0f files/s (%.0f..%.0f)%s" % (name, f["median"], f["min"], f["max"],
                                                              extra))
    return out


def suite_lines(run, matrix):
    out = ["== the suite's own speed"]
    if run:
        res = ", ".join("%s %d" % kv for kv in sorted(run.get("results", {}).items()))
        out.append("   make run here: %s s (%s, rc %s%s)" % (
            run.get("seconds"), run.get("status"), run.get("rc"), "; " + res if res else ""))
    else:
        out.append("   make run here: not run (--quick or --no-suite)")
    if not matrix:
        out.append("   matrix: not run (no results under out/matrix; make matrix)")
    for m in matrix:
        if "arch" not in m:
            out.append("   matrix %s: %s" % (m.get("path"), m.get("reason")))
            continue
        tests = ", ".join("%s %s s (%d results)" % (
            abi, "-" if s is None else "%.1f" % s, sum(m["test_results"].get(abi, {}).values()))
            for abi, s in sorted(m["test_seconds"].items()))
        out.append("   matrix %-8s %-5s boot %5s s, tests: %s  (%s, stored %s)" % (
            m["arch"], m["kernel"], m["boot_seconds"], tests or "-", m["verdict"], m["stored"]))
    return out


# The chart shows these; the table and JSON have every function and clock.
CHART_ROWS = {("clock_gettime", "MONOTONIC"), ("clock_gettime", "MONOTONIC_COARSE"),
              ("clock_gettime", "PROCESS_CPUTIME"), ("clock_getres", "MONOTONIC"),
              ("gettimeofday", None), ("time", None), ("getcpu", None)}


def chart(rows_by_where, out_dir, title):
    """Writes latency.dat and latency.gp and runs gnuplot; returns (png path or None, note)."""
    dat = os.path.join(out_dir, "latency.dat")
    gp = os.path.join(out_dir, "latency.gp")
    png = os.path.join(out_dir, "latency.png")
    n = 0
    with open(dat, "w") as f:
        f.write("# label vdso syscall libc (median ns per call; ? = not measured)\n")
        for where, rows in rows_by_where:
            for r in rows:
                if (r["op"], r["clock"]) not in CHART_ROWS:
                    continue
                vals = []
                for m in ("vdso", "syscall", "libc"):
                    v = r[m]["median_ns"] if r[m] else None
                    vals.append("%.3f" % v if v is not None and v > 0.05 else "?")
                label = row_label(r).replace("clock_get", "get")
                f.write('"%s %s" %s\n' % (where, label, " ".join(vals)))
                n += 1
    width = max(900, 60 + 22 * n)
    with open(gp, "w") as f:
        f.write("""# gnuplot script written by make bench (ci/bench/report.py)
set terminal pngcairo noenhanced size %d,840 font ",9"
set output "%s"
set title "%s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set boxwidth 0.9
set logscale y
set ylabel "ns per call (median, empty loop subtracted, log scale)"
set grid ytics
set xtics rotate by -60 scale 0
set key top left
set rmargin 14
set bmargin 19
set datafile missing "?"
plot "%s" using 2:xtic(1) title "vDSO", "" using 3 title "raw syscall", "" using 4 title "libc"
""" % (width, png, title.replace('"', "'"), dat))
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return None, "gnuplot not installed (apt-get install -y gnuplot-nox); data in " + dat
    res = subprocess.run([gnuplot, gp], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    if res.returncode != 0 or not os.path.exists(png):
        return None, "gnuplot failed: %s" % (res.stdout.strip().splitlines() or ["?"])[-1]
    return png, "drawn by %s" % gnuplot
