/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * grant-copy: GNTTABOP_copy between two domains, the way netback moves packets
 * (guest-abi.md 5.2), and what grant copies and grant maps cost. Command line:
 * `role=granter|copier peer=<domid> [mib=64] [batch=64] [maps=1000]`.
 *
 * The granter fills NR_PAGES pages with a pattern both sides can compute, grants them read-only
 * at refs 8.., grants one writable "inbox" page, and waits. The copier:
 *  1. copies every granted page into its own pages (source by grant reference, destination by
 *     its own gfn) and checks every byte, then again in pieces with odd offsets and lengths;
 *  2. copies `mib` MiB in batches of `batch` ops, the pages rotated by one every round, checks
 *     each round by per-page checksums, and prints the throughput measured by pvclock;
 *  3. tries every hostile copy and checks the exact GNTST_* status Xen gives;
 *  4. copies into the inbox (grant to grant) and maps and unmaps one grant `maps` times,
 *     printing the median cost in TSC cycles;
 *  5. maps the inbox, notifies and powers off with the mapping in place. The granter then
 *     checks the inbox, that no copy left a grant marked in use, and that the inbox's flags
 *     clear once the copier's domain is gone (its teardown unmaps), so every grant revokes.
 */
#include <guest/grant.h>
#include <guest/peer.h>
#include <guest/pv.h>
#include <guest/test.h>
#include <public/grant_table.h>

#define NR_PAGES  64
#define REF_FIRST 8 /* Refs 8..71: the pages, read-only. */
#define REF_INBOX (REF_FIRST + NR_PAGES)
#define REF_NEVER (REF_INBOX + 1)
#define WORDS     (PAGE_SIZE / 8)
#define SEED      0x636f7079ULL
#define SEED_BOX  0x626f78ULL
#define MAX_BATCH 256
#define MAX_MAPS  4096

static uint8_t pages[NR_PAGES][PAGE_SIZE] __page_aligned;
static uint8_t inbox[PAGE_SIZE] __page_aligned;
static uint8_t reference[PAGE_SIZE] __page_aligned;
static struct gnttab_copy ops[MAX_BATCH];
static uint64_t sums[NR_PAGES];
static uint64_t cycles[MAX_MAPS];
static domid_t peer;

static uint64_t gfn_of(const void *p)
{
    return (uint64_t)p >> PAGE_SHIFT;
}

/* A checksum that changes when words move: wrong pages and wrong offsets both show. */
static uint64_t page_sum(const void *page)
{
    const uint64_t *w = page;
    uint64_t h = 0;

    for (unsigned int i = 0; i < WORDS; i++) {
        h = ((h << 5) | (h >> 59)) + w[i];
    }
    return h;
}

/* ---- Granter ---- */

static struct grant_entry_v1 *table;

/*
 * The copier ends with the inbox still mapped: its domain's teardown must undo the mapping
 * and clear the flags, after which the grant can be revoked.
 */
static void granter_await_unmap(void)
{
    uint64_t deadline = peer_now_ns() + 10000000000ULL;

    while (!gnttab_revoke(&table[REF_INBOX])) {
        if (peer_now_ns() > deadline) {
            test_failure("the inbox is still marked in use 10 s after the copier ended: %#x",
                         gnttab_flags(&table[REF_INBOX]));
            return;
        }
        peer_idle();
    }
}

static void granter(void)
{
    size_t bad;

    table = gnttab_table_map_hole(1);
    if (!table) {
        return;
    }
    for (unsigned int i = 0; i < NR_PAGES; i++) {
        peer_fill(pages[i], WORDS, SEED, (uint64_t)i * WORDS);
        gnttab_grant(&table[REF_FIRST + i], peer, gfn_of(pages[i]), true);
    }
    gnttab_grant(&table[REF_INBOX], peer, gfn_of(inbox), false);
    if (!peer_listen(peer) || !peer_wait("the copier to finish", 300)) {
        return;
    }
    if ((bad = peer_check(inbox, WORDS, SEED_BOX, 0)) != WORDS) {
        test_failure("word %zu of the inbox is not what the copier sent", bad);
    }
    for (unsigned int ref = REF_FIRST; ref < REF_INBOX; ref++) {
        uint16_t flags = gnttab_flags(&table[ref]);

        if ((flags & (GTF_reading | GTF_writing)) || !gnttab_revoke(&table[ref])) {
            test_failure("ref %u still marked in use after the copies: flags %#x", ref, flags);
        }
    }
    granter_await_unmap();
}

