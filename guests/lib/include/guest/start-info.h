/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the domain builder handed the test kernel: the hvm_start_info structure (EBX at the
 * PVH entry), the kernel command line it points to, and the memory map. Test kernels run
 * identity-mapped, so the guest-physical addresses in these structures are usable pointers
 * below 4 GiB.
 *
 * Command-line options are words of the form `key=value` or `key`, separated by spaces. The
 * framework itself uses none; tests read their parameters (expected values, variants) here.
 */
#ifndef GUEST_START_INFO_H
#define GUEST_START_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/hvm/start_info.h>

/* The structure at EBX, or NULL if EBX was 0 or above 4 GiB - 1. */
extern const struct hvm_start_info *start_info;

/* The physical range of the kernel image, .bss included (from the linker script). */
extern char __image_start[], __image_end[];

/* Returns true if start_info exists and carries XEN_HVM_START_MAGIC_VALUE. */
bool start_info_valid(void);

/* Returns the kernel command line, or "" if there is none (or start_info is not valid). */
const char *cmdline(void);

/*
 * Looks for option `key` on the command line. Returns true if it is there; then *value and
 * *len (either may be NULL) describe its value, which is empty for a bare `key`.
 */
bool cmdline_find(const char *key, const char **value, size_t *len);

/*
 * Copies the value of option `key` into buf (size bytes, NUL-terminated). Returns false if the
 * option is absent or its value does not fit.
 */
bool cmdline_get_str(const char *key, char *buf, size_t size);

/*
 * Parses the value of option `key` with parse_u64 (decimal or 0x hex, K/M/G suffixes).
 * Returns false if the option is absent or malformed.
 */
bool cmdline_get_u64(const char *key, uint64_t *val);

/* The memory map of start_info (version 1), or NULL and 0 if it has none. */
const struct hvm_memmap_table_entry *memmap_table(void);
unsigned int memmap_count(void);

/* Returns the total size of the map's RAM ranges. */
uint64_t memmap_ram_total(void);

/* Returns true if [addr, addr + size) overlaps any range of the map (of any type). */
bool memmap_overlaps(uint64_t addr, uint64_t size);

/*
 * Returns a `size`-aligned guest-physical address of `size` bytes that is above all RAM below
 * 4 GiB, outside every range of the map and outside the local APIC and I/O APIC pages: a hole
 * with nothing behind it. Returns 0 if there is none below `limit`.
 */
uint64_t memmap_find_hole(uint64_t size, uint64_t limit);

#endif /* GUEST_START_INFO_H */
