/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/grant-table.c: per-domain table state and its growth, the entry state machine
 * (pin/unpin: permit, read-only and grantee checks, GTF_reading/GTF_writing), domain lookup
 * against teardown, setup_table, query_size, set_version, get_version, get_status_frames and
 * the argument checks of grant_table_op, over the host world of grant-shim.c. Every test
 * checks that all frames and heap pages come back.
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

#define DOM_A 1
#define DOM_B 2
#define DOM_C 3

static struct gnttab_query_size query(struct gshim_dom *sd, domid_t dom, long *rc)
{
    struct gnttab_query_size op = {.dom = dom, .status = 99};

    *rc = gshim_op(sd, GNTTABOP_query_size, &op, 1);
    return op;
}

static void test_init_defaults(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 0, 0);
    struct gnttab_query_size q;
    long rc;

    (void)state;
    q = query(a, DOMID_SELF, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1); /* One frame from the start, as Xen. */
    assert_int_equal(q.max_nr_frames, GNTTAB_DEFAULT_MAX_FRAMES);
    assert_int_equal(a->gt.maptrack_max, GNTTAB_DEFAULT_MAX_MAPTRACK);
    assert_int_equal(gshim_count(a->gt.frames[0].mfn), 1);
    gshim_destroy_and_check(&a, 1);
}

static void test_init_limits_and_zeroed_teardown(void **state)
{
    struct gshim_dom *sd = calloc(1, sizeof(*sd));

    (void)state;
    sd->v.domain = &sd->d;
    assert_int_equal(gnttab_domain_init(&sd->d, GNTTAB_MAX_FRAMES_LIMIT + 1, 0), -EINVAL);
    assert_int_equal(gnttab_domain_init(&sd->d, 0, GNTTAB_MAX_MAPTRACK_LIMIT + 1), -EINVAL);
    /* Tearing down a table that was never set up does nothing, twice. */
    memset(&sd->gt, 0, sizeof(sd->gt));
    gnttab_domain_teardown(&sd->d);
    gnttab_domain_teardown(&sd->d);
    free(sd);
    assert_int_equal(gshim_free_memory(), gshim_baseline);
}

static void test_frame_growth(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 4, 0);
    mfn_t m0 = gnttab_frame_mfn(&a->d, 0), m3;
    struct gnttab_query_size q;
    long rc;

    (void)state;
    assert_false(mfn_eq(m0, INVALID_MFN));
    m3 = gnttab_frame_mfn(&a->d, 3); /* Grows 1 -> 4 at once. */
    assert_false(mfn_eq(m3, INVALID_MFN));
    assert_false(mfn_eq(m0, m3));
    q = query(a, DOM_A, &rc);
    assert_int_equal(q.nr_frames, 4);
    assert_int_equal(q.max_nr_frames, 4);
    /* Frames are zeroed and stable. */
    for (unsigned int i = 0; i < PAGE_SIZE; i++) {
        assert_int_equal(((uint8_t *)mfn_to_virt(m3))[i], 0);
    }
    assert_true(mfn_eq(gnttab_frame_mfn(&a->d, 0), m0));
    assert_true(mfn_eq(gnttab_frame_mfn(&a->d, 4), INVALID_MFN)); /* At the maximum. */
    assert_true(mfn_eq(gnttab_frame_mfn(&a->d, ~0U), INVALID_MFN));
    assert_int_equal(a->gt.nr_frames, 4);
    gshim_destroy_and_check(&a, 1);
}

static void test_frame_gfn(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 8, 0);
    uint64_t list[3] = {1, 1, 1};
    struct gnttab_setup_table op = {.dom = DOMID_SELF, .nr_frames = 3};
    long rc;

    (void)state;
    assert_int_equal(gnttab_frame_set_gfn(&a->d, 0, 0x100), GNTTAB_NO_GFN);
    assert_int_equal(gnttab_frame_set_gfn(&a->d, 0, 0x200), 0x100);
    assert_int_equal(gnttab_frame_set_gfn(&a->d, 5, 0x300), GNTTAB_NO_GFN); /* Not grown. */
    op.frame_list.q = (uint64_t)(uintptr_t)list;
    rc = gshim_op(a, GNTTABOP_setup_table, &op, 1);
    assert_int_equal(rc, 0);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(list[0], 0x200);
    assert_int_equal(list[1], GNTTAB_NO_GFN);
    assert_int_equal(list[2], GNTTAB_NO_GFN);
    assert_int_equal(a->gt.nr_frames, 3);
    gshim_destroy_and_check(&a, 1);
}

