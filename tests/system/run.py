#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""System tests: boot Xenolith in QEMU (TCG) once per scenario and assert on the serial console.

    tests/system/run.py [-j JOBS] [-g GROUP]... [-l] [-v] [NAME-or-GLOB...]

The scenarios are the table in tests/system/scenarios.py (its docstring lists the keys). With no
name and no group every scenario runs; names may be shell globs. Output is TAP: one
`ok`/`not ok` line per scenario, and on failure `#` lines with the reason and an excerpt of the
console. Each scenario's console is saved in $BUILD/tests/system/<name>.log and QEMU's command
line and own messages in <name>.qemu.log.

Environment: BUILD (default build) locates the images; TIMEOUT_SCALE (default 1) multiplies
every scenario's timeout, for slow machines.

Exit statuses:
  0    every selected scenario passed or was skipped
  1    at least one scenario failed
  2    usage error: bad option, no scenario selected, or an invalid scenario table
  3    environment: qemu-system-x86_64 or python3-pexpect is missing
  130  interrupted by SIGINT, 143 by SIGTERM (QEMU processes are killed first)
"""

import argparse
import concurrent.futures
import fnmatch
import importlib.util
import os
import re
import shlex
import shutil
import signal
import sys
import threading
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import qemu  # noqa: E402  (scripts/qemu.py: the one QEMU command line)

try:
    import pexpect
except ImportError:  # Reported by main() with its own exit status.
    pexpect = None

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3
EXCERPT_LINES = 30
DRAIN_LINES = 10000
ANSI_RE = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78cDEHM])")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CHECK_KEYS = {"name", "regex", "check", "min", "max", "count", "optional", "unique", "wait"}
EVAL_GLOBALS = {"__builtins__": {}, "min": min, "max": max, "abs": abs, "len": len}
KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30


class TableError(Exception):
    """The scenario table is invalid."""


class Failure(Exception):
    """The scenario failed; the message says why."""


# Validation of the table ------------------------------------------------------------------


def _regex(where, text):
    if not isinstance(text, str):
        raise TableError(f"{where}: regex must be a string, not {text!r}")
    try:
        return re.compile(text)
    except re.error as e:
        raise TableError(f"{where}: bad regex {text!r}: {e}") from None


def _expr(where, value):
    """Compiles a number-or-expression field; numbers stay numbers."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise TableError(f"{where}: want a number or a Python expression, not {value!r}")
    try:
        return compile(value, where, "eval")
    except SyntaxError as e:
        raise TableError(f"{where}: bad expression {value!r}: {e.msg}") from None


def _list(where, value, kind):
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        raise TableError(f"{where}: want a list of {kind.__name__}, not {value!r}")
    return value


class Check:
    def __init__(self, where, spec):
        if not isinstance(spec, dict):
            raise TableError(f"{where}: a check is a dict, not {spec!r}")
        unknown = set(spec) - CHECK_KEYS
        if unknown:
            raise TableError(f"{where}: unknown keys {sorted(unknown)}")
        if "name" not in spec or "regex" not in spec:
            raise TableError(f"{where}: a check needs a name and a regex")
        self.name = spec["name"]
        where = f"{where} ({self.name})"
        self.regex = _regex(where, spec["regex"])
        self.check_text = spec.get("check")
        self.check = _expr(where, self.check_text) if self.check_text is not None else None
        self.min = _expr(where, spec["min"]) if "min" in spec else None
        self.max = _expr(where, spec["max"]) if "max" in spec else None
        self.count = _expr(where, spec["count"]) if "count" in spec else None
        self.optional = bool(spec.get("optional", False))
        self.unique = bool(spec.get("unique", False))
        self.wait = bool(spec.get("wait", False))
        if self.wait and self.count is None:
            raise TableError(f"{where}: wait needs a count")
        if (self.min is not None or self.max is not None or self.unique) and not self.regex.groups:
            raise TableError(f"{where}: min, max and unique need a capture group in the regex")


