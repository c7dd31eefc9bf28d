# SPDX-License-Identifier: GPL-2.0-only
# xenstored: the daemon's objects go into a library (so tests can link the real code), then
# the daemon and the xs-bench program are linked from it. A sanitizer build of both the
# library and the daemon exists for the tests.

XSD_DIR := $(BUILD)/tools/xenstored
XSD_PROGS_SRCS := tools/xenstored/main.c tools/xenstored/xs-bench.c
XSD_SRCS := $(filter-out $(XSD_PROGS_SRCS),$(sort $(wildcard tools/xenstored/*.c)))
XSD_CFLAGS := $(HOST_CFLAGS) -Iinclude -Itools/xenstored -Itools/libxs

XSD_LIB := $(XSD_DIR)/libxenstored.a
XSD_SAN_LIB := $(XSD_DIR)/libxenstored-san.a
XSD_BIN := $(XSD_DIR)/xenstored
XSD_SAN_BIN := $(XSD_DIR)/xenstored-san
XS_BENCH := $(XSD_DIR)/xs-bench

$(XSD_DIR)/obj/%.o: tools/xenstored/%.c
	@mkdir -p $(@D)
	$(CC) $(XSD_CFLAGS) -c -o $@ $<

$(XSD_DIR)/san/%.o: tools/xenstored/%.c
	@mkdir -p $(@D)
	$(CC) $(XSD_CFLAGS) $(SANITIZERS) -c -o $@ $<

$(XSD_LIB): $(patsubst tools/xenstored/%.c,$(XSD_DIR)/obj/%.o,$(XSD_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(XSD_SAN_LIB): $(patsubst tools/xenstored/%.c,$(XSD_DIR)/san/%.o,$(XSD_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(XSD_BIN): $(XSD_DIR)/obj/main.o $(XSD_LIB)
	$(CC) $(XSD_CFLAGS) -o $@ $^

$(XSD_SAN_BIN): $(XSD_DIR)/san/main.o $(XSD_SAN_LIB)
	$(CC) $(XSD_CFLAGS) $(SANITIZERS) -o $@ $^

$(XS_BENCH): $(XSD_DIR)/obj/xs-bench.o $(LIBXS_LIB)
	$(CC) $(XSD_CFLAGS) -o $@ $^ -lm

.PHONY: xenstored
xenstored: $(XSD_BIN) $(XSD_SAN_BIN) $(XS_BENCH)

ALL_TARGETS += $(XSD_BIN) $(XS_BENCH)
BENCHES += $(XS_BENCH)
