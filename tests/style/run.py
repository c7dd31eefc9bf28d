#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Style checks of the whole tree (style-anchors.md, conventions 2, 4, 7 and 31), as TAP.

    tests/style/run.py [--root DIR] [CHECK...]

One TAP line per kind of check; the offending files follow a failure as `#` lines:
  format     every .c and .h file is formatted as .clang-format says
             (clang-format --dry-run --Werror; `make format` fixes it)
  spdx       every source, script and make fragment names its licence in its first two lines:
             `SPDX-License-Identifier: GPL-2.0-only`, or `MIT` under include/public
  file-size  no file in hv/ or tools/ exceeds 1000 lines, except generated files (those with
             `@generated` in their first five lines)
  headers    every hv/include/hv/*.h and include/public/**/*.h compiles on its own, and twice
             in a row (include guards): gcc -fsyntax-only -ffreestanding with the hypervisor's
             include paths

The tree is every file under the root except the directories .git, build, $BUILD and
__pycache__ (the same set `make format` formats). Exit status: 0 when all checks pass, 1 when
one fails, 2 on a usage error.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_LINES = 1000
SIZE_DIRS = ("hv/", "tools/")
GENERATED_MARK = "@generated"
SOURCE_EXT = {".c", ".h", ".S", ".s", ".ld", ".lds", ".py", ".sh", ".mk", ".cfg"}
SOURCE_NAMES = {"Makefile"}
HEADER_FLAGS = [
    "-fsyntax-only", "-std=gnu11", "-ffreestanding", "-Wall", "-Wextra", "-Werror",
    "-Wstrict-prototypes", "-DCONFIG_DEBUG", "-Ihv/include", "-Ihv/arch/x86/include",
    "-Iinclude",
]
MAX_DIAG = 60


def tree_files(root, build):
    """Yields the tree's files as paths relative to root, in sorted order."""
    skip = {os.path.normpath(os.path.join(root, d)) for d in (build, "build", ".git")}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames
            if d != "__pycache__" and os.path.normpath(os.path.join(dirpath, d)) not in skip
        )
        for name in sorted(filenames):
            yield os.path.relpath(os.path.join(dirpath, name), root)


def has_shebang(path):
    try:
        with open(path, "rb") as f:
            return f.read(2) == b"#!"
    except OSError:
        return False


def is_source(root, rel):
    name = os.path.basename(rel)
    ext = os.path.splitext(name)[1]
    return ext in SOURCE_EXT or name in SOURCE_NAMES or has_shebang(os.path.join(root, rel))


def head_lines(path, n):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [f.readline() for _ in range(n)]


# The checks: each returns (ok, summary, diagnostic lines).


def check_format(root, files):
    c_files = [f for f in files if f.endswith((".c", ".h"))]
    if not c_files:
        return True, "no C files", []
    exe = shutil.which("clang-format")
    if exe is None:
        return False, "clang-format is missing (scripts/install-deps.sh)", []
    bad = {}
    other = []
    for i in range(0, len(c_files), 200):
        chunk = c_files[i:i + 200]
        proc = subprocess.run(
            [exe, "--dry-run", "--Werror", "--style=file", *chunk],
            cwd=root, capture_output=True, text=True,
        )
        for line in proc.stderr.splitlines():
            m = re.match(r"^(.+?):(\d+):\d+: (?:error|warning):", line)
            if m and m.group(1) in chunk:
                bad.setdefault(m.group(1), m.group(2))
            elif "error" in line.lower() and not m:
                other.append(line)  # Not about one file's format: clang-format itself failed.
        if proc.returncode and not bad and not other:
            other.append(f"clang-format exit status {proc.returncode}")
    diag = [f"{f}: not formatted (first difference at line {n})" for f, n in sorted(bad.items())]
    diag += list(dict.fromkeys(other))[:10]
    if bad:
        diag.append("run `make format` to fix")
    return not diag, f"{len(c_files)} C files", diag


