# SPDX-License-Identifier: GPL-2.0-only
# Debian's Linux as Xenolith domains (tests/linux/run.py): one boot of three Linux domains and a
# test kernel, checked through the console. `make test` fetches and builds the image first
# (mk/linux.mk: apt-get download, cached in $(BUILD)/linux).

TAP_SUITES += tests/linux/run.py
TEST_TIMEOUTS += tests/linux/run.py=900
