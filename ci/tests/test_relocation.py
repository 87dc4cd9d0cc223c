"""Relocation and timens collections: per-ABI expectations the generic suite run cannot state.

x86_64 and i386 run here (i386 through IA32 emulation); aarch64, ppc64le and s390x only build
here and run in the QEMU matrix. Each program must pass or SKIP with a reason, never all-SKIP,
and the vDSO-trampoline signal cases must actually run in the i386 build.
"""
import os
import subprocess

import pytest

from conftest import build

import ktap

PROGRAMS = ["relocation/move_together", "relocation/move_one_piece",
            "relocation/mremap_refusals", "relocation/sigreturn_moved",
            "relocation/unmap_vdso", "relocation/fastpath_after_move", "timens/timens_vdso"]
RUN_ABIS = ["x86_64", "i386"] if os.uname().machine == "x86_64" else []
CROSS_ABIS = ["aarch64", "ppc64le", "s390x", "i386", "x86_64"]
_results = {}


def run(abi, prog):
    """Run one program once per session; return {test name: (status, reason)}."""
    key = (abi, prog)
    if key not in _results:
        path = os.path.join(build(abi), "selftests", prog)
        res = subprocess.run([path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=120, cwd="/")
        flat = ktap.flatten(ktap.parse(res.stdout))
        _results[key] = (res.returncode, res.stdout, {n: (s, r) for n, s, r in flat})
    return _results[key]


@pytest.mark.parametrize("abi", RUN_ABIS)
@pytest.mark.parametrize("prog", PROGRAMS)
def test_passes_and_not_all_skip(abi, prog):
    rc, out, tests = run(abi, prog)
    assert tests, "%s %s printed no KTAP results:\n%s" % (abi, prog, out[-2000:])
    bad = {n: v for n, v in tests.items() if v[0] not in ("pass", "skip")}
    assert not bad and rc == 0, "%s %s: rc %d, failing %s\n%s" % (abi, prog, rc, bad,
                                                                out[-3000:])
    assert any(v[0] == "pass" for v in tests.values()), "%s %s: every case SKIPped" % (abi, prog)
    for name, (status, reason) in tests.items():
        assert status != "skip" or reason.strip(), "%s %s: SKIP without a reason" % (abi, name)


def statuses(abi, prefix):
    _, _, tests = run(abi, "relocation/sigreturn_moved")
    return {n: v for n, v in tests.items() if n.startswith(prefix)}


@pytest.mark.skipif("i386" not in RUN_ABIS, reason="i386 binaries do not run on this host")
def test_i386_vdso_trampoline_cases_run():
    """ia32 frames return through __kernel_(rt_)sigreturn: those cases must pass, not skip."""
    cases = statuses("i386", "sig.moved_vdso_tramp.")
    cases.update(statuses("i386", "sig.in_place_vdso_tramp."))
    assert len(cases) >= 14
    assert all(v[0] == "pass" for v in cases.values()), cases


@pytest.mark.skipif("x86_64" not in RUN_ABIS, reason="x86_64 binaries do not run here")
def test_x86_64_trampoline_cases_skip_with_the_sa_restorer_reason():
    cases = statuses("x86_64", "sig.moved_vdso_tramp.")
    assert cases and all(v[0] == "skip" and "SA_RESTORER" in v[1] for v in cases.values())
    own = statuses("x86_64", "sig.moved_own_restorer.")
    assert sum(v[0] == "pass" for v in own.values()) >= 6, own


@pytest.mark.parametrize("abi", RUN_ABIS)
def test_register_check_can_fail(abi):
    """The callee-saved check sees a register edited in the saved frame."""
    cases = statuses(abi, "sig.moved_own_restorer.check_detects_damage")
    assert [v[0] for v in cases.values()] == ["pass"], cases


@pytest.mark.parametrize("abi", CROSS_ABIS)
def test_cross_builds(abi):
    out = build(abi)
    for prog in PROGRAMS:
        assert os.path.exists(os.path.join(out, "selftests", prog)), "%s: %s" % (abi, prog)