static void test_seed_entry(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 2, 0);
    uint32_t *w;

    (void)state;
    assert_int_equal(gnttab_seed_entry(&a->d, GNTTAB_RESERVED_CONSOLE, 0, 0x42, false), 0);
    assert_int_equal(gnttab_seed_entry(&a->d, GNTTAB_RESERVED_XENSTORE, 0, 0x43, true), 0);
    w = gshim_entry_word(a, 0);
    assert_int_equal(w[0], GTF_permit_access);
    assert_int_equal(w[1], 0x42);
    w = gshim_entry_word(a, 1);
    assert_int_equal(w[0], GTF_permit_access | GTF_readonly);
    assert_int_equal(w[1], 0x43);
    /* Grows to the second frame; the third would exceed max_frames. */
    assert_int_equal(gnttab_seed_entry(&a->d, 600, DOM_B, 7, false), 0);
    assert_int_equal(a->gt.nr_frames, 2);
    assert_int_equal(gshim_entry_word(a, 600)[0], (uint32_t)DOM_B << 16 | GTF_permit_access);
    assert_int_equal(gnttab_seed_entry(&a->d, 2 * GNTTAB_ENTRIES_PER_FRAME, DOM_B, 7, false),
                     -EINVAL);
    assert_int_equal(gnttab_seed_entry(&a->d, 3, DOM_B, 1ULL << 32, false), -EINVAL);
    gshim_destroy_and_check(&a, 1);
}

static void test_setup_table(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 4, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, 4, 4, 0);
    struct gshim_dom *doms[] = {a, b};
    uint64_t list[8];
    struct gnttab_setup_table op = {.dom = DOM_A, .nr_frames = 2};
    long rc;

    (void)state;
    op.frame_list.q = (uint64_t)(uintptr_t)list;
    assert_int_equal(gshim_op(a, GNTTABOP_setup_table, &op, 1), 0);
    assert_int_equal(op.status, GNTST_okay);
    assert_int_equal(a->gt.nr_frames, 2);
    /* More than the maximum: general error, nothing grown. */
    op.nr_frames = 5;
    assert_int_equal(gshim_op(a, GNTTABOP_setup_table, &op, 1), 0);
    assert_int_equal(op.status, GNTST_general_error);
    assert_int_equal(a->gt.nr_frames, 2);
    /* Another domain's table: permission denied; no such domain: bad domain. */
    op.nr_frames = 1;
    op.dom = DOM_B;
    assert_int_equal(gshim_op(a, GNTTABOP_setup_table, &op, 1), 0);
    assert_int_equal(op.status, GNTST_permission_denied);
    op.dom = 77;
    assert_int_equal(gshim_op(a, GNTTABOP_setup_table, &op, 1), 0);
    assert_int_equal(op.status, GNTST_bad_domain);
    /* A frame list the guest cannot receive. */
    op.dom = DOMID_SELF;
    gshim_fault_start = (uint64_t)(uintptr_t)&list[1];
    gshim_fault_end = gshim_fault_start + 8;
    op.nr_frames = 3;
    assert_int_equal(gshim_op(a, GNTTABOP_setup_table, &op, 1), 0);
    assert_int_equal(op.status, GNTST_bad_virt_addr);
    /* The op itself unreadable; count other than one. */
    gshim_fault_start = (uint64_t)(uintptr_t)&op;
    gshim_fault_end = gshim_fault_start + sizeof(op);
    assert_int_equal(gshim_op(a, GNTTABOP_setup_table, &op, 1), -EFAULT);
    gshim_fault_start = gshim_fault_end = 0;
    rc = gshim_op(a, GNTTABOP_setup_table, &op, 2);
    assert_int_equal(rc, -EINVAL);
    gshim_destroy_and_check(doms, 2);
}

