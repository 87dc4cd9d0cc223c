"""Shared helpers for the blobcheck tests: the sanitizer build, compilers, and running it."""
import json
import os
import shutil
import subprocess

from conftest import TOP, make

ABI_CC = {
    "x86_64": "x86_64-linux-gnu-gcc",
    "i386": "i686-linux-gnu-gcc",
    "aarch64": "aarch64-linux-gnu-gcc",
    "ppc64le": "powerpc64le-linux-gnu-gcc",
    "s390x": "s390x-linux-gnu-gcc",
}
CLANG_TARGET = {
    "x86_64": "x86_64-linux-gnu",
    "i386": "i686-linux-gnu",
    "aarch64": "aarch64-linux-gnu",
    "ppc64le": "powerpc64le-linux-gnu",
    "s390x": "s390x-linux-gnu",
}
FIXTURES = os.path.join(TOP, "ci", "fixtures", "blobcheck")
SAN_MARKERS = ("AddressSanitizer", "runtime error:", "LeakSanitizer", "UndefinedBehaviorSanitizer")

_bin = {}


def blobcheck_bin(asan=True):
    """Build (once per session) and return blobcheck; the ASan+UBSan build by default."""
    key = "asan" if asan else "plain"
    if key not in _bin:
        make("blobcheck-asan" if asan else "blobcheck")
        _bin[key] = os.path.join(TOP, "out", "host", "asan" if asan else "bin", "blobcheck")
    return _bin[key]


def cc_for(abi):
    cc = shutil.which(ABI_CC[abi]) or (abi == "x86_64" and shutil.which("gcc"))
    return cc or None


def run(args, asan=True):
    """Run blobcheck; fail on any sanitizer report. Returns the CompletedProcess."""
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1")
    res = subprocess.run([blobcheck_bin(asan)] + list(args), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, errors="replace", env=env,
                         timeout=120)
    for m in SAN_MARKERS:
        assert m not in res.stderr, "sanitizer report for %s:\n%s" % (args, res.stderr[-3000:])
    assert res.returncode in (0, 1, 2), "blobcheck died (%d) on %s:\n%s" % (
        res.returncode, args, res.stderr[-3000:])
    return res


def findings(args):
    """Run with --json; return (exit code, list of findings)."""
    res = run(["--json"] + list(args))
    doc = json.loads(res.stdout)
    return res.returncode, [f for f in doc["findings"] if "error" not in f]


def compile_c(tmp, abi, src, flags, name=None, cc=None):
    """Compile C source text to an object for one ABI; return its path."""
    name = name or "blob"
    c = os.path.join(str(tmp), name + ".c")
    with open(c, "w") as f:
        f.write(src)
    obj = os.path.join(str(tmp), name + ".o")
    cmd = (cc or [cc_for(abi)]) + ["-c", "-o", obj, c] + list(flags)
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return obj
