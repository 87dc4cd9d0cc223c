"""Runs the installed suite on this kernel, for every ABI this machine executes, via the KTAP reader.

One pytest item per ABI and program; a failure names the failing KTAP tests and their diagnostics.
"""
import os
import subprocess

import pytest

from conftest import TOP, make

import ktap

NATIVE_ABIS = {"x86_64": ["x86_64", "i386"], "aarch64": ["aarch64"], "ppc64le": ["ppc64le"],
               "s390x": ["s390x"]}.get(os.uname().machine, [])


def listed_programs(abi):
    entries = []
    for coll in sorted(os.listdir(os.path.join(TOP, "selftests"))):
        if not os.path.exists(os.path.join(TOP, "selftests", coll, "Makefile")):
            continue
        res = subprocess.run(["make", "-s", "--no-print-directory", "-C",
                              os.path.join(TOP, "selftests", coll), "emit_tests", "ARCH=" + abi],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        entries += res.stdout.split()
    return entries


PROGRAMS = [(abi, entry) for abi in NATIVE_ABIS for entry in listed_programs(abi)]
_runs = {}


def run_suite(abi):
    """Install the ABI's tree once, run all of it once, and keep the parsed result."""
    if abi not in _runs:
        out = os.path.join(TOP, "out", "ci-native", abi)
        dest = os.path.join(out, "kselftest")
        make("install", "ARCH=" + abi, "O=" + out, "INSTALL_PATH=" + dest, "-j2")
        res = subprocess.run([os.path.join(dest, "run_kselftest.sh")], cwd="/",
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=1800)
        with open(os.path.join(out, "ktap.log"), "w") as f:
            f.write(res.stdout)
        _runs[abi] = (res.returncode, res.stdout, ktap.flatten(ktap.parse(res.stdout)))
    return _runs[abi]


def results_under(flat, prefix):
    return [r for r in flat if r[0] == prefix or r[0].startswith(prefix + "/")]


@pytest.mark.parametrize("abi,entry", PROGRAMS)
def test_program(abi, entry):
    rc, text, flat = run_suite(abi)
    coll, prog = entry.split(":")
    mine = results_under(flat, "%s/%s" % (coll, prog))
    assert mine, "no KTAP result for %s in the %s run" % (entry, abi)
    top = [r for r in mine if r[0] == "%s/%s" % (coll, prog)]
    bad = [r for r in mine if r[1] not in ("pass", "skip", "xfail")]
    assert not bad, "%s (%s):\n%s" % (entry, abi, "\n".join("%s: %s %s" % r for r in bad))
    assert top and top[0][1] in ("pass", "skip", "xfail")


@pytest.mark.parametrize("abi", NATIVE_ABIS)
def test_not_everything_skipped(abi):
    rc, text, flat = run_suite(abi)
    leaves = [r for r in flat if r[0].count("/") >= 2]
    ran = [r for r in leaves if r[1] in ("pass", "xfail")]
    assert leaves, "the %s run produced no test results" % abi
    assert ran, "every test skipped on %s" % abi


@pytest.mark.parametrize("abi", NATIVE_ABIS)
def test_runner_exit_status_agrees_with_results(abi):
    rc, text, flat = run_suite(abi)
    failed = [r for r in flat if r[1] in ("fail", "timeout", "error", "xpass")]
    assert (rc != 0) == bool(failed), "runner rc=%d, failures=%s" % (rc, failed[:5])
