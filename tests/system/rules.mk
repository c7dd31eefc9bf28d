# SPDX-License-Identifier: GPL-2.0-only
# System tests: tests/system/run.py boots the image in QEMU (TCG) once per scenario of
# tests/system/scenarios.py and prints TAP. `make test` builds the image and the ISO first.
# Scenarios run two at a time, each with its own timeout; the suite as a whole gets 30 minutes.
# tests/system/selftest.py checks that run.py and scripts/run-tests.py fail when they should,
# with tests/system/fake-qemu.py standing in for QEMU.

TAP_SUITES += tests/system/run.py tests/system/selftest.py
TEST_TIMEOUTS += tests/system/run.py=1800
