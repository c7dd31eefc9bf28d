/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/grant-copy.c: GNTTABOP_copy over the host world of grant-shim.c, as netback uses
 * it: grant to own frame, own frame to grant, grant to grant, own to own; offset and length
 * checks; domain and entry checks; GTF_reading/GTF_writing held exactly while a copy runs (a
 * granter trying to revoke in the middle fails); per-op status in batches; what a batch keeps
 * between ops and releases on errors, preemption and at the end; continuation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/grant-table.h>
#include <hv/mm.h>
#include <public/xen.h>

#include "shim/grant-shim.h"

#define DOM_A 1 /* Granter (a frontend). */
#define DOM_B 2 /* Copier (a backend). */
#define DOM_C 3
#define RAM   8

static unsigned int get_page_calls;

static int setup(void **state)
{
    get_page_calls = 0;
    return gshim_test_setup(state);
}

static void fill(uint8_t *page, uint8_t seed)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++) {
        page[i] = (uint8_t)(seed + i * 7);
    }
}

/* A copy op; a side with gref set is a grant reference of dom, else a frame of DOMID_SELF. */
static struct gnttab_copy op_ref_to_gfn(domid_t dom, grant_ref_t ref, uint16_t soff, uint64_t gfn,
                                        uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = {.len = len, .flags = GNTCOPY_source_gref, .status = 99};

    op.source.u.ref = ref;
    op.source.domid = dom;
    op.source.offset = soff;
    op.dest.u.gmfn = gfn;
    op.dest.domid = DOMID_SELF;
    op.dest.offset = doff;
    return op;
}

static struct gnttab_copy op_gfn_to_ref(uint64_t gfn, uint16_t soff, domid_t dom, grant_ref_t ref,
                                        uint16_t doff, uint16_t len)
{
    struct gnttab_copy op = {.len = len, .flags = GNTCOPY_dest_gref, .status = 99};

    op.source.u.gmfn = gfn;
    op.source.domid = DOMID_SELF;
    op.source.offset = soff;
    op.dest.u.ref = ref;
    op.dest.domid = dom;
    op.dest.offset = doff;
    return op;
}

static int copy1(struct gshim_dom *sd, struct gnttab_copy op)
{
    assert_int_equal(gshim_op(sd, GNTTABOP_copy, &op, 1), 0);
    return op.status;
}

static void test_copy_from_grant(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};

    (void)state;
    fill(gshim_page(a, 2), 3);
    gshim_grant(a, 10, DOM_B, 2, GTF_permit_access | GTF_readonly);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 10, 10, 1, 20, 100)), GNTST_okay);
    assert_memory_equal(gshim_page(b, 1) + 20, gshim_page(a, 2) + 10, 100);
    assert_int_equal(gshim_page(b, 1)[19], 0);
    assert_int_equal(gshim_page(b, 1)[120], 0);
    /* Nothing is held once the call returns. */
    assert_int_equal(gshim_flags(a, 10), GTF_permit_access | GTF_readonly);
    assert_int_equal(gshim_count(gshim_mfn(a, 2)), 1);
    assert_int_equal(gshim_count(gshim_mfn(b, 1)), 1);
    assert_int_equal(a->gt.users + b->gt.users, 0);
    /* A whole page, ending exactly at the boundary. */
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 10, 0, 3, 0, PAGE_SIZE)), GNTST_okay);
    assert_memory_equal(gshim_page(b, 3), gshim_page(a, 2), PAGE_SIZE);
    gshim_destroy_and_check(doms, 2);
}

static void test_copy_to_grant(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};

    (void)state;
    fill(gshim_page(b, 4), 9);
    gshim_grant(a, 11, DOM_B, 5, GTF_permit_access);
    assert_int_equal(copy1(b, op_gfn_to_ref(4, 4000, DOM_A, 11, 96, 96)), GNTST_okay);
    assert_memory_equal(gshim_page(a, 5) + 96, gshim_page(b, 4) + 4000, 96);
    assert_int_equal(gshim_flags(a, 11), GTF_permit_access);
    /* A read-only grant cannot be written; the page is untouched. */
    gshim_grant(a, 12, DOM_B, 6, GTF_permit_access | GTF_readonly);
    assert_int_equal(copy1(b, op_gfn_to_ref(4, 0, DOM_A, 12, 0, 64)), GNTST_general_error);
    assert_int_equal(gshim_page(a, 6)[0], 0);
    assert_int_equal(gshim_flags(a, 12), GTF_permit_access | GTF_readonly);
    /* Nor can read-only RAM behind a writable grant. */
    a->p2m[7].type = GP_RAM_RO;
    gshim_grant(a, 13, DOM_B, 7, GTF_permit_access);
    assert_int_equal(copy1(b, op_gfn_to_ref(4, 0, DOM_A, 13, 0, 64)), GNTST_general_error);
    assert_int_equal(gshim_flags(a, 13), GTF_permit_access);
    assert_int_equal(gshim_count(gshim_mfn(b, 4)), 1);
    gshim_destroy_and_check(doms, 2);
}

