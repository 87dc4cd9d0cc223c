"""Reads a guest's serial console: framing lines, run classification, vDSO facts, KTAP text."""
import base64
import hashlib
import re
import struct
from dataclasses import dataclass, field

# Exit codes of `python3 -m matrix run`, one per kind of run (worst wins across boots).
PASSED, TESTS_FAILED, ERROR, PANIC, BOOT_TIMEOUT, HANG = 0, 1, 2, 3, 4, 5
NAMES = {PASSED: "passed", TESTS_FAILED: "tests failed", ERROR: "no result",
         PANIC: "kernel panic/oops", BOOT_TIMEOUT: "boot timeout", HANG: "hang"}
# Which of several outcomes a matrix reports: a panic hides everything after it.
SEVERITY = (PANIC, HANG, BOOT_TIMEOUT, ERROR, TESTS_FAILED, PASSED)

# What the host saw when it stopped QEMU (or QEMU stopped by itself).
STOP_EXITED, STOP_BOOT_TIMEOUT, STOP_SILENT, STOP_TOTAL = "exited", "boot-timeout", "silent", \
    "total-timeout"

_ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][A-Za-z0-9]|[@-Z\\-_])")
_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Kernel reports that mean the kernel itself failed, whatever the tests said. Kernel
# messages can be spliced into the middle of a test's line, so these match anywhere.
_KERNEL_FAILURE = re.compile(
    r"Kernel panic - not syncing|Internal error: Oops|\bOops(: |\[#)|\bBUG: |kernel BUG at"
    r"|Unable to handle kernel|general protection fault|Krnl PSW|Call Trace:"
    r"|Attempted to kill init")
_GUEST = re.compile(r"VDSO-SELFTESTS-GUEST release=(\S*) machine=(\S*) clocksource=(\S*)"
                    r" uptime=([0-9.]+)")
_BEGIN = re.compile(r"VDSO-SELFTESTS-BEGIN abi=(\S+) uptime=([0-9.]+)")
_END = re.compile(r"VDSO-SELFTESTS-END abi=(\S+) rc=(-?\d+) uptime=([0-9.]+)")
_DONE = re.compile(r"VDSO-SELFTESTS-DONE uptime=([0-9.]+)")
_IMG_BEGIN = re.compile(r"VDSO-IMAGE-BEGIN abi=(\S+) bytes=(\d+) sha256=([0-9a-f]{64})")
_IMG_END = re.compile(r"VDSO-IMAGE-END abi=(\S+)")
_MAPS = re.compile(r"VDSO-MAPS ([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s+(\[[a-z_]+\])")
_AUXV = re.compile(r"VDSO-AUXV ((?:[0-9a-f]{2} ?)+)")

AT_NAMES = {6: "AT_PAGESZ", 16: "AT_HWCAP", 26: "AT_HWCAP2", 33: "AT_SYSINFO_EHDR",
            51: "AT_MINSIGSTKSZ"}


def clean(raw):
    """Console bytes or text to plain lines: no CR, no escape sequences, no control bytes."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    raw = _ANSI.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    return [_CTRL.sub("", line) for line in raw.split("\n")]


@dataclass
class AbiRun:
    abi: str
    rc: int = None          # None: the END line never came
    begin: float = None     # guest uptime at BEGIN / END
    end: float = None
    ktap: str = ""


@dataclass
class Verdict:
    code: int
    summary: str
    evidence: list          # the console lines that justify the verdict
    guest: dict = field(default_factory=dict)
    runs: dict = field(default_factory=dict)   # abi -> AbiRun

    @property
    def name(self):
        return NAMES[self.code]


def guest_info(lines):
    for line in lines:
        m = _GUEST.search(line)
        if m:
            return {"release": m.group(1), "machine": m.group(2), "clocksource": m.group(3),
                    "uptime": float(m.group(4))}
    return {}


def abi_runs(lines):
    """Each ABI's KTAP text, exit status and guest uptimes from the framing lines."""
    runs, cur, body = {}, None, []
    for line in lines:
        m = _BEGIN.search(line)
        if m:
            cur = runs.setdefault(m.group(1), AbiRun(m.group(1)))
            cur.begin, body = float(m.group(2)), []
            continue
        m = _END.search(line)
        if m and m.group(1) in runs:
            run = runs[m.group(1)]
            run.rc, run.end = int(m.group(2)), float(m.group(3))
            # A spliced END keeps whatever preceded it on the line as output.
            head = line[:m.start()]
            run.ktap = "\n".join(body + ([head] if head.strip() else [])) + "\n"
            cur, body = None, []
            continue
        if cur is not None:
            body.append(line)
    if cur is not None:     # the guest died or hung mid-run: keep what came
        cur.ktap = "\n".join(body) + "\n"
    return runs


