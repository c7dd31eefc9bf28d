/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant-map: grant mapping between two domains (guest-abi.md 5.1-5.3), the way a PV backend
 * maps a frontend's pages. Command line: `role=granter|mapper peer=<domid>`.
 *
 * The granter maps its grant-table frame into a hole of its physmap and writes entries as
 * Linux does; the mapper maps them with GNTTABOP_map_grant_ref at guest-physical addresses of
 * holes in its own physmap (PVH is auto-translated) and reads and writes through them. The two
 * move in strict turns, each ending its step with a notification on an interdomain channel:
 *
 *  1. mapper: map the writable grant twice and the read-only one; write through the mapping;
 *     every hostile map (exact GNTST_* as Xen reports it), among them a grant of a gfn the
 *     granter gave back to the hypervisor
 *  2. granter: GTF_reading/GTF_writing are set exactly where mapped, no failed map left a flag
 *     behind, revoking a mapped grant fails its compare-and-swap, the mapper's data is there
 *  3. mapper: unmap one of the two mappings, unmap it again, unmap with a wrong address or
 *     a bad handle
 *  4. granter: the remaining mapping still holds the flags; then it scribbles over the mapped
 *     entry (frame, grantee, flags) with plain stores
 *  5. mapper: the mapping still shows its page; unmap the rest; map the "last" grant at the
 *     gfn just freed (so it was a hole)
 *  6. granter: flags clear and revocation succeeds where nothing is mapped; it gives the
 *     still-mapped page back (decrease_reservation) and populates a new one at its gfn; then
 *     it powers off while the mapper still maps the old page
 *  7. mapper: once the granter is gone the old page still reads and writes (and is not the
 *     new one); unmapping it succeeds. The scenario then checks that every page came back
 *     (MEMORY_RETURNED).
 */
#include <guest/grant.h>
#include <guest/peer.h>
#include <guest/test.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>

/* Entries 0-7 are reserved (the builder's console and xenstore grants). */
#define REF_RW      8  /* Page 0, writable. */
#define REF_RO      9  /* Page 1, GTF_readonly. */
#define REF_REVOKED 10 /* Page 2, granted and revoked before the mapper looks. */
#define REF_NEVER   11 /* Never written. */
#define REF_OTHER   12 /* Page 2, granted to a domain that is not the mapper. */
#define REF_LAST    13 /* Page 3, still mapped when the granter dies. */
#define REF_GONE    14 /* Page 4, given back to the hypervisor before it was granted. */
#define NR_PAGES    5

#define WORDS      (PAGE_SIZE / 8)
#define SEED_G     0x6772616e74ULL /* What the granter writes. */
#define SEED_M     0x6d6170ULL     /* What the mapper writes. */
#define SEED_NEW   0x6e6577ULL     /* What the granter writes to a re-populated gfn. */
#define STEP_SECS  10
#define DEATH_SECS 10

static uint8_t pages[NR_PAGES][PAGE_SIZE] __page_aligned;
static uint8_t ram_probe[PAGE_SIZE] __page_aligned; /* A RAM gfn of the mapper. */
static struct grant_entry_v1 *table;
static domid_t peer;

static uint64_t gfn_of(const void *p)
{
    return (uint64_t)p >> PAGE_SHIFT;
}

/* Report a status that is not the expected one. Returns true if it was. */
static bool expect_status(const char *what, int got, int want)
{
    if (got == GNTST_CALL_FAILED) {
        test_failure("%s: grant_table_op gave %ld", what, gnttab_last_rc);
        return false;
    }
    if (got != want) {
        test_failure("%s: %s (%d), expected %s (%d)", what, gntst_name(got), got, gntst_name(want),
                     want);
        return false;
    }
    return true;
}

static bool expect_flags(grant_ref_t ref, uint16_t want)
{
    uint16_t got = gnttab_flags(&table[ref]);

    if (got != want) {
        test_failure("ref %u: flags %#x, expected %#x", ref, got, want);
        return false;
    }
    return true;
}

/* ---- Granter ---- */

