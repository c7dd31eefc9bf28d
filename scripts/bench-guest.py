#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Exit-cost benchmark: boots Xenolith with the bench test kernel as a domain and reports
its figures (TSC cycles measured inside the guest; guests/tests/bench/main.c).

    scripts/bench-guest.py [--runs N] [--timeout S]

Each boot measures medians of 2001 samples; this prints, in the `name: value unit [notes]`
format of scripts/bench.py, the median over N boots (default 3) of those medians, and each
figure's ratio to the no-exit baseline measured in the same runs. Figures only, never pass or
fail; the exit status is non-zero only when a run could not be measured.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import qemu  # noqa: E402

LINE = re.compile(r"\(d\d+\) bench: (?P<name>[^:]+): median (?P<median>\d+) cycles")
DONE = r"\(d\d+\) Test result: (\w+)"


def run_once(build, timeout):
    """Boots once; returns {figure name: median cycles}."""
    import pexpect

    image = os.path.join(build, "xenolith")
    kernel = os.path.join(build, "guests", "test-bench")
    argv = qemu.command(kernel=image, modules=[(kernel, "domain=bench mem=16M")], cpus=1)
    figures = {}
    with tempfile.NamedTemporaryFile(prefix="bench-guest-", suffix=".log") as err:
        child = qemu.spawn(argv, err.name)
        try:
            while True:
                i = child.expect([LINE.pattern, DONE, pexpect.EOF, pexpect.TIMEOUT],
                                 timeout=timeout)
                if i == 0:
                    m = LINE.search(child.after)
                    figures[m.group("name")] = int(m.group("median"))
                elif i == 1:
                    if child.match.group(1) != "SUCCESS":
                        raise RuntimeError(f"bench kernel ended with {child.match.group(1)}")
                    return figures
                else:
                    raise RuntimeError("bench kernel did not finish")
        finally:
            child.terminate(force=True)
            child.close(force=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args()
    build = os.environ.get("BUILD", "build")
    runs = []
    try:
        for _ in range(args.runs):
            runs.append(run_once(build, args.timeout))
    except RuntimeError as e:
        print(f"bench-guest: {e}", file=sys.stderr)
        return 1
    baseline_name = "baseline (no exit)"
    baseline = statistics.median(r[baseline_name] for r in runs)
    for name in runs[0]:
        value = statistics.median(r[name] for r in runs)
        values = [r[name] for r in runs]
        ratio = f", {value / baseline:.0f}x the no-exit baseline" if name != baseline_name else ""
        print(f"guest {name}: {value:.0f} TSC-cycles (median of {args.runs} boots, "
              f"each a median of 2001; min {min(values)}, max {max(values)}{ratio})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