static void test_copy_grant_to_grant_and_own(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *c = gshim_domain_create(DOM_C, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b, c};
    struct gnttab_copy op = {.len = 512, .flags = GNTCOPY_source_gref | GNTCOPY_dest_gref};
    uint8_t expect[PAGE_SIZE];

    (void)state;
    fill(gshim_page(a, 1), 1);
    gshim_grant(a, 14, DOM_B, 1, GTF_permit_access | GTF_readonly);
    gshim_grant(c, 15, DOM_B, 2, GTF_permit_access);
    op.source.u.ref = 14;
    op.source.domid = DOM_A;
    op.source.offset = 512;
    op.dest.u.ref = 15;
    op.dest.domid = DOM_C;
    op.dest.offset = 1024;
    assert_int_equal(copy1(b, op), GNTST_okay);
    assert_memory_equal(gshim_page(c, 2) + 1024, gshim_page(a, 1) + 512, 512);
    assert_int_equal(gshim_flags(a, 14), GTF_permit_access | GTF_readonly);
    assert_int_equal(gshim_flags(c, 15), GTF_permit_access);
    /* Own frame to own frame, overlapping within one page. */
    fill(gshim_page(b, 3), 5);
    memcpy(expect, gshim_page(b, 3), PAGE_SIZE);
    memmove(expect + 8, expect, 100);
    op = (struct gnttab_copy){.len = 100};
    op.source.u.gmfn = 3;
    op.source.domid = DOMID_SELF;
    op.dest.u.gmfn = 3;
    op.dest.domid = DOMID_SELF;
    op.dest.offset = 8;
    assert_int_equal(copy1(b, op), GNTST_okay);
    assert_memory_equal(gshim_page(b, 3), expect, PAGE_SIZE);
    /* One's own grant, named with DOMID_SELF. */
    gshim_grant(b, 16, DOM_B, 5, GTF_permit_access);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOMID_SELF, 16, 0, 6, 0, 8)), GNTST_okay);
    assert_int_equal(gshim_flags(b, 16), GTF_permit_access);
    gshim_destroy_and_check(doms, 3);
}

static void test_copy_bad_args(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_copy op = op_ref_to_gfn(77, 9999, 0, 9999, 0, 0);

    (void)state;
    gshim_grant(a, 17, DOM_B, 1, GTF_permit_access);
    /* An empty copy succeeds whatever else it says (Xen). */
    assert_int_equal(copy1(b, op), GNTST_okay);
    /* Crossing the end of either page, by one byte or by wrap-around sized values. */
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 17, 1, 2, 0, PAGE_SIZE)), GNTST_bad_copy_arg);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 17, 0, 2, 4095, 2)), GNTST_bad_copy_arg);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 17, 0xffff, 2, 0, 1)), GNTST_bad_copy_arg);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 17, 0, 2, 0, 0xffff)), GNTST_bad_copy_arg);
    assert_int_equal(copy1(b, op_gfn_to_ref(2, 4000, DOM_A, 17, 0, 97)), GNTST_bad_copy_arg);
    /* Checked before anything is touched. */
    assert_int_equal(gshim_flags(a, 17), GTF_permit_access);
    assert_int_equal(gshim_page(b, 2)[0], 0);
    gshim_destroy_and_check(doms, 2);
}

static void test_copy_domain_checks(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_copy op;

    (void)state;
    gshim_grant(a, 18, DOM_B, 1, GTF_permit_access);
    /* Frames only as DOMID_SELF: not by one's own id, never another domain's. */
    op = op_ref_to_gfn(DOM_A, 18, 0, 2, 0, 8);
    op.dest.domid = DOM_B;
    assert_int_equal(copy1(b, op), GNTST_permission_denied);
    op.dest.domid = DOM_A;
    assert_int_equal(copy1(b, op), GNTST_permission_denied);
    op = op_gfn_to_ref(2, 0, DOM_A, 18, 0, 8);
    op.source.domid = DOM_A;
    assert_int_equal(copy1(b, op), GNTST_permission_denied);
    assert_int_equal(copy1(b, op_ref_to_gfn(77, 18, 0, 2, 0, 8)), GNTST_bad_domain);
    assert_int_equal(copy1(b, op_gfn_to_ref(2, 0, DOMID_INVALID, 18, 0, 8)), GNTST_bad_domain);
    assert_int_equal(gshim_flags(a, 18), GTF_permit_access);
    assert_int_equal(a->gt.users + b->gt.users, 0);
    gshim_destroy_and_check(doms, 2);
}

