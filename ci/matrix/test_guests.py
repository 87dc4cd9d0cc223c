"""pytest items for a finished matrix: one per boot, per KTAP result, per arch sanity check.

Run by `python3 -m matrix run` (MATRIX_OUT names the results folder), not by `make check`."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import ktap  # noqa: E402
from matrix import console, results  # noqa: E402

OUT = os.environ.get("MATRIX_OUT", "")


def _load():
    boots = []
    for kernel_id in sorted(os.listdir(OUT)) if os.path.isdir(OUT) else []:
        if not os.path.isdir(os.path.join(OUT, kernel_id)):
            continue
        for arch in sorted(os.listdir(os.path.join(OUT, kernel_id))):
            path = os.path.join(OUT, kernel_id, arch, "result.json")
            if os.path.isfile(path) and (not os.environ.get("MATRIX_ONLY") or
                                         "%s/%s" % (kernel_id, arch) in
                                         os.environ["MATRIX_ONLY"].split()):
                with open(path) as f:
                    boots.append(json.load(f))
    return boots


BOOTS = _load()
EXPECT = {}
for _b in BOOTS:
    for _abi in _b["abis"]:
        EXPECT.setdefault(_abi, results.load_expectations(_abi))
CASES, READ_ERRORS = [], {}
for _b in BOOTS:
    try:
        CASES += results.cases_of(_b, OUT, EXPECT)
    except RuntimeError as e:
        READ_ERRORS["%s:%s" % (_b["label"], _b["arch"])] = str(e)
RUNS = [(b, abi) for b in BOOTS for abi in b["abis"]]


@pytest.fixture(scope="session", autouse=True)
def _suite_properties(record_testsuite_property):
    """Per boot, what it ran on: JUnit <properties> named `<kernel>:<arch> <what>`."""
    for b in BOOTS:
        key = "%s:%s " % (b["label"], b["arch"])
        record_testsuite_property(key + "kernel", b["guest"].get("release", "unknown"))
        record_testsuite_property(key + "kernel_image", b["kernel"])
        for name, val in sorted(b["versions"].items()):
            record_testsuite_property(key + name, val)
        record_testsuite_property(key + "qemu", b["qemu"])
        record_testsuite_property(key + "qemu_cmdline", " ".join(b["cmd"]))
        record_testsuite_property(key + "clocksource", b["guest"].get("clocksource", ""))
        record_testsuite_property(key + "verdict", b["verdict"])


@pytest.mark.parametrize("boot", BOOTS, ids=["%s:%s" % (b["label"], b["arch"]) for b in BOOTS])
def test_boot(boot):
    """The guest booted, ran every suite and printed its end lines (tests may still fail)."""
    if boot["code"] not in (console.PASSED, console.TESTS_FAILED):
        pytest.fail("%s: %s\n%s" % (boot["verdict"], boot["summary"],
                                    "\n".join(boot["evidence"])), pytrace=False)
    key = "%s:%s" % (boot["label"], boot["arch"])
    if key in READ_ERRORS:
        pytest.fail(READ_ERRORS[key], pytrace=False)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_ktap(case):
    """One KTAP result of one guest, with the arch's expectations applied (strict xfail)."""
    exp = case.expected
    if case.status == "skip":
        pytest.skip(case.reason or "skipped in the guest")
    if case.status == "xfail":
        pytest.xfail(case.reason or "XFAIL reported by the test")
    if exp and case.status == "fail":
        pytest.xfail("%s (%s)" % (exp.reason, exp.where))
    if exp:
        pytest.fail("XPASS(strict): %s passes but %s expects a failure: %s"
                    % (case.name, exp.where, exp.reason), pytrace=False)
    if case.status != "pass":
        pytest.fail("%s: %s\n%s" % (case.name, case.reason or "not ok",
                                    "\n".join(case.diagnostics or [])), pytrace=False)


