# SPDX-License-Identifier: GPL-2.0-only
# Style checks of the whole tree (format, SPDX lines, file sizes, self-contained headers):
# tests/style/run.py prints one TAP line per kind of check.

TAP_SUITES += tests/style/run.py