static void test_query_size(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 16, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, 4, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_query_size q;
    long rc;

    (void)state;
    q = query(a, DOM_A, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.max_nr_frames, 16);
    q = query(a, DOM_B, &rc);
    assert_int_equal(q.status, GNTST_permission_denied);
    q = query(a, 77, &rc);
    assert_int_equal(q.status, GNTST_bad_domain);
    q = query(a, DOMID_INVALID, &rc);
    assert_int_equal(q.status, GNTST_bad_domain);
    assert_int_equal(gshim_op(a, GNTTABOP_query_size, &q, 0), -EINVAL);
    gshim_fault_start = (uint64_t)(uintptr_t)&q;
    gshim_fault_end = gshim_fault_start + 1;
    assert_int_equal(gshim_op(a, GNTTABOP_query_size, &q, 1), -EFAULT);
    gshim_fault_start = gshim_fault_end = 0;
    /* No lookup was left holding a table. */
    assert_int_equal(a->gt.users, 0);
    assert_int_equal(b->gt.users, 0);
    gshim_destroy_and_check(doms, 2);
}

static void test_versions(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, 4, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_set_version sv = {.version = 1};
    struct gnttab_get_version gv = {.dom = DOMID_SELF};

    (void)state;
    assert_int_equal(gshim_op(a, GNTTABOP_set_version, &sv, 1), 0);
    assert_int_equal(sv.version, 1);
    sv.version = 2; /* No v2: -ENOSYS, and the version in force is reported. */
    assert_int_equal(gshim_op(a, GNTTABOP_set_version, &sv, 1), -ENOSYS);
    assert_int_equal(sv.version, 1);
    sv.version = 3;
    assert_int_equal(gshim_op(a, GNTTABOP_set_version, &sv, 1), -EINVAL);
    assert_int_equal(sv.version, 1);
    sv.version = 0;
    assert_int_equal(gshim_op(a, GNTTABOP_set_version, &sv, 1), -EINVAL);
    assert_int_equal(gshim_op(a, GNTTABOP_get_version, &gv, 1), 0);
    assert_int_equal(gv.version, 1);
    gv.dom = DOM_A;
    gv.version = 0;
    assert_int_equal(gshim_op(a, GNTTABOP_get_version, &gv, 1), 0);
    assert_int_equal(gv.version, 1);
    gv.dom = DOM_B;
    assert_int_equal(gshim_op(a, GNTTABOP_get_version, &gv, 1), -EPERM);
    gv.dom = 77;
    assert_int_equal(gshim_op(a, GNTTABOP_get_version, &gv, 1), -ESRCH);
    gshim_fault_start = (uint64_t)(uintptr_t)&sv;
    gshim_fault_end = gshim_fault_start + sizeof(sv);
    assert_int_equal(gshim_op(a, GNTTABOP_set_version, &sv, 1), -EFAULT);
    gshim_fault_start = gshim_fault_end = 0;
    gshim_destroy_and_check(doms, 2);
}

static void test_status_frames_and_unsupported(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 0, 0);
    struct gnttab_get_status_frames gs = {.dom = DOMID_SELF, .nr_frames = 0};
    uint64_t buf[8] = {0};
    unsigned long args[3];
    static const unsigned int nosys[] = {
        GNTTABOP_dump_table,
        GNTTABOP_transfer,
        GNTTABOP_unmap_and_replace,
        GNTTABOP_swap_grant_ref,
        GNTTABOP_cache_flush,
        13,
        0xfff,
    };

    (void)state;
    assert_int_equal(gshim_op(a, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_okay);
    gs.nr_frames = 1;
    assert_int_equal(gshim_op(a, GNTTABOP_get_status_frames, &gs, 1), 0);
    assert_int_equal(gs.status, GNTST_general_error);
    assert_int_equal(gshim_op(a, GNTTABOP_get_status_frames, &gs, 2), -EINVAL);
    for (unsigned int i = 0; i < ARRAY_SIZE(nosys); i++) {
        assert_int_equal(gshim_op(a, nosys[i], buf, 1), -ENOSYS);
    }
    /* Continuation bits in cmd are only for cache_flush; negative counts are refused. */
    assert_int_equal(gshim_op(a, GNTTABOP_map_grant_ref | 1U << 12, buf, 1), -EINVAL);
    assert_int_equal(gshim_op(a, GNTTABOP_cache_flush | 1U << 12, buf, 1), -ENOSYS);
    assert_int_equal(gshim_op(a, GNTTABOP_copy, buf, 0x80000000U), -EINVAL);
    /* Upper halves of the registers do not count; an empty batch is done. */
    args[0] = 1UL << 32 | GNTTABOP_map_grant_ref;
    args[1] = (unsigned long)(uintptr_t)buf;
    args[2] = 1UL << 32;
    assert_int_equal(gshim_op_args(a, args), 0);
    assert_int_equal(gshim_op(a, GNTTABOP_unmap_grant_ref, NULL, 0), 0);
    gshim_destroy_and_check(&a, 1);
}

