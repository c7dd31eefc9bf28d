#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Interoperability with Xen's own client tools (Debian package xenstore-utils).

Starts the sanitizer build of xenstored on sockets in a temporary directory and runs the
unmodified xenstore-write, -read, -exists, -list, -ls, -chmod, -watch and -rm against it through
XENSTORED_PATH: a privileged socket, and a second socket whose clients act as domain 5 so that
permission checks can be seen from another domain's point of view. Prints TAP; exits non-zero
if any check fails. Every child process runs under a timeout; readiness and watch events are
waited for on pipes, never with sleeps.
"""

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile

BUILD = os.environ.get("BUILD", "build")
DAEMON = os.environ.get("XENSTORED_BIN", os.path.join(BUILD, "tools/xenstored/xenstored-san"))
TIMEOUT = 10
TOOLS = ["read", "write", "exists", "list", "ls", "chmod", "watch", "rm"]


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, name, cond, detail=""):
        self.count += 1
        if cond:
            print(f"ok {self.count} - {name}")
        else:
            self.failed += 1
            print(f"not ok {self.count} - {name}")
            for line in str(detail).splitlines():
                print(f"#   {line}")
        sys.stdout.flush()
        return cond


def wait_readable(fd, timeout=TIMEOUT):
    ready, _, _ = select.select([fd], [], [], timeout)
    return bool(ready)


def start_daemon(tmp):
    sock = os.path.join(tmp, "socket")
    sock5 = os.path.join(tmp, "dom5")
    rfd, wfd = os.pipe()
    proc = subprocess.Popen(
        [DAEMON, "--socket", sock, "--domain-socket", f"5:{sock5}", "--ready-fd", str(wfd),
         "--log-level", "error"],
        pass_fds=(wfd,))
    os.close(wfd)
    try:
        if not wait_readable(rfd) or os.read(rfd, 16) != b"ready\n":
            proc.kill()
            proc.wait(TIMEOUT)
            raise RuntimeError("xenstored did not become ready")
    finally:
        os.close(rfd)
    return proc, sock, sock5


def tool(sock, name, *args):
    env = dict(os.environ, XENSTORED_PATH=sock)
    return subprocess.run(["xenstore-" + name, *args], env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)


def run_checks(tap, sock, sock5):
    r = tool(sock, "write", "/interop/a", "hello", "/interop/b/c", "world")
    tap.check("xenstore-write creates nodes and parents", r.returncode == 0, r.stderr)

    r = tool(sock, "read", "/interop/a")
    tap.check("xenstore-read returns the value", r.stdout == "hello\n", r)
    r = tool(sock, "read", "/interop/a", "/interop/b/c")
    tap.check("xenstore-read of two keys", r.stdout == "hello\nworld\n", r)
    r = tool(sock, "read", "/interop/none")
    tap.check("xenstore-read of a missing key fails", r.returncode != 0, r)

    r = tool(sock, "exists", "/interop/b")
    r2 = tool(sock, "exists", "/interop/none")
    tap.check("xenstore-exists", r.returncode == 0 and r2.returncode != 0, (r, r2))

    r = tool(sock, "list", "/interop")
    tap.check("xenstore-list lists children in order", r.stdout == "a\nb\n", r)

    r = tool(sock, "ls", "/interop")
    want = 'a = "hello"\nb = ""\n c = "world"\n'
    tap.check("xenstore-ls shows the tree", r.returncode == 0 and r.stdout == want, r)

    r = tool(sock, "ls", "/")
    tap.check("xenstore-ls of the root", r.returncode == 0 and "tool = \"\"" in r.stdout
              and " xenstored = \"\"" in r.stdout and "interop" in r.stdout, r)

    r = tool(sock, "chmod", "/interop/a", "n0")
    r2 = tool(sock, "ls", "-p", "/interop")
    tap.check("xenstore-chmod sets permissions", r.returncode == 0 and "(n0)" in r2.stdout,
              (r, r2))

    r = tool(sock5, "read", "/interop/a")
    tap.check("another domain is denied the read", r.returncode != 0 and r.stdout == "", r)

    r = tool(sock, "chmod", "/interop/a", "n0", "r5")
    r2 = tool(sock5, "read", "/interop/a")
    r3 = tool(sock, "ls", "-p", "/interop")
    tap.check("xenstore-chmod grants domain 5 read access",
              r.returncode == 0 and r2.stdout == "hello\n" and "(n0,r5)" in r3.stdout,
              (r, r2, r3))

    r = tool(sock5, "write", "/interop/a", "nope")
    tap.check("read access does not allow writing", r.returncode != 0, r)

    r = tool(sock, "chmod", "-r", "/interop", "n0", "r5")
    r2 = tool(sock5, "ls", "/interop")
    tap.check("xenstore-chmod -r applies to the subtree",
              r.returncode == 0 and r2.returncode == 0 and 'c = "world"' in r2.stdout, (r, r2))

    check_watch(tap, sock)

    r = tool(sock, "rm", "/interop/b")
    r2 = tool(sock, "exists", "/interop/b/c")
    tap.check("xenstore-rm removes a subtree", r.returncode == 0 and r2.returncode != 0,
              (r, r2))

    r = tool(sock, "rm", "/interop")
    r2 = tool(sock, "list", "/")
    tap.check("xenstore-rm of the top", r.returncode == 0 and "interop" not in r2.stdout,
              (r, r2))


def check_watch(tap, sock):
    env = dict(os.environ, XENSTORED_PATH=sock)
    proc = subprocess.Popen(["xenstore-watch", "-n", "2", "/interop/w"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The first event is the one every new watch fires; it proves the watch is in place.
        first = proc.stdout.readline() if wait_readable(proc.stdout.fileno()) else ""
        r = tool(sock, "write", "/interop/w/x", "1")
        second = proc.stdout.readline() if wait_readable(proc.stdout.fileno()) else ""
        status = proc.wait(TIMEOUT)
        tap.check("xenstore-watch sees a write below the watched node",
                  first == "/interop/w\n" and second == "/interop/w/x\n" and status == 0
                  and r.returncode == 0, (first, second, status, proc.stderr.read()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(TIMEOUT)


def main():
    tap = Tap()
    missing = [t for t in TOOLS if shutil.which("xenstore-" + t) is None]
    if missing:
        print(f"1..0 # SKIP xenstore-utils not installed (missing xenstore-{missing[0]})")
        return 0
    if not os.access(DAEMON, os.X_OK):
        print(f"Bail out! {DAEMON} not built")
        return 1
    tmp = tempfile.mkdtemp(prefix="xsd-interop.")
    proc = None
    try:
        proc, sock, sock5 = start_daemon(tmp)
        run_checks(tap, sock, sock5)
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(TIMEOUT)
        proc = None
        tap.check("SIGTERM stops the daemon cleanly",
                  status == 0 and not os.path.exists(sock) and not os.path.exists(sock5),
                  f"exit status {status}")
    finally:
        if proc is not None:
            proc.kill()
            proc.wait(TIMEOUT)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{tap.count}")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