@pytest.mark.parametrize("run", RUNS, ids=["%s:%s" % (b["label"], a) for b, a in RUNS])
def test_vdso_image(run):
    """The guest's vDSO image arrived intact and passes blobcheck's vDSO policy."""
    boot, abi = run
    if boot["code"] not in (console.PASSED, console.TESTS_FAILED):
        pytest.skip("the boot failed: see test_boot")
    info = boot["vdso"].get(abi)
    if info is None:
        pytest.skip("no abi/vdso_dump in this build")
    errors = [e for e in boot["image_errors"] if e.startswith(abi + ":")]
    if errors:
        pytest.fail("\n".join(errors), pytrace=False)
    if "image_bytes" not in info:
        pytest.fail("%s: vdso_dump printed no image" % abi, pytrace=False)
    check = info["blobcheck"]
    if check["rc"] is None:
        pytest.skip(check["output"])
    if check["rc"] != 0:
        pytest.fail("blobcheck --vdso (exit %d):\n%s" % (check["rc"], check["output"]),
                    pytrace=False)


@pytest.mark.parametrize("run", RUNS, ids=["%s:%s" % (b["label"], a) for b, a in RUNS])
def test_not_all_skipped(run):
    """An ABI whose every test skipped (or that ran none) tested nothing: that is a failure."""
    boot, abi = run
    mine = [c for c in CASES if c.label == boot["label"] and c.abi == abi]
    if not mine:
        pytest.fail("%s on %s: no test results at all (collections installed: see "
                    "out/images/suites/%s/kselftest-list.txt)" % (abi, boot["label"], abi),
                    pytrace=False)
    if all(c.status == "skip" for c in mine):
        pytest.fail("%s on %s: all %d tests skipped" % (abi, boot["label"], len(mine)),
                    pytrace=False)


CR_PAIRS = [(old, new, abi) for old in BOOTS if old.get("cr_role") == "checkpoint"
            for new in BOOTS if new.get("cr_role") == "restore" and new["arch"] == old["arch"]
            for abi in old["abis"]]


@pytest.mark.parametrize("pair", CR_PAIRS, ids=["%s>%s:%s" % (o["label"], n["label"], a)
                                                for o, n, a in CR_PAIRS])
def test_cr_cross_kernel(pair):
    """A process checkpointed on the old kernel was restored on the new one (its checks pass)."""
    old, new, abi = pair
    ck, rs = old["cr"].get(abi + ":checkpoint"), new["cr"].get(abi + ":restore")
    if ck is None:
        pytest.skip("%s: no cr/matrix-hook installed for this ABI" % abi)
    if ck["rc"] != 0:
        pytest.fail("checkpoint on %s exited %s" % (old["label"], ck["rc"]), pytrace=False)
    errors = [e for e in old["cr_errors"] if e.startswith(abi + ":")]
    if errors or abi not in old["cr_images"]:
        pytest.fail("the image did not come out of the %s guest: %s"
                    % (old["label"], "; ".join(errors) or "no frame"), pytrace=False)
    if rs is None:
        pytest.fail("the %s guest never ran the restore (image carried: %s)"
                    % (new["label"], abi in new["cr_in"]), pytrace=False)
    if rs["rc"] == 4:
        # Every case skipped: the restore itself proved the image cannot exist on this kernel
        # (e.g. ppc64le 6.1 -> 6.12: 64 KiB pages and 128 TiB, then 4 KiB and 64 TiB).
        path = os.path.join(OUT, new["kernel_id"], new["arch"], "%s.cr-restore.ktap" % abi)
        with open(path) as f:
            reasons = sorted({r for _, status, r in ktap.flatten(ktap.parse(f.read()))
                              if status == "skip" and r})
        pytest.skip("restore on %s: %s" % (new["label"], "; ".join(reasons) or "all skipped"))
    if rs["rc"] != 0:
        pytest.fail("restore on %s exited %s" % (new["label"], rs["rc"]), pytrace=False)


@pytest.mark.parametrize("abi", sorted(EXPECT))
def test_expectations_used(abi):
    """Every expectation entry matches a result on a kernel that ran, else it is stale."""
    labels = {b["label"] for b in BOOTS}
    stale = []
    for e in EXPECT[abi]:
        ran = "*" in e.kernels or labels & set(e.kernels)
        if ran and not any(c.expected is e for c in CASES):
            stale.append("%s: %s matches no result" % (e.where, e.pattern))
    if stale:
        pytest.fail("\n".join(stale), pytrace=False)
