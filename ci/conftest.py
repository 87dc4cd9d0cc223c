"""Shared pytest fixtures: where the tree is, and builds made once per session."""
import os
import subprocess
import sys

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "ci"))

_built = {}


def make(*args, check=True, **kw):
    """Run make in the top folder; return the CompletedProcess."""
    cmd = ["make", "--no-print-directory", "-C", TOP] + list(args)
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, **kw)
    if check and res.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s" % (" ".join(cmd), res.returncode,
                                                       res.stdout[-4000:]))
    return res


def build(abi):
    """Build every collection for one ABI once per session; return its output folder."""
    if abi not in _built:
        out = os.path.join(TOP, "out", abi)
        make("ARCH=" + abi, "O=" + out, "-j2")
        _built[abi] = out
    return _built[abi]


@pytest.fixture(scope="session")
def top():
    return TOP


@pytest.fixture(scope="session")
def native_build():
    return build("x86_64" if os.uname().machine == "x86_64" else os.uname().machine)
