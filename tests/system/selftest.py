#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests of the test machinery itself: tests/system/run.py and scripts/run-tests.py.

A harness that cannot fail proves nothing, so this suite makes both fail on purpose and checks
that they say so. The system runner boots tests/system/fake-qemu.py (through QEMU= in the
environment) with scripted consoles from a scenario table written here; run-tests.py runs small
shell scripts that misbehave in each way it must count. Prints TAP; exits 1 if a check fails.
Everything runs in a temporary directory with short timeouts (a few seconds in all).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = sys.executable
CHILD_TIMEOUT = 120
SYSTEM_EXTRA = 5  # checks of run.py beyond one per case
RUN_TESTS_CHECKS = 5

BANNER = "Xenolith 0.1.0 (build-id " + "0123456789" * 4 + ")"
GOOD_BOOT = [
    ["stderr", "qemu-system-x86_64: warning: TCG doesn't support requested feature: x"],
    ["print", BANNER],
    ["print", "Command line: "],
    ["print", "boot: multiboot1, memory map:"],
    ["print", " [0x0000000000000000-0x000000000009fbff] usable"],
    ["print", "mem: usable RAM: 523775 KiB in 2 regions"],
    ["print", "smp: CPU0 online (APIC ID 0)"],
    ["print", "smp: 1 CPUs online"],
    ["print", "smp: cross-CPU call answered by 0 of 0 other CPUs"],
    ["print", "timer: self-test: slept 100 ms, TSC measured 101.5 ms: ok"],
    ["print", "mem: 510000 KiB free after boot"],
    ["print", "Xenolith: boot complete, idle"],
]


def replace(steps, old, new):
    """GOOD_BOOT with the line starting with old replaced by new (None: removed)."""
    out = []
    for step in steps:
        if step[0] == "print" and step[1].startswith(old):
            if new is not None:
                out.append(["print", new])
        else:
            out.append(step)
    return out


# Scenarios for the fake: name -> (scenario overrides, steps, expected verdict, reason regex).
# The scenarios use the real table's expectations and checks, so the console contract's
# regexes are exercised too.
CASES = {
    "good-boot": ({}, GOOD_BOOT, "ok", None),
    "banner-not-first": ({}, [["print", "junk"]] + GOOD_BOOT, "not ok", r"first console line"),
    "forbidden-panic": ({}, GOOD_BOOT[:5] + [["print", "**** PANIC on CPU0: x ****"]], "not ok",
                        r"forbidden line .*PANIC"),
    "ram-too-large": ({}, replace(GOOD_BOOT, "mem: usable", "mem: usable RAM: 524289 KiB in 2 "
                                  "regions"), "not ok", r"check 'usable-ram'"),
    "timer-early": ({}, replace(GOOD_BOOT, "timer:", "timer: self-test: slept 100 ms, TSC "
                                "measured 99.9 ms: ok"), "not ok", r"check 'timer-not-early'"),
    "cpu-missing": ({"cpus": 2}, GOOD_BOOT, "not ok", r"check 'cpus-online'"),
    "cpu-twice": ({"cpus": 2}, replace(GOOD_BOOT, "smp: 1 CPUs", "smp: CPU0 online (APIC ID 0)"),
                  "not ok", r"already reported"),
    "free-line-missing": ({}, replace(GOOD_BOOT, "mem: 510000", None), "not ok",
                          r"check 'free-ram': no line matched"),
    "exits-early": ({}, GOOD_BOOT[:3] + [["stderr", "qemu: fatal: boom"], ["exit", 1]], "not ok",
                    r"QEMU exited .*waiting for expectation 3/"),
    "silent-timeout": ({"timeout": 1.5}, GOOD_BOOT[:2], "not ok",
                       r"timed out after 1\.5 s waiting for expectation 2/"),
    "prompt-and-send": ({"expect": ["got: root$"], "checks": [], "first_line": None,
                         "send": [{"after": r"login: $", "text": "root\n"}]},
                        [["write", "login: "], ["echo-line"]], "ok", None),
    "debug-exit-code": ({"expect": ["bye"], "exit_code": 3, "first_line": None,
                         "checks": []}, [["print", "bye"], ["exit", 7]], "ok", None),
    "debug-exit-wrong": ({"expect": ["bye"], "exit_code": 4, "first_line": None,
                          "checks": []}, [["print", "bye"], ["exit", 7]], "not ok",
                         r"want debug-exit code 4"),
    "missing-image": ({"image": "{build}/nonexistent"}, GOOD_BOOT, "not ok", r"does not exist"),
    # A run that fails where the known defect struck is a skip; any other failure still fails.
    "known-defect-struck": ({"skip_on": ["emulator ate the state", "known defect"]},
                            replace(GOOD_BOOT, "mem: 510000", "emulator ate the state"), "ok",
                            None),
    "known-defect-absent": ({"skip_on": ["emulator ate the state", "known defect"]},
                            replace(GOOD_BOOT, "mem: 510000", None), "not ok",
                            r"check 'free-ram': no line matched"),
}

TABLE = """\
import json
import scenarios as real

DEFAULTS = dict(real.DEFAULTS, timeout=20, first_line=real.BANNER,
                expect=[real.BANNER] + real.BOOT,
                checks=real.BOOT_CHECKS + [real.boot_protocol("multiboot1")])
CASES = json.loads({cases!r})
SCENARIOS = [
    dict(name=name, qemu_args=["--fake", json.dumps(steps)], **overrides)
    for name, (overrides, steps) in CASES.items()
]
"""


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def result(self, ok, name, diag=()):
        self.count += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {name}")
        if not ok:
            self.failed += 1
            for line in diag:
                print(f"# {line}")
        sys.stdout.flush()


