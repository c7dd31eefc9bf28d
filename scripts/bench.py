#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make bench`: runs every benchmark executable and prints their figures in one table.

    scripts/bench.py EXECUTABLE...

Each executable (the BENCHES make variable) runs from the tree root with BUILD in the
environment, one at a time so they do not disturb each other, and prints its figures on stdout
as lines

    name: value unit [notes]

e.g. `boot to all CPUs online (-smp 2): 0.913 s (min 0.880, max 0.950, 5 runs)`. Figures are
medians of repeated runs measured by the executable; nothing passes or fails on a value. Other
stdout lines and all of stderr (progress) are shown as they come. The exit status is non-zero
when an executable fails (it could not measure), and its row says so.
"""

import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIGURE_RE = re.compile(
    r"^(?P<name>[^:]+):\s+(?P<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s+"
    r"(?P<unit>\S+)(?:\s+(?P<notes>.*))?$"
)


def run_bench(path):
    """Runs one executable; returns (figures, error or None)."""
    figures = []
    try:
        proc = subprocess.Popen(
            [os.path.abspath(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
            env=dict(os.environ, BUILD=os.environ.get("BUILD", "build")),
        )
    except OSError as e:
        return figures, str(e)
    for line in proc.stdout:
        line = line.rstrip("\n")
        m = FIGURE_RE.match(line)
        if m:
            figures.append(m.groupdict())
        print(f"  {os.path.basename(path)}: {line}", flush=True)
    status = proc.wait()
    return figures, None if status == 0 else f"exit status {status}"


def main():
    benches = sys.argv[1:]
    if not benches:
        print("bench.py: no benchmarks given (BENCHES is empty)", file=sys.stderr)
        return 2
    rows = []
    errors = []
    for path in benches:
        start = time.monotonic()
        print(f"[bench] {path}", flush=True)
        figures, error = run_bench(path)
        print(f"[bench] {path}: {len(figures)} figures in {time.monotonic() - start:.1f} s",
              flush=True)
        rows += [(path, f) for f in figures]
        if error:
            errors.append((path, error))

    header = ("Benchmark", "Value", "Unit", "Notes")
    table = [(f["name"], f["value"], f["unit"], f["notes"] or "") for _, f in rows]
    widths = [max([len(header[i])] + [len(r[i]) for r in table]) for i in range(3)]
    print()
    print(f"{header[0]:<{widths[0]}}  {header[1]:>{widths[1]}}  {header[2]:<{widths[2]}}  "
          f"{header[3]}")
    for name, value, unit, notes in table:
        print(f"{name:<{widths[0]}}  {value:>{widths[1]}}  {unit:<{widths[2]}}  {notes}")
    for path, error in errors:
        print(f"{path}: FAILED to measure ({error})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