static void test_copy_entry_checks(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};

    (void)state;
    gshim_grant(a, 19, DOM_B, 1, 0); /* Not granted. */
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 19, 0, 2, 0, 8)), GNTST_general_error);
    gshim_grant(a, 19, DOM_C, 1, GTF_permit_access); /* To someone else. */
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 19, 0, 2, 0, 8)), GNTST_general_error);
    gshim_grant(a, 19, DOM_B, 100, GTF_permit_access); /* A hole. */
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 19, 0, 2, 0, 8)), GNTST_bad_page);
    assert_int_equal(gshim_flags(a, 19), GTF_permit_access);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, GNTTAB_ENTRIES_PER_FRAME, 0, 2, 0, 8)),
                     GNTST_bad_gntref);
    /* Own frames that are not RAM, or not writable. */
    gshim_grant(a, 20, DOM_B, 1, GTF_permit_access);
    assert_int_equal(copy1(b, op_gfn_to_ref(300, 0, DOM_A, 20, 0, 8)), GNTST_bad_page);
    assert_int_equal(copy1(b, op_gfn_to_ref(1ULL << 40, 0, DOM_A, 20, 0, 8)), GNTST_bad_page);
    b->p2m[3].type = GP_RAM_RO;
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 20, 0, 3, 0, 8)), GNTST_general_error);
    assert_int_equal(gshim_flags(a, 20), GTF_permit_access);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    /* v1 copies ignore GTF_sub_page: the whole page is granted. */
    gshim_grant(a, 21, DOM_B, 1, GTF_permit_access | GTF_sub_page);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 21, 0, 2, 0, 8)), GNTST_okay);
    gshim_destroy_and_check(doms, 2);
}

/* ---- What the granter sees while the copy runs ---- */

static struct gshim_dom *granter;
static uint16_t *watched; /* Flags of the entry the granter watches. */
static uint16_t seen_flags;
static bool revoke_result;

/* Runs inside the copy, after the entry was claimed: a granter acting concurrently. */
static void granter_acts(struct domain *d, uint64_t gfn)
{
    (void)gfn;
    get_page_calls++;
    if (d == &granter->d && watched) {
        seen_flags = __atomic_load_n(watched, __ATOMIC_ACQUIRE);
        revoke_result = gshim_revoke_flags(watched);
    }
}

static void test_copy_flags_while_running(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};

    (void)state;
    granter = a;
    gshim_get_page_hook = granter_acts;
    gshim_grant(a, 22, DOM_B, 1, GTF_permit_access);
    watched = (uint16_t *)gshim_entry_word(a, 22);
    revoke_result = true;
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 22, 0, 2, 0, 8)), GNTST_okay);
    assert_int_equal(seen_flags, GTF_permit_access | GTF_reading);
    assert_false(revoke_result);
    assert_int_equal(gshim_flags(a, 22), GTF_permit_access);
    revoke_result = true;
    assert_int_equal(copy1(b, op_gfn_to_ref(2, 0, DOM_A, 22, 0, 8)), GNTST_okay);
    assert_int_equal(seen_flags, GTF_permit_access | GTF_reading | GTF_writing);
    assert_false(revoke_result);
    assert_int_equal(gshim_flags(a, 22), GTF_permit_access);
    assert_true(gshim_revoke(a, 22)); /* Free to revoke once the copy is over. */
    gshim_destroy_and_check(doms, 2);
}

/* A copy from an entry that is also mapped leaves the mapping's flags in place. */
static void test_copy_while_mapped(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 23, DOM_B, 1, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 23, 200, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 23, 0, 2, 0, 8)), GNTST_okay);
    assert_int_equal(gshim_flags(a, 23), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gshim_unmap(b, 200, h), GNTST_okay);
    assert_int_equal(gshim_flags(a, 23), GTF_permit_access);
    gshim_destroy_and_check(doms, 2);
}