/* ---- Copier ---- */

static uint8_t mine[NR_PAGES][PAGE_SIZE] __page_aligned;
static uint64_t hole;

static void set_copy(struct gnttab_copy *op, grant_ref_t ref, uint16_t src_off, void *dst,
                     uint16_t dst_off, uint16_t len)
{
    *op = (struct gnttab_copy){
        .source = {.u.ref = ref, .domid = peer, .offset = src_off},
        .dest = {.u.gmfn = gfn_of(dst), .domid = DOMID_SELF, .offset = dst_off},
        .len = len,
        .flags = GNTCOPY_source_gref,
        .status = 1, /* Not a GNTST value: shows an op the hypervisor skipped. */
    };
}

/* Run `n` prepared ops; every one must succeed. */
static bool run_ops(unsigned int n, const char *what)
{
    long rc = gnttab_op(GNTTABOP_copy, ops, n);

    if (rc) {
        test_failure("%s: grant_table_op(copy, %u ops) gave %ld", what, n, rc);
        return false;
    }
    for (unsigned int i = 0; i < n; i++) {
        if (ops[i].status != GNTST_okay) {
            test_failure("%s: op %u: %s (%d)", what, i, gntst_name(ops[i].status), ops[i].status);
            return false;
        }
    }
    return true;
}

/* Every page whole, in one batch; checked word by word; sums[] learnt for later rounds. */
static bool copy_whole_pages(void)
{
    size_t bad;

    for (unsigned int i = 0; i < NR_PAGES; i++) {
        set_copy(&ops[i], REF_FIRST + i, 0, mine[i], 0, PAGE_SIZE);
    }
    if (!run_ops(NR_PAGES, "whole pages")) {
        return false;
    }
    for (unsigned int i = 0; i < NR_PAGES; i++) {
        if ((bad = peer_check(mine[i], WORDS, SEED, (uint64_t)i * WORDS)) != WORDS) {
            test_failure("page %u: word %zu is not the granter's", i, bad);
            return false;
        }
        sums[i] = page_sum(mine[i]);
    }
    return true;
}

/*
 * Page i in three pieces with unaligned offsets and lengths, the second half first and moved
 * down by one byte: dst[0..2047) = src[2049..4096), dst[2047..4095) = src[1..2049), and
 * dst[4095] = src[0]. Checked byte by byte against the pattern computed here.
 */
static bool copy_pieces(unsigned int i)
{
    uint8_t *d = mine[i];

    set_copy(&ops[0], REF_FIRST + i, 2049, d, 0, 2047);
    set_copy(&ops[1], REF_FIRST + i, 1, d, 2047, 2048);
    set_copy(&ops[2], REF_FIRST + i, 0, d, 4095, 1);
    set_copy(&ops[3], REF_FIRST + i, 100, d, 200, 0); /* Empty: succeeds, copies nothing. */
    if (!run_ops(4, "pieces")) {
        return false;
    }
    peer_fill(reference, WORDS, SEED, (uint64_t)i * WORDS);
    if (memcmp(d, reference + 2049, 2047) || memcmp(d + 2047, reference + 1, 2048) ||
        d[4095] != reference[0]) {
        test_failure("page %u copied in pieces is wrong", i);
        return false;
    }
    return true;
}

/* One round of the measured copies: mine[j] = page (j + round) % NR_PAGES. */
static bool copy_round(unsigned int round, unsigned int batch, uint64_t *ns)
{
    for (unsigned int j = 0; j < NR_PAGES; j += batch) {
        unsigned int n = MIN(batch, NR_PAGES - j);
        uint64_t t0;

        for (unsigned int k = 0; k < n; k++) {
            set_copy(&ops[k], REF_FIRST + (j + k + round) % NR_PAGES, 0, mine[j + k], 0, PAGE_SIZE);
        }
        t0 = peer_now_ns();
        if (!run_ops(n, "measured copies")) {
            return false;
        }
        *ns += peer_now_ns() - t0;
    }
    for (unsigned int j = 0; j < NR_PAGES; j++) {
        if (page_sum(mine[j]) != sums[(j + round) % NR_PAGES]) {
            test_failure("round %u: page %u does not hold granted page %u", round, j,
                         (j + round) % NR_PAGES);
            return false;
        }
    }
    return true;
}

