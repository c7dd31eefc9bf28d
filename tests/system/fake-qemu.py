#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A stand-in for qemu-system-x86_64 that plays a scripted console, for tests/system/selftest.py.

It accepts QEMU's command line and ignores it, except for `--fake STEPS`, where STEPS is a JSON
list of steps run in order:
  ["print", TEXT]    write TEXT and "\\r\\n" to the console
  ["write", TEXT]    write TEXT without a newline (a prompt)
  ["echo-line"]      read one line typed on the console and print "got: <line>"
  ["stderr", TEXT]   write TEXT to stderr (QEMU's own messages)
  ["exit", N]        exit with status N
  ["hang"]           wait for a signal, like a hypervisor that stopped talking
After the last step it hangs, as an idle hypervisor does.
"""

import json
import signal
import sys


def main():
    argv = sys.argv[1:]
    steps = json.loads(argv[argv.index("--fake") + 1]) if "--fake" in argv else []
    for step in steps + [["hang"]]:
        kind = step[0]
        if kind == "print":
            sys.stdout.write(step[1] + "\r\n")
        elif kind == "write":
            sys.stdout.write(step[1])
        elif kind == "echo-line":
            sys.stdout.flush()
            line = sys.stdin.readline().rstrip("\r\n")
            sys.stdout.write(f"got: {line}\r\n")
        elif kind == "stderr":
            sys.stderr.write(step[1] + "\n")
        elif kind == "exit":
            sys.stdout.flush()
            return step[1]
        elif kind == "hang":
            sys.stdout.flush()
            signal.pause()
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