static void test_lookup_against_teardown(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, 4, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct domain *d;
    uint64_t instance = b->gt.instance;

    (void)state;
    assert_int_equal(gnttab_domain_get(&a->d, DOM_B, false, &d), GNTST_okay);
    assert_ptr_equal(d, &b->d);
    assert_int_equal(b->gt.users, 1);
    gnttab_domain_put(d);
    assert_int_equal(b->gt.users, 0);
    /* DOMID_SELF only where allowed. */
    assert_int_equal(gnttab_domain_get(&a->d, DOMID_SELF, false, &d), GNTST_bad_domain);
    assert_int_equal(gnttab_domain_get(&a->d, DOMID_SELF, true, &d), GNTST_okay);
    assert_ptr_equal(d, &a->d);
    gnttab_domain_put(d);
    /* Instances name one table: another value finds nothing. */
    assert_null(gnttab_domain_get_instance(DOM_B, instance + 1000));
    d = gnttab_domain_get_instance(DOM_B, instance);
    assert_ptr_equal(d, &b->d);
    gnttab_domain_put(d);
    assert_int_not_equal(a->gt.instance, b->gt.instance);
    /* Once teardown has begun, lookups fail even while domain_by_id() still finds it. */
    b->gt.dying = true;
    assert_int_equal(gnttab_domain_get(&a->d, DOM_B, false, &d), GNTST_bad_domain);
    assert_null(d);
    assert_null(gnttab_domain_get_instance(DOM_B, instance));
    b->gt.dying = false;
    gshim_destroy_and_check(doms, 2);
}

/* The state machine through the internal interface: pins drive the two flags. */
static void test_pin_flags(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, 4, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    mfn_t m1, m2;

    (void)state;
    gshim_grant(a, 9, DOM_B, 2, GTF_permit_access);
    assert_int_equal(gnttab_pin(&a->d, 9, DOM_B, true, true, &m1), GNTST_okay);
    assert_true(mfn_eq(m1, gshim_mfn(a, 2)));
    assert_int_equal(gshim_flags(a, 9), GTF_permit_access | GTF_reading);
    assert_int_equal(gnttab_pin(&a->d, 9, DOM_B, false, false, &m2), GNTST_okay);
    assert_int_equal(gshim_flags(a, 9), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gshim_count(m1), 3);
    assert_false(gshim_revoke(a, 9));
    gnttab_unpin(&a->d, 9, DOM_B, false);
    gnttab_put_page(m2);
    assert_int_equal(gshim_flags(a, 9), GTF_permit_access | GTF_reading);
    assert_false(gshim_revoke(a, 9));
    gnttab_unpin(&a->d, 9, DOM_B, true);
    gnttab_put_page(m1);
    assert_int_equal(gshim_flags(a, 9), GTF_permit_access);
    assert_int_equal(gshim_count(m1), 1);
    assert_true(gshim_revoke(a, 9));
    assert_int_equal(gshim_flags(a, 9), 0);
    gshim_destroy_and_check(doms, 2);
}