/* The table has one frame (so ref 512 is beyond it) and cannot be mapped past its maximum. */
static bool granter_table(void)
{
    struct gnttab_query_size qs = {.dom = DOMID_SELF};
    struct xen_add_to_physmap a = {.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table};
    long rc;

    table = gnttab_table_map_hole(1);
    if (!table) {
        return false;
    }
    a.gpfn = ((uint64_t)table >> PAGE_SHIFT) + 1;
    if ((rc = gnttab_op(GNTTABOP_query_size, &qs, 1)) || qs.status || qs.nr_frames != 1) {
        test_failure("query_size: rc %ld status %d, %u frames", rc, qs.status, qs.nr_frames);
        return false;
    }
    a.idx = qs.max_nr_frames;
    if ((rc = hypercall_memory_op(XENMEM_add_to_physmap, &a)) != -XEN_EINVAL) {
        test_failure("mapping table frame %u (the maximum is %u frames) gave %ld, not -EINVAL",
                     qs.max_nr_frames, qs.max_nr_frames, rc);
    }
    /* The refused frame did not grow the table. */
    if (gnttab_op(GNTTABOP_query_size, &qs, 1) || qs.status || qs.nr_frames != 1) {
        test_failure("after a refused frame the table has %u frames, status %d", qs.nr_frames,
                     qs.status);
    }
    return true;
}

/* decrease_reservation or populate_physmap of our one gfn; returns the extents done. */
static long reservation(unsigned int cmd, uint64_t gfn)
{
    xen_pfn_t list[1] = {gfn};
    struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};

    r.extent_start.p = list;
    return hypercall_memory_op(cmd, &r);
}

static void granter_setup(void)
{
    long rc;

    for (unsigned int i = 0; i < NR_PAGES; i++) {
        peer_fill(pages[i], WORDS, SEED_G, (uint64_t)i * WORDS);
    }
    /* Page 4 is not touched again: its gfn is a hole from here on. */
    if ((rc = reservation(XENMEM_decrease_reservation, gfn_of(pages[4]))) != 1) {
        test_failure("decrease_reservation of one page gave %ld", rc);
    }
    gnttab_grant(&table[REF_GONE], peer, gfn_of(pages[4]), false);
    gnttab_grant(&table[REF_RW], peer, gfn_of(pages[0]), false);
    gnttab_grant(&table[REF_RO], peer, gfn_of(pages[1]), true);
    gnttab_grant(&table[REF_REVOKED], peer, gfn_of(pages[2]), false);
    if (!gnttab_revoke(&table[REF_REVOKED])) {
        test_failure("revoking a grant nobody mapped failed: flags %#x",
                     gnttab_flags(&table[REF_REVOKED]));
    }
    gnttab_grant(&table[REF_OTHER], (domid_t)(peer + 100), gfn_of(pages[2]), false);
    gnttab_grant(&table[REF_LAST], peer, gfn_of(pages[3]), false);
}

/* Step 2: the mapper holds REF_RW twice and REF_RO once; its failed maps set nothing. */
static void granter_check_mapped(void)
{
    size_t bad;

    expect_flags(REF_RW, GTF_permit_access | GTF_reading | GTF_writing);
    expect_flags(REF_RO, GTF_permit_access | GTF_readonly | GTF_reading);
    expect_flags(REF_REVOKED, 0);
    expect_flags(REF_NEVER, 0);
    expect_flags(REF_OTHER, GTF_permit_access);
    expect_flags(REF_LAST, GTF_permit_access);
    expect_flags(REF_GONE, GTF_permit_access);
    if (gnttab_revoke(&table[REF_RW]) || gnttab_revoke(&table[REF_RO])) {
        test_failure("revoked a mapped grant: flags now %#x and %#x", gnttab_flags(&table[REF_RW]),
                     gnttab_flags(&table[REF_RO]));
    }
    expect_flags(REF_RW, GTF_permit_access | GTF_reading | GTF_writing);
    if ((bad = peer_check(pages[0], WORDS, SEED_M, 0)) != WORDS) {
        test_failure("word %zu of the writable grant is not what the mapper wrote", bad);
    }
    if ((bad = peer_check(pages[1], WORDS, SEED_G, WORDS)) != WORDS) {
        test_failure("word %zu of the read-only grant changed", bad);
    }
}

/*
 * Step 4, hostile: rewrite the mapped entry with plain stores, as a granter that ignores the
 * protocol may: another frame, another grantee, GTF_reading/GTF_writing wiped. The mapping
 * must stay on the page it was made for, and its unmap must still succeed.
 */
static void granter_scribble(void)
{
    volatile struct grant_entry_v1 *e = &table[REF_RW];

    e->frame = (uint32_t)gfn_of(pages[2]);
    e->domid = (domid_t)(peer + 100);
    e->flags = GTF_permit_access;
}

