"""Reads a guest's serial console: framing lines, run classification, vDSO facts, KTAP text."""
import base64
import hashlib
import re
import struct
import zlib
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
_CR_BEGIN = re.compile(r"VDSO-CR-BEGIN abi=(\S+) phase=(\S+) uptime=([0-9.]+)")
_CR_END = re.compile(r"VDSO-CR-END abi=(\S+) phase=(\S+) rc=(-?\d+) uptime=([0-9.]+)")
_CR_IMG_BEGIN = re.compile(r"VDSO-CR-IMAGE-BEGIN abi=(\S+) bytes=(\d+) sha256=([0-9a-f]{64})")
_CR_IMG_END = re.compile(r"VDSO-CR-IMAGE-END abi=(\S+)")
_INFO_BEGIN = re.compile(r"VDSO-INFO-BEGIN abi=(\S+)")
_INFO_END = re.compile(r"VDSO-INFO-END abi=(\S+) rc=(-?\d+)")
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


def abi_runs(lines, begin=_BEGIN, end=_END):
    """Each ABI's KTAP text, exit status and guest uptimes from the framing lines.

    With the C/R patterns the keys are `abi:phase` (the last two groups are rc, uptime)."""
    runs, cur, body = {}, None, []
    for line in lines:
        m = begin.search(line)
        if m:
            key = ":".join(m.groups()[:-1])
            cur = runs.setdefault(key, AbiRun(key))
            cur.begin, body = float(m.group(m.lastindex)), []
            continue
        m = end.search(line)
        if m and ":".join(m.groups()[:-2]) in runs:
            run = runs[":".join(m.groups()[:-2])]
            run.rc, run.end = int(m.group(m.lastindex - 1)), float(m.group(m.lastindex))
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


def cr_runs(lines):
    """The cross-kernel C/R hook's phases: {"abi:checkpoint"|"abi:restore": AbiRun}."""
    return abi_runs(lines, _CR_BEGIN, _CR_END)


def cr_images(lines):
    """Checkpoint images the guest framed (base64, size, sha256): ({abi: bytes}, errors)."""
    images, errors, cur = {}, [], None
    for line in lines:
        m = _CR_IMG_BEGIN.search(line)
        if m:
            cur, chunks = m, []
            continue
        if cur is None:
            continue
        if _CR_IMG_END.search(line):
            abi, size, digest = cur.group(1), int(cur.group(2)), cur.group(3)
            cur = None
            try:
                data = base64.b64decode("".join(chunks), validate=True)
            except ValueError as e:
                errors.append("%s: C/R image: bad base64 (%s)" % (abi, e))
                continue
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                errors.append("%s: C/R image: %d bytes or sha256 differ from the frame (%d)"
                              % (abi, len(data), size))
                continue
            images[abi] = data
            continue
        chunks.append(line.strip())
    if cur is not None:
        errors.append("%s: C/R image: no end frame" % cur.group(1))
    return images, errors


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
    # After the suites come the vDSO dumps and the C/R hook; the DONE line closes them.
    if not missing and not any(_DONE.search(line) for line in lines):
        missing = ["the vDSO dump or C/R hook after the suites"]
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


def vdso_info(lines):
    """What abi/vdso_dump --hex printed per ABI: page size, layout, exports and the image.

    Returns ({abi: {"page_size", "layout", "exports", "image", "rc"}}, [errors]); the
    image is checked against the dump's own size and CRC-32, offsets must be contiguous."""
    infos, errors, cur = {}, [], None
    for line in lines:
        m = _INFO_BEGIN.search(line)
        if m:
            cur = infos[m.group(1)] = {"page_size": None, "layout": {}, "exports": [],
                                       "image": None, "rc": None}
            abi, hexdata, img = m.group(1), bytearray(), None
            continue
        if cur is None:
            continue
        m = _INFO_END.search(line)
        if m:
            cur["rc"] = int(m.group(2))
            if img is not None:
                errors.append("%s: vDSO image: no VDSO-DUMP-END" % abi)
            if cur["rc"] != 0:
                errors.append("%s: vdso_dump exited %d" % (abi, cur["rc"]))
            cur = None
            continue
        words = line.split()
        if not words:
            continue
        if words[0] == "page_size" and len(words) == 2:
            cur["page_size"] = int(words[1], 0)
        elif words[0] == "layout" and len(words) >= 4:
            cur["layout"][words[1]] = int(words[3], 0)
        elif words[0] == "sym" and len(words) == 5:
            cur["exports"].append(words[4].rstrip("@"))
        elif words[0] == "VDSO-DUMP-BEGIN":
            img, hexdata = _kv(words), bytearray()
        elif words[0] == "VDSO-DUMP" and img is not None:
            if len(words) != 3 or int(words[1], 16) != len(hexdata):
                errors.append("%s: vDSO image: damaged line at offset %d" % (abi, len(hexdata)))
                img = None
                continue
            hexdata += bytes.fromhex(words[2])
        elif words[0] == "VDSO-DUMP-END" and img is not None:
            end = _kv(words)
            size, crc = int(end.get("size", -1)), int(end.get("crc32", "0"), 16)
            if len(hexdata) != size or zlib.crc32(bytes(hexdata)) != crc:
                errors.append("%s: vDSO image: %d bytes, want %d with crc32 %08x"
                              % (abi, len(hexdata), size, crc))
            else:
                cur["image"] = bytes(hexdata)
            img = None
    if cur is not None:
        errors.append("%s: vdso_dump output has no end frame" % abi)
    return infos, errors


def _kv(words):
    return dict(w.split("=", 1) for w in words if "=" in w)
