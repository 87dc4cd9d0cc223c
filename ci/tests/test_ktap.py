"""The KTAP reader on recorded logs: nesting, stable names, directives, and console noise."""
import glob
import os
import subprocess

import pytest

from conftest import TOP
import ktap

LOGS = os.path.join(TOP, "ci", "fixtures", "ktap")
READER = os.path.join(TOP, "ci", "ktap.py")


def flat(text):
    return ktap.flatten(ktap.parse(text))


def statuses(text):
    return {name: status for name, status, _ in flat(text)}


@pytest.mark.parametrize("log", sorted(glob.glob(os.path.join(LOGS, "*.log"))),
                         ids=os.path.basename)
def test_recorded_log_reads_as_expected(log):
    """Each recorded log against its reviewed reading (the CLI's output)."""
    res = subprocess.run(["/usr/bin/python3", READER, log], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    with open(log[:-len(".log")] + ".expected") as f:
        assert res.stdout == f.read()
    want_rc = 0 if os.path.basename(log) in ("ppc_firmware.log", "suite_i386.log") else 1
    assert res.returncode == want_rc, res.stdout + res.stderr


def read(name):
    with open(os.path.join(LOGS, name), newline="") as f:
        return f.read()


def test_runner_nesting_gives_collection_program_test_paths():
    got = statuses(read("runner_nested.log"))
    assert got["harness/outcomes"] == "fail"
    assert got["harness/outcomes/global.crashes"] == "fail"
    assert got["harness/outcomes/slow.hangs"] == "timeout"
    assert got["harness/outcomes/global.no_assertion"] == "error"
    assert got["harness/fixtures/order.two.input_is_one"] == "xfail"
    assert got["harness/fixtures/order.one.input_is_one"] == "xpass"
    assert got["harness/vdso_unmap/global.skips_after_unmap"] == "skip"


def test_diagnostics_belong_to_the_result_after_them():
    root = ktap.parse(read("runner_nested.log"))
    prog = root.children[2]
    assert prog.name == "selftests: harness: outcomes"
    failing = [c for c in prog.children if c.name == "global.expect_continues_assert_stops"][0]
    assert any("Expected 3 (3) == 4 (4)" in d for d in failing.diagnostics)
    assert any(d.startswith("Totals:") for d in prog.diagnostics)


def test_kernel_messages_and_escapes_never_change_results():
    noisy = read("noisy_console.log")
    got = flat(noisy)
    assert ("abi/vdso_abi/clock.monotonic.gettime", "pass", "") in got
    assert ("abi/vdso_abi/clock.boottime.gettime", "fail", "1 of 3 assertions failed") in got
    assert ("abi/vdso_abi/clock.tai.gettime", "skip", "CLOCK_TAI not in this vDSO") in got
    # The same log without any noise reads identically.
    clean = "".join(l + "\n" for l in noisy.replace("\r", "").split("\n")
                    if l.startswith(("KTAP", "1..", "  ", "ok", "not ok", "#")))
    clean = clean.replace("  ok 2 clock.mono[    2.345678] random: crng init done\n",
                          "  ok 2 clock.monotonic.gettime\n").replace("\x1b[1;31m", "")
    clean = clean.replace("\x1b[0m", "").replace("ok computer, garbage line\n", "")
    assert flat(clean) == got


def test_panic_and_truncation_are_errors_not_passes():
    root = ktap.parse(read("panic.log"))
    assert root.status == "error"
    assert "Kernel panic - not syncing" in root.reason
    assert statuses(read("panic.log"))["abi/vdso_abi"] == "error"
    trunc = flat(read("truncated.log"))
    assert ("abi/vdso_abi", "error", "missing results: planned 3, got 2") in trunc
    assert not any(name.endswith("clock.rea") for name, _, _ in trunc)


def test_tap13_prefixed_subtests_and_old_skip_form():
    got = statuses(read("tap13_kselftest.log"))
    assert got["vDSO/vdso_test_abi/__vdso_clock_gettime CLOCK_TAI"] == "pass"
    assert got["vDSO/vdso_test_abi/__vdso_clock_getres CLOCK_MONOTONIC_RAW"] == "skip"
    assert got["vDSO/vdso_test_getrandom"] == "skip"
    assert got["vDSO/vdso_test_correctness"] == "fail"
    assert got["vDSO/vdso_test_chacha/chacha20"] == "error"
    assert len([n for n in got if n.startswith("vDSO/vdso_test_abi/")]) == 16


def test_tap14_subtests_any_indent_and_directives():
    got = flat(read("tap14_subtests.log"))
    assert ("vdso_model/resolver/dt_gnu_hash", "xfail", "not written yet") in got
    assert ("vdso_model/resolver/versym # escaped hash", "pass", "") in got
    assert ("blobs/purgatory_relocs", "timeout", "30 seconds") in got
    # Three-space and one-space nesting work as well as two and four.
    for pad in (" ", "   ", "\t"):
        text = "KTAP version 1\n1..1\n%s1..2\n%sok 1 a\n%snot ok 2 b\nnot ok 1 t\n" % (
            (pad,) * 3)
        assert flat(text) == [("t", "fail", ""), ("t/a", "pass", ""), ("t/b", "fail", "")]


@pytest.mark.parametrize("line, status, reason", [
    ("ok 1 t # SKIP no clock", "skip", "no clock"),
    ("not ok 1 t # skip no clock", "skip", "no clock"),
    ("ok 1 t # xfail known bug", "xfail", "known bug"),
    ("ok 1 t # XPASS", "xpass", ""),
    ("not ok 1 t # TODO later", "xfail", "later"),
    ("not ok 1 t # TIMEOUT 45 seconds", "timeout", "45 seconds"),
    ("not ok 1 t # error setup failed", "error", "setup failed"),
    ("not ok 1 t # exit=139", "fail", "exit=139"),
    ("ok 1 t # rcode=0", "pass", "rcode=0"),
])
def test_directives(line, status, reason):
    assert flat("KTAP version 1\n1..1\n%s\n" % line) == [("t", status, reason)]


def test_skip_all_bail_out_and_missing_plan():
    root = ktap.parse("KTAP version 1\n1..0 # SKIP no vDSO here\n")
    assert (root.status, root.reason) == ("skip", "no vDSO here")
    got = flat(read("skip_bail.log"))
    assert ("abi/vdso_getrandom", "skip", "getrandom is not in this vDSO") in got
    assert ktap.parse(read("skip_bail.log")).status == "error"
    # No plan at all is allowed; the results still count.
    assert statuses("TAP version 14\nok 1 - a\nnot ok 2 - b\n") == {"a": "pass", "b": "fail"}
    assert ktap.parse("TAP version 14\nok 1 - a\n").status == "pass"
    assert ktap.parse("just some text\n").status == "error"


def test_repeated_names_stay_distinct():
    got = flat("KTAP version 1\n1..3\nok 1 t\nnot ok 2 t\nok 3 t # SKIP x\n")
    assert got == [("t", "pass", ""), ("t~2", "fail", ""), ("t~3", "skip", "x")]


def test_cli_errors_are_one_line():
    res = subprocess.run(["/usr/bin/python3", READER, "/nonexistent.log"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert res.returncode == 2
    assert res.stderr.strip() == "ktap.py: /nonexistent.log: No such file or directory"
    res = subprocess.run(["/usr/bin/python3", READER, "-"], input="KTAP version 1\n1..1\nok 1 a\n",
                         stdout=subprocess.PIPE, text=True)
    assert (res.returncode, res.stdout) == (0, "pass    a\n")


def test_harness_output_round_trips(tmp_path):
    """The writer and the reader agree: every harness line reads back as printed."""
    from test_harness import compile_fixture
    out = subprocess.run([compile_fixture("outcomes")], stdout=subprocess.PIPE,
                         text=True).stdout
    got = flat(out)
    assert got == [
        ("global.passes", "pass", ""),
        ("global.expect_continues_assert_stops", "fail", "2 of 2 assertions failed"),
        ("global.crashes", "fail", "terminated by SIGSEGV"),
        ("global.skips", "skip", "not supported by this kernel"),
        ("global.no_assertion", "error", "no assertion was evaluated"),
        ("global.dies_by_signal", "pass", ""),
        ("global.survives_expected_signal", "fail", "exited instead of dying from SIGUSR1"),
        ("global.exits_with_ksft_skip", "skip", "exited with KSFT_SKIP"),
        ("slow.hangs", "timeout", "terminated by timeout after 1 s"),
    ]


def totals_agree(node):
    """Every `# Totals:` a program printed matches the results read for it."""
    checked = 0
    for child in node.children:
        checked += totals_agree(child)
    for d in node.diagnostics:
        if not d.startswith("Totals:"):
            continue
        want = dict(kv.split(":") for kv in d[len("Totals:"):].split())
        got = {k: 0 for k in want}
        for c in node.children:
            got["fail" if c.status == "timeout" else c.status] += 1
        assert got == {k: int(v) for k, v in want.items()}, (node.name, d)
        checked += 1
    return checked


@pytest.mark.parametrize("log", ["runner_nested.log", "suite_i386.log"])
def test_program_totals_match_what_was_read(log):
    root = ktap.parse(read(log))
    assert totals_agree(root) == len(root.children) + 1


@pytest.mark.parametrize("log", sorted(glob.glob(os.path.join(TOP, "ci", "fixtures", "matrix",
                                                              "*.log"))),
                         ids=os.path.basename)
def test_qemu_consoles_of_every_arch(log):
    """The QEMU runner's recorded consoles: programs' totals hold, a panic is never a pass."""
    with open(log, encoding="utf-8", errors="replace", newline="") as f:
        text = f.read()
    root = ktap.parse(text)
    for prog in root.children:
        totals_agree(prog)
    if "Kernel panic" in text:
        assert root.status in ktap.FAILING and "Kernel panic" in root.reason