class Scenario:
    def __init__(self, spec, defaults):
        if not isinstance(spec, dict):
            raise TableError(f"a scenario is a dict, not {spec!r}")
        name = spec.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise TableError(f"bad scenario name {name!r} (lower-case words and hyphens)")
        unknown = set(spec) - set(defaults) - {"name"}
        if unknown:
            raise TableError(f"{name}: unknown keys {sorted(unknown)}")
        s = dict(defaults, **spec)
        self.name = name
        self.groups = _list(f"{name}.groups", s["groups"], str)
        self.image = s["image"]
        if not isinstance(self.image, str) or not self.image:
            raise TableError(f"{name}.image: want 'kernel', 'iso' or a path")
        self.cmdline = s["cmdline"]
        if not isinstance(self.cmdline, str):
            raise TableError(f"{name}.cmdline: want a string")
        self.modules = []
        for i, m in enumerate(_list(f"{name}.modules", s["modules"], dict)):
            if set(m) - {"path", "args"} or not isinstance(m.get("path"), str):
                raise TableError(f"{name}.modules[{i}]: want {{'path': str, 'args': str}}")
            self.modules.append((m["path"], str(m.get("args", ""))))
        if self.image == "iso" and (self.cmdline or self.modules):
            raise TableError(f"{name}: an ISO scenario takes its cmdline and modules from GRUB")
        self.mem = str(s["mem"])
        try:
            self.mem_bytes = qemu.mem_bytes(self.mem)
        except ValueError as e:
            raise TableError(f"{name}.mem: {e}") from None
        self.cpus = s["cpus"]
        if not isinstance(self.cpus, int) or self.cpus < 1:
            raise TableError(f"{name}.cpus: want a positive integer")
        self.timeout = s["timeout"]
        if not isinstance(self.timeout, (int, float)) or self.timeout <= 0:
            raise TableError(f"{name}.timeout: want a positive number of seconds")
        self.first_line = None
        if s["first_line"] is not None:
            self.first_line = _regex(f"{name}.first_line", s["first_line"])
        self.expect = [
            _regex(f"{name}.expect[{i}]", r)
            for i, r in enumerate(_list(f"{name}.expect", s["expect"], str))
        ]
        self.forbid = [
            _regex(f"{name}.forbid[{i}]", r)
            for i, r in enumerate(_list(f"{name}.forbid", s["forbid"], str))
        ]
        self.checks = [
            Check(f"{name}.checks[{i}]", c)
            for i, c in enumerate(_list(f"{name}.checks", s["checks"], dict))
        ]
        self.send = []
        for i, step in enumerate(_list(f"{name}.send", s["send"], dict)):
            if set(step) != {"after", "text"} or not isinstance(step["text"], str):
                raise TableError(f"{name}.send[{i}]: want {{'after': regex, 'text': str}}")
            self.send.append((_regex(f"{name}.send[{i}].after", step["after"]), step["text"]))
        self.exit_code = s["exit_code"]
        if self.exit_code is not None and not isinstance(self.exit_code, int):
            raise TableError(f"{name}.exit_code: want None or an integer")
        self.qemu_args = _list(f"{name}.qemu_args", s["qemu_args"], str)
        self.skip = s["skip"]
        self.skip_on = None
        if s.get("skip_on") is not None:
            pair = s["skip_on"]
            if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                    and isinstance(pair[1], str)):
                raise TableError(f"{name}.skip_on: want None or (regex, reason)")
            self.skip_on = (_regex(f"{name}.skip_on", pair[0]), pair[1])
        if not self.expect and self.exit_code is None:
            raise TableError(f"{name}: nothing to wait for (no expect and no exit_code)")

    def qemu_command(self, build):
        def path(p):
            return p.replace("{build}", build)

        if self.image == "iso":
            image = os.path.join(build, "xenolith.iso")
            argv = qemu.command(iso=image, mem=self.mem, cpus=self.cpus, extra=self.qemu_args)
            return argv, [image]
        image = os.path.join(build, "xenolith") if self.image == "kernel" else path(self.image)
        modules = [(path(p), args) for p, args in self.modules]
        argv = qemu.command(kernel=image, cmdline=self.cmdline, modules=modules, mem=self.mem,
                            cpus=self.cpus, extra=self.qemu_args)
        return argv, [image] + [p for p, _ in modules]


