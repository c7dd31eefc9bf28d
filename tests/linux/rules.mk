# SPDX-License-Identifier: GPL-2.0-only
# Debian's Linux as Xenolith domains (tests/linux/run.py): one boot of three Linux domains and a
# test kernel, checked through the console. `make test` fetches and builds the image first
# (mk/linux.mk: apt-get download, cached in $(BUILD)/linux).

# Its three Linux domains keep both CPUs busy, so it runs alone (TEST_ALONE): beside it, the
# system scenarios' CPU-share checks would measure a host with three QEMUs on two cores.
TAP_SUITES += tests/linux/run.py
TEST_TIMEOUTS += tests/linux/run.py=900
TEST_ALONE += tests/linux/run.py
