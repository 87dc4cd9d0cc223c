"""Command line of the QEMU matrix: `python3 -m matrix run ...` (run from ci/)."""
import argparse
import atexit
import os
import signal
import sys
import time

from . import console, qemu, runner


def _terminate(signum, frame):
    # Turn SIGTERM/SIGHUP into the same unwinding as ^C, so every finally runs.
    raise KeyboardInterrupt


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m matrix")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="boot the guests, then report through pytest")
    r.add_argument("--images", required=True, help="make images output (out/images)")
    r.add_argument("--out", required=True, help="results folder (out/matrix)")
    r.add_argument("--arch", action="append", required=True)
    r.add_argument("--suite", action="append", default=[])
    r.add_argument("--kernel", help="boot this kernel image instead of Debian's")
    r.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    r.add_argument("--boot-timeout", type=float, default=120)
    r.add_argument("--blobcheck", help="host blobcheck binary for the dumped vDSO images")
    r.add_argument("--no-pytest", action="store_true", help="boot and classify only")
    r.add_argument("--reuse", action="store_true", help="report on the last results, no boot")
    args = ap.parse_args(argv)
    if not args.kernel and not args.suite:
        ap.error("give --suite or --kernel")

    atexit.register(qemu.kill_all)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    images, out = os.path.abspath(args.images), os.path.abspath(args.out)
    jobs = runner.plan(images, out, args.arch, args.suite, args.kernel)
    t0 = time.monotonic()
    try:
        if args.reuse:
            results = [runner.load(j) for j in jobs]
        else:
            results = runner.run_all(jobs, images, args.jobs, args.boot_timeout,
                                     args.blobcheck)
    except KeyboardInterrupt:
        print("matrix: interrupted; every QEMU was killed", file=sys.stderr)
        return 130
    wall = time.monotonic() - t0
    print("matrix: %d boots in %.1f s wall (%d at a time)" % (len(results), wall, args.jobs))
    code = console.worst(r["code"] for r in results)
    if args.no_pytest:
        return code
    from . import report
    test_rc = report.run_pytest(out, results)
    report.write(out, results, wall)
    if code in (console.PASSED, console.TESTS_FAILED):
        return console.TESTS_FAILED if test_rc else console.PASSED
    return code


if __name__ == "__main__":
    sys.exit(main())