def load_table(path):
    """Loads and checks the scenario table in the Python file path."""
    spec = importlib.util.spec_from_file_location("scenarios", path)
    table = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(table)
    except Exception as e:
        raise TableError(f"{path}: {type(e).__name__}: {e}") from None
    if not isinstance(getattr(table, "SCENARIOS", None), list) or not isinstance(
        getattr(table, "DEFAULTS", None), dict
    ):
        raise TableError(f"{path}: want a list SCENARIOS and a dict DEFAULTS")
    seen = set()
    result = []
    for spec in table.SCENARIOS:
        sc = Scenario(spec, table.DEFAULTS)
        if sc.name in seen:
            raise TableError(f"duplicate scenario name {sc.name!r}")
        seen.add(sc.name)
        result.append(sc)
    return result


# Running one scenario ---------------------------------------------------------------------

# QEMU children of all running scenarios, killed if the runner is interrupted.
live_children = set()
live_lock = threading.Lock()


def number(text):
    """Converts a captured string to int or float where it is one; leaves other text alone."""
    if text is None:
        return None
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?0[xX][0-9a-fA-F]+", text):
        return int(text, 16)
    try:
        return float(text)
    except ValueError:
        return text


class Run:
    """The state of one scenario while its console is read."""

    def __init__(self, sc, verbose):
        self.sc = sc
        self.verbose = verbose
        self.lines = []
        self.partial = ""
        self.next_expect = 0
        self.next_send = 0
        self.seen_first = False
        self.matches = {c.name: 0 for c in sc.checks}
        self.seen_values = {c.name: set() for c in sc.checks}  # For unique checks.
        self.vars = {"mem": sc.mem_bytes, "cpus": sc.cpus, "KiB": KiB, "MiB": MiB, "GiB": GiB}

    def expecting(self):
        if self.next_expect < len(self.sc.expect):
            i = self.next_expect
            return f"expectation {i + 1}/{len(self.sc.expect)} {self.sc.expect[i].pattern!r}"
        if self.next_send < len(self.sc.send):
            return f"the prompt {self.sc.send[self.next_send][0].pattern!r} of send step"
        for c in self.sc.checks:
            want = self.evaluate(c.name, c.count) if c.wait else 0
            if c.wait and self.matches[c.name] < want:
                return f"{want} lines for check {c.name!r} (have {self.matches[c.name]})"
        return f"QEMU to exit with debug-exit code {self.sc.exit_code}"

    def done(self):
        if self.next_expect < len(self.sc.expect) or self.next_send < len(self.sc.send):
            return False
        # Checks marked "wait" hold the scenario open until they have all their lines (lines of
        # several domains arrive in no fixed order, so an ordered expectation cannot say it).
        return all(self.matches[c.name] >= self.evaluate(c.name, c.count)
                   for c in self.sc.checks if c.wait)

    def evaluate(self, where, code, extra=None):
        env = dict(self.vars, **(extra or {}))
        if not isinstance(code, types.CodeType):
            return code
        try:
            return eval(code, EVAL_GLOBALS, env)
        except Exception as e:  # The table's expression, not the runner, is at fault.
            raise Failure(f"{where}: {type(e).__name__}: {e}") from None

    def line(self, raw):
        """Processes one complete console line."""
        text = ANSI_RE.sub("", raw).replace("\r", "").rstrip()
        self.lines.append(text)
        if self.verbose:
            print(f"# {self.sc.name}| {text}", flush=True)
        if not self.seen_first and text.strip():
            self.seen_first = True
            if self.sc.first_line and not self.sc.first_line.search(text):
                raise Failure(f"first console line {text!r} does not match "
                              f"{self.sc.first_line.pattern!r}")
        for regex in self.sc.forbid:
            if regex.search(text):
                raise Failure(f"forbidden line (matches {regex.pattern!r}): {text!r}")
        for check in self.sc.checks:
            m = check.regex.search(text)
            if m:
                self.apply_check(check, m, text)
        expect = self.sc.expect
        while self.next_expect < len(expect) and expect[self.next_expect].search(text):
            self.next_expect += 1

    def apply_check(self, check, m, text):
        self.matches[check.name] += 1
        captured = {k: number(v) for k, v in m.groupdict().items()}
        self.vars.update(captured)
        value = number(m.group(1)) if m.re.groups else None
        where = f"check {check.name!r} on {text!r}"
        env = {"value": value}
        if check.unique:
            if value in self.seen_values[check.name]:
                raise Failure(f"{where}: {value!r} was already reported")
            self.seen_values[check.name].add(value)
        if check.check is not None and not self.evaluate(where, check.check, env):
            shown = ", ".join(f"{k}={v!r}" for k, v in sorted(captured.items()))
            raise Failure(f"{where}: {check.check_text!r} is false ({shown}; "
                          f"mem={self.sc.mem_bytes}, cpus={self.sc.cpus})")
        if check.min is None and check.max is None:
            return
        if not isinstance(value, (int, float)):
            raise Failure(f"{where}: captured {value!r} is not a number")
        low = self.evaluate(where, check.min, env) if check.min is not None else value
        high = self.evaluate(where, check.max, env) if check.max is not None else value
        if not low <= value <= high:
            raise Failure(f"{where}: {value!r} is outside [{low!r}, {high!r}]")

    def final_checks(self):
        for check in self.sc.checks:
            n = self.matches[check.name]
            if check.count is not None:
                want = self.evaluate(f"check {check.name!r} count", check.count)
                if n != want:
                    raise Failure(f"check {check.name!r}: {n} matching lines, want {want} "
                                  f"({check.regex.pattern!r})")
            elif n == 0 and not check.optional:
                raise Failure(f"check {check.name!r}: no line matched {check.regex.pattern!r}")


