/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * write-outside: a store to a guest-physical address the domain does not own. The guest's page
 * tables map it (the test kernels identity-map 4 GiB), so the access reaches the nested page
 * tables, which must have nothing there: no other domain's memory, no hypervisor memory. The
 * nested page fault that follows is the hypervisor's to handle; by default this test expects
 * it to crash the domain (and report it), the hypervisor and other domains running on.
 *
 * Command line:
 *   addr=GPA        the address to write (default: the first 2 MiB-aligned hole above RAM)
 *   expect=discard  expect instead Xen's handling of unbacked addresses (guest-abi.md 1.4):
 *                   the write is dropped, the domain continues, and a read returns all ones
 */
#include <guest/test.h>

const char test_title[] = "write-outside: a write outside the domain's memory";

#define PATTERN 0x5a5a5a5a5a5a5a5aULL

void test_main(void)
{
    char expect[16] = "crash";
    uint64_t addr = 0, back;

    cmdline_get_str("expect", expect, sizeof(expect));
    if (strcmp(expect, "crash") && strcmp(expect, "discard")) {
        test_error("expect=%s: want expect=crash or expect=discard", expect);
        return;
    }
    if (!cmdline_get_u64("addr", &addr)) {
        addr = memmap_find_hole(2ULL << 20, 1ULL << 32);
    }
    if (!addr || addr >= (1ULL << 32) || (addr & 7)) {
        test_error("No usable address outside RAM (addr %#lx); give addr=GPA below 4 GiB", addr);
        return;
    }
    if (memmap_overlaps(addr, 8)) {
        test_error("addr=%#lx is inside the memory map", addr);
        return;
    }

    printf("write-outside: writing to GPA %#lx, outside every range of the memory map\n", addr);
    if (!strcmp(expect, "crash")) {
        printf("Test expects: domain crash\n");
    }
    *(volatile uint64_t *)addr = PATTERN;
    back = *(volatile uint64_t *)addr;
    printf("write-outside: still running; reading it back gave %#lx\n", back);

    if (!strcmp(expect, "crash")) {
        test_failure("The domain survived a write to GPA %#lx", addr);
    } else if (back != ~0ULL) {
        test_failure("Reading the unbacked GPA %#lx gave %#lx, expected all ones", addr, back);
    } else {
        test_success();
    }
}
