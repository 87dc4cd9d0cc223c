"""The matrix's human outputs: pytest run with JUnit, arch x collection table, kernel diff."""
import os
import subprocess
import sys

from . import results, vdsodiff

HERE = os.path.dirname(os.path.abspath(__file__))


def run_pytest(out, boots):
    """Turns the stored boots into pytest items; returns pytest's exit status."""
    env = dict(os.environ, MATRIX_OUT=out,
               MATRIX_ONLY=" ".join("%s/%s" % (b["kernel_id"], b["arch"]) for b in boots))
    cmd = [sys.executable, "-m", "pytest", "-q", "-rfEX", "-p", "no:cacheprovider",
           "--junitxml", os.path.join(out, "junit.xml"), "-o", "junit_suite_name=vdso-matrix",
           "-o", "junit_family=xunit2", "-o", "console_output_style=classic",
           os.path.join(HERE, "test_guests.py")]
    return subprocess.run(cmd, env=env).returncode


def _counts(cases):
    n = {"pass": 0, "fail": 0, "skip": 0, "xfail": 0}
    for c in cases:
        o = c.outcome
        n["fail" if o in ("fail", "xpass") else o] += 1
    cell = "%d/%d/%d" % (n["pass"], n["fail"], n["skip"])
    return cell + (" x%d" % n["xfail"] if n["xfail"] else "")


def table(out, boots):
    """Markdown rows: kernel x ABI down, collections across, with boot and run seconds."""
    allcases, errors = {}, []
    for b in boots:
        try:
            allcases[(b["label"], b["arch"])] = results.cases_of(b, out)
        except RuntimeError as e:
            allcases[(b["label"], b["arch"])] = []
            errors.append(str(e))
    colls = sorted({c.collection for cs in allcases.values() for c in cs})
    head = ["kernel", "ABI", "result"] + colls + ["boot s", "run s"]
    rows = [head, ["---"] * len(head)]
    for b in boots:
        cases = allcases[(b["label"], b["arch"])]
        for abi in b["abis"]:
            mine = [c for c in cases if c.abi == abi]
            run = b["runs"].get(abi, {})
            verdict = b["verdict"]
            if b["code"] in (0, 1):
                verdict = "no tests" if not mine else \
                    "all skipped" if all(c.status == "skip" for c in mine) else \
                    "failed" if any(c.outcome in ("fail", "xpass") for c in mine) else "passed"
            rows.append([b["label"], abi, verdict] +
                        [_counts([c for c in mine if c.collection == col]) or "-"
                         for col in colls] +
                        ["%.1f" % b["boot_seconds"] if b["boot_seconds"] is not None else "-",
                         "%.1f" % run["seconds"] if run.get("seconds") is not None else "-"])
    text = "\n".join("| " + " | ".join(str(x) for x in r) + " |" for r in rows)
    legend = "Cells are pass/fail/skip (xN: expected failures). Boot s: QEMU start to the " \
        "guest's init; run s: the suite's run inside the guest (guest clock)."
    return text, legend, sorted(set(errors))


def write(out, boots, wall):
    text, legend, errors = table(out, boots)
    diff = vdsodiff.report(out, boots)
    summary = "# vDSO selftests: QEMU matrix\n\n%s\n\n%s\n\nWall time: %.1f s for %d boots.\n" % (
        text, legend, wall, len(boots))
    if errors:
        summary += "\n" + "\n".join("**error:** " + e for e in errors) + "\n"
    summary += "\n" + diff
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(summary)
    print()
    print(summary)
    print("matrix: wrote %s and %s" % (os.path.join(out, "summary.md"),
                                        os.path.join(out, "junit.xml")))