def read_console(child, run, deadline):
    """Reads the console until the scenario is complete; raises Failure otherwise."""
    status = None
    while True:
        if run.done() and run.sc.exit_code is None:
            break
        patterns = [r"\n", pexpect.EOF, pexpect.TIMEOUT]
        if run.next_send < len(run.sc.send):
            patterns.append(run.sc.send[run.next_send][0])
        remaining = max(0.0, deadline - time.monotonic())
        index = child.expect(patterns, timeout=remaining)
        if index == 0:
            run.line(run.partial + child.before)
            run.partial = ""
        elif index == 3:
            run.partial += child.before + child.after
            child.send(run.sc.send[run.next_send][1])
            run.next_send += 1
        elif index == 1:
            if run.partial + child.before:
                run.line(run.partial + child.before)
                run.partial = ""
            child.wait()
            status = child.exitstatus if child.exitstatus is not None else -child.signalstatus
            break
        else:
            raise Failure(f"timed out after {run.sc.timeout * scale():g} s waiting for "
                          f"{run.expecting()}")
    if status is None:
        drain(child, run)
    elif not run.done():
        raise Failure(f"QEMU exited ({describe_exit(status)}) while waiting for "
                      f"{run.expecting()}")
    elif run.sc.exit_code is not None and qemu.debug_exit_code(status) != run.sc.exit_code:
        raise Failure(f"QEMU exited ({describe_exit(status)}), want debug-exit code "
                      f"{run.sc.exit_code}")
    run.final_checks()


