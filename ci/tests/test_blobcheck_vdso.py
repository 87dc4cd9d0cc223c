"""blobcheck on the running kernel's vDSO images (x86_64 and i386): policy clean, dynsyms = readelf."""
import os
import re
import shutil
import subprocess

import pytest

from blobcheck_util import FIXTURES, cc_for, run

VDSO_ABIS = {"x86_64": [], "i386": ["-static"]}


def dump_vdso(tmp, abi):
    if os.uname().machine != "x86_64":
        pytest.skip("dumps the vDSO of x86_64/i386 processes; this host is %s" % os.uname().machine)
    cc = cc_for(abi)
    if not cc:
        pytest.skip("no %s compiler" % abi)
    exe = os.path.join(str(tmp), "vdso_dump_" + abi)
    subprocess.run([cc, "-O2", "-o", exe, os.path.join(FIXTURES, "vdso_dump.c")] +
                   VDSO_ABIS[abi], check=True)
    res = subprocess.run([exe], stdout=subprocess.PIPE)
    if res.returncode == 2 and abi == "i386":
        pytest.skip("no i386 vDSO (IA32 emulation off?)")
    assert res.returncode == 0
    img = os.path.join(str(tmp), "vdso_" + abi + ".so")
    with open(img, "wb") as f:
        f.write(res.stdout)
    return img


@pytest.mark.parametrize("abi", sorted(VDSO_ABIS))
def test_running_vdso_passes_policy(tmp_path, abi):
    img = dump_vdso(tmp_path, abi)
    res = run(["--vdso", img])
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout == ""


def readelf_dynsyms(img):
    out = subprocess.run(["readelf", "--dyn-syms", "-W", img], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    syms = set()
    for line in out.splitlines():
        m = re.match(r"\s*(\d+):\s+([0-9a-f]+)\s+\d+\s+\w+\s+\w+\s+\w+\s+(\S+)\s*(\S*)", line)
        if not m or m.group(1) == "0":
            continue
        # readelf 2.40 prints versions of symbols with a weak alias as "@" only on the alias
        syms.add((m.group(4), int(m.group(2), 16), "UND" if m.group(3) == "UND" else "DEF"))
    return syms


@pytest.mark.parametrize("abi", sorted(VDSO_ABIS))
def test_dynsyms_match_readelf(tmp_path, abi):
    if not shutil.which("readelf"):
        pytest.skip("no readelf")
    img = dump_vdso(tmp_path, abi)
    res = run(["--dynsyms", img])
    assert res.returncode == 0, res.stderr
    ours = set()
    for line in res.stdout.splitlines():
        name, value, ndx = line.split()
        ours.add((name, int(value, 16), ndx))
    theirs = readelf_dynsyms(img)
    assert ours == theirs
    assert any("@" in s[0] for s in ours), "no versioned symbol: version parsing untested"