/* Step 6: nothing is mapped but REF_LAST; the others can be revoked now. */
static void granter_check_unmapped(void)
{
    expect_flags(REF_RW, GTF_permit_access);
    expect_flags(REF_RO, GTF_permit_access | GTF_readonly);
    expect_flags(REF_LAST, GTF_permit_access | GTF_reading | GTF_writing);
    if (!gnttab_revoke(&table[REF_RW]) || !gnttab_revoke(&table[REF_RO])) {
        test_failure("could not revoke unmapped grants: flags %#x and %#x",
                     gnttab_flags(&table[REF_RW]), gnttab_flags(&table[REF_RO]));
    }
    if (gnttab_revoke(&table[REF_LAST])) {
        test_failure("revoked the grant that is still mapped");
    }
}

/*
 * Give the mapped page back to the hypervisor and take a new page at its gfn: the mapping
 * keeps the old frame alive, so the new page must be a different frame. Were the old one
 * freed and handed straight back, the mapper would see SEED_NEW through its mapping.
 */
static void granter_balloon_mapped(void)
{
    long out = reservation(XENMEM_decrease_reservation, gfn_of(pages[3]));
    long in = reservation(XENMEM_populate_physmap, gfn_of(pages[3]));

    if (out != 1 || in != 1) {
        test_failure("ballooning the mapped page out and in gave %ld and %ld", out, in);
        return;
    }
    peer_fill(pages[3], WORDS, SEED_NEW, 0);
}

static void granter(void)
{
    if (!granter_table()) {
        return;
    }
    granter_setup();
    if (!peer_listen(peer) || !peer_wait("step 1 (maps)", STEP_SECS)) {
        return;
    }
    granter_check_mapped();
    peer_notify();
    if (!peer_wait("step 3 (first unmaps)", STEP_SECS)) {
        return;
    }
    expect_flags(REF_RW, GTF_permit_access | GTF_reading | GTF_writing);
    granter_scribble();
    peer_notify();
    if (!peer_wait("step 5 (last map)", STEP_SECS)) {
        return;
    }
    granter_check_unmapped();
    granter_balloon_mapped();
    /* The mapper now watches for this domain's end, mapping REF_LAST all the while. */
    peer_notify();
    printf("grant-map: granter powers off with ref %u still mapped by d%u\n", REF_LAST, peer);
}

/* ---- Mapper ---- */

static uint64_t hole; /* Four free gfns of the mapper: hole + 0, 1, 2, 3 pages. */
static grant_handle_t h_rw, h_rw2, h_ro, h_last;

#define AT(n) (hole + (uint64_t)(n)*PAGE_SIZE)

static bool mapper_map_good(void)
{
    size_t bad;

    if (!expect_status("map RW", gnttab_map_one(peer, REF_RW, AT(0), GNTMAP_host_map, &h_rw),
                       GNTST_okay) ||
        !expect_status("map RW again elsewhere",
                       gnttab_map_one(peer, REF_RW, AT(3), GNTMAP_host_map, &h_rw2), GNTST_okay) ||
        !expect_status(
            "map RO read-only",
            gnttab_map_one(peer, REF_RO, AT(1), GNTMAP_host_map | GNTMAP_readonly, &h_ro),
            GNTST_okay)) {
        return false;
    }
    if (h_rw == h_rw2 || h_rw == h_ro || h_rw2 == h_ro) {
        test_failure("handles not distinct: %u %u %u", h_rw, h_rw2, h_ro);
    }
    if ((bad = peer_check((void *)AT(0), WORDS, SEED_G, 0)) != WORDS ||
        (bad = peer_check((void *)AT(1), WORDS, SEED_G, WORDS)) != WORDS) {
        test_failure("word %zu of a mapped grant is not the granter's data", bad);
    }
    peer_fill((void *)AT(0), WORDS, SEED_M, 0);
    /* Two mappings of one grant are one page. */
    if ((bad = peer_check((void *)AT(3), WORDS, SEED_M, 0)) != WORDS) {
        test_failure("word %zu differs between two mappings of one grant", bad);
    }
    return true;
}

/* Where a hostile map goes. */
enum where { AT_FREE, AT_MAPPED, AT_RAM, AT_TOO_HIGH };

struct bad_map {
    const char *what;
    domid_t dom; /* 0: the granter. */
    grant_ref_t ref;
    enum where where;
    uint32_t flags;
    int status;
};

/*
 * Maps that must fail, with the status Xen gives. Over RAM or over another grant mapping Xen
 * would replace what is there; Xenolith maps grants into holes only (gnttab_p2m_map) and
 * refuses as Xen refuses any other p2m failure.
 */
