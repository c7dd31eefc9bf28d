/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * balloon: giving RAM back to the hypervisor and taking it again (guest-abi.md 5.3), as Linux's
 * balloon driver and its grant-mapping backends do when they lack unpopulated address space.
 * Command line: `other=<domid of another live domain> [pages=256] [base=4M]`.
 *
 * The test balloons out `pages` pages of RAM it does not use (from `base`, checked against the
 * memory map and its own image) with XENMEM_decrease_reservation, checks the reservation
 * dropped by as many, puts them back with XENMEM_populate_physmap at the same gfns and checks
 * that they are usable and scrubbed (none of the data they held before the balloon), and that
 * the reservation is back. On the way, every hostile request must fail as Xen fails it without
 * changing anything: populating past the domain's maximum stops at the maximum, ballooning a
 * gfn twice or a hole does nothing, too large or misaligned extents do nothing, and another
 * domain's memory is off limits (-EPERM). XENMEM_remove_from_physmap and XENMAPSPACE_gmfn
 * (moving a frame) are checked the same way. At the end the reservation is what it was.
 */
#include <guest/peer.h>
#include <guest/test.h>
#include <public/memory.h>

#define MAX_PAGES   1024
#define MAX_EXTRA   64
#define SEED        0x62616c6cULL
#define SEED_AFTER  0x6166746572ULL
#define WORDS       (PAGE_SIZE / 8)
#define GFN_TOO_BIG (1ULL << 40)

static xen_pfn_t gfns[MAX_PAGES + MAX_EXTRA];
static uint64_t base, nr;
static domid_t other;
static long start_pages; /* The reservation before anything changed. */

static long reservation_op(unsigned int cmd, xen_pfn_t *list, uint64_t n, unsigned int order,
                           domid_t domid)
{
    struct xen_memory_reservation r = {.nr_extents = n, .extent_order = order, .domid = domid};

    r.extent_start.p = list;
    return hypercall_memory_op(cmd, &r);
}

static long current_pages(void)
{
    domid_t self = DOMID_SELF;

    return hypercall_memory_op(XENMEM_current_reservation, &self);
}

/* Report a result that is not `want`, and a reservation that is not `pages`. */
static bool expect(const char *what, long got, long want, long pages)
{
    long now = current_pages();

    if (got != want || now != pages) {
        test_failure("%s: gave %ld (expected %ld), reservation %ld pages (expected %ld)", what, got,
                     want, now, pages);
        return false;
    }
    return true;
}

static void *page_at(uint64_t i)
{
    return (void *)(base + i * PAGE_SIZE);
}

/* The region must be RAM this kernel does not use: above its image and its boot data. */
static bool region_ok(void)
{
    const struct hvm_memmap_table_entry *map = memmap_table();
    uint64_t end = base + nr * PAGE_SIZE;
    uint64_t boot_data[] = {(uint64_t)__image_end, (uint64_t)start_info + PAGE_SIZE,
                            start_info ? start_info->cmdline_paddr : 0,
                            start_info ? start_info->memmap_paddr : 0};

    for (unsigned int i = 0; i < ARRAY_SIZE(boot_data); i++) {
        if (boot_data[i] > base) {
            test_error("base=%#lx is below this kernel's image or boot data (%#lx)",
                       (unsigned long)base, (unsigned long)boot_data[i]);
            return false;
        }
    }
    for (unsigned int i = 0; i < memmap_count(); i++) {
        if (map[i].type == XEN_HVM_MEMMAP_TYPE_RAM && map[i].addr <= base &&
            end <= map[i].addr + map[i].size) {
            return true;
        }
    }
    test_error("[%#lx, %#lx) is not within one RAM range of the memory map", (unsigned long)base,
               (unsigned long)end);
    return false;
}

static void list_region(void)
{
    for (uint64_t i = 0; i < nr; i++) {
        gfns[i] = (base >> PAGE_SHIFT) + i;
    }
}

/* Out with the region; the same gfns again give nothing back. */
static bool balloon_out(void)
{
    for (uint64_t i = 0; i < nr; i++) {
        peer_fill(page_at(i), WORDS, SEED, i * WORDS);
    }
    list_region();
    if (!expect("decrease_reservation of the region",
                reservation_op(XENMEM_decrease_reservation, gfns, nr, 0, DOMID_SELF), (long)nr,
                start_pages - (long)nr)) {
        return false;
    }
    return expect("decrease_reservation of the region again",
                  reservation_op(XENMEM_decrease_reservation, gfns, nr, 0, DOMID_SELF), 0,
                  start_pages - (long)nr);
}

static uint8_t ram_page[PAGE_SIZE] __page_aligned; /* RAM of ours that populate must not hit. */
static uint64_t hole; /* The first gfn of a free, 8 MiB-aligned range above RAM. */

