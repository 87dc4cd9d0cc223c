"""make bench pieces: vdso_bench emits well-formed JSON and the report reads it (no timings)."""
import copy
import json
import os
import shutil
import subprocess

import pytest

from conftest import TOP, make
from bench import blobs, latency, report

FIXTURES = os.path.join(TOP, "ci", "fixtures", "bench")
TINY = ["--samples", "10", "--sample-us", "20"]


def bench_bin(abi):
    make("ARCH=" + abi, "O=" + os.path.join(TOP, "out", abi), "bench-bin")
    return os.path.join(TOP, "out", abi, "bench", "vdso_bench")


def fixture():
    with open(os.path.join(FIXTURES, "x86_64.json")) as f:
        return json.load(f)


@pytest.fixture(scope="module")
def native_doc():
    res = subprocess.run([bench_bin("x86_64")] + TINY, stdout=subprocess.PIPE, text=True,
                         timeout=300)
    assert res.returncode == 0
    return latency.parse(res.stdout, "vdso_bench")


def test_native_document_is_well_formed(native_doc):
    plain = native_doc["cases"]["plain"]
    assert plain["status"] == "ok"
    ops = {(s["op"], s["method"]) for s in plain["series"]}
    for op in ("clock_gettime", "clock_getres", "gettimeofday"):
        for method in ("vdso", "syscall", "libc"):
            assert (op, method) in ops
    mono = [s for s in plain["series"] if s["op"] == "clock_gettime" and s["method"] == "vdso"
            and s["clock"] == "MONOTONIC"]
    assert len(mono) == 1 and mono[0]["symbol"].endswith("clock_gettime")
    # x86 exports clock_gettime twice (with and without __vdso_): measured once.
    assert len({(s["op"], s["clock"], s["method"], s["symbol"]) for s in plain["series"]}) == \
        len(plain["series"])


def test_native_cases_measured_or_explained(native_doc):
    for case in ("moved", "timens"):
        c = native_doc["cases"][case]
        assert c["status"] == "ok" or c["reason"]
        if c["status"] == "ok":
            assert all(s["method"] in ("vdso", "syscall") for s in c["series"])


def test_i386_document_is_well_formed():
    if os.uname().machine != "x86_64":
        pytest.skip("i386 binaries run only on x86_64 hosts")
    res = subprocess.run([bench_bin("i386")] + TINY, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, timeout=300)
    if res.returncode != 0 and "Exec format error" in res.stderr:
        pytest.skip("this kernel runs no i386 programs (IA32_EMULATION off)")
    doc = latency.parse(res.stdout, "vdso_bench i386")
    syms = {s["symbol"] for s in doc["cases"]["plain"]["series"] if s["method"] == "vdso"}
    assert "__vdso_clock_gettime64" in syms


def test_cr_cycle_reported(native_doc):
    res = subprocess.run([bench_bin("x86_64"), "--cr", "1"] + TINY, stdout=subprocess.PIPE,
                         text=True, timeout=300)
    assert res.returncode == 0
    cr = json.loads(res.stdout)["cr"]
    assert cr["status"] in ("ok", "failed", "not measurable")
    if cr["status"] == "ok":
        assert cr["cycles"] == 1 and cr["cycle_ms"]["min"] <= cr["cycle_ms"]["max"]
    else:
        assert cr["reason"]


