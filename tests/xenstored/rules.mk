# SPDX-License-Identifier: GPL-2.0-only
# xenstored tests. The cmocka programs link the sanitizer builds of the daemon library and of
# libxs; test-proto starts the sanitizer daemon binary; interop.py drives Debian's
# xenstore-utils against that daemon. `make test-xenstored` builds and runs them all.

XSD_TEST_DIR := $(BUILD)/tests/xenstored
XSD_TEST_NAMES := test-tree test-perms test-txn test-watch test-quota test-ring test-proto
XSD_TEST_BINS := $(addprefix $(XSD_TEST_DIR)/,$(XSD_TEST_NAMES))
XSD_TEST_CFLAGS := $(HOST_CFLAGS) $(SANITIZERS) -Iinclude -Itools/xenstored -Itools/libxs \
                   -Itests/xenstored

$(XSD_TEST_DIR)/obj/%.o: tests/xenstored/%.c
	@mkdir -p $(@D)
	$(CC) $(XSD_TEST_CFLAGS) -c -o $@ $<

$(XSD_TEST_BINS): $(XSD_TEST_DIR)/%: $(XSD_TEST_DIR)/obj/%.o $(XSD_TEST_DIR)/obj/harness.o \
                  $(XSD_SAN_LIB) $(LIBXS_SAN_LIB)
	$(CC) $(XSD_TEST_CFLAGS) -o $@ $^ -lcmocka -lpthread

# The end-to-end tests need the daemon binary itself.
$(XSD_TEST_DIR)/test-proto: | $(XSD_SAN_BIN)

UNIT_TESTS += $(XSD_TEST_BINS)
TAP_SUITES += tests/xenstored/interop.py
ALL_TARGETS += $(XSD_TEST_BINS) $(XSD_SAN_BIN)

.PHONY: test-xenstored
test-xenstored: $(XSD_TEST_BINS) $(XSD_SAN_BIN)
	@set -e; for t in $(XSD_TEST_BINS); do echo "== $$t"; $$t; done
	@echo "== tests/xenstored/interop.py"; BUILD=$(BUILD) $(PYTHON) tests/xenstored/interop.py