/* Requests that must fail while the region is out, each leaving the reservation alone. */
static void balloon_hostile(void)
{
    long pages = start_pages - (long)nr, rc;
    xen_pfn_t one[1];
    domid_t id = other;

    /* Xen does 0 extents of an order above its limit (9); an error changes nothing either. */
    one[0] = hole;
    rc = reservation_op(XENMEM_populate_physmap, one, 1, 10, DOMID_SELF);
    expect("populate an extent of order 10", rc <= 0 ? 0 : rc, 0, pages);
    one[0] = base >> PAGE_SHIFT;
    rc = reservation_op(XENMEM_decrease_reservation, one, 1, 10, DOMID_SELF);
    expect("decrease an extent of order 10", rc <= 0 ? 0 : rc, 0, pages);
    expect("populate for another domain",
           reservation_op(XENMEM_populate_physmap, gfns, 1, 0, other), -XEN_EPERM, pages);
    expect("decrease for another domain",
           reservation_op(XENMEM_decrease_reservation, gfns, 1, 0, other), -XEN_EPERM, pages);
    expect("current_reservation of another domain",
           hypercall_memory_op(XENMEM_current_reservation, &id), -XEN_EPERM, pages);
    id = 1000;
    expect("current_reservation of domain 1000",
           hypercall_memory_op(XENMEM_current_reservation, &id), -XEN_ESRCH, pages);
    /* Xen would replace the page (and lose it until the domain dies); Xenolith fills holes. */
    memset(ram_page, 0x5a, sizeof(ram_page));
    one[0] = (uint64_t)ram_page >> PAGE_SHIFT;
    expect("populate over RAM", reservation_op(XENMEM_populate_physmap, one, 1, 0, DOMID_SELF), 0,
           pages);
    if (mem_first_not(ram_page, 0x5a, sizeof(ram_page)) != sizeof(ram_page)) {
        test_failure("populating over a RAM page changed its contents");
    }
    one[0] = (base >> PAGE_SHIFT) + 1;
    expect("populate a misaligned extent of order 1",
           reservation_op(XENMEM_populate_physmap, one, 1, 1, DOMID_SELF), 0, pages);
    one[0] = GFN_TOO_BIG;
    expect("populate gfn 2^40", reservation_op(XENMEM_populate_physmap, one, 1, 0, DOMID_SELF), 0,
           pages);
    one[0] = hole;
    expect("decrease a hole", reservation_op(XENMEM_decrease_reservation, one, 1, 0, DOMID_SELF), 0,
           pages);
}

/*
 * Back with the region as one extent when it is a naturally aligned power of two (else page by
 * page): the allocator then most likely hands back the very frames just freed, so a missing
 * scrub shows as our own old data.
 */
static bool balloon_in(void)
{
    unsigned int order = 0;

    while ((2ULL << order) <= nr && !((base >> PAGE_SHIFT) & ((2ULL << order) - 1))) {
        order++;
    }
    if ((1ULL << order) != nr) {
        order = 0;
    }
    list_region();
    return expect("populate the region",
                  reservation_op(XENMEM_populate_physmap, gfns, nr >> order, order, DOMID_SELF),
                  (long)(nr >> order), start_pages);
}

/* The region's new frames hold nothing of what it held before, and work as RAM. */
static void check_region(void)
{
    for (uint64_t i = 0; i < nr; i++) {
        const uint64_t *w = page_at(i);

        for (unsigned int k = 0; k < WORDS; k++) {
            if (w[k] == peer_pattern(SEED, i * WORDS + k)) {
                test_failure("page %lu came back unscrubbed: word %u is what it held before",
                             (unsigned long)i, k);
                return;
            }
        }
        peer_fill(page_at(i), WORDS, SEED_AFTER, i * WORDS);
    }
    for (uint64_t i = 0; i < nr; i++) {
        if (peer_check(page_at(i), WORDS, SEED_AFTER, i * WORDS) != WORDS) {
            test_failure("page %lu does not keep what is written to it", (unsigned long)i);
            return;
        }
    }
}

/*
 * Populating past the maximum: two pages of the region go out, then three extents come in
 * (the two gfns and holes, as many as the maximum has room for, plus one). Populate stops at
 * the maximum; the holes it filled go out again.
 */
