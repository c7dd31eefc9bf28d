/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bad-pointers: hypercall arguments that point where they must not (guest-abi.md 2.6,
 * architecture.md "Guest memory is accessed only through one layer"). A pointer from a guest
 * is a guest-virtual address in the guest's own page tables; the hypervisor must translate it
 * through them and through the p2m, and turn every failure into -EFAULT. Each address below
 * tests one way to get that wrong: trusting NULL or an unmapped page, walking a
 * non-canonical address, checking only the first byte of a buffer that crosses into an
 * unmapped page, taking an address in the hypervisor's own ranges (0xffff83... is Xenolith's
 * direct map of all RAM) as its own, ignoring a read-only mapping, or following a mapping to
 * a guest-physical address that is not RAM.
 *
 * Each bad address is tried with IN buffers (console_io), OUT buffers (XENVER_extraversion,
 * the XENMEM_memory_map buffer), IN/OUT structures (XENVER_get_features, the
 * XENMEM_memory_map argument) and SCHEDOP_shutdown's argument, which must not end the domain.
 */
#include <public/memory.h>
#include <public/sched.h>
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "bad-pointers: bad guest pointers in hypercalls give -EFAULT";

#define LEN 16

/*
 * guard[1] is unmapped at run time. A buffer at its start - 2 crosses into it; even an 8-byte
 * structure there (xen_feature_info) does not fit in the mapped page before it.
 */
static uint8_t guard[2][PAGE_SIZE] __page_aligned;
static uint8_t ro_page[PAGE_SIZE] __page_aligned;

static const char ro_text[] = "bad-pointers: console_io from a read-only page works\n";

struct bad_addr {
    uint64_t addr;
    const char *what;
};

/* Tries every operation with `addr`; all must fail with -EFAULT. */
static void try_address(uint64_t addr, const char *what)
{
    struct xen_memory_map map = {.nr_entries = 4};
    long rc[6];
    unsigned int i, wrong = 0;

    map.buffer.q = addr;
    rc[0] = hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, LEN, addr, 0, 0);
    rc[1] = hypercall(__HYPERVISOR_xen_version, XENVER_extraversion, addr, 0, 0, 0);
    rc[2] = hypercall(__HYPERVISOR_xen_version, XENVER_get_features, addr, 0, 0, 0);
    rc[3] = hypercall(__HYPERVISOR_memory_op, XENMEM_memory_map, addr, 0, 0, 0);
    rc[4] = hypercall_memory_op(XENMEM_memory_map, &map);
    rc[5] = hypercall(__HYPERVISOR_sched_op, SCHEDOP_shutdown, addr, 0, 0, 0);
    printf("bad-pointers: 0x%016lx %-28s %ld %ld %ld %ld %ld %ld\n", addr, what, rc[0], rc[1],
           rc[2], rc[3], rc[4], rc[5]);
    for (i = 0; i < ARRAY_SIZE(rc); i++) {
        wrong += rc[i] != -XEN_EFAULT;
    }
    if (wrong) {
        test_failure("%#lx (%s): %u of %zu results above are not %d", addr, what, wrong,
                     ARRAY_SIZE(rc), -XEN_EFAULT);
    }
}

/* A read-only page: reading from it is fine, writing into it must fail and change nothing. */
static void try_read_only(void)
{
    struct xen_memory_map map = {.nr_entries = 4};
    long rc;

    memset(ro_page, 0x5a, sizeof(ro_page));
    memcpy(ro_page, ro_text, sizeof(ro_text));
    page_set_flags(ro_page, PTE_P | PTE_U);

    rc = hypercall_console_io(CONSOLEIO_write, sizeof(ro_text) - 1, (const char *)ro_page);
    if (rc < 0) {
        test_failure("console_io from a read-only page returned %ld", rc);
    }
    rc = hypercall_xen_version(XENVER_extraversion, ro_page + PAGE_SIZE / 2);
    if (rc != -XEN_EFAULT) {
        test_failure("XENVER_extraversion into a read-only page returned %ld, expected %d", rc,
                     -XEN_EFAULT);
    }
    set_xen_guest_handle(map.buffer, ro_page + PAGE_SIZE / 2);
    rc = hypercall_memory_op(XENMEM_memory_map, &map);
    if (rc != -XEN_EFAULT) {
        test_failure("XENMEM_memory_map into a read-only page returned %ld, expected %d", rc,
                     -XEN_EFAULT);
    }
    page_set_flags(ro_page, PTE_P | PTE_W | PTE_U);
    if (mem_first_not(ro_page + PAGE_SIZE / 2, 0x5a, PAGE_SIZE / 2) != PAGE_SIZE / 2) {
        test_failure("A hypercall wrote into a read-only page");
    }
}

void test_main(void)
{
    const struct bad_addr addrs[] = {
        {0, "NULL"},
        {0x10, "in page 0 (unmapped)"},
        {(uint64_t)guard[1], "an unmapped page"},
        {(uint64_t)guard[1] - 2, "crossing into unmapped page"},
        {1ULL << 32, "4 GiB (unmapped)"},
        {0x00007ffffffff000ULL, "top of the lower half"},
        {0x0000800000000000ULL, "non-canonical"},
        {0x8000000000000000ULL, "non-canonical"},
        {HYPERVISOR_VIRT_START, "Xen's hypervisor range"},
        {0xffff820000000000ULL, "Xenolith's VMAP range"},
        {0xffff830000000000ULL, "Xenolith's direct map"},
        {0xffffffff80200000ULL, "Xenolith's image"},
        {0xfffffffffffffff8ULL, "wrapping around to 0"},
        {memmap_find_hole(PAGE_SIZE, 1ULL << 32), "mapped, but not RAM (GPA)"},
    };
    long rc;
    unsigned int i;

    /* Page 0 is mapped by default (boot data may live there): unmap it for the NULL cases. */
    page_set_flags(NULL, 0);
    page_set_flags(guard[1], 0);
    printf("bad-pointers: results: console_io extraversion features map map-buffer shutdown\n");
    for (i = 0; i < ARRAY_SIZE(addrs); i++) {
        if (addrs[i].addr || i == 0) {
            try_address(addrs[i].addr, addrs[i].what);
        }
    }
    page_set_flags(guard[1], PTE_P | PTE_W | PTE_U);
    page_set_flags(NULL, PTE_P | PTE_W | PTE_U);
    try_read_only();

    /* Still alive, and the hypervisor still answers. */
    rc = hypercall_xen_version(XENVER_version, NULL);
    if (rc < 0) {
        test_failure("XENVER_version after the bad pointers returned %ld", rc);
    }
    if (!test_failed()) {
        test_success();
    }
}