static bool copy_throughput(uint64_t mib, unsigned int batch)
{
    uint64_t rounds = mib * (1 << 20) / (NR_PAGES * PAGE_SIZE), ns = 0;
    uint64_t tenths;

    for (uint64_t r = 1; r <= rounds; r++) {
        if (!copy_round((unsigned int)(r % NR_PAGES), batch, &ns)) {
            return false;
        }
    }
    tenths = ns ? mib * 10000000000ULL / ns : 0;
    printf("grant-copy: %lu MiB in %lu ms, %lu.%lu MiB/s (%u copies of 4 KiB per call)\n",
           (unsigned long)mib, (unsigned long)(ns / 1000000), (unsigned long)(tenths / 10),
           (unsigned long)(tenths % 10), batch);
    return true;
}

/* What one side of a hostile copy names. */
enum side {
    MY_PAGE,  /* mine[0], by gfn, DOMID_SELF. */
    MY_HOLE,  /* A gfn of mine with nothing behind it. */
    PEER_GFN, /* The granter's pages[0], by gfn, with the granter's domid. */
    PEER_REF, /* A grant reference of the granter (or of `src_dom`). */
};

struct bad_copy {
    const char *what;
    enum side src, dst;
    grant_ref_t src_ref, dst_ref;
    uint16_t src_off, dst_off, len;
    domid_t src_dom; /* 0: the granter. */
    int status;
};

/* Copies that must fail, with the status Xen gives. */
static const struct bad_copy bad_copies[] = {
    {"source crossing its page end", PEER_REF, MY_PAGE, REF_FIRST, 0, 4000, 0, 200, 0,
     GNTST_bad_copy_arg},
    {"destination crossing its page end", PEER_REF, MY_PAGE, REF_FIRST, 0, 0, 4095, 2, 0,
     GNTST_bad_copy_arg},
    {"of 4097 bytes", PEER_REF, MY_PAGE, REF_FIRST, 0, 0, 0, 4097, 0, GNTST_bad_copy_arg},
    {"from ref 512, past the table", PEER_REF, MY_PAGE, 512, 0, 0, 0, 8, 0, GNTST_bad_gntref},
    {"from ref 0xffffffff", PEER_REF, MY_PAGE, 0xffffffffU, 0, 0, 0, 8, 0, GNTST_bad_gntref},
    {"from a ref never granted", PEER_REF, MY_PAGE, REF_NEVER, 0, 0, 0, 8, 0, GNTST_general_error},
    {"from domain 1000", PEER_REF, MY_PAGE, REF_FIRST, 0, 0, 0, 8, 1000, GNTST_bad_domain},
    {"into a read-only grant", PEER_REF, PEER_REF, REF_FIRST, REF_FIRST + 1, 0, 0, 8, 0,
     GNTST_general_error},
    {"into a hole of mine", PEER_REF, MY_HOLE, REF_FIRST, 0, 0, 0, 8, 0, GNTST_bad_page},
    {"from a hole of mine", MY_HOLE, MY_PAGE, 0, 0, 0, 0, 8, 0, GNTST_bad_page},
    {"into the granter's frame by gfn", PEER_REF, PEER_GFN, REF_FIRST, 0, 0, 0, 8, 0,
     GNTST_permission_denied},
    {"from the granter's frame by gfn", PEER_GFN, MY_PAGE, 0, 0, 0, 0, 8, 0,
     GNTST_permission_denied},
};

static void set_side(struct gnttab_copy_ptr *p, enum side side, grant_ref_t ref, domid_t dom,
                     uint16_t offset)
{
    p->offset = offset;
    p->domid = side == PEER_GFN || side == PEER_REF ? dom : DOMID_SELF;
    if (side == PEER_REF) {
        p->u.ref = ref;
    } else {
        p->u.gmfn = side == MY_PAGE   ? gfn_of(mine[0])
                    : side == MY_HOLE ? hole >> PAGE_SHIFT
                                      : gfn_of(pages[0]);
    }
}

static void copy_hostile(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(bad_copies); i++) {
        const struct bad_copy *b = &bad_copies[i];
        struct gnttab_copy *op = &ops[0];
        long rc;

        *op = (struct gnttab_copy){.len = b->len, .status = 1};
        set_side(&op->source, b->src, b->src_ref, b->src_dom ? b->src_dom : peer, b->src_off);
        set_side(&op->dest, b->dst, b->dst_ref, peer, b->dst_off);
        op->flags = (b->src == PEER_REF ? GNTCOPY_source_gref : 0) |
                    (b->dst == PEER_REF ? GNTCOPY_dest_gref : 0);
        rc = gnttab_op(GNTTABOP_copy, op, 1);
        if (rc || op->status != b->status) {
            test_failure("copy %s: rc %ld, %s (%d), expected %s", b->what, rc,
                         gntst_name(op->status), op->status, gntst_name(b->status));
        }
    }
}

