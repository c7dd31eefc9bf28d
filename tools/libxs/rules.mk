# SPDX-License-Identifier: GPL-2.0-only
# libxs: the small XenStore client library (tools/libxs/xs.h), built twice: plain for tools,
# with sanitizers for tests.

LIBXS_SRCS := $(sort $(wildcard tools/libxs/*.c))
LIBXS_CFLAGS := $(HOST_CFLAGS) -Iinclude -Itools/libxs
LIBXS_LIB := $(BUILD)/tools/libxs/libxs.a
LIBXS_SAN_LIB := $(BUILD)/tools/libxs/libxs-san.a

$(BUILD)/tools/libxs/obj/%.o: tools/libxs/%.c
	@mkdir -p $(@D)
	$(CC) $(LIBXS_CFLAGS) -c -o $@ $<

$(BUILD)/tools/libxs/san/%.o: tools/libxs/%.c
	@mkdir -p $(@D)
	$(CC) $(LIBXS_CFLAGS) $(SANITIZERS) -c -o $@ $<

$(LIBXS_LIB): $(patsubst tools/libxs/%.c,$(BUILD)/tools/libxs/obj/%.o,$(LIBXS_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(LIBXS_SAN_LIB): $(patsubst tools/libxs/%.c,$(BUILD)/tools/libxs/san/%.o,$(LIBXS_SRCS))
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

ALL_TARGETS += $(LIBXS_LIB)