/* Every way an entry can refuse a pin, with nothing left behind. */
static void test_pin_refusals(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, 4, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    mfn_t m;
    static const struct {
        uint16_t flags;
        domid_t domid;
        uint64_t gfn;
        bool readonly, map;
        int status;
    } cases[] = {
        {0, DOM_B, 2, true, true, GNTST_general_error},                 /* Not granted. */
        {GTF_permit_access, DOM_C, 2, true, true, GNTST_general_error}, /* Someone else. */
        {GTF_accept_transfer, DOM_B, 2, true, true, GNTST_general_error},
        {GTF_transitive, DOM_B, 2, true, true, GNTST_general_error},
        {GTF_permit_access | GTF_readonly, DOM_B, 2, false, true, GNTST_general_error},
        {GTF_permit_access | GTF_sub_page, DOM_B, 2, true, true, GNTST_general_error},
        {GTF_permit_access, DOM_B, 100, true, true, GNTST_bad_page}, /* A hole. */
        {GTF_permit_access, DOM_B, 1ULL << 31, false, false, GNTST_bad_page},
        {GTF_permit_access, DOM_B, 3, false, true, GNTST_general_error}, /* RO RAM. */
    };

    (void)state;
    a->p2m[3].type = GP_RAM_RO;
    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        gshim_grant(a, 20, cases[i].domid, cases[i].gfn, cases[i].flags);
        assert_int_equal(gnttab_pin(&a->d, 20, DOM_B, cases[i].readonly, cases[i].map, &m),
                         cases[i].status);
        /* Refused pins leave the granter's flags exactly as they were. */
        assert_int_equal(gshim_flags(a, 20), cases[i].flags);
    }
    /* Sub-page grants can still be copied (only maps need whole pages). */
    gshim_grant(a, 20, DOM_B, 2, GTF_permit_access | GTF_sub_page);
    assert_int_equal(gnttab_pin(&a->d, 20, DOM_B, true, false, &m), GNTST_okay);
    gnttab_unpin(&a->d, 20, DOM_B, true);
    gnttab_put_page(m);
    assert_int_equal(gshim_flags(a, 20), GTF_permit_access | GTF_sub_page);
    /* References beyond the table. */
    assert_int_equal(gnttab_pin(&a->d, GNTTAB_ENTRIES_PER_FRAME, DOM_B, true, true, &m),
                     GNTST_bad_gntref);
    assert_int_equal(gnttab_pin(&a->d, ~0U, DOM_B, true, true, &m), GNTST_bad_gntref);
    assert_int_equal(gshim_count(gshim_mfn(a, 2)), 1);
    assert_int_equal(gshim_count(gshim_mfn(a, 3)), 1);
    gshim_destroy_and_check(doms, 2);
}

/* A granter that re-targets a pinned entry cannot give it to a second domain meanwhile. */
static void test_pin_one_user(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, 4, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, 4, 0, 0);
    struct gshim_dom *c = gshim_domain_create(DOM_C, 4, 0, 0);
    struct gshim_dom *doms[] = {a, b, c};
    mfn_t m, m2;

    (void)state;
    gshim_grant(a, 30, DOM_B, 1, GTF_permit_access);
    assert_int_equal(gnttab_pin(&a->d, 30, DOM_B, true, true, &m), GNTST_okay);
    gshim_set_domid(a, 30, DOM_C);
    assert_int_equal(gnttab_pin(&a->d, 30, DOM_C, true, true, &m2), GNTST_general_error);
    /* And the first user's further pins now fail the grantee check. */
    assert_int_equal(gnttab_pin(&a->d, 30, DOM_B, true, true, &m2), GNTST_general_error);
    gnttab_unpin(&a->d, 30, DOM_B, true);
    gnttab_put_page(m);
    assert_int_equal(gshim_flags(a, 30), GTF_permit_access);
    assert_int_equal(gnttab_pin(&a->d, 30, DOM_C, true, true, &m2), GNTST_okay);
    gnttab_unpin(&a->d, 30, DOM_C, true);
    gnttab_put_page(m2);
    gshim_destroy_and_check(doms, 3);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, gshim_test_setup, gshim_test_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_init_defaults),
        TEST(test_init_limits_and_zeroed_teardown),
        TEST(test_frame_growth),
        TEST(test_frame_gfn),
        TEST(test_seed_entry),
        TEST(test_setup_table),
        TEST(test_query_size),
        TEST(test_versions),
        TEST(test_status_frames_and_unsupported),
        TEST(test_lookup_against_teardown),
        TEST(test_pin_flags),
        TEST(test_pin_refusals),
        TEST(test_pin_one_user),
    };

    return cmocka_run_group_tests(tests, gshim_setup, gshim_teardown);
}
