/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The start-of-day information of a test kernel (guest/start-info.h): hvm_start_info, the
 * command line and the memory map. Nothing here trusts the structure beyond its magic: a test
 * that checks the structure itself (start-info) reads the fields directly.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/hvm/start_info.h>

#include <guest/lib.h>
#include <guest/start-info.h>
#include <guest/x86.h>

#include "internal.h"

/* The local APIC and I/O APIC pages: never RAM, but claimed even when the map omits them. */
#define APIC_RANGE_START 0xfec00000ULL
#define APIC_RANGE_END   0xff000000ULL

const struct hvm_start_info *start_info;

void start_info_init(uint32_t start_info_pa)
{
    start_info = start_info_pa ? (const struct hvm_start_info *)(uintptr_t)start_info_pa : NULL;
}

bool start_info_valid(void)
{
    return start_info && start_info->magic == XEN_HVM_START_MAGIC_VALUE;
}

const char *cmdline(void)
{
    uint64_t pa;

    if (!start_info_valid()) {
        return "";
    }
    pa = start_info->cmdline_paddr;
    /* Only the identity-mapped first 4 GiB is reachable. */
    if (!pa || pa >= (1ULL << 32)) {
        return "";
    }
    return (const char *)(uintptr_t)pa;
}

bool cmdline_find(const char *key, const char **value, size_t *len)
{
    const char *p = cmdline();
    size_t klen = strlen(key);

    while (*p) {
        const char *word = p;
        size_t wlen = 0;

        while (word[wlen] && word[wlen] != ' ') {
            wlen++;
        }
        p = word + wlen;
        while (*p == ' ') {
            p++;
        }
        if (wlen < klen || strncmp(word, key, klen)) {
            continue;
        }
        if (wlen == klen || word[klen] == '=') {
            const char *v = wlen == klen ? word + klen : word + klen + 1;

            if (value) {
                *value = v;
            }
            if (len) {
                *len = (size_t)(word + wlen - v);
            }
            return true;
        }
    }
    return false;
}

bool cmdline_get_str(const char *key, char *buf, size_t size)
{
    const char *v;
    size_t len;

    if (!cmdline_find(key, &v, &len) || len + 1 > size) {
        return false;
    }
    memcpy(buf, v, len);
    buf[len] = '\0';
    return true;
}

bool cmdline_get_u64(const char *key, uint64_t *val)
{
    const char *v;
    size_t len;

    return cmdline_find(key, &v, &len) && parse_u64(v, len, val);
}

const struct hvm_memmap_table_entry *memmap_table(void)
{
    if (!start_info_valid() || start_info->version < 1 || !start_info->memmap_entries ||
        start_info->memmap_paddr >= (1ULL << 32)) {
        return NULL;
    }
    return (const struct hvm_memmap_table_entry *)(uintptr_t)start_info->memmap_paddr;
}

unsigned int memmap_count(void)
{
    return memmap_table() ? start_info->memmap_entries : 0;
}

uint64_t memmap_ram_total(void)
{
    const struct hvm_memmap_table_entry *map = memmap_table();
    uint64_t total = 0;
    unsigned int i;

    for (i = 0; i < memmap_count(); i++) {
        if (map[i].type == XEN_HVM_MEMMAP_TYPE_RAM) {
            total += map[i].size;
        }
    }
    return total;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

bool memmap_overlaps(uint64_t addr, uint64_t size)
{
    const struct hvm_memmap_table_entry *map = memmap_table();
    unsigned int i;

    for (i = 0; i < memmap_count(); i++) {
        if (ranges_overlap(addr, size, map[i].addr, map[i].size)) {
            return true;
        }
    }
    return false;
}

uint64_t memmap_find_hole(uint64_t size, uint64_t limit)
{
    const struct hvm_memmap_table_entry *map = memmap_table();
    uint64_t start = 0, addr;
    unsigned int i;

    /* Start above the end of the highest RAM range below 4 GiB. */
    for (i = 0; i < memmap_count(); i++) {
        uint64_t end = map[i].addr + map[i].size;

        if (map[i].type == XEN_HVM_MEMMAP_TYPE_RAM && map[i].addr < (1ULL << 32) && end > start) {
            start = end;
        }
    }
    for (addr = (start + size - 1) & ~(size - 1); addr + size <= limit; addr += size) {
        if (!memmap_overlaps(addr, size) &&
            !ranges_overlap(addr, size, APIC_RANGE_START, APIC_RANGE_END - APIC_RANGE_START)) {
            return addr;
        }
    }
    return 0;
}