@pytest.mark.parametrize("args,needle", [
    (["--samples", "9"], "--samples '9'"),
    (["--samples", "x"], "--samples 'x'"),
    (["--sample-us", "0"], "--sample-us '0'"),
    (["--bogus"], "unknown option '--bogus'"),
    (["extra"], "unexpected argument 'extra'"),
])
def test_bad_arguments_one_line_exit_2(args, needle):
    res = subprocess.run([bench_bin("x86_64")] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert res.returncode == 2
    assert res.stdout == ""
    assert len(res.stderr.splitlines()) == 1 and needle in res.stderr


def test_fixture_checks_and_rows():
    doc = latency.check(fixture())
    rows = latency.rows(doc)
    mono = [r for r in rows if r["op"] == "clock_gettime" and r["clock"] == "MONOTONIC"][0]
    want = mono["vdso"]["median_ns"] / mono["syscall"]["median_ns"]
    assert mono["vdso_per_syscall"] == pytest.approx(want, abs=0.001)
    for r in rows:
        for key in ("vdso_per_syscall", "moved_per_plain", "timens_per_plain"):
            assert r[key] is None or r[key] > 0


def test_ratio_needs_a_divisor_above_resolution():
    a = {"median_ns": 10.0}
    assert latency._ratio(a, {"median_ns": latency.RESOLUTION_NS - 0.1}) is None
    assert latency._ratio(a, {"median_ns": 20.0}) == 0.5
    assert latency._ratio(None, a) is None


@pytest.mark.parametrize("mutate,needle", [
    (lambda d: d.pop("clocksource"), "clocksource"),
    (lambda d: d["method"].update(samples=5), "fewer than 10"),
    (lambda d: d["cases"]["plain"]["series"][0].update(median_ns=1e9), "median outside"),
    (lambda d: d["cases"]["plain"]["series"][0]["samples_ns"].pop(), "samples, method says"),
    (lambda d: d["cases"]["moved"].update(status="not measurable"), "reason"),
    (lambda d: d["cases"].pop("timens"), "timens"),
    (lambda d: d.update(tool="other"), "not a vdso_bench"),
])
def test_check_rejects_broken_documents(mutate, needle):
    doc = copy.deepcopy(fixture())
    mutate(doc)
    with pytest.raises(latency.BenchError, match=needle):
        latency.check(doc)


def test_console_frames_survive_noise_and_truncation():
    with open(os.path.join(FIXTURES, "console.log"), errors="replace") as f:
        found = latency.from_console(f.read())
    assert [abi for abi, _ in found] == ["x86_64", "i386"]
    assert found[0][1]["abi"] == "x86_64"
    assert isinstance(found[1][1], latency.BenchError)
    assert "END missing" in str(found[1][1])


def test_table_and_chart(tmp_path):
    doc = fixture()
    rows = latency.rows(doc)
    lines = report.latency_table("host", doc, rows)
    assert doc["cpu_model"] in lines[0] and doc["clocksource"] in lines[0]
    assert sum(1 for l in lines if l.startswith("clock_gettime MONO ")) == 1
    png, note = report.chart([("x86_64", rows)], str(tmp_path), "t")
    with open(tmp_path / "latency.dat") as f:
        charted = [r for r in rows if (r["op"], r["clock"]) in report.CHART_ROWS]
        assert len(f.read().splitlines()) == len(charted) + 1 and charted
    if shutil.which("gnuplot"):
        assert png and os.path.getsize(png) > 1000, note
    else:
        assert png is None and "gnuplot-nox" in note


def test_blob_race_counts_every_tool(tmp_path):
    make("host-tools")
    files = []
    for i in range(3):
        src = tmp_path / ("f%d.c" % i)
        src.write_text("extern int g%d(void);\nint f%d(void) { return g%d(); }\n" % (i, i, i))
        subprocess.run(["gcc", "-c", "-o", str(src) + ".o", str(src)], check=True)
        files.append(str(src) + ".o")
    out = blobs.measure(files, os.path.join(TOP, "out", "host", "bin", "blobcheck"), rounds=1)
    assert out["files"] == 3
    assert set(out["tools"]) == {"blobcheck", "nm -u", "readelf -s"}
    # Every object has an undefined symbol: blobcheck reports a finding, nm and readelf succeed.
    assert out["tools"]["blobcheck"]["exit_codes"] == {"1": 1}
    assert out["tools"]["nm -u"]["exit_codes"] == {"0": 1}


def test_make_bench_quick_end_to_end(tmp_path):
    """The whole pipeline on a smoke setting: JSON and table well-formed, every part present."""
    res = make("bench", "BENCH_OUT=" + str(tmp_path), "BENCH_ARGS=--quick --objects 60")
    with open(tmp_path / "bench.json") as f:
        doc = json.load(f)
    assert doc["latency"][0]["where"] == "host"
    latency.check(doc["latency"][0]["bench"])
    assert doc["latency"][0]["rows"]
    assert doc["blobcheck"]["status"] == "ok" and doc["blobcheck"]["files"] == 60
    assert doc["cr"]["criu"]["status"] in ("ok", "not measurable")
    assert doc["suite"]["make_run"] is None
    for part in ("== vDSO latency, host: x86_64", "== checkpoint+restore", "== blobcheck",
                 "== the suite's own speed", "json: "):
        assert part in res.stdout


def test_matrix_rows_from_stored_results(tmp_path):
    from bench import suite
    d = tmp_path / "bookworm" / "s390x"
    d.mkdir(parents=True)
    (d / "result.json").write_text(json.dumps({
        "arch": "s390x", "label": "6.1", "verdict": "passed", "boot_seconds": 3.5, "wall": 9.0,
        "guest": {"release": "6.1.0-50-s390x", "clocksource": "tod"},
        "runs": {"s390x": {"rc": 0, "begin": 3.5, "end": 8.5, "seconds": 5.0}}}))
    (d / "s390x.ktap").write_text("KTAP version 1\n1..2\nok 1 a\nok 2 b # SKIP no\n")
    (tmp_path / "bookworm" / "broken").mkdir()
    (tmp_path / "bookworm" / "broken" / "result.json").write_text("{")
    rows = suite.matrix(str(tmp_path))
    good = [r for r in rows if r.get("arch") == "s390x"][0]
    assert good["boot_seconds"] == 3.5 and good["test_seconds"] == {"s390x": 5.0}
    assert good["test_results"] == {"s390x": {"pass": 1, "skip": 1}}
    assert [r["status"] for r in rows if "arch" not in r] == ["unreadable"]
    lines = report.suite_lines(None, rows)
    assert any("s390x 5.0 s (2 results)" in l for l in lines)


def test_criu_error_line_skips_helper_exit_status():
    from bench import criu
    log = ("(00.01) Error (criu/util.c:642): exited, status=1\n"
           "(00.02) Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds\n"
           "(00.03) Error (criu/crtools.c:260): Could not initialize kernel features detection.\n")
    line = criu._error_line(log)
    assert line.startswith("(00.02) Error (criu/vdso.c:381): vdso: Unexpected rt vDSO")
    assert "exited, status" not in line and "kernel features" in line
    assert criu._error_line("") == "no output"