def run(argv, env=None, **kwargs):
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT, **kwargs)


def parse_tap(text):
    """Returns {name: (verdict, diagnostic text)} from the runner's TAP output."""
    results = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^(ok|not ok) \d+ - (\S+)", line)
        if m:
            current = m.group(2)
            results[current] = (m.group(1), "")
        elif current and line.startswith("#"):
            verdict, diag = results[current]
            results[current] = (verdict, diag + line + "\n")
    return results


def test_system_runner(tap, tmp):
    build = os.path.join(tmp, "build")
    os.makedirs(build)
    open(os.path.join(build, "xenolith"), "w").close()
    table = os.path.join(tmp, "table.py")
    cases = {name: (c[0], c[1]) for name, c in CASES.items()}
    with open(table, "w") as f:
        f.write(TABLE.format(cases=json.dumps(cases)))
    env = dict(os.environ, BUILD=build, QEMU=os.path.join(HERE, "fake-qemu.py"))
    proc = run([PYTHON, "tests/system/run.py", "--table", table, "-j", "4"], env=env)
    results = parse_tap(proc.stdout)
    for name, (_, _, want, reason) in CASES.items():
        verdict, diag = results.get(name, ("missing", ""))
        ok = verdict == want and (reason is None or re.search(reason, diag) is not None)
        tap.result(ok, f"run.py: {name} is reported '{want}'",
                   [f"got {verdict!r}"] + diag.splitlines() + proc.stderr.splitlines()[-5:])
    tap.result(proc.returncode == 1, "run.py: exit status 1 when a scenario fails",
               [f"exit status {proc.returncode}"])
    good = run([PYTHON, "tests/system/run.py", "--table", table, "good-boot"], env=env)
    tap.result(good.returncode == 0, "run.py: exit status 0 when all pass",
               [f"exit status {good.returncode}"] + good.stdout.splitlines())
    log = os.path.join(build, "tests", "system", "good-boot.log")
    with open(log, encoding="utf-8", newline="") as f:
        text = f.read()
    tap.result(text.startswith(BANNER + "\r\n") and "TCG" not in text,
               "run.py: the log holds the console only, as the guest sent it",
               [repr(text[:200])])

    with open(table, "a") as f:
        f.write("SCENARIOS.append(dict(name='bad', expect=['(']))\n")
    bad = run([PYTHON, "tests/system/run.py", "--table", table], env=env)
    tap.result(bad.returncode == 2 and "Bail out!" in bad.stdout,
               "run.py: exit status 2 and Bail out! for an invalid table",
               [f"exit status {bad.returncode}"] + bad.stdout.splitlines()[-3:])
    none = run([PYTHON, "tests/system/run.py", "no-such-scenario"], env=env)
    tap.result(none.returncode == 2, "run.py: exit status 2 when nothing matches",
               [f"exit status {none.returncode}"])


SUITES = {
    "pass.sh": 'echo 1..2; echo "ok 1 - a"; echo "ok 2 - b # SKIP not here"',
    "fail.sh": 'echo 1..2; echo "ok 1 - a"; echo "not ok 2 - b"; echo "# why"; exit 1',
    "crash.sh": 'echo 1..3; echo "ok 1 - a"; kill -SEGV $$',
    "silent.sh": "echo hello",
    "exit.sh": 'echo "ok 1 - a"; exit 3',
    "todo.sh": 'echo 1..1; echo "not ok 1 - later # TODO not yet"',
    "hang.sh": "echo 1..1; exec tail -f /dev/null",
}


def test_run_tests(tap, tmp):
    paths = []
    for name, body in SUITES.items():
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(f"#!/bin/sh\n{body}\n")
        os.chmod(path, 0o755)
        paths.append(path)
    proc = run([PYTHON, "scripts/run-tests.py", "--timeout", "2", "--tap", *paths])
    lines = proc.stdout.splitlines()
    last = lines[-1] if lines else ""
    # Passed: pass 2, fail 1, crash 1, exit 1, todo 1. Failed: fail 1 (`not ok`), and one
    # suite failure each for crash (signal), silent (no results), exit (status), hang (timeout).
    tap.result(last == "6 passed, 5 failed",
               "run-tests.py: counts results and suite failures; the summary is the last line",
               [f"last line {last!r}"] + lines[-15:])
    tap.result(proc.returncode == 1, "run-tests.py: exit status 1 on failures",
               [f"exit status {proc.returncode}"])
    tap.result("# why" in proc.stdout and "not ok 2 - b" in proc.stdout,
               "run-tests.py: shows failing tests with their diagnostics", lines[-30:])
    ok = run([PYTHON, "scripts/run-tests.py", "--tap", paths[0]])
    tap.result(ok.returncode == 0 and ok.stdout.splitlines()[-1] == "2 passed, 0 failed",
               "run-tests.py: exit status 0 when all pass", ok.stdout.splitlines()[-3:])
    built = run([PYTHON, "scripts/run-tests.py", "--build-failed", "--tap", paths[0]])
    tap.result(built.returncode == 1 and built.stdout.splitlines()[-1] == "2 passed, 1 failed",
               "run-tests.py: a failed build counts as a failure", built.stdout.splitlines()[-3:])


def main():
    tap = Tap()
    print(f"1..{len(CASES) + SYSTEM_EXTRA + RUN_TESTS_CHECKS}", flush=True)
    with tempfile.TemporaryDirectory(prefix="xenolith-selftest-") as tmp:
        test_system_runner(tap, tmp)
        test_run_tests(tap, tmp)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
