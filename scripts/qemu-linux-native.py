#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Boots the Linux guest of `make linux-image` directly in QEMU, without the hypervisor.

    scripts/qemu-linux-native.py [--dir build/linux] [--mem 256M] [--smp 1]
                                 [--append "console=ttyS0 ..."] [--timeout S] [-v]
                                 [--bench [--runs N]] [COMMAND...]

QEMU 7.2's x86 loader starts an ELF kernel that carries the Xen PVH note the way Xen does
(32-bit protected mode, paging off, EBX = hvm_start_info, the initramfs as a module), so the
same vmlinux and initramfs.cpio.gz that Xenolith will boot as a PVH domU run here on bare
(emulated) hardware: the baseline that says whether a problem is Xenolith's or the image's,
and what a workload costs without a hypervisor. The machine is the one Xenolith's tests run on
(scripts/qemu.py: TCG, pc, the same emulated EPYC), with one CPU by default because a first
Xenolith domU is uniprocessor.

Waits for XENOLITH-LINUX-READY (printed by the initramfs's /init just before it starts the
shell) and runs each COMMAND (default: `uname -a`) through the shell, printing its output.
--bench instead prints, in the `name: value unit [notes]` format of scripts/bench.py:
  linux-native-boot: time from starting QEMU to the ready marker
  linux-native-loop: the median over N runs (default 3) of the guest's own `time` of a
                     300000-iteration shell loop (pure CPU work in the guest kernel's user mode)
The kernel's console goes to DIR/native-console.log (and to stderr with -v). Exit status: 0
when every command succeeded, 1 when the guest did not boot or a command failed, 2 on a usage
error.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import qemu  # noqa: E402

READY = "XENOLITH-LINUX-READY"
DEFAULT_APPEND = "console=ttyS0 panic=-1"
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
        output = self.child.before.replace("\r", "")
        return output.rstrip("\n"), status

    def close(self):
        """Powers the guest off (ACPI, as a user would), or ends QEMU if that does not work."""
        try:
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commands", nargs="*", metavar="COMMAND",
                        help="shell command lines to run (default: uname -a)")
    parser.add_argument("--dir", default=os.path.join(os.environ.get("BUILD", "build"), "linux"),
                        help="where vmlinux and initramfs.cpio.gz are (default $BUILD/linux)")
    parser.add_argument("--mem", default="256M", help="guest RAM, QEMU -m syntax")
    parser.add_argument("--smp", type=int, default=1, help="CPUs (default 1)")
    parser.add_argument("--append", default=DEFAULT_APPEND, help="kernel command line")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds to the ready marker, and per command")
    parser.add_argument("--bench", action="store_true", help="print boot and loop times")
    parser.add_argument("--runs", type=int, default=3, help="loop runs of --bench")
    parser.add_argument("-v", "--verbose", action="store_true", help="console on stderr")
    try:
        args = parser.parse_args()
    except SystemExit as e:
        return 2 if e.code else 0

    os.chdir(ROOT)
    vmlinux = os.path.join(args.dir, "vmlinux")
    initramfs = os.path.join(args.dir, "initramfs.cpio.gz")
    for path in (vmlinux, initramfs):
        if not os.path.exists(path):
            print(f"qemu-linux-native: {path} does not exist; run `make linux-image`",
                  file=sys.stderr)
            return 1
    try:
        with open(os.path.join(args.dir, "version"), encoding="utf-8") as f:
            release = f.read().strip()
    except OSError:
        release = "unknown kernel"
    # The initramfs goes in as the one "module": QEMU's PVH boot hands it to the kernel in
    # hvm_start_info's module list, the way Xen (and later Xenolith) does.
    argv = qemu.command(kernel=vmlinux, cmdline=args.append, modules=[(initramfs, "")],
                        mem=args.mem, cpus=args.smp)
    log = os.path.join(args.dir, "native-console.log")
    print(f"qemu-linux-native: booting {release} (console in {log})", file=sys.stderr)

    start = time.monotonic()
    guest = Guest(argv, log, args.timeout, args.verbose)
    failed = False
    try:
        guest.expect(READY, args.timeout, READY)
        boot = time.monotonic() - start
        if args.bench:
            guest.run("true")  # the shell is up and reading: the first loop starts at once
            runs = [loop_seconds(guest) for _ in range(args.runs)]
            inside = [r[0] for r in runs]
            wall = statistics.median(r[1] for r in runs)
            print(f"linux-native-boot: {boot:.2f} s (QEMU start to {READY}, {release}, "
                  f"-smp {args.smp}, {args.mem}, 1 boot)")
            print(f"linux-native-loop: {statistics.median(inside):.2f} s (300000-iteration "
                  f"shell loop, median of {args.runs}, guest clock; min {min(inside):.2f}, "
                  f"max {max(inside):.2f}; host wall {wall:.2f})")
        else:
            print(f"qemu-linux-native: {READY} after {boot:.2f} s", file=sys.stderr)
        for command in args.commands or ([] if args.bench else ["uname -a"]):
            output, status = guest.run(command)
            print(f"$ {command}")
            if output:
                print(output)
            if status != 0:
                print(f"(exit status {status})")
                failed = True
            sys.stdout.flush()
    except GuestError as e:
        print(f"qemu-linux-native: {e}", file=sys.stderr)
        return 1
    finally:
        guest.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