def kernel_failures(lines, context=12):
    """Lines of kernel failure reports, with a few lines after each first hit."""
    out, until = [], -1
    for i, line in enumerate(lines):
        if _KERNEL_FAILURE.search(line):
            until = max(until, i + context)
        if i <= until and line.strip():
            out.append(line)
    return out


def classify(raw, abis, stop=STOP_EXITED, qemu_rc=0):
    """Decide one boot's outcome from its console; `abis` are the suites it had to run."""
    lines = clean(raw)
    guest, runs = guest_info(lines), abi_runs(lines)
    tail = [line for line in lines if line.strip()][-20:]
    oops = kernel_failures(lines)
    if oops:
        return Verdict(PANIC, "kernel failure: " + _first_match(oops), oops[:60], guest, runs)
    missing = [a for a in abis if a not in runs or runs[a].rc is None]
    if not missing:
        bad = ["%s rc=%d" % (a, runs[a].rc) for a in abis if runs[a].rc != 0]
        if bad:
            failed = [ln for a in abis for ln in runs[a].ktap.split("\n")
                      if ln.startswith("not ok ")]
            return Verdict(TESTS_FAILED, "suite exit status: " + ", ".join(bad),
                           failed or tail, guest, runs)
        return Verdict(PASSED, "every suite exited 0", [], guest, runs)
    if not guest:
        if stop == STOP_BOOT_TIMEOUT:
            return Verdict(BOOT_TIMEOUT, "no init within the boot timeout", tail, guest, runs)
        return Verdict(ERROR, "QEMU exited (rc %s) before the guest's init ran" % qemu_rc,
                       tail, guest, runs)
    if stop in (STOP_SILENT, STOP_TOTAL, STOP_BOOT_TIMEOUT):
        what = "silent too long" if stop == STOP_SILENT else "over the total time limit"
        return Verdict(HANG, "guest %s while running %s" % (what, ", ".join(missing)),
                       tail, guest, runs)
    return Verdict(ERROR, "QEMU exited (rc %s) without an end line for %s"
                   % (qemu_rc, ", ".join(missing)), tail, guest, runs)


def _first_match(lines):
    for line in lines:
        m = _KERNEL_FAILURE.search(line)
        if m:
            return line[m.start():].strip()[:120]
    return "?"


def worst(codes):
    codes = list(codes)
    for c in SEVERITY:
        if c in codes:
            return c
    return PASSED


def vdso_layout(lines):
    """Sizes of the [vdso]/[vvar]-like mappings the guest printed."""
    out = {}
    for line in lines:
        m = _MAPS.search(line)
        if m:
            out[m.group(3)] = int(m.group(2), 16) - int(m.group(1), 16)
    return out


def auxv(lines, word_bytes, big_endian):
    """The guest's auxiliary vector (hex dump of /proc/self/auxv) as {AT_NAME: value}."""
    for line in lines:
        m = _AUXV.search(line)
        if not m:
            continue
        data = bytes(int(h, 16) for h in m.group(1).split())
        fmt = (">" if big_endian else "<") + ("Q" if word_bytes == 8 else "I")
        out = {}
        for off in range(0, len(data) - 2 * word_bytes + 1, 2 * word_bytes):
            key, val = struct.unpack_from(fmt + fmt[1], data, off)
            if key == 0:
                break
            if key in AT_NAMES:
                out[AT_NAMES[key]] = val
        return out
    return {}


def vdso_images(lines):
    """Framed vDSO images: {abi: bytes} and a list of framing errors."""
    images, errors, cur = {}, [], None
    for line in lines:
        m = _IMG_BEGIN.search(line)
        if m:
            cur, chunks = m, []
            continue
        if cur is None:
            continue
        if _IMG_END.search(line):
            abi, size, digest = cur.group(1), int(cur.group(2)), cur.group(3)
            cur = None
            try:
                data = base64.b64decode("".join(chunks), validate=True)
            except ValueError as e:
                errors.append("%s: vDSO image: bad base64 (%s)" % (abi, e))
                continue
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                errors.append("%s: vDSO image: %d bytes, sha256 mismatch or short (want %d)"
                              % (abi, len(data), size))
                continue
            images[abi] = data
            continue
        chunks.append(line.strip())
    if cur is not None:
        errors.append("%s: vDSO image: no end frame" % cur.group(1))
    return images, errors