def drain(child, run):
    """Processes the console output that has already arrived, without waiting for more (and
    without following a console that never stops talking)."""
    for _ in range(DRAIN_LINES):
        index = child.expect([r"\n", pexpect.EOF, pexpect.TIMEOUT], timeout=0)
        if index != 0:
            return
        run.line(run.partial + child.before)
        run.partial = ""


def describe_exit(status):
    if status < 0:
        return f"killed by signal {-status}"
    if status == 1:
        return "status 1: a QEMU error (see its messages), or debug-exit code 0"
    code = qemu.debug_exit_code(status)
    if code is not None:
        return f"status {status}, debug-exit code {code}"
    return f"status {status}"


def scale():
    try:
        return float(os.environ.get("TIMEOUT_SCALE", "1"))
    except ValueError:
        return 1.0


def run_scenario(sc, build, log_dir, verbose):
    """Boots one scenario; returns (passed, seconds, diagnostics lines)."""
    start = time.monotonic()
    log_path = os.path.join(log_dir, f"{sc.name}.log")
    qemu_log_path = os.path.join(log_dir, f"{sc.name}.qemu.log")
    run = Run(sc, verbose)
    argv, inputs = sc.qemu_command(build)
    with open(qemu_log_path, "w", encoding="utf-8") as f:
        f.write("# " + shlex.join(argv) + "\n")
    missing = [p for p in inputs if not os.path.exists(p)]
    if missing:
        return False, 0.0, [f"{', '.join(missing)} does not exist (did the build fail?)"]
    child = None
    try:
        with open(log_path, "w", encoding="utf-8", errors="replace") as log:
            child = qemu.spawn(argv, qemu_log_path)
            with live_lock:
                live_children.add(child)
            child.logfile_read = log
            read_console(child, run, start + sc.timeout * scale())
        return True, time.monotonic() - start, []
    except Failure as e:
        return False, time.monotonic() - start, diagnostics(str(e), run, log_path, qemu_log_path)
    except Exception as e:  # A runner or pexpect error fails this scenario, not the others.
        reason = f"runner error: {type(e).__name__}: {e}"
        return False, time.monotonic() - start, diagnostics(reason, run, log_path, qemu_log_path)
    finally:
        if child is not None:
            stop(child)


def stop(child):
    """Kills QEMU if it still runs and reaps it."""
    try:
        if child.isalive():
            child.terminate(force=True)
        child.close(force=True)
    except Exception:  # Already gone; nothing left to clean.
        pass
    with live_lock:
        live_children.discard(child)


def diagnostics(reason, run, log_path, qemu_log_path):
    out = [reason, f"console log: {log_path}"]
    tail = run.lines[-EXCERPT_LINES:]
    if run.partial:
        tail.append(run.partial + "  <no newline>")
    if tail:
        out.append(f"last {len(tail)} console lines:")
        out += [f"  | {line}" for line in tail]
    else:
        out.append("the console stayed empty")
    try:
        with open(qemu_log_path, encoding="utf-8", errors="replace") as f:
            own = [ln.rstrip() for ln in f if ln.strip() and "requested feature" not in ln]
    except OSError:
        own = []
    if len(own) > 1:  # The first line is the command.
        out.append(f"QEMU ({qemu_log_path}):")
        out += [f"  | {line}" for line in own[-10:]]
    return out


# Selection, TAP output, signals -----------------------------------------------------------


def select(all_scenarios, names, groups):
    chosen = []
    for sc in all_scenarios:
        by_name = any(fnmatch.fnmatchcase(sc.name, n) for n in names)
        by_group = any(g in sc.groups for g in groups)
        if (not names and not groups) or by_name or by_group:
            chosen.append(sc)
    unmatched = [n for n in names if not any(fnmatch.fnmatchcase(s.name, n) for s in all_scenarios)]
    unknown_groups = [g for g in groups if not any(g in s.groups for s in all_scenarios)]
    return chosen, unmatched + [f"group {g}" for g in unknown_groups]


