# SPDX-License-Identifier: GPL-2.0-only
# Toolchains and flag sets: freestanding for the hypervisor, hosted (with sanitizers) for
# tools and host unit tests.

BUILD   ?= build
DEBUG   ?= y
CC      := gcc
LD      := ld
OBJCOPY := objcopy
NM      := nm
PYTHON  := /usr/bin/python3

VERSION := 0.1.0

# The warning set of style-anchors.md, convention 33.
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla \
            -Wimplicit-fallthrough -Wswitch-default

HV_CFLAGS := -std=gnu11 -ffreestanding -fno-stack-protector -fno-pic -fno-pie -mcmodel=kernel \
             -mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx -mno-sse2 -mno-avx \
             -fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-common \
             -fno-strict-aliasing -O2 -g $(WARNINGS) -MMD -MP \
             -Ihv/include -Ihv/arch/x86/include -Iinclude \
             -DXENOLITH_VERSION='"$(VERSION)"'
ifeq ($(DEBUG),y)
HV_CFLAGS += -DCONFIG_DEBUG
endif
HV_ASFLAGS := $(filter-out -std=gnu11,$(HV_CFLAGS)) -D__ASSEMBLY__

SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARNINGS) -MMD -MP -fno-omit-frame-pointer

# Quiet build lines ("  CC  file") unless V=1.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-5s %s\n'
endif