static const struct bad_map bad_maps[] = {
    {"RO for writing", 0, REF_RO, AT_FREE, GNTMAP_host_map, GNTST_general_error},
    {"a revoked grant", 0, REF_REVOKED, AT_FREE, GNTMAP_host_map, GNTST_general_error},
    {"a never granted ref", 0, REF_NEVER, AT_FREE, GNTMAP_host_map, GNTST_general_error},
    {"a grant to another domain", 0, REF_OTHER, AT_FREE, GNTMAP_host_map, GNTST_general_error},
    {"a grant of a gfn given back", 0, REF_GONE, AT_FREE, GNTMAP_host_map, GNTST_bad_page},
    {"ref 512, past the one frame", 0, 512, AT_FREE, GNTMAP_host_map, GNTST_bad_gntref},
    {"ref 0xffffffff", 0, 0xffffffffU, AT_FREE, GNTMAP_host_map, GNTST_bad_gntref},
    {"from domain 1000", 1000, REF_RW, AT_FREE, GNTMAP_host_map, GNTST_bad_domain},
    {"from DOMID_SELF", DOMID_SELF, REF_RW, AT_FREE, GNTMAP_host_map, GNTST_bad_domain},
    {"without host_map", 0, REF_RW, AT_FREE, 0, GNTST_bad_gntref},
    {"with application_map", 0, REF_RW, AT_FREE, GNTMAP_host_map | GNTMAP_application_map,
     GNTST_general_error},
    {"with device_map", 0, REF_RW, AT_FREE, GNTMAP_host_map | GNTMAP_device_map,
     GNTST_general_error},
    {"over a grant mapping", 0, REF_LAST, AT_MAPPED, GNTMAP_host_map, GNTST_general_error},
    {"over RAM", 0, REF_LAST, AT_RAM, GNTMAP_host_map, GNTST_general_error},
    {"beyond the physical address width", 0, REF_LAST, AT_TOO_HIGH, GNTMAP_host_map,
     GNTST_general_error},
};

static uint64_t bad_map_gpa(enum where where)
{
    switch (where) {
    case AT_FREE:
        return AT(2);
    case AT_MAPPED:
        return AT(0); /* RW's first mapping. */
    case AT_RAM:
        return (uint64_t)ram_probe;
    default:
        return 1ULL << 60; /* Far beyond any guest-physical address width. */
    }
}

static void mapper_map_bad(void)
{
    memset(ram_probe, 0x5a, sizeof(ram_probe));
    for (unsigned int i = 0; i < ARRAY_SIZE(bad_maps); i++) {
        const struct bad_map *b = &bad_maps[i];
        grant_handle_t h = 0xdead;
        char what[80];
        int st =
            gnttab_map_one(b->dom ? b->dom : peer, b->ref, bad_map_gpa(b->where), b->flags, &h);

        snprintf(what, sizeof(what), "map %s", b->what);
        if (!expect_status(what, st, b->status) && st == GNTST_okay) {
            gnttab_unmap_one(bad_map_gpa(b->where), h); /* Leave nothing behind. */
        }
    }
    /* The failed map over RAM left the page in place, contents and all. */
    if (mem_first_not(ram_probe, 0x5a, sizeof(ram_probe)) != sizeof(ram_probe)) {
        test_failure("the RAM page under a refused grant map changed");
    }
    ram_probe[0] = 1;
    if (peer_check((void *)AT(0), WORDS, SEED_M, 0) != WORDS) {
        test_failure("the mapping at a refused map's address changed");
    }
}

/* Step 3: unmap h_rw properly, then every wrong way; h_rw2 must keep working. */
static void mapper_unmap_first(void)
{
    expect_status("unmap at the address of another mapping", gnttab_unmap_one(AT(1), h_rw),
                  GNTST_general_error);
    expect_status("unmap at a hole", gnttab_unmap_one(AT(2), h_rw), GNTST_general_error);
    expect_status("unmap handle 0xdeadbeef", gnttab_unmap_one(AT(0), 0xdeadbeef), GNTST_bad_handle);
    expect_status("unmap a handle never given", gnttab_unmap_one(AT(0), h_ro + 100),
                  GNTST_bad_handle);
    expect_status("unmap RW", gnttab_unmap_one(AT(0), h_rw), GNTST_okay);
    expect_status("unmap RW twice", gnttab_unmap_one(AT(0), h_rw), GNTST_bad_handle);
    if (peer_check((void *)AT(3), WORDS, SEED_M, 0) != WORDS) {
        test_failure("the second mapping of RW lost its contents");
    }
}

