"""The bundled harness: each outcome gives the right KTAP line and exit code, x86_64 and i386."""
import os
import re
import shutil
import signal
import subprocess
import time

import pytest

from conftest import TOP, make

FIXTURES = "ci/fixtures/harness"
CFLAGS = ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter",
          "-Wno-missing-field-initializers", "-D_GNU_SOURCE"]
TRIPLETS = {"x86_64": "x86_64-linux-gnu", "i386": "i686-linux-gnu",
            "aarch64": "aarch64-linux-gnu", "ppc64le": "powerpc64le-linux-gnu",
            "s390x": "s390x-linux-gnu"}
_libs = {}
_exes = {}


def compile_fixture(name, abi="x86_64"):
    """Builds ci/fixtures/harness/<name>.c against the ABI's libvdsotest.a; returns the path."""
    if (name, abi) in _exes:
        return _exes[name, abi]
    out = os.path.join(TOP, "out", abi)
    if abi not in _libs:
        make("lib", "ARCH=" + abi, "O=" + out)
        _libs[abi] = True
    exe = os.path.join(out, "ci", "harness", name)
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    cc = TRIPLETS[abi] + "-gcc"
    extra = ["-march=i686"] if abi == "i386" else []
    # Relative source path so that __FILE__ in diagnostics is stable.
    cmd = [cc] + CFLAGS + extra + ["-I", "helpers/include", "-I", "arch/%s/include" % abi,
                                   "%s/%s.c" % (FIXTURES, name),
                                   os.path.join(out, "lib", "libvdsotest.a"), "-static",
                                   "-o", exe]
    res = subprocess.run(cmd, cwd=TOP, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    assert res.returncode == 0, " ".join(cmd) + "\n" + res.stdout
    _exes[name, abi] = exe
    return exe


def run(exe, *args, timeout=60):
    return subprocess.run([exe] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def pattern(line):
    """An expected line: literal text with {N} (a number) and {HEX} (0x...) placeholders."""
    rx = re.escape(line).replace(r"\{N\}", r"\d+").replace(r"\{HEX\}", r"0x[0-9a-f]+")
    return re.compile(rx + r"\Z")


def assert_lines(out, expected):
    lines = out.splitlines()
    assert len(lines) == len(expected), "\n".join(lines)
    for got, want in zip(lines, expected):
        assert pattern(want).match(got), "got:  %r\nwant: %r\n\n%s" % (got, want, out)


OUTCOMES = [
    "KTAP version 1",
    "1..9",
    "ok 1 global.passes",
    "# ci/fixtures/harness/outcomes.c:16: Expected 1 (1) == 2 (2)",
    "# ci/fixtures/harness/outcomes.c:16:global.expect_continues_assert_stops: "
    "expect failed, test goes on",
    "# ci/fixtures/harness/outcomes.c:17:global.expect_continues_assert_stops: "
    "after the EXPECT",
    "# ci/fixtures/harness/outcomes.c:18: Expected 3 (3) == 4 (4)",
    "# ci/fixtures/harness/outcomes.c:18:global.expect_continues_assert_stops: "
    "assert failed, test stops",
    "not ok 2 global.expect_continues_assert_stops # 2 of 2 assertions failed",
    "not ok 3 global.crashes # terminated by SIGSEGV",
    "ok 4 global.skips # SKIP not supported by this kernel",
    "not ok 5 global.no_assertion # ERROR no assertion was evaluated",
    "ok 6 global.dies_by_signal",
    "not ok 7 global.survives_expected_signal # exited instead of dying from SIGUSR1",
    "ok 8 global.exits_with_ksft_skip # SKIP exited with KSFT_SKIP",
    "# ci/fixtures/harness/outcomes.c:{N}:slow.hangs: test pid {N} helper pid {N}",
    "# slow.hangs: terminated by timeout after 1 s",
    "not ok 9 slow.hangs # TIMEOUT terminated by timeout after 1 s",
    "# Totals: pass:2 fail:4 xfail:0 xpass:0 skip:2 error:1",
]


def group_gone(pgid, tries=100):
    """Every member of the process group is dead (polled: SIGKILL is asynchronous)."""
    for _ in range(tries):
        alive = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
                alive.append(entry)
        if not alive:
            return True
        time.sleep(0.05)
    for pid in alive:
        with open("/proc/%s/stat" % pid) as f:
            print("still in group %d: %s" % (pgid, f.read()))
    return False


@pytest.mark.parametrize("abi", ["x86_64", "i386"])
def test_every_outcome_line_and_exit_code(abi):
    res = run(compile_fixture("outcomes", abi))
    assert_lines(res.stdout, OUTCOMES)
    assert res.returncode == 1
    pids = re.search(r"test pid (\d+) helper pid (\d+)", res.stdout).groups()
    assert group_gone(int(pids[0])), "the timed-out test's process group survived"


@pytest.mark.parametrize("args, code, lines", [
    (["-t", "passes", "-t", "skips"], 0, ["ok 1 global.passes",
                                          "ok 2 global.skips # SKIP not supported by this kernel"]),
    (["-t", "skips"], 4, ["ok 1 global.skips # SKIP not supported by this kernel"]),
    (["-r", "global.crashes"], 1, ["not ok 1 global.crashes # terminated by SIGSEGV"]),
    (["-r", "global.no_assertion"], 1,
     ["not ok 1 global.no_assertion # ERROR no assertion was evaluated"]),
    (["-f", "global", "-t", "dies_by_signal"], 0, ["ok 1 global.dies_by_signal"]),
])
def test_selection_and_exit_codes(args, code, lines):
    res = run(compile_fixture("outcomes"), *args)
    got = [l for l in res.stdout.splitlines() if re.match(r"(not )?ok ", l)]
    assert got == lines, res.stdout
    assert res.stdout.splitlines()[1] == "1..%d" % len(lines)
    assert res.returncode == code, res.stdout


def test_list_and_bad_filter():
    exe = compile_fixture("outcomes")
    res = run(exe, "-l")
    assert res.returncode == 0
    assert res.stdout.split() == ["global.passes", "global.expect_continues_assert_stops",
                                  "global.crashes", "global.skips", "global.no_assertion",
                                  "global.dies_by_signal", "global.survives_expected_signal",
                                  "global.exits_with_ksft_skip", "slow.hangs"]
    res = run(exe, "-t", "nosuchtest")
    assert res.returncode == 1 and "no test matches" in res.stderr
    res = run(exe, "-x")
    assert res.returncode == 1 and "usage:" in res.stderr
    assert run(exe, "-h").returncode == 0


FIXTURES_OUT = [
    "KTAP version 1",
    "1..9",
    "# ci/fixtures/harness/fixtures.c:33:order.one.value_is_ten_times_input: setup 10",
    "# ci/fixtures/harness/fixtures.c:43:order.one.value_is_ten_times_input: test 10",
    "# ci/fixtures/harness/fixtures.c:38:order.one.value_is_ten_times_input: teardown 10",
    "ok 1 order.one.value_is_ten_times_input",
    "# ci/fixtures/harness/fixtures.c:33:order.one.input_is_one: setup 10",
    "# ci/fixtures/harness/fixtures.c:51:order.one.input_is_one: past the assert",
    "# ci/fixtures/harness/fixtures.c:38:order.one.input_is_one: teardown 10",
    "ok 2 order.one.input_is_one # XPASS expected to fail",
    "# ci/fixtures/harness/fixtures.c:33:order.two.value_is_ten_times_input: setup 20",
    "# ci/fixtures/harness/fixtures.c:43:order.two.value_is_ten_times_input: test 20",
    "# ci/fixtures/harness/fixtures.c:38:order.two.value_is_ten_times_input: teardown 20",
    "ok 3 order.two.value_is_ten_times_input",
    "# ci/fixtures/harness/fixtures.c:33:order.two.input_is_one: setup 20",
    "# ci/fixtures/harness/fixtures.c:50: Expected 1 (1) == variant->input (2)",
    "# ci/fixtures/harness/fixtures.c:38:order.two.input_is_one: teardown 20",
    "ok 4 order.two.input_is_one # XFAIL 1 of 1 assertions failed",
    "# ci/fixtures/harness/fixtures.c:38:order.skipped.value_is_ten_times_input: teardown 0",
    "ok 5 order.skipped.value_is_ten_times_input # SKIP setup skips variant 3",
    "# ci/fixtures/harness/fixtures.c:38:order.skipped.input_is_one: teardown 0",
    "ok 6 order.skipped.input_is_one # SKIP setup skips variant 3",
    "ok 7 plain.setup_ran",
    "ok 8 plain.dies_by_sigusr1",
    "# ci/fixtures/harness/fixtures.c:{N}: Expected 0 (0) == 1 (1)",
    "# ci/fixtures/harness/fixtures.c:{N}:broken.never_runs: setup failed",
    "ok 9 broken.never_runs # XFAIL 1 of 1 assertions failed",
    "# Totals: pass:4 fail:0 xfail:2 xpass:1 skip:2 error:0",
]


def test_fixture_order_variants_xfail_xpass():
    exe = compile_fixture("fixtures")
    res = run(exe)
    assert_lines(res.stdout, FIXTURES_OUT)
    assert res.returncode == 3
    assert run(exe, "-f", "broken").returncode == 2
    # Only the XFAIL variant (and skips): exit 2. Pass plus XFAIL: exit 0.
    res = run(exe, "-v", "two", "-t", "input_is_one")
    assert res.stdout.splitlines()[2:] == FIXTURES_OUT[14:17] + [
        "ok 1 order.two.input_is_one # XFAIL 1 of 1 assertions failed",
        "# Totals: pass:0 fail:0 xfail:1 xpass:0 skip:0 error:0"]
    assert res.returncode == 2
    assert run(exe, "-v", "two", "-F", "broken").returncode == 0
    assert run(exe, "-V", "one", "-F", "plain", "-F", "broken").returncode == 0
    assert run(exe, "-f", "plain").stdout.splitlines()[2] == "ok 1 plain.setup_ran"


SIGNEDNESS = [
    "KTAP version 1",
    "1..3",
    "# ci/fixtures/harness/signedness.c:18: Expected minus_one (-1) == uint_max (4294967295)",
    "# ci/fixtures/harness/signedness.c:20: Expected 7 (7) == ll (-5)",
    "# ci/fixtures/harness/signedness.c:21: Expected 0 (0) == u64_max (18446744073709551615)",
    "# ci/fixtures/harness/signedness.c:21:global.mixed_signedness: "
    "u64_max is 18446744073709551615",
    "# ci/fixtures/harness/signedness.c:22: Expected 0 (0) == sc (-3)",
    "# ci/fixtures/harness/signedness.c:23: Expected 0 (0) > us (65535)",
    "not ok 1 global.mixed_signedness # 5 of 6 assertions failed",
    "# ci/fixtures/harness/signedness.c:31: Expected NULL (0x0) == &x ({HEX})",
    "# ci/fixtures/harness/signedness.c:32: Expected NULL (0x0) != none (0x0)",
    '# ci/fixtures/harness/signedness.c:33: Expected "abc" == "abd": "abc" vs "abd"',
    '# ci/fixtures/harness/signedness.c:34: Expected "abc" != "abc": "abc" vs "abc"',
    '# ci/fixtures/harness/signedness.c:35: Expected "abc" == none: "abc" vs "(null)"',
    "# ci/fixtures/harness/signedness.c:36: Expected 0 to be true",
    "# ci/fixtures/harness/signedness.c:37: Expected 5 to be false",
    "not ok 2 global.pointers_and_strings # 7 of 7 assertions failed",
    "ok 3 global.all_hold",
    "# Totals: pass:1 fail:2 xfail:0 xpass:0 skip:0 error:0",
]


@pytest.mark.parametrize("abi", ["x86_64", "i386"])
def test_values_print_with_their_signedness(abi):
    res = run(compile_fixture("signedness", abi))
    assert_lines(res.stdout, SIGNEDNESS)
    assert res.returncode == 1


VDSO_UNMAP = [
    "KTAP version 1",
    "1..3",
    "# ci/fixtures/harness/vdso_unmap.c:{N}:global.fails_after_unmap: vDSO unmapped",
    "# ci/fixtures/harness/vdso_unmap.c:{N}: Expected 1 (1) == 2 (2)",
    "# ci/fixtures/harness/vdso_unmap.c:{N}:global.fails_after_unmap: "
    "reported without the vDSO",
    "not ok 1 global.fails_after_unmap # 1 of 4 assertions failed",
    "ok 2 global.passes_after_unmap",
    "ok 3 global.skips_after_unmap # SKIP skipped without the vDSO",
    "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:0",
]


@pytest.mark.parametrize("abi", ["x86_64", "i386"])
def test_reports_arrive_after_the_vdso_is_unmapped(abi):
    exe = compile_fixture("vdso_unmap", abi)
    res = run(exe, "-T", "libc_after_unmap")
    assert_lines(res.stdout, VDSO_UNMAP)
    assert res.returncode == 1


def test_i386_libc_syscall_after_unmap_is_the_hazard():
    """Control: the raw-syscall path matters, a glibc wrapper dies once the vDSO is gone."""
    res = run(compile_fixture("vdso_unmap", "i386"), "-t", "libc_after_unmap")
    assert "not ok 1 global.libc_after_unmap # terminated by SIGSEGV" in res.stdout, res.stdout


def test_timeout_multiplier_for_emulators():
    exe = compile_fixture("outcomes")
    env = dict(os.environ, VDSOTEST_TIMEOUT_MULTIPLIER="2")
    start = time.monotonic()
    res = subprocess.run([exe, "-t", "hangs"], stdout=subprocess.PIPE, text=True, env=env)
    assert "not ok 1 slow.hangs # TIMEOUT terminated by timeout after 2 s" in res.stdout
    assert time.monotonic() - start >= 2
    env["VDSOTEST_TIMEOUT_MULTIPLIER"] = "fast"
    res = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env)
    assert res.returncode == 1 and res.stdout == ""
    assert "VDSOTEST_TIMEOUT_MULTIPLIER=fast" in res.stderr


def test_sigterm_to_the_harness_kills_the_running_test():
    """A runner's `timeout` signals only the harness; the test's own group must not survive."""
    exe = compile_fixture("outcomes")
    proc = subprocess.Popen([exe, "-t", "hangs"], stdout=subprocess.PIPE, text=True)
    try:
        seen = ""
        while "helper pid" not in seen:
            line = proc.stdout.readline()
            assert line, "harness ended early:\n" + seen
            seen += line
        test_pid = int(re.search(r"test pid (\d+)", seen).group(1))
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGTERM
        assert group_gone(test_pid)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()


@pytest.mark.parametrize("abi", ["aarch64", "ppc64le", "s390x"])
def test_cross_builds_and_runs_under_qemu_user(abi):
    """Cross builds always; where qemu-user-static is installed the output is checked too."""
    exes = {name: compile_fixture(name, abi)
            for name in ("outcomes", "fixtures", "signedness", "vdso_unmap", "ktap_writer")}
    for exe in exes.values():
        with open(exe, "rb") as f:
            assert f.read(4) == b"\x7fELF"
    qemu = shutil.which("qemu-%s-static" % abi)
    if not qemu:
        pytest.skip("qemu-user-static is not installed: built, not run")
    for name, want, code in (("outcomes", OUTCOMES, 1), ("fixtures", FIXTURES_OUT, 3),
                             ("signedness", SIGNEDNESS, 1)):
        res = subprocess.run([qemu, exes[name]], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, timeout=120)
        assert_lines(res.stdout, want)
        assert res.returncode == code


def test_ktap_writer_alone():
    exe = compile_fixture("ktap_writer")
    res = run(exe)
    assert res.stdout.splitlines() == [
        "KTAP version 1",
        "1..7",
        "# two lines",
        "# of diagnostics",
        "ok 1 pass",
        "not ok 2 fail # value 3, want 4",
        "ok 3 skip # SKIP no getrandom",
        "ok 4 xfail # XFAIL known bug",
        "not ok 5 timeout # TIMEOUT 30 seconds",
        "not ok 6 has_hash # ERROR setup failed",
        "# raw 42",
        "ok 7 xpass # XPASS",
        "# Totals: pass:1 fail:2 xfail:1 xpass:1 skip:1 error:1",
    ]
    assert res.returncode == 1
    res = run(exe, "skip-all")
    assert res.stdout.splitlines() == ["KTAP version 1", "1..0 # SKIP nothing to do on this kernel"]
    assert res.returncode == 4