/* Mixed results in one batch, and a source kept across consecutive ops. */
static void test_copy_batch(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_copy ops[6];

    (void)state;
    fill(gshim_page(a, 1), 2);
    gshim_grant(a, 24, DOM_B, 1, GTF_permit_access);
    gshim_get_page_hook = granter_acts;
    granter = a;
    watched = NULL; /* Only counting get_page calls here. */
    ops[0] = op_ref_to_gfn(DOM_A, 24, 0, 2, 0, 100);
    ops[1] = op_ref_to_gfn(DOM_A, 24, 100, 2, 100, 100);  /* Same pages: nothing re-taken. */
    ops[2] = op_ref_to_gfn(DOM_A, 24, 200, 2, 4000, 200); /* Crosses: bad arg. */
    ops[3] = op_ref_to_gfn(DOM_A, 24, 200, 2, 200, 100);
    ops[4] = op_ref_to_gfn(DOM_A, 9999, 0, 2, 0, 100);
    ops[5] = op_ref_to_gfn(DOM_A, 24, 300, 3, 0, 100);
    assert_int_equal(gshim_op(b, GNTTABOP_copy, ops, 6), 0);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(ops[1].status, GNTST_okay);
    assert_int_equal(ops[2].status, GNTST_bad_copy_arg);
    assert_int_equal(ops[3].status, GNTST_okay);
    assert_int_equal(ops[4].status, GNTST_bad_gntref);
    assert_int_equal(ops[5].status, GNTST_okay);
    assert_memory_equal(gshim_page(b, 2), gshim_page(a, 1), 300);
    assert_memory_equal(gshim_page(b, 3), gshim_page(a, 1) + 300, 100);
    /* 0 takes both sides, 1 reuses them, 2 fails and drops them, 3 takes them again, 4 fails
     * before any page, 5 takes both anew. */
    assert_int_equal(get_page_calls, 2 + 2 + 2);
    assert_int_equal(gshim_flags(a, 24), GTF_permit_access);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    assert_int_equal(gshim_count(gshim_mfn(b, 2)), 1);
    gshim_destroy_and_check(doms, 2);
}

static void test_copy_continuation_and_fault(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_copy ops[7];
    unsigned long args[3] = {GNTTABOP_copy, (unsigned long)(uintptr_t)ops, 7};
    unsigned int calls = 0;
    long rc;

    (void)state;
    fill(gshim_page(a, 1), 4);
    gshim_grant(a, 26, DOM_B, 1, GTF_permit_access);
    for (unsigned int i = 0; i < 7; i++) {
        ops[i] = op_ref_to_gfn(DOM_A, 26, (uint16_t)(i * 16), 2, (uint16_t)(i * 16), 16);
    }
    gshim_preempt_every = 3;
    while ((rc = gshim_op_args(b, args)) == -ERESTART) {
        calls++;
        assert_int_equal(args[1], (unsigned long)(uintptr_t)&ops[3 * calls]);
        assert_int_equal(args[2], 7 - 3 * calls);
        /* Preempted calls hold nothing until they continue. */
        assert_int_equal(gshim_flags(a, 26), GTF_permit_access);
        assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(calls, 2);
    for (unsigned int i = 0; i < 7; i++) {
        assert_int_equal(ops[i].status, GNTST_okay);
    }
    assert_memory_equal(gshim_page(b, 2), gshim_page(a, 1), 7 * 16);
    /* An unreadable op: -EFAULT, earlier ops done, nothing left held. */
    gshim_preempt_every = 0;
    ops[0].status = ops[1].status = 99;
    gshim_fault_start = (uint64_t)(uintptr_t)&ops[1];
    gshim_fault_end = gshim_fault_start + 1;
    assert_int_equal(gshim_op(b, GNTTABOP_copy, ops, 3), -EFAULT);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(ops[1].status, 99);
    assert_int_equal(gshim_flags(a, 26), GTF_permit_access);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    assert_int_equal(a->gt.users + b->gt.users, 0);
    gshim_fault_start = gshim_fault_end = 0;
    gshim_destroy_and_check(doms, 2);
}

/* A granter that is going away can no longer be copied from. */
static void test_copy_dead_granter(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);

    (void)state;
    gshim_grant(a, 27, DOM_B, 1, GTF_permit_access);
    gshim_domain_destroy(a);
    assert_int_equal(copy1(b, op_ref_to_gfn(DOM_A, 27, 0, 2, 0, 8)), GNTST_bad_domain);
    gshim_destroy_and_check(&b, 1);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, gshim_test_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_copy_from_grant),
        TEST(test_copy_to_grant),
        TEST(test_copy_grant_to_grant_and_own),
        TEST(test_copy_bad_args),
        TEST(test_copy_domain_checks),
        TEST(test_copy_entry_checks),
        TEST(test_copy_flags_while_running),
        TEST(test_copy_while_mapped),
        TEST(test_copy_batch),
        TEST(test_copy_continuation_and_fault),
        TEST(test_copy_dead_granter),
    };

    return cmocka_run_group_tests(tests, gshim_setup, gshim_teardown);
}