def check_spdx(root, files):
    diag = []
    checked = 0
    for rel in files:
        if not is_source(root, rel):
            continue
        checked += 1
        want = "MIT" if rel.startswith("include/public/") else "GPL-2.0-only"
        head = "".join(head_lines(os.path.join(root, rel), 2))
        m = re.search(r"SPDX-License-Identifier:\s*(\S+)", head)
        if not m:
            diag.append(f"{rel}: no SPDX-License-Identifier in the first two lines")
        elif m.group(1).rstrip("*/") != want:
            diag.append(f"{rel}: licence {m.group(1)}, want {want}")
    return not diag, f"{checked} files", diag


def check_file_size(root, files):
    diag = []
    checked = 0
    for rel in files:
        if not rel.startswith(SIZE_DIRS) or not is_source(root, rel):
            continue
        checked += 1
        path = os.path.join(root, rel)
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().count("\n")
        if lines > MAX_LINES and not any(GENERATED_MARK in ln for ln in head_lines(path, 5)):
            diag.append(f"{rel}: {lines} lines (ceiling {MAX_LINES}; split it)")
    return not diag, f"{checked} files in {' and '.join(SIZE_DIRS)}", diag


def header_include_name(rel):
    if rel.startswith("hv/include/"):
        return rel[len("hv/include/"):]
    return rel[len("include/"):]


def compile_header(root, gcc, rel):
    name = header_include_name(rel)
    source = f"#include <{name}>\n#include <{name}>\n"
    proc = subprocess.run(
        [gcc, *HEADER_FLAGS, "-x", "c", "-"], cwd=root, input=source, capture_output=True,
        text=True,
    )
    if proc.returncode == 0:
        return None
    errors = [ln for ln in proc.stderr.splitlines() if "error" in ln] or proc.stderr.splitlines()
    return [f"{rel}: does not compile on its own"] + [f"  {ln}" for ln in errors[:3]]


def check_headers(root, files):
    headers = [
        f for f in files
        if f.endswith(".h") and (
            (f.startswith("hv/include/hv/") and f.count("/") == 3)
            or f.startswith("include/public/")
        )
    ]
    if not headers:
        return True, "no headers", []
    gcc = shutil.which("gcc")
    if gcc is None:
        return False, "gcc is missing", []
    diag = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for result in pool.map(lambda rel: compile_header(root, gcc, rel), headers):
            diag += result or []
    return not diag, f"{len(headers)} headers", diag


CHECKS = {
    "format": check_format,
    "spdx": check_spdx,
    "file-size": check_file_size,
    "headers": check_headers,
}


def main():
    parser = argparse.ArgumentParser(description="Xenolith's style checks (TAP output).")
    parser.add_argument("checks", nargs="*", metavar="CHECK", help=", ".join(CHECKS))
    parser.add_argument("--root", default=ROOT, help="tree to check (default: this one)")
    try:
        args = parser.parse_args()
    except SystemExit as e:
        return 2 if e.code else 0
    unknown = [c for c in args.checks if c not in CHECKS]
    if unknown:
        print(f"run.py: unknown checks {unknown}; known: {', '.join(CHECKS)}", file=sys.stderr)
        return 2
    selected = args.checks or list(CHECKS)
    root = os.path.abspath(args.root)
    files = list(tree_files(root, os.environ.get("BUILD", "build")))

    print(f"1..{len(selected)}", flush=True)
    failed = 0
    for number, name in enumerate(selected, 1):
        ok, summary, diag = CHECKS[name](root, files)
        print(f"{'ok' if ok else 'not ok'} {number} - {name} ({summary})")
        shown = diag[:MAX_DIAG]
        for line in shown:
            print(f"# {line}")
        if len(diag) > len(shown):
            print(f"# ... and {len(diag) - len(shown)} more")
        sys.stdout.flush()
        failed += 0 if ok else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
