"""Starts one QEMU guest, streams its console to a file and stops it on every exit path."""
import ctypes
import os
import select
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

from . import console

PR_SET_PDEATHSIG = 1
_live = set()
_live_lock = threading.Lock()


def command(arch, kernel, initrd, append=()):
    """The full QEMU command line for one boot of `arch` (always TCG: KVM here hangs)."""
    cmdline = ["console=" + arch.console, "panic=-1", "quiet"] + list(arch.kernel_args) + \
        list(append)
    return [arch.qemu, "-M", arch.machine, "-accel", "tcg", "-cpu", arch.cpu,
            "-smp", "1", "-m", "512M", "-nodefaults", "-no-reboot", "-display", "none",
            "-serial", "stdio", "-net", "none"] + list(arch.qemu_args) + \
        ["-kernel", kernel, "-initrd", initrd, "-append", " ".join(cmdline)]


def missing_tool(arch):
    """A one-line message naming the package to install, or None."""
    if shutil.which(arch.qemu):
        return None
    return "%s is missing: apt-get install -y %s" % (arch.qemu, arch.qemu_package)


def _die_with_parent():
    # If the runner itself is SIGKILLed, no finally runs: the kernel kills QEMU instead.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def kill_group(proc):
    """SIGKILL the process group QEMU leads; QEMU needs no clean shutdown here."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def kill_all():
    with _live_lock:
        procs = list(_live)
    for p in procs:
        kill_group(p)


@dataclass
class Boot:
    cmd: list
    stop: str           # console.STOP_*
    qemu_rc: int
    wall: float         # host seconds from exec to QEMU gone
    boot_seconds: float  # host seconds until the guest's init spoke (None: never)
    raw: bytes


def run(cmd, log_path, boot_timeout, silent_timeout, total_timeout, done_grace=20):
    """Boots, copying the console to log_path; stops at power-off or the first timeout.

    boot_timeout: seconds for the guest's init to print its first line;
    silent_timeout: seconds without any console output once init runs (a hung test);
    total_timeout: hard cap for the whole boot."""
    start = time.monotonic()
    with open(log_path, "wb") as log:
        log.write(("+ " + " ".join(cmd) + "\n").encode())
        log.flush()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_die_with_parent)
        with _live_lock:
            _live.add(proc)
        raw, booted, done, stop = bytearray(), None, None, console.STOP_EXITED
        last = start
        try:
            fd = proc.stdout.fileno()
            while True:
                ready, _, _ = select.select([fd], [], [], 0.5)
                now = time.monotonic()
                if ready:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    log.write(chunk)
                    log.flush()
                    raw += chunk
                    last = now
                    recent = bytes(raw[-len(chunk) - 64:])
                    if booted is None and b"VDSO-SELFTESTS-GUEST" in recent:
                        booted = now - start
                    if done is None and b"VDSO-SELFTESTS-DONE" in recent:
                        done = now
                if booted is None and now - start > boot_timeout:
                    stop = console.STOP_BOOT_TIMEOUT
                    break
                if booted is not None and done is None and now - last > silent_timeout:
                    stop = console.STOP_SILENT
                    break
                if now - start > total_timeout:
                    stop = console.STOP_TOTAL
                    break
                # Power-off after the last frame is not a result; do not wait long for it.
                if done is not None and now - done > done_grace:
                    break
        finally:
            kill_group(proc)
            with _live_lock:
                _live.discard(proc)
            proc.stdout.close()
        if stop != console.STOP_EXITED:
            log.write(("\n+ matrix: stopped QEMU: %s after %.1f s\n"
                       % (stop, time.monotonic() - start)).encode())
    return Boot(cmd, stop, proc.returncode, time.monotonic() - start, booted, bytes(raw))
