#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make bench`: Debian's Linux under Xenolith against the same kernel on bare QEMU.

Boots the kernel and initramfs of `make linux-image` twice in the same run, with the same
kernel command line apart from the console, one CPU and 256 MiB each:
  - as the one PVH domain of Xenolith (QEMU -smp 1), console on hvc0;
  - directly on QEMU (the baseline), console on ttyS0.
For each: the time from starting QEMU to the initramfs's ready marker (1 boot), and the median
over RUNS (default 5) of the guest's own `time` of a 300000-iteration shell loop. Prints
figures in scripts/bench.py's `name: value unit [notes]` form, and the loop ratio
Xenolith / native (the issue's aim: at most 1.10; Xen 4.17 on this hardware: 1.22-1.27).
"""

import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import qemu  # noqa: E402
from linux_guest import READY, Guest, GuestError, loop_seconds  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
LINUX = os.path.join(BUILD, "linux")
RUNS = int(os.environ.get("RUNS", "5"))
TIMEOUT = 180


def measure(argv, log, poweroff):
    """Returns (seconds to the marker, [guest-measured loop seconds])."""
    start = time.monotonic()
    guest = Guest(argv, log, TIMEOUT, verbose=False)
    try:
        guest.expect(READY, TIMEOUT, READY)
        boot = time.monotonic() - start
        guest.run("true")
        loops = [loop_seconds(guest)[0] for _ in range(RUNS)]
    finally:
        guest.close(poweroff=poweroff)
    return boot, loops


def main():
    vmlinux = os.path.join(LINUX, "vmlinux")
    initrd = os.path.join(LINUX, "initramfs.cpio.gz")
    if not os.path.exists(vmlinux):
        print(f"bench-linux: {vmlinux} missing; run `make linux-image`", file=sys.stderr)
        return 1
    domain = f'domain=linux mem=256M ramdisk=1 cmdline="console=hvc0"'
    xen_argv = qemu.command(kernel=os.path.join(BUILD, "xenolith"), cmdline="",
                            modules=[(vmlinux, domain), (initrd, "")], mem="1G", cpus=1)
    native_argv = qemu.command(kernel=vmlinux, cmdline="console=ttyS0", modules=[(initrd, "")],
                               mem="256M", cpus=1)
    try:
        x_boot, x_loops = measure(xen_argv, os.path.join(LINUX, "bench-xenolith.log"), False)
        n_boot, n_loops = measure(native_argv, os.path.join(LINUX, "bench-native.log"), True)
    except GuestError as e:
        print(f"bench-linux: {e}", file=sys.stderr)
        return 1
    x, n = statistics.median(x_loops), statistics.median(n_loops)
    print(f"linux-domain-boot: {x_boot:.2f} s (QEMU start to {READY} as a Xenolith domain, "
          f"1 vCPU, 256 MiB; native {n_boot:.2f} s)")
    print(f"linux-domain-loop: {x:.2f} s (300000-iteration shell loop, median of {RUNS}; "
          f"min {min(x_loops):.2f}, max {max(x_loops):.2f})")
    print(f"linux-native-loop: {n:.2f} s (same loop on bare QEMU, median of {RUNS}; "
          f"min {min(n_loops):.2f}, max {max(n_loops):.2f})")
    print(f"linux-loop-ratio: {x / n:.3f} x (Xenolith / native; aim <= 1.10, Xen 4.17 1.22-1.27)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
