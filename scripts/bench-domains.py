#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figures measured inside test-kernel domains: event-channel round trips, domain switches,
wake-up latency under load (and whatever else BENCHES below lists).

    scripts/bench-domains.py [--runs N] [--only NAME]

Each bench boots Xenolith with its domains N times (default 3) and reads figures from the
guests' console lines; this prints the median over the runs in the `name: value unit [notes]`
format of scripts/bench.py. Figures only, never pass or fail; a run that could not be measured
is retried once, then reported as missing (non-zero exit status).
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

ALL_ENDED = r"domain: all domains have ended"


def mod(test, args):
    return (test, args)


# These kernels count on their port numbers, so they run without the console ring (whose port
# the domain builder allocates first); tests/system/scenarios.py does the same.
NO_RING = "console=no"


def pingpong(rounds):
    return [mod("evtchn-pingpong",
                f'domain=srv mem=16M {NO_RING} cmdline="role=server peer=2 rounds={rounds}"'),
            mod("evtchn-pingpong",
                f'domain=cli mem=16M {NO_RING} cmdline="role=client peer=1 rounds={rounds}"')]


def pair(test, role0, role1, args=""):
    extra = f" {args}" if args else ""
    return [mod(test, f'domain={role0} mem=16M {NO_RING} cmdline="role={role0} peer=2{extra}"'),
            mod(test, f'domain={role1} mem=16M {NO_RING} cmdline="role={role1} peer=1{extra}"')]


# name, CPUs, modules (test kernel, domain spec), {figure: (regex with group v, unit, note)}
BENCHES = [
    ("evtchn-1cpu", 1, pingpong(20000), {
        "evtchn-rtt-1cpu": (r"pingpong: \d+ round trips, median (?P<v>\d+) cycles", "cycles",
                            "interdomain event round trip, both domains on one CPU"),
    }),
    ("evtchn-2cpus", 2, pingpong(20000), {
        "evtchn-rtt-2cpus": (r"pingpong: \d+ round trips, median (?P<v>\d+) cycles", "cycles",
                             "interdomain event round trip, one CPU each"),
    }),
    ("grant-copy", 1, pair("grant-copy", "granter", "copier"), {
        "grant-copy": (r"grant-copy: \d+ MiB in \d+ ms, (?P<v>\d+)\.\d+ MiB/s", "MiB/s",
                       "GNTTABOP_copy of granted pages, 64 per call, 64 MiB"),
        "grant-map-unmap": (r"grant-map: map\+unmap median (?P<v>\d+) cycles", "cycles",
                            "map_grant_ref then unmap_grant_ref of one page"),
    }),
    ("split-ring", 1, pair("split-ring", "front", "back"), {
        "split-ring-rate": (r"split-ring: \d+ requests in [\d.]+ s, (?P<v>\d+) req/s", "req/s",
                            "1,000,000 requests through a granted ring, both domains on one CPU"),
    }),
    ("sched-switch", 1, [mod("yielder", "domain=y1 mem=8M"), mod("yielder", "domain=y2 mem=8M")], {
        "sched-switch": (r"yielder: .* switch (?P<v>-?\d+) cycles", "cycles",
                         "domain switch by SCHEDOP_yield, null hypercall subtracted"),
        "sched-yield-rtt": (r"yield round trip median (?P<v>\d+) cycles", "cycles",
                            "two yields and two switches"),
        "sched-null-hypercall": (r"null hypercall median (?P<v>\d+) cycles", "cycles",
                                 "baseline measured in the same boot"),
    }),
    ("sched-latency", 2,
     [mod("sleeper", 'domain=sleeper mem=16M cmdline="wakeups=2000"')] +
     [mod("hog", f'domain=h{i} mem=16M cmdline="seconds=5"') for i in (1, 2, 3)], {
         "wake-latency-median": (r"sleeper: \d+ wakeups, latency median (?P<v>\d+) us", "us",
                                 "1 ms timer under 3 hogs on 2 CPUs"),
         "wake-latency-p99": (r"sleeper: .* p99 (?P<v>\d+) us", "us",
                              "1 ms timer under 3 hogs on 2 CPUs"),
     }),
]


def run_once(build, cpus, modules, figures, timeout):
    """Boots once; returns {figure: value}, or None when not every figure appeared."""
    import pexpect

    image = os.path.join(build, "xenolith")
    mods = [(os.path.join(build, "guests", f"test-{t}"), spec) for t, spec in modules]
    argv = qemu.command(kernel=image, modules=mods, cpus=cpus, mem="512M")
    found = {}
    with tempfile.NamedTemporaryFile(prefix="bench-domains-", suffix=".log") as err:
        child = qemu.spawn(argv, err.name)
        try:
            while child.expect([r"[^\r\n]*\r?\n", pexpect.EOF, pexpect.TIMEOUT],
                               timeout=timeout) == 0:
                line = child.after.strip()
                for name, (regex, _, _) in figures.items():
                    m = re.search(regex, line)
                    if m and name not in found:
                        found[name] = int(m.group("v"))
                if re.search(ALL_ENDED, line):
                    break
        finally:
            child.terminate(force=True)
            child.close(force=True)
    return found if len(found) == len(figures) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--only", default=None, help="run only the bench of this name")
    args = ap.parse_args()
    build = os.environ.get("BUILD", os.path.join(ROOT, "build"))
    missing = 0
    for name, cpus, modules, figures in BENCHES:
        if args.only and args.only != name:
            continue
        runs = []
        for _ in range(args.runs):
            got = run_once(build, cpus, modules, figures, args.timeout)
            got = got or run_once(build, cpus, modules, figures, args.timeout)
            if got:
                runs.append(got)
        if not runs:
            print(f"{name}: not measured", flush=True)
            missing += 1
            continue
        for fig, (_, unit, note) in figures.items():
            value = statistics.median(r[fig] for r in runs)
            print(f"{fig}: {value:.0f} {unit} [{note}; median of {len(runs)} runs]", flush=True)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
