#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Driving the Linux guest of `make linux-image` through a serial console, for the scripts and
tests that boot it: directly on QEMU (scripts/qemu-linux-native.py) or as a Xenolith domain
(tests/linux/run.py, scripts/bench-linux.py).

Under Xenolith the hypervisor serves the domain's console: each line the guest writes arrives
as "(dN) line", and what is typed goes to the domain with the input focus (Ctrl-A three times
moves it on). Guest.run() strips those tags from command output.
"""

import os
import re
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import qemu  # noqa: E402

# "(dN) ", after the hypervisor's "[seconds] " when it runs with console_timestamps.
DOMAIN_TAG = re.compile(r"^(\[[\s\d.]+\] )?\(d\d+\) ?", re.M)
SWITCH_FOCUS = "\x01\x01\x01"  # Ctrl-A three times

READY = "XENOLITH-LINUX-READY"
LOOP = "time sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'"
# busybox time prints "real\t0m 2.34s" (with "1h " in front past an hour) on stderr.
REAL_TIME = re.compile(r"real\s+(?:(\d+)h\s*)?(\d+)m\s*([\d.]+)s")


class GuestError(Exception):
    pass


class Guest:
    """One QEMU boot of vmlinux + initramfs, driven through the serial console."""

    def __init__(self, argv, log, timeout, verbose):
        import pexpect

        self.pexpect = pexpect
        self.timeout = timeout
        self.console = _Tee(log, sys.stderr if verbose else None)
        self.qemu_err = tempfile.NamedTemporaryFile(prefix="linux-native-", suffix=".log")
        self.child = qemu.spawn(argv, self.qemu_err.name, timeout=timeout)
        self.child.logfile_read = self.console
        self.commands = 0

    def expect(self, pattern, timeout, what):
        """Waits for a regex on the console; returns the match. Raises GuestError with the
        reason (QEMU exited, or nothing after `timeout` s) and the console's last lines."""
        pexpect = self.pexpect
        index = self.child.expect([pattern, pexpect.EOF, pexpect.TIMEOUT], timeout=timeout)
        if index == 0:
            return self.child.match
        why = "QEMU exited" if index == 1 else f"nothing after {timeout:.0f} s"
        self.qemu_err.seek(0)
        own = [ln.strip() for ln in self.qemu_err.read().decode(errors="replace").splitlines()
               if "requested feature" not in ln]
        tail = self.console.tail(8)
        panic = [ln for ln in self.console.tail(400) if "Kernel panic" in ln][:1]
        tail = tail if set(panic) <= set(tail) else panic + ["..."] + tail
        raise GuestError(f"waiting for {what}: {why}" + (f" (QEMU: {own[-1]})" if own else "")
                         + "".join(f"\n  | {ln}" for ln in tail))

    def run(self, command, timeout=None):
        """Runs one shell command line; returns (output, exit status). The markers around the
        output are written with an empty '' inside, so that the terminal's echo of the typed
        line never matches them: only the shell's own echo commands print them whole."""
        self.commands += 1
        tag = f"XL{self.commands}"
        self.child.sendline(f"echo {tag}-BEG''IN; {command}; echo {tag}-EN''D-$?")
        self.expect(f"{tag}-BEGIN\r?\n", timeout or self.timeout, f"{command!r} to start")
        self.expect(f"{tag}-END-(\\d+)", timeout or self.timeout, f"{command!r} to finish")
        status = int(self.child.match.group(1))
        output = DOMAIN_TAG.sub("", self.child.before.replace("\r", ""))
        return output.rstrip("\n"), status

    def switch_focus(self, pattern, timeout=None):
        """Moves the console's input focus on (Ctrl-A three times) and waits for `pattern`,
        the hypervisor's line naming the new holder."""
        self.child.send(SWITCH_FOCUS)
        return self.expect(pattern, timeout or self.timeout, "the focus to move")

    def close(self, poweroff=True):
        """Powers the guest off (as a user would) and waits for QEMU to end, or just ends QEMU
        (poweroff=False: under Xenolith QEMU outlives the domains)."""
        try:
            if poweroff:
                self.child.sendline("poweroff -f")
                self.child.expect(self.pexpect.EOF, timeout=10)
        except (self.pexpect.TIMEOUT, OSError):
            pass
        finally:
            self.child.terminate(force=True)
            self.child.close(force=True)
            self.qemu_err.close()
            self.console.file.close()


class _Tee:
    """pexpect's logfile_read: keeps the console in the log file (and on stderr with -v)."""

    def __init__(self, path, echo):
        self.file = open(path, "w", encoding="utf-8")
        self.echo = echo
        self.path = path

    def write(self, text):
        self.file.write(text)
        if self.echo:
            self.echo.write(text)

    def flush(self):
        self.file.flush()
        if self.echo:
            self.echo.flush()

    def tail(self, n):
        self.file.flush()
        with open(self.path, encoding="utf-8", errors="replace") as f:
            lines = [ln.rstrip("\r\n") for ln in f if ln.strip()]
        return lines[-n:]


def loop_seconds(guest):
    """Runs the benchmark loop once; returns (guest-measured s, host wall-clock s)."""
    start = time.monotonic()
    output, status = guest.run(LOOP, timeout=max(guest.timeout, 300))
    wall = time.monotonic() - start
    m = REAL_TIME.search(output)
    if status != 0 or m is None:
        raise GuestError(f"the loop failed (status {status}): {output!r}")
    hours, minutes, seconds = m.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), wall