static bool check_maximum(long max)
{
    uint64_t room = (uint64_t)(max - start_pages) + 2, extra = room - 2 + 1;

    if (extra > MAX_EXTRA) {
        test_error("%ld pages between the reservation and the maximum: too many to fill",
                   max - start_pages);
        return false;
    }
    list_region();
    if (!expect("decrease two pages",
                reservation_op(XENMEM_decrease_reservation, gfns, 2, 0, DOMID_SELF), 2,
                start_pages - 2)) {
        return false;
    }
    for (uint64_t i = 0; i < extra; i++) {
        gfns[2 + i] = hole + i;
    }
    if (!expect("populate one extent past the maximum",
                reservation_op(XENMEM_populate_physmap, gfns, 2 + extra, 0, DOMID_SELF), (long)room,
                max) ||
        !expect("decrease the holes populated up to the maximum",
                reservation_op(XENMEM_decrease_reservation, gfns + 2, extra - 1, 0, DOMID_SELF),
                (long)(extra - 1), start_pages)) {
        return false;
    }
    return expect("decrease the hole populate refused",
                  reservation_op(XENMEM_decrease_reservation, gfns + 1 + extra, 1, 0, DOMID_SELF),
                  0, start_pages);
}

static long remove_gfn(uint64_t gfn)
{
    struct xen_remove_from_physmap x = {.domid = DOMID_SELF, .gpfn = gfn};

    return hypercall_memory_op(XENMEM_remove_from_physmap, &x);
}

/* remove_from_physmap frees a RAM page; a hole then is nothing to remove. */
static void check_remove(void)
{
    xen_pfn_t one[1] = {base >> PAGE_SHIFT};
    long rc;

    expect("remove_from_physmap of RAM", remove_gfn(one[0]), 0, start_pages - 1);
    rc = remove_gfn(one[0]);
    expect("remove_from_physmap of the hole it left", rc < 0 ? -1 : rc, -1, start_pages - 1);
    expect("populate the removed page",
           reservation_op(XENMEM_populate_physmap, one, 1, 0, DOMID_SELF), 1, start_pages);
}

/* XENMAPSPACE_gmfn: a frame moves with its contents and leaves a hole behind. */
static void check_move(void)
{
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_gmfn,
                                   .idx = (base >> PAGE_SHIFT) + 1,
                                   .gpfn = hole};
    xen_pfn_t one[1] = {(base >> PAGE_SHIFT) + 1};
    long rc;

    peer_fill(page_at(1), WORDS, SEED, 77);
    if (!expect("move a frame to a hole", hypercall_memory_op(XENMEM_add_to_physmap, &a), 0,
                start_pages)) {
        return;
    }
    if (peer_check((void *)(hole << PAGE_SHIFT), WORDS, SEED, 77) != WORDS) {
        test_failure("the moved frame lost its contents");
    }
    a.idx = hole + 1;
    a.gpfn = hole + 2;
    rc = hypercall_memory_op(XENMEM_add_to_physmap, &a);
    expect("move a hole", rc < 0 ? -1 : rc, -1, start_pages);
    a.gpfn = hole;
    /* The frame was moved, not added: it goes out, and the vacated gfn is a hole to fill. */
    expect("decrease the moved frame",
           reservation_op(XENMEM_decrease_reservation, &a.gpfn, 1, 0, DOMID_SELF), 1,
           start_pages - 1);
    expect("populate where the frame was",
           reservation_op(XENMEM_populate_physmap, one, 1, 0, DOMID_SELF), 1, start_pages);
}

const char test_title[] = "balloon: decrease_reservation, populate_physmap and their limits";

void test_main(void)
{
    domid_t self = DOMID_SELF;
    uint64_t id;
    long max;

    nr = 256;
    base = 4 << 20;
    cmdline_get_u64("pages", &nr);
    cmdline_get_u64("base", &base);
    if (!cmdline_get_u64("other", &id) || id >= DOMID_FIRST_RESERVED || !nr || nr > MAX_PAGES ||
        nr < 2 || (base & (PAGE_SIZE - 1))) {
        test_error("needs other=<domid>, pages=2..%u and a page-aligned base=", MAX_PAGES);
        return;
    }
    other = (domid_t)id;
    hole = memmap_find_hole(8 << 20, 1ULL << 32) >> PAGE_SHIFT;
    start_pages = current_pages();
    max = hypercall_memory_op(XENMEM_maximum_reservation, &self);
    printf("balloon: reservation %ld pages, maximum %ld\n", start_pages, max);
    if (!hole || start_pages <= 0 || max < start_pages || !region_ok() || !balloon_out()) {
        test_failure("cannot start: hole gfn %#lx, reservation %ld, maximum %ld",
                     (unsigned long)hole, start_pages, max);
        return;
    }
    balloon_hostile();
    if (!balloon_in()) {
        return;
    }
    check_region();
    if (!check_maximum(max)) {
        return;
    }
    check_remove();
    check_move();
    expect("the reservation at the end", current_pages(), start_pages, start_pages);
    printf("balloon: %lu pages out and back in at %#lx\n", (unsigned long)nr, (unsigned long)base);
    if (!test_failed()) {
        test_success();
    }
}