/* Step 5: unmap the rest; the gfn of the first mapping is a hole again, so it maps anew. */
static void mapper_map_last(void)
{
    size_t bad;

    if (peer_check((void *)AT(3), WORDS, SEED_M, 0) != WORDS) {
        test_failure("RW's mapping changed when the granter rewrote the entry");
    }
    expect_status("unmap RW's second mapping", gnttab_unmap_one(AT(3), h_rw2), GNTST_okay);
    expect_status("unmap RO", gnttab_unmap_one(AT(1), h_ro), GNTST_okay);
    if (!expect_status("map LAST where RW was",
                       gnttab_map_one(peer, REF_LAST, AT(0), GNTMAP_host_map, &h_last),
                       GNTST_okay)) {
        return;
    }
    if ((bad = peer_check((void *)AT(0), WORDS, SEED_G, 3 * WORDS)) != WORDS) {
        test_failure("word %zu of LAST is not the granter's data", bad);
    }
    peer_fill((void *)AT(0) + PAGE_SIZE / 2, WORDS / 2, SEED_M, 0);
}

/* Wait until the granter's table is gone: maps from it then fail with GNTST_bad_domain. */
static bool mapper_await_death(void)
{
    uint64_t deadline = peer_now_ns() + DEATH_SECS * 1000000000ULL;
    grant_handle_t h;
    int st;

    while ((st = gnttab_map_one(peer, REF_NEVER, AT(2), GNTMAP_host_map, &h)) ==
           GNTST_general_error) {
        if (peer_now_ns() > deadline) {
            test_failure("d%u still grants %u s after it said it powers off", peer, DEATH_SECS);
            return false;
        }
        hypercall_sched_op(SCHEDOP_yield, NULL);
    }
    return expect_status("map from a dead granter", st, GNTST_bad_domain);
}

/* Step 7: the granter is gone; its page stays ours until we unmap it. */
static void mapper_after_death(void)
{
    void *last = (void *)AT(0);

    if (peer_check(last, WORDS, SEED_NEW, 0) == WORDS) {
        test_failure("our mapping shows the page the granter populated after giving ours back");
    } else if (peer_check(last, WORDS / 2, SEED_G, 3 * WORDS) != WORDS / 2 ||
               peer_check(last + PAGE_SIZE / 2, WORDS / 2, SEED_M, 0) != WORDS / 2) {
        test_failure("the dead granter's page changed under our mapping");
    }
    peer_fill(last, WORDS, SEED_M, 7);
    if (peer_check(last, WORDS, SEED_M, 7) != WORDS) {
        test_failure("the dead granter's page does not keep what we write");
    }
    expect_status("unmap LAST after the granter died", gnttab_unmap_one(AT(0), h_last), GNTST_okay);
    expect_status("unmap LAST twice", gnttab_unmap_one(AT(0), h_last), GNTST_bad_handle);
}

static void mapper(void)
{
    hole = memmap_find_hole(2 << 20, 1ULL << 32);
    if (!hole) {
        test_error("no hole in the physmap to map grants at");
        return;
    }
    if (!peer_connect(peer) || !mapper_map_good()) {
        return;
    }
    mapper_map_bad();
    peer_notify();
    if (!peer_wait("step 2 (granter checks)", STEP_SECS)) {
        return;
    }
    mapper_unmap_first();
    peer_notify();
    if (!peer_wait("step 4 (granter checks)", STEP_SECS)) {
        return;
    }
    mapper_map_last();
    peer_notify();
    if (!peer_wait("step 6 (granter checks)", STEP_SECS) || !mapper_await_death()) {
        return;
    }
    mapper_after_death();
    printf("grant-map: %u hostile maps and 6 hostile unmaps checked\n",
           (unsigned int)ARRAY_SIZE(bad_maps));
    printf("grant-map: mapper used d%u's page after d%u ended, then unmapped it\n", peer, peer);
}

const char test_title[] = "grant-map: grant map and unmap between two domains";

void test_main(void)
{
    char role[16];
    uint64_t id;

    if (!cmdline_get_str("role", role, sizeof(role)) || !cmdline_get_u64("peer", &id) ||
        id >= DOMID_FIRST_RESERVED) {
        test_error("needs role=granter|mapper and peer=<domid> on the command line");
        return;
    }
    peer = (domid_t)id;
    if (!peer_init()) {
        return;
    }
    if (!strcmp(role, "granter")) {
        granter();
    } else if (!strcmp(role, "mapper")) {
        mapper();
    } else {
        test_error("role=%s: want granter or mapper", role);
        return;
    }
    if (peer_received() != peer_consumed()) {
        test_failure("%lu notifications arrived, %lu expected", peer_received(), peer_consumed());
    }
    if (!test_failed()) {
        test_success();
    }
}
