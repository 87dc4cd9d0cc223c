"""The cr collection: checkpoint/restore of synthetic processes with remapped and proxied vDSOs.

x86_64 and i386 run here (i386 through IA32 emulation); aarch64, ppc64le and s390x build here and
run in the QEMU matrix. Every program passes or SKIPs with a reason; the engine's own programs
may not all-SKIP; bad images and bad arguments give the documented exit codes and one line.
"""
import os
import re
import subprocess

import pytest

from conftest import build

import ktap

RUN_ABIS = ["x86_64", "i386"] if os.uname().machine == "x86_64" else []
CROSS_ABIS = ["x86_64", "i386", "aarch64", "ppc64le", "s390x"]
ENGINE_PROGRAMS = ["cr_restore_vdso", "cr_bad_images", "cr_proxy_jump"]
_results = {}


def run(abi, prog):
    key = (abi, prog)
    if key not in _results:
        path = os.path.join(build(abi), "selftests", "cr", prog)
        res = subprocess.run([path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=300, cwd="/")
        flat = ktap.flatten(ktap.parse(res.stdout))
        _results[key] = (res.returncode, res.stdout, {n: (s, r) for n, s, r in flat})
    return _results[key]


def tool(abi, *args):
    path = os.path.join(build(abi), "selftests", "cr", "cr")
    return subprocess.run([path] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=120, cwd="/")


@pytest.mark.parametrize("abi", RUN_ABIS)
@pytest.mark.parametrize("prog", ENGINE_PROGRAMS + ["cr_real_criu"])
def test_program_passes(abi, prog):
    rc, out, tests = run(abi, prog)
    assert tests, "%s %s printed no KTAP results:\n%s" % (abi, prog, out[-2000:])
    bad = {n: v for n, v in tests.items() if v[0] not in ("pass", "skip")}
    all_skip = all(v[0] == "skip" for v in tests.values())
    # kselftest exit codes: 0 pass, 4 (KSFT_SKIP) when every case skipped.
    assert not bad and rc == (4 if all_skip else 0), "%s %s: rc %d, failing %s\n%s" % (
        abi, prog, rc, bad, out[-3000:])
    for name, (status, reason) in tests.items():
        assert status != "skip" or reason.strip(), "%s %s: SKIP without a reason" % (abi, name)
    if prog in ENGINE_PROGRAMS:
        assert any(v[0] == "pass" for v in tests.values()), "%s %s: all SKIP" % (abi, prog)


@pytest.mark.parametrize("abi", RUN_ABIS)
def test_every_scenario_runs_in_both_strategies(abi):
    """Only the process without a vDSO may skip, and only its proxy variants."""
    _, _, tests = run(abi, "cr_restore_vdso")
    skipped = sorted(n for n, v in tests.items() if v[0] == "skip")
    assert all(".novdso_" in n and "proxy" in n for n in skipped), skipped
    passed = [n for n, v in tests.items() if v[0] == "pass"]
    for scenario in ("glibc", "own", "signals", "timens", "pcvdso", "pattern"):
        for mode in ("remap", "proxy", "forced_proxy"):
            assert any(".%s_%s." % (scenario, mode) in n for n in passed), (scenario, mode)


@pytest.mark.parametrize("abi", RUN_ABIS)
def test_real_criu_skip_names_criu_error(abi):
    """Where criu cannot run (Debian 12's 3.17.1 on >= 6.13), the reason is criu's own words."""
    _, _, tests = run(abi, "cr_real_criu")
    for status, reason in tests.values():
        assert status == "pass" or "criu" in reason, reason


@pytest.mark.parametrize("abi", RUN_ABIS)
def test_tool_refuses_missing_image(abi):
    res = tool(abi, "restore", "/nonexistent/cr-image")
    assert res.returncode == 3
    assert res.stderr.strip().count("\n") == 0
    assert "/nonexistent/cr-image/manifest" in res.stderr


@pytest.mark.parametrize("abi", RUN_ABIS)
def test_tool_usage(abi):
    res = tool(abi, "frobnicate")
    assert res.returncode == 2 and "usage" in res.stderr


@pytest.mark.parametrize("abi", RUN_ABIS)
def test_tool_bench_reports_medians(abi):
    res = tool(abi, "bench", "5")
    assert res.returncode == 0, res.stderr
    m = re.search(r"cr_bench cycles=5 dump_ms_median=([0-9.]+) restore_ms_median=([0-9.]+) "
                  r"cycle_ms_median=([0-9.]+) verdict=\"ok own\"", res.stdout)
    assert m, res.stdout
    assert float(m.group(3)) > 0


@pytest.mark.parametrize("abi", CROSS_ABIS)
def test_cross_builds(abi):
    out = os.path.join(build(abi), "selftests", "cr")
    for prog in ENGINE_PROGRAMS + ["cr_real_criu", "cr_synth", "cr", "cr_fake_vdso.so"]:
        assert os.path.isfile(os.path.join(out, prog)), (abi, prog)


def test_ppc64le_fake_vdso_keeps_glibc_call_convention():
    """glibc calls ppc64 vDSO entries with mtctr/bctrl: r12 is not the entry, r2 must survive.

    An entry that derives r2 from r12 (compiled C's global entry) kills glibc at startup.
    """
    so = os.path.join(build("ppc64le"), "selftests", "cr", "cr_fake_vdso.so")
    dis = subprocess.run(["powerpc64le-linux-gnu-objdump", "-d", so], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    entries = re.findall(r"<(__kernel_\w+)>:\n((?:\s+[0-9a-f]+:.*\n)+)", dis)
    assert len(entries) >= 10, dis
    for name, body in entries:
        assert not re.search(r"\s(addis|addi|ld|mr)\s+r2,", body), (name, body)
