#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boot-time benchmark: wall-clock time from starting QEMU to console milestones.

    scripts/bench-boot.py [--runs N] [--smp 1,2] [--mem 512M] [--timeout S]

For every CPU count, boots $BUILD/xenolith N times (default 5, one at a time so runs do not
compete for the CPUs) and prints, in the `name: value unit [notes]` format that
scripts/bench.py collects, the median with the minimum and maximum of:
  - the time to the banner (QEMU start-up, firmware and early boot), and
  - the time to "smp: <n> CPUs online" (all CPUs up).
Figures only: nothing here passes or fails on a time. The exit status is non-zero only when a
run could not be measured (the image is missing, QEMU failed, or a line never came).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import qemu  # noqa: E402

# The console milestones, in boot order: (label, regex matched on the serial console, with
# {cpus} replaced by the CPU count).
MILESTONES = [
    ("banner", r"Xenolith \d+\.\d+\.\d+ \(build-id"),
    ("all CPUs online", r"smp: {cpus} CPUs? online"),
]


def boot_once(image, mem, cpus, timeout):
    """Boots once; returns {label: seconds since QEMU was started}. Raises RuntimeError."""
    import pexpect

    argv = qemu.command(kernel=image, mem=mem, cpus=cpus)
    with tempfile.NamedTemporaryFile(prefix="bench-boot-", suffix=".log") as err:
        start = time.monotonic()
        child = qemu.spawn(argv, err.name)
        try:
            times = {}
            for label, regex in MILESTONES:
                remaining = max(0.0, start + timeout - time.monotonic())
                pattern = regex.replace("{cpus}", str(cpus))
                index = child.expect([pattern, pexpect.EOF, pexpect.TIMEOUT], timeout=remaining)
                if index != 0:
                    why = "QEMU exited" if index == 1 else f"no line after {timeout} s"
                    with open(err.name, encoding="utf-8", errors="replace") as f:
                        own = [ln.strip() for ln in f if "requested feature" not in ln]
                    detail = f" ({own[-1]})" if own else ""
                    raise RuntimeError(f"-smp {cpus}: waiting for {label!r}: {why}{detail}")
                times[label] = time.monotonic() - start
            return times
        finally:
            child.terminate(force=True)
            child.close(force=True)


def main():
    parser = argparse.ArgumentParser(description="Median boot times of Xenolith under QEMU.")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    parser.add_argument("--smp", default="1,2", help="comma-separated CPU counts")
    parser.add_argument("--mem", default="512M")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per boot")
    args = parser.parse_args()

    os.chdir(ROOT)
    image = os.path.join(os.environ.get("BUILD", "build"), "xenolith")
    if not os.path.exists(image):
        print(f"bench-boot: {image} does not exist; build it with `make`", file=sys.stderr)
        return 1
    for cpus in [int(n) for n in args.smp.split(",")]:
        samples = {label: [] for label, _ in MILESTONES}
        for run in range(args.runs):
            try:
                times = boot_once(image, args.mem, cpus, args.timeout)
            except RuntimeError as e:
                print(f"bench-boot: {e}", file=sys.stderr)
                return 1
            for label, seconds in times.items():
                samples[label].append(seconds)
            print(f"bench-boot: -smp {cpus} run {run + 1}/{args.runs}: "
                  + ", ".join(f"{k} {v:.3f} s" for k, v in times.items()), file=sys.stderr)
        for label, values in samples.items():
            print(f"boot to {label} (-smp {cpus}): {statistics.median(values):.3f} s "
                  f"(min {min(values):.3f}, max {max(values):.3f}, {len(values)} runs)",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