def on_signal(signum, _frame):
    with live_lock:
        for child in list(live_children):
            try:
                os.kill(child.pid, signal.SIGKILL)
            except OSError:
                pass
    print(f"Bail out! interrupted by signal {signum}", flush=True)
    os._exit(128 + signum)


def known_defect(sc, log_dir):
    """The skip reason when a failed run's console shows the scenario's known defect, else None."""
    if not sc.skip_on:
        return None
    try:
        with open(os.path.join(log_dir, f"{sc.name}.log"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if sc.skip_on[0].search(line):
                    return f"{sc.skip_on[1]}: {line.strip()[:120]}"
    except OSError:
        return None
    return None


def main():
    parser = argparse.ArgumentParser(
        description="Boot Xenolith in QEMU per scenario and check the console (TAP output).",
        epilog="Exit statuses: 0 pass, 1 failure, 2 usage or table error, 3 missing QEMU or "
        "pexpect, 130/143 interrupted.",
    )
    parser.add_argument("names", nargs="*", help="scenario names or globs")
    parser.add_argument("-g", "--group", action="append", default=[], help="select a group")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="scenarios run at once")
    parser.add_argument("-l", "--list", action="store_true", help="list scenarios and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="echo console lines")
    parser.add_argument(
        "--table", default=os.path.join(HERE, "scenarios.py"), help="scenario table to use"
    )
    try:
        args = parser.parse_args()
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_PASS
    if args.jobs < 1:
        print("run.py: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE

    try:
        all_scenarios = load_table(args.table)
    except TableError as e:
        print(f"Bail out! invalid scenario table: {e}", flush=True)
        return EXIT_USAGE
    chosen, unmatched = select(all_scenarios, args.names, args.group)
    if args.list:
        for sc in chosen:
            print(f"{sc.name:24} {sc.image:8} -m {sc.mem:5} -smp {sc.cpus}  {','.join(sc.groups)}")
        return EXIT_PASS
    if unmatched or not chosen:
        print(f"Bail out! no scenario matches: {' '.join(unmatched) or '(empty table)'}",
              flush=True)
        return EXIT_USAGE

    if pexpect is None:
        print("Bail out! python3-pexpect is missing (scripts/install-deps.sh installs it)")
        return EXIT_ENV
    if shutil.which(qemu.QEMU) is None:
        print(f"Bail out! {qemu.QEMU} is missing (scripts/install-deps.sh installs it)")
        return EXIT_ENV

    os.chdir(ROOT)
    build = os.environ.get("BUILD", "build")
    log_dir = os.path.join(build, "tests", "system")
    os.makedirs(log_dir, exist_ok=True)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `run.py | head` ends quietly.

    print(f"1..{len(chosen)}", flush=True)
    failed = 0
    number_out = 0
    runnable = [sc for sc in chosen if not sc.skip]
    for sc in chosen:
        if sc.skip:
            number_out += 1
            print(f"ok {number_out} - {sc.name} # SKIP {sc.skip}", flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_scenario, sc, build, log_dir, args.verbose): sc
                   for sc in runnable}
        for future in concurrent.futures.as_completed(futures):
            sc = futures[future]
            passed, seconds, diag = future.result()
            number_out += 1
            struck = None if passed else known_defect(sc, log_dir)
            verdict = "ok" if passed or struck else "not ok"
            lines = [f"{verdict} {number_out} - {sc.name} ({seconds:.1f} s)"
                     + (f" # SKIP {struck}" if struck else "")]
            lines += [f"# {d}" for d in diag]
            passed = passed or bool(struck)
            print("\n".join(lines), flush=True)
            failed += 0 if passed else 1
    return EXIT_FAIL if failed else EXIT_PASS


if __name__ == "__main__":
    sys.exit(main())
