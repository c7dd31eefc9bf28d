#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make loc`: code lines of the hypervisor, the tools and the tests.

    scripts/loc.py [--root DIR]

Code lines are lines holding something other than blanks and comments. Comments are /* */ and
// in C, assembly and linker scripts; # in Python, shell, make and configuration files (Python
docstrings count as comments too). The comment share is comments / (code + comments), the
figure style-anchors.md uses (convention 13: 15-25% in hv/, half of the public headers).
Markdown and other documentation are not counted. The hypervisor's line budget
(convention 3) is printed beside its total.
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HV_BUDGET = 20000  # style-anchors.md, convention 3: the SVM build of hv/ stays under ~20k.

C_LIKE = {".c", ".h", ".S", ".s", ".ld", ".lds"}
HASH_LIKE = {".py", ".sh", ".mk", ".cfg"}
HASH_NAMES = {"Makefile", "run"}

# (section, [(label, directory)]): each directory counted on its own, recursively, except
# where a later, more specific entry of the same section takes a subdirectory.
SECTIONS = [
    ("hypervisor", [
        ("hv/common", "hv/common"),
        ("hv/arch/x86", "hv/arch/x86"),
        ("hv/include", "hv/include"),
        ("hv/debug", "hv/debug"),
        ("hv (top level)", "hv:flat"),
        ("include/public", "include/public"),
    ]),
    ("tools", [("tools/*", "tools/*")]),
    ("tests", [
        ("tests/*", "tests/*"),
        ("guests/lib", "guests/lib"),
        ("guests/tests", "guests/tests"),
    ]),
    ("build and scripts", [
        ("scripts", "scripts"),
        ("mk, Makefile, .ci", "mk;Makefile;.ci"),
    ]),
]


def kind_of(path):
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1]
    if ext in C_LIKE:
        return "c"
    if ext in HASH_LIKE or name in HASH_NAMES:
        return "hash"
    if ext == "":
        try:
            with open(path, "rb") as f:
                if f.read(2) == b"#!":
                    return "hash"
        except OSError:
            pass
    return None


def count_c(text):
    """Returns (code, comment) line counts of C-like text."""
    code = comment = 0
    in_block = False
    for line in text.splitlines():
        has_code = has_comment = False
        i, n = 0, len(line)
        quote = None
        while i < n:
            ch = line[i]
            if in_block:
                has_comment = True
                end = line.find("*/", i)
                if end < 0:
                    i = n
                else:
                    in_block = False
                    i = end + 2
                continue
            if quote:
                has_code = True
                if ch == "\\":
                    i += 2
                    continue
                if ch == quote:
                    quote = None
                i += 1
                continue
            if line.startswith("/*", i):
                in_block = True
                has_comment = True
                i += 2
                continue
            if line.startswith("//", i):
                has_comment = True
                break
            if ch in "\"'":
                quote = ch
            if not ch.isspace():
                has_code = True
            i += 1
        if has_code:
            code += 1
        elif has_comment:
            comment += 1
    return code, comment


DOCSTRING_START = re.compile(r'^\s*[rRbBuU]?("""|\'\'\')')


def count_hash(text, python):
    """Returns (code, comment) line counts of #-commented text (Python docstrings: comments)."""
    code = comment = 0
    in_doc = None
    for line in text.splitlines():
        stripped = line.strip()
        if in_doc:
            comment += 1
            if in_doc in stripped:
                in_doc = None
            continue
        if not stripped:
            continue
        if stripped.startswith("#"):
            comment += 1
            continue
        m = DOCSTRING_START.match(line) if python else None
        if m:
            comment += 1
            if m.group(1) not in line[m.end():]:
                in_doc = m.group(1)
            continue
        code += 1
    return code, comment


def count_file(path):
    kind = kind_of(path)
    if kind is None:
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    if kind == "c":
        return count_c(text)
    python = path.endswith(".py") or text.startswith("#!/usr/bin/python") or (
        text.startswith("#!/usr/bin/env python"))
    return count_hash(text, python)


def walk(root, rel, recursive=True):
    base = os.path.join(root, rel)
    if os.path.isfile(base):
        yield base
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d not in {"__pycache__", ".git"})
        for name in sorted(filenames):
            yield os.path.join(dirpath, name)
        if not recursive:
            break


def expand(root, spec):
    """Expands a directory spec of SECTIONS into [(label, [(rel, recursive)])]."""
    if spec.endswith("/*"):
        parent = spec[:-2]
        full = os.path.join(root, parent)
        subdirs = sorted(d for d in os.listdir(full) if os.path.isdir(os.path.join(full, d))) \
            if os.path.isdir(full) else []
        return [(f"{parent}/{d}", [(f"{parent}/{d}", True)]) for d in subdirs]
    if spec.endswith(":flat"):
        return [(None, [(spec[:-5], False)])]
    return [(None, [(p, True) for p in spec.split(";")])]


def tally(root, parts):
    files = code = comment = 0
    for rel, recursive in parts:
        for path in walk(root, rel, recursive):
            counts = count_file(path)
            if counts is None:
                continue
            files += 1
            code += counts[0]
            comment += counts[1]
    return files, code, comment


def share(code, comment):
    total = code + comment
    return f"{100.0 * comment / total:5.1f}%" if total else "    -"


def main():
    parser = argparse.ArgumentParser(description="Count code lines of the Xenolith tree.")
    parser.add_argument("--root", default=ROOT)
    args = parser.parse_args()
    root = args.root

    print(f"{'':32} {'files':>6} {'code':>8} {'comments':>9} {'comment share':>14}")
    for section, entries in SECTIONS:
        print(section)
        totals = [0, 0, 0]
        for label, spec in entries:
            for sub_label, parts in expand(root, spec):
                files, code, comment = tally(root, parts)
                if files == 0:
                    continue
                totals = [totals[0] + files, totals[1] + code, totals[2] + comment]
                print(f"  {sub_label or label:30} {files:6} {code:8} {comment:9} "
                      f"{share(code, comment):>14}")
        note = ""
        if section == "hypervisor":
            note = f"   (budget about {HV_BUDGET}, style-anchors.md convention 3)"
        print(f"  {'total':30} {totals[0]:6} {totals[1]:8} {totals[2]:9} "
              f"{share(totals[1], totals[2]):>14}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
