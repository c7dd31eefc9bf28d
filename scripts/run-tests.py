#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runs every test suite of `make test` and prints one verdict.

    scripts/run-tests.py [-j JOBS] [--timeout S] [--suite-timeout SUITE=S]... [-v]
                         [--build-failed] [--unit BINARY...] [--tap EXECUTABLE...]

--unit: host cmocka binaries (UNIT_TESTS), run with CMOCKA_MESSAGE_OUTPUT=TAP.
--tap:  executables that print TAP (TAP_SUITES), run from the tree root with BUILD in the
        environment.

Every suite runs in its own process group with a hard timeout. Results are counted from the
`ok` / `not ok` lines a suite prints. A suite also counts one extra failure (one, however many
of these happen) when it exits non-zero or is killed by a signal without having reported a
`not ok`, when it times out, when it prints no result and no plan, when it bails out, or when it
reports fewer results than its plan (`1..N`). `ok ... # SKIP` counts as passed;
`not ok ... # TODO` is not a failure.

Output: a start line and a verdict line per suite, the failing tests with their output at the
end, and as the very last line `N passed, M failed`. Exit status 0 when M is 0, 1 otherwise,
2 on a usage error.
"""

import argparse
import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULT_RE = re.compile(r"^(not ok|ok)\b(.*)$")
PLAN_RE = re.compile(r"^1\.\.(\d+)")
DIRECTIVE_RE = re.compile(r"#\s*(SKIP|TODO)\b", re.IGNORECASE)
KILL_GRACE = 5  # seconds between SIGTERM and SIGKILL of a timed-out suite
TAIL_LINES = 40  # output lines shown for a suite that failed without naming a test

print_lock = threading.Lock()


def say(text=""):
    with print_lock:
        print(text, flush=True)


class Suite:
    """One executable and what it reported."""

    def __init__(self, path, kind, timeout):
        self.path = path
        self.kind = kind  # "unit" or "tap"
        self.timeout = timeout
        self.lines = []
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failed_tests = []  # (result line, following diagnostic lines)
        self.problems = []  # failures that are not a `not ok` line
        self.status = None
        self.seconds = 0.0

    def env(self):
        env = dict(os.environ)
        env.setdefault("BUILD", "build")
        if self.kind == "unit":
            env["CMOCKA_MESSAGE_OUTPUT"] = "TAP"
        return env


def parse(suite):
    """Counts the results in suite.lines and records the failing tests."""
    plan = None
    current = None
    for line in suite.lines:
        m = RESULT_RE.match(line)
        if m:
            current = None
            directive = DIRECTIVE_RE.search(m.group(2))
            if m.group(1) == "ok":
                suite.passed += 1
                if directive and directive.group(1).upper() == "SKIP":
                    suite.skipped += 1
            elif directive and directive.group(1).upper() == "TODO":
                suite.passed += 1
            else:
                suite.failed += 1
                current = (line, [])
                suite.failed_tests.append(current)
            continue
        if current is not None and (line.startswith("#") or line.startswith(" ")):
            current[1].append(line)
            continue
        current = None
        pm = PLAN_RE.match(line)
        if pm:
            plan = int(pm.group(1))
        elif line.startswith("Bail out!"):
            suite.problems.append(line)
    ran = suite.passed + suite.failed
    if plan is not None and ran < plan:
        suite.problems.append(f"planned {plan} tests, reported {ran}")
    if plan is None and ran == 0:
        suite.problems.append("reported no test results")


def describe_status(status):
    if status is None:
        return "not run"
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"killed by {name}"
    return f"exit status {status}"


def run_suite(suite, verbose):
    """Runs one suite to completion or to its timeout; fills in suite's results."""
    start = time.monotonic()
    if not os.path.isfile(suite.path) or not os.access(suite.path, os.X_OK):
        suite.problems.append(f"{suite.path} is missing or not executable")
        suite.failed += 1
        return suite
    if suite.kind == "tap":  # Unit tests take a second; these may take minutes.
        say(f"[start] {suite.path}")
    proc = subprocess.Popen(
        [os.path.abspath(suite.path)],
        cwd=ROOT,
        env=suite.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def reader():
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            suite.lines.append(line)
            failing = line.startswith("not ok") and not DIRECTIVE_RE.search(line)
            if RESULT_RE.match(line) and (verbose or failing):
                say(f"    {os.path.basename(suite.path)}: {line}")

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    timed_out = False
    try:
        suite.status = proc.wait(timeout=suite.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        suite.status = proc.wait()
    # The pipe closes when the suite and everything it started have exited; a process that
    # left the group and kept the pipe must not hang the whole run.
    thread.join(timeout=KILL_GRACE)
    suite.seconds = time.monotonic() - start
    parse(suite)
    if timed_out:
        suite.problems.append(f"timed out after {suite.timeout} s and was killed")
    elif suite.status != 0 and suite.failed == 0:
        suite.problems.append(f"{describe_status(suite.status)} without a `not ok` result")
    if suite.problems:
        suite.failed += 1  # However many things went wrong with the suite itself.
    return suite


def kill_group(proc):
    """SIGTERM to the suite's process group, then SIGKILL if it is still there."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=KILL_GRACE)
            return
        except subprocess.TimeoutExpired:
            continue


def verdict_line(index, total, suite):
    verdict = "FAIL" if suite.failed else "PASS"
    skipped = f", {suite.skipped} skipped" if suite.skipped else ""
    return (
        f"[{index:>{len(str(total))}}/{total}] {verdict} {suite.path}: "
        f"{suite.passed} passed, {suite.failed} failed{skipped} ({suite.seconds:.1f} s)"
    )


def report_failures(failed_suites):
    if not failed_suites:
        return
    say("")
    say("Failures:")
    for suite in failed_suites:
        say(f"--- {suite.path} ({describe_status(suite.status)}, {suite.seconds:.1f} s)")
        for line, diagnostics in suite.failed_tests:
            say(f"  {line}")
            for diag in diagnostics:
                say(f"  {diag}")
        for problem in suite.problems:
            say(f"  suite failure: {problem}")
        if suite.problems and suite.lines:
            tail = suite.lines[-TAIL_LINES:]
            say(f"  last {len(tail)} lines of output:")
            for line in tail:
                say(f"  | {line}")


def parse_timeouts(pairs):
    timeouts = {}
    for pair in pairs:
        path, sep, value = pair.rpartition("=")
        if not sep or not path:
            raise SystemExit(f"run-tests.py: bad --suite-timeout {pair!r} (want SUITE=SECONDS)")
        timeouts[os.path.normpath(path)] = float(value)
    return timeouts


def main():
    parser = argparse.ArgumentParser(description="Run Xenolith's test suites (TAP).")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="suites run at once")
    parser.add_argument("--timeout", type=float, default=300, help="default per-suite timeout")
    parser.add_argument(
        "--suite-timeout", action="append", default=[], metavar="SUITE=S",
        help="timeout for one suite, in seconds",
    )
    parser.add_argument("--unit", nargs="*", action="extend", default=[], metavar="BINARY")
    parser.add_argument("--tap", nargs="*", action="extend", default=[], metavar="EXECUTABLE")
    parser.add_argument(
        "--alone", action="append", default=[], metavar="SUITE",
        help="a TAP suite that runs by itself, before the others (timing-sensitive neighbours)",
    )
    parser.add_argument("--build-failed", action="store_true", help="count a failed build")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every result line")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    os.chdir(ROOT)
    overrides = parse_timeouts(args.suite_timeout)

    def timeout_for(path):
        return overrides.get(os.path.normpath(path), args.timeout)

    # TAP suites (system tests, style) take longest: start them first.
    suites = [Suite(p, "tap", timeout_for(p)) for p in dict.fromkeys(args.tap)]
    suites += [Suite(p, "unit", timeout_for(p)) for p in dict.fromkeys(args.unit)]

    # A suite that loads the whole machine (several QEMU vCPUs) runs alone, so that its load
    # does not skew the scheduling figures the system scenarios check, nor they its own.
    alone = {os.path.normpath(p) for p in args.alone}
    done = []
    for suite in [s for s in suites if os.path.normpath(s.path) in alone]:
        done.append(run_suite(suite, args.verbose))
        say(verdict_line(len(done), len(suites), suite))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_suite, s, args.verbose) for s in suites
                   if os.path.normpath(s.path) not in alone]
        for future in concurrent.futures.as_completed(futures):
            suite = future.result()
            done.append(suite)
            say(verdict_line(len(done), len(suites), suite))

    passed = sum(s.passed for s in suites)
    failed = sum(s.failed for s in suites)
    failed_suites = [s for s in suites if s.failed]
    report_failures(failed_suites)
    if args.build_failed:
        say("")
        say("Build: FAILED (see the make output above); counted as one failure.")
        failed += 1
    say("")
    if failed_suites:
        say("Failing suites: " + " ".join(s.path for s in failed_suites))
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
