#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boots every test kernel directly in QEMU, without a hypervisor, and checks the framework.

    guests/qemu-smoke.py [-v] [NAME...]

QEMU's x86 loader starts an ELF kernel that carries the Xen PVH note (XEN_ELFNOTE_PHYS32_ENTRY)
the way Xen does: 32-bit protected mode, paging off, EBX = hvm_start_info. So this exercises
the framework's real boot path (PVH entry, GDT, page tables, long mode, IDT, console, report,
power-off) on the same TCG CPU the system tests use, before and independently of Xenolith.
Without Xen the framework reports SKIP, except for the selftest kernel, which runs its checks
of the framework (formatter, exception catching, CPL 3 and compatibility-mode round trips) and
must report SUCCESS; and with `unexpected=...` on its command line it must report ERROR.

Output is TAP, one line per boot. Each kernel must: print the banner first, print the same
text on COM1 and on the debug port 0xE9, end with the expected "Test result: ..." line and
power QEMU off by itself. Logs: $BUILD/guests/smoke/<case>.{serial,e9}.log.

Environment: BUILD (default build). Exit status: 0 all passed (or QEMU is missing: the plan
is then `1..0 # SKIP`), 1 a case failed, 2 usage error.
"""

import argparse
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 60
BANNER = "--- Xenolith test kernel ---"
NO_XEN = "Not running on Xen"


def cases(build, names):
    """Yields (case name, image, command line, expected lines in order)."""
    for image in sorted(glob.glob(os.path.join(build, "guests", "test-*"))):
        name = os.path.basename(image)[len("test-"):]
        if names and name not in names:
            continue
        if name == "selftest":
            yield name, image, "", [NO_XEN, "selftest: compatibility-mode calls work",
                                    "Test result: SUCCESS"]
            for kind, vector in (("pf", "#PF"), ("ud-user", "#UD"), ("df", "#DF")):
                yield (f"selftest-unexpected-{kind}", image, f"unexpected={kind}",
                       [f"Unexpected exception {vector} (vector", "Test result: ERROR"])
        else:
            yield name, image, "smoke=1", [NO_XEN, "Test result: SKIP"]


def read_log(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().replace("\r", "").splitlines()
    except OSError:
        return []


def run_case(logdir, case):
    """Boots one case; returns (ok, problem text, serial lines)."""
    name, image, cmdline, expected = case
    serial = os.path.join(logdir, f"{name}.serial.log")
    e9 = os.path.join(logdir, f"{name}.e9.log")
    cmd = [
        "qemu-system-x86_64", "-accel", "tcg", "-machine", "pc", "-cpu", "EPYC", "-m", "128M",
        "-display", "none", "-monitor", "none", "-no-reboot", "-kernel", image,
        "-append", cmdline, "-serial", f"file:{serial}", "-debugcon", f"file:{e9}",
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return False, f"QEMU still running after {TIMEOUT} s (no power-off)", read_log(serial)
    lines = read_log(serial)
    if proc.returncode != 0:
        errors = [ln for ln in proc.stderr.splitlines() if "warning" not in ln]
        return False, f"QEMU exit status {proc.returncode}: {' / '.join(errors[:3])}", lines
    if not lines or lines[0] != BANNER:
        return False, f"first line is not the banner: {lines[:1]}", lines
    if read_log(e9) != lines:
        return False, "COM1 and port 0xE9 received different text", lines
    at = 0
    for want in expected:
        while at < len(lines) and not lines[at].startswith(want):
            at += 1
        if at == len(lines):
            return False, f"missing (in order): {want!r}", lines
    if not lines[-1].startswith("Test result: "):
        return False, f"the last line is not the result: {lines[-1]!r}", lines
    return True, "", lines


def main():
    parser = argparse.ArgumentParser(description="Boot the test kernels in QEMU without Xen.")
    parser.add_argument("names", nargs="*", metavar="NAME", help="test kernels (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every console")
    try:
        args = parser.parse_args()
    except SystemExit as e:
        return 2 if e.code else 0
    build = os.path.join(ROOT, os.environ.get("BUILD", "build"))
    todo = list(cases(build, set(args.names)))
    if shutil.which("qemu-system-x86_64") is None:
        print("1..0 # SKIP qemu-system-x86_64 is missing")
        return 0
    if not todo:
        print(f"qemu-smoke: no test kernels in {build}/guests (make guests)", file=sys.stderr)
        return 2
    logdir = os.path.join(build, "guests", "smoke")
    os.makedirs(logdir, exist_ok=True)

    print(f"1..{len(todo)}", flush=True)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda c: run_case(logdir, c), todo)
        for number, (case, (ok, problem, lines)) in enumerate(zip(todo, results), 1):
            print(f"{'ok' if ok else 'not ok'} {number} - {case[0]}"
                  + (f": {lines[-1]}" if ok and lines else ""))
            if not ok:
                failed += 1
                print(f"# {problem}")
            if not ok or args.verbose:
                for line in lines[-15:]:
                    print(f"#   {line}")
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