/* A grant-to-grant copy: my page 5 (by ref of the granter) into the granter's inbox. */
static bool copy_to_inbox(void)
{
    peer_fill(mine[5], WORDS, SEED_BOX, 0);
    ops[0] = (struct gnttab_copy){
        .source = {.u.gmfn = gfn_of(mine[5]), .domid = DOMID_SELF},
        .dest = {.u.ref = REF_INBOX, .domid = peer},
        .len = PAGE_SIZE,
        .flags = GNTCOPY_dest_gref,
        .status = 1,
    };
    return run_ops(1, "into the inbox");
}

static void sort(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned int j = i;

        for (; j > 0 && v[j - 1] > x; j--) {
            v[j] = v[j - 1];
        }
        v[j] = x;
    }
}

/* The cost of one map and unmap of a read-only grant, as a backend pays per request. */
static bool map_cost(unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = tsc_ordered();
        grant_handle_t h;
        int st = gnttab_map_one(peer, REF_FIRST + i % NR_PAGES, hole,
                                GNTMAP_host_map | GNTMAP_readonly, &h);

        if (st != GNTST_okay || (st = gnttab_unmap_one(hole, h)) != GNTST_okay) {
            test_failure("map+unmap %u: %s (%d)", i, gntst_name(st), st);
            return false;
        }
        cycles[i] = tsc_ordered() - t0;
    }
    sort(cycles, n);
    printf("grant-map: map+unmap median %lu cycles (%u pairs, min %lu, max %lu)\n",
           (unsigned long)cycles[n / 2], n, (unsigned long)cycles[0], (unsigned long)cycles[n - 1]);
    return true;
}

/* Map the inbox and keep it: this domain ends with the mapping in place. */
static bool map_and_leave(void)
{
    grant_handle_t h;
    int st = gnttab_map_one(peer, REF_INBOX, hole, GNTMAP_host_map, &h);

    if (st != GNTST_okay) {
        test_failure("mapping the inbox to keep: %s (%d)", gntst_name(st), st);
        return false;
    }
    printf("grant-copy: copier ends with the inbox mapped (handle %u)\n", h);
    return true;
}

static void copier(void)
{
    uint64_t mib = 64, batch = 64, maps = 1000;

    cmdline_get_u64("mib", &mib);
    cmdline_get_u64("batch", &batch);
    cmdline_get_u64("maps", &maps);
    if (!batch || batch > MAX_BATCH || !maps || maps > MAX_MAPS || mib > 4096) {
        test_error("batch=1..%u, maps=1..%u and mib=0..4096, please", MAX_BATCH, MAX_MAPS);
        return;
    }
    hole = memmap_find_hole(2 << 20, 1ULL << 32);
    if (!hole || !peer_connect(peer) || !copy_whole_pages()) {
        return;
    }
    for (unsigned int i = 0; i < NR_PAGES; i++) {
        if (!copy_pieces(i)) {
            return;
        }
    }
    if (!copy_throughput(mib, (unsigned int)batch)) {
        return;
    }
    copy_hostile();
    printf("grant-copy: %u hostile copies checked\n", (unsigned int)ARRAY_SIZE(bad_copies));
    if (copy_to_inbox() && map_cost((unsigned int)maps) && map_and_leave()) {
        peer_notify();
    }
}

const char test_title[] = "grant-copy: grant copies between two domains, and their cost";

void test_main(void)
{
    char role[16];
    uint64_t id;

    if (!cmdline_get_str("role", role, sizeof(role)) || !cmdline_get_u64("peer", &id) ||
        id >= DOMID_FIRST_RESERVED) {
        test_error("needs role=granter|copier and peer=<domid> on the command line");
        return;
    }
    peer = (domid_t)id;
    if (!peer_init()) {
        return;
    }
    if (!strcmp(role, "granter")) {
        granter();
    } else if (!strcmp(role, "copier")) {
        copier();
    } else {
        test_error("role=%s: want granter or copier", role);
        return;
    }
    if (peer_received() != peer_consumed()) {
        test_failure("%lu notifications arrived, %lu expected", peer_received(), peer_consumed());
    }
    if (!test_failed()) {
        test_success();
    }
}
