#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The one place that knows how Xenolith is started in QEMU.

Used as a module by tests/system/run.py and scripts/bench-boot.py (command(), spawn()), and as
a program by `make run` and `make debug`:

    scripts/qemu.py [--image PATH | --iso PATH] [--mem 1G] [--smp 2] [--cmdline STR]
                    [--module "PATH ARGS"]... [--gdb --syms PATH] [--print] [-- QEMU ARGS...]

The machine is always QEMU's TCG with an emulated AMD EPYC that offers SVM and nested paging
(see the design notes on QEMU 7.2 TCG): SMAP is hidden because QEMU's IRET at CPL 3 checks it
wrongly, MONITOR is hidden because QEMU's MWAIT faults. Test consoles are the serial port on
stdio with no monitor; interactive runs multiplex QEMU's monitor on the terminal (Ctrl-A x
quits, Ctrl-A c switches to the monitor). An isa-debug-exit device at port 0xf4 lets the
hypervisor end QEMU with a status: QEMU then exits with (value << 1) | 1.
"""

import argparse
import os
import shlex
import sys
import termios
import tty

# QEMU in the environment names another QEMU binary (a local build, or a stand-in in tests).
QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
CPU_MODEL = "EPYC,+svm,+npt,-smap,-monitor"
DEBUG_EXIT_PORT = 0xF4
GDB_PORT = 1234

_UNITS = {"": 1 << 20, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def mem_bytes(mem):
    """Returns the size in bytes of a QEMU -m value ("512M", "6G"; no suffix means MiB)."""
    text = str(mem).strip().upper().removesuffix("B")
    suffix = text[-1] if text and text[-1] in _UNITS else ""
    number = text[: len(text) - len(suffix)]
    try:
        return int(float(number) * _UNITS[suffix])
    except ValueError:
        raise ValueError(f"bad memory size {mem!r}") from None


def initrd_arg(modules):
    """Returns QEMU's -initrd value for Multiboot modules given as (path, args) pairs.

    QEMU separates modules with commas and reads ",," as a literal comma, so commas inside a
    path or an argument string are doubled. The first word of each module's string is the file
    QEMU loads; the whole string becomes the module's command line.
    """
    parts = []
    for path, args in modules:
        text = f"{path} {args}" if args else str(path)
        parts.append(text.replace(",", ",,"))
    return ",".join(parts)


def command(
    *,
    kernel=None,
    iso=None,
    cmdline="",
    modules=(),
    mem="512M",
    cpus=1,
    interactive=False,
    gdb=False,
    extra=(),
):
    """Returns the QEMU argv that boots Xenolith.

    kernel: the Multiboot image (booted with -kernel, Multiboot1), or
    iso: a GRUB rescue image (booted with -cdrom, Multiboot2); the command line and modules
         then come from the ISO's grub.cfg, so cmdline and modules must be empty.
    interactive: serial and QEMU monitor multiplexed on the terminal (make run) instead of the
         plain serial console the tests read.
    gdb: halt the CPU at reset and open QEMU's gdb stub on tcp::1234.
    """
    if (kernel is None) == (iso is None):
        raise ValueError("give exactly one of kernel= and iso=")
    if iso is not None and (cmdline or modules):
        raise ValueError("an ISO carries its own command line and modules (grub.cfg)")
    argv = [QEMU, "-accel", "tcg", "-machine", "pc", "-cpu", CPU_MODEL]
    argv += ["-m", str(mem), "-smp", str(cpus)]
    if interactive:
        argv += ["-nographic", "-serial", "mon:stdio"]
    else:
        argv += ["-display", "none", "-serial", "stdio", "-monitor", "none"]
    argv += ["-no-reboot", "-device", f"isa-debug-exit,iobase={DEBUG_EXIT_PORT:#x},iosize=0x04"]
    if iso is not None:
        argv += ["-cdrom", str(iso)]
    else:
        argv += ["-kernel", str(kernel), "-append", cmdline]
        if modules:
            argv += ["-initrd", initrd_arg(modules)]
    if gdb:
        argv += ["-s", "-S"]
    argv += list(extra)
    return argv


def debug_exit_code(status):
    """Returns the value the guest wrote to isa-debug-exit, given QEMU's exit status, or None
    when QEMU exited for another reason (0: QEMU quit normally; even: QEMU's own error)."""
    if status is None or status % 2 == 0:
        return None
    return status >> 1


def spawn(argv, stderr_path, timeout=30):
    """Starts QEMU under pexpect with the serial console on a pty and QEMU's own stderr (its
    warnings and errors) appended to stderr_path, so the console carries guest output only.
    Returns the pexpect.spawn object (text mode, UTF-8 with replacement)."""
    import pexpect  # Imported here so `make run` works without it.

    env = dict(os.environ, XENOLITH_QEMU_STDERR=str(stderr_path))
    script = 'exec "$@" 2>>"$XENOLITH_QEMU_STDERR"'
    return pexpect.spawn(
        "/bin/sh",
        ["-c", script, "sh", *argv],
        env=env,
        encoding="utf-8",
        codec_errors="replace",
        timeout=timeout,
        echo=False,
        preexec_fn=_raw_stdio,
    )


def _raw_stdio():
    """In the child before exec: a raw pty, so the log holds the bytes the guest sent and
    typed input reaches the guest unchanged. ONLCR is cleared too, because QEMU turns output
    processing (OPOST) back on for stdio and would then send "\n" as "\r\n". (termios and tty
    are imported at the top: importing in a child forked from a threaded runner can deadlock.)"""
    tty.setraw(0)
    attrs = termios.tcgetattr(0)
    attrs[1] &= ~termios.ONLCR
    termios.tcsetattr(0, termios.TCSANOW, attrs)


def _gdb_hint(syms):
    return (
        f"QEMU is halted at reset with its gdb stub on localhost:{GDB_PORT}.\n"
        "In another terminal, attach gdb with the hypervisor's symbols:\n"
        f"    gdb {syms} -ex 'target remote :{GDB_PORT}'\n"
        "then set a hardware breakpoint on a C function, e.g. `hbreak __start_xenolith` (the\n"
        "first C function), and `continue`.\n"
        "(hbreak, not break: the image is copied into memory after gdb attaches, which would\n"
        "overwrite a software breakpoint.) The console is below; Ctrl-A x quits QEMU.\n"
    )


def main():
    parser = argparse.ArgumentParser(description="Boot Xenolith in QEMU (TCG, AMD SVM + NPT).")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--image", default=None, help="Multiboot image (default build/xenolith)")
    where.add_argument("--iso", default=None, help="GRUB ISO to boot with -cdrom instead")
    parser.add_argument("--mem", default="1G", help="guest RAM, QEMU -m syntax (default 1G)")
    parser.add_argument("--smp", type=int, default=2, help="number of CPUs (default 2)")
    parser.add_argument("--cmdline", default="", help="hypervisor command line")
    parser.add_argument(
        "--module", action="append", default=[], help='"PATH ARGS" of a Multiboot module'
    )
    parser.add_argument("--gdb", action="store_true", help="halt at reset, gdb stub on :1234")
    parser.add_argument("--syms", default=None, help="ELF with symbols, for the gdb hint")
    parser.add_argument("--batch", action="store_true", help="test console, not interactive")
    parser.add_argument("--print", action="store_true", help="print the command, do not run")
    parser.add_argument("extra", nargs="*", help="extra QEMU arguments (after --)")
    args = parser.parse_args()

    build = os.environ.get("BUILD", "build")
    modules = []
    for text in args.module:
        path, _, margs = text.strip().partition(" ")
        modules.append((path, margs.strip()))
    if args.iso:
        argv = command(iso=args.iso, mem=args.mem, cpus=args.smp, extra=args.extra,
                       interactive=not args.batch, gdb=args.gdb)
        image = args.iso
    else:
        image = args.image or os.path.join(build, "xenolith")
        argv = command(kernel=image, cmdline=args.cmdline, modules=modules, mem=args.mem,
                       cpus=args.smp, extra=args.extra, interactive=not args.batch,
                       gdb=args.gdb)
    if args.print:
        print(shlex.join(argv))
        return 0
    if not os.path.exists(image):
        print(f"qemu.py: {image} does not exist; build it with `make`", file=sys.stderr)
        return 1
    if args.gdb:
        syms = args.syms or os.path.join(build, "xenolith-syms")
        print(_gdb_hint(syms), flush=True)
    print("+ " + shlex.join(argv), flush=True)
    os.execvp(argv[0], argv)
    return 1


if __name__ == "__main__":
    sys.exit(main())
