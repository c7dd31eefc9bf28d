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
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import qemu  # noqa: E402
from linux_guest import READY, Guest, GuestError, loop_seconds  # noqa: E402

DEFAULT_APPEND = "console=ttyS0 panic=-1"

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
