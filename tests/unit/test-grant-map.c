/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/grant-map.c: GNTTABOP_map_grant_ref and GNTTABOP_unmap_grant_ref for translated
 * domains over the host world of grant-shim.c. Covers the p2m entry and page reference each
 * mapping holds, GTF_reading/GTF_writing across several mappings, maptrack handles, every
 * hostile request (bad flags, domains, refs, handles, addresses; revoked and read-only grants;
 * a granter rewriting its entry), either domain dying with mappings outstanding, batch
 * continuation, and a granter revoking from another thread while mappings come and go.
 */
#include <pthread.h>
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

#define DOM_A 1 /* Granter. */
#define DOM_B 2 /* Mapper. */
#define DOM_C 3
#define RAM   8   /* Frames 0..7 are RAM in every domain here. */
#define HOLE  100 /* Frames from here on are holes to map at. */

static void test_map_unmap_rw(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    mfn_t granted = gshim_mfn(a, 3);
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 10, DOM_B, 3, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 10, HOLE, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(h, 0);
    assert_int_equal(b->p2m[HOLE].type, GP_GRANT_RW);
    assert_true(mfn_eq(b->p2m[HOLE].mfn, granted));
    assert_int_equal(gshim_flags(a, 10), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gshim_count(granted), 2);
    assert_int_equal(b->gt.maptrack_in_use, 1);
    assert_false(gshim_revoke(a, 10)); /* Linux cannot end access while mapped. */
    /* The mapper writes through its mapping; the granter sees it. */
    ((uint8_t *)mfn_to_virt(b->p2m[HOLE].mfn))[5] = 0x5a;
    assert_int_equal(gshim_page(a, 3)[5], 0x5a);
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
    assert_int_equal(b->p2m[HOLE].type, GP_NONE);
    assert_int_equal(gshim_flags(a, 10), GTF_permit_access);
    assert_int_equal(gshim_count(granted), 1);
    assert_int_equal(b->gt.maptrack_in_use, 0);
    assert_true(gshim_revoke(a, 10));
    assert_int_equal(a->gt.users + b->gt.users, 0);
    gshim_destroy_and_check(doms, 2);
}

static void test_map_readonly(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 11, DOM_B, 2, GTF_permit_access | GTF_readonly);
    /* A read-only grant refuses a writable map and keeps nothing. */
    assert_int_equal(gshim_map(b, DOM_A, 11, HOLE, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(gshim_flags(a, 11), GTF_permit_access | GTF_readonly);
    assert_int_equal(b->p2m[HOLE].type, GP_NONE);
    assert_int_equal(gshim_count(gshim_mfn(a, 2)), 1);
    assert_int_equal(b->gt.maptrack_in_use, 0);
    assert_int_equal(gshim_map(b, DOM_A, 11, HOLE, GNTMAP_host_map | GNTMAP_readonly, &h),
                     GNTST_okay);
    assert_int_equal(h, 0); /* The refused map's handle went back. */
    assert_int_equal(b->p2m[HOLE].type, GP_GRANT_RO);
    assert_int_equal(gshim_flags(a, 11), GTF_permit_access | GTF_readonly | GTF_reading);
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
    assert_int_equal(gshim_flags(a, 11), GTF_permit_access | GTF_readonly);
    gshim_destroy_and_check(doms, 2);
}

/* Flags follow the last mapping of each kind, in either order of unmapping. */
static void test_map_several(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    const uint16_t rw = GTF_permit_access | GTF_reading | GTF_writing;
    grant_handle_t ro, w1, w2;

    (void)state;
    gshim_grant(a, 12, DOM_B, 4, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 12, HOLE, GNTMAP_host_map | GNTMAP_readonly, &ro), 0);
    assert_int_equal(gshim_map(b, DOM_A, 12, HOLE + 1, GNTMAP_host_map, &w1), 0);
    assert_int_equal(gshim_map(b, DOM_A, 12, HOLE + 2, GNTMAP_host_map, &w2), 0);
    assert_true(ro != w1 && w1 != w2 && ro != w2);
    assert_int_equal(gshim_count(gshim_mfn(a, 4)), 4);
    assert_int_equal(gshim_flags(a, 12), rw);
    assert_int_equal(gshim_unmap(b, HOLE + 1, w1), 0);
    assert_int_equal(gshim_flags(a, 12), rw); /* One writer is left. */
    assert_int_equal(gshim_unmap(b, HOLE + 2, w2), 0);
    assert_int_equal(gshim_flags(a, 12), GTF_permit_access | GTF_reading);
    assert_int_equal(gshim_unmap(b, HOLE, ro), 0);
    assert_int_equal(gshim_flags(a, 12), GTF_permit_access);
    /* Writer last this time. */
    assert_int_equal(gshim_map(b, DOM_A, 12, HOLE, GNTMAP_host_map, &w1), 0);
    assert_int_equal(gshim_map(b, DOM_A, 12, HOLE + 1, GNTMAP_host_map | GNTMAP_readonly, &ro), 0);
    assert_int_equal(gshim_unmap(b, HOLE + 1, ro), 0);
    assert_int_equal(gshim_flags(a, 12), rw);
    assert_int_equal(gshim_unmap(b, HOLE, w1), 0);
    assert_int_equal(gshim_flags(a, 12), GTF_permit_access);
    assert_int_equal(gshim_count(gshim_mfn(a, 4)), 1);
    gshim_destroy_and_check(doms, 2);
}

static void test_map_hostile_entries(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    static const struct {
        uint16_t flags;
        domid_t grantee;
        uint64_t gfn;
        uint32_t mapflags;
        int status;
    } cases[] = {
        {0, DOM_B, 1, GNTMAP_host_map, GNTST_general_error}, /* Never granted / revoked. */
        {GTF_permit_access, DOM_C, 1, GNTMAP_host_map, GNTST_general_error},
        {GTF_accept_transfer, DOM_B, 1, GNTMAP_host_map, GNTST_general_error},
        {GTF_permit_access | GTF_sub_page, DOM_B, 1, GNTMAP_host_map, GNTST_general_error},
        {GTF_permit_access | GTF_readonly, DOM_B, 1, GNTMAP_host_map, GNTST_general_error},
        {GTF_permit_access, DOM_B, HOLE + 7, GNTMAP_host_map, GNTST_bad_page},
        {GTF_permit_access, DOM_B, 0xffffffff, GNTMAP_host_map, GNTST_bad_page},
    };

    (void)state;
    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        gshim_grant(a, 13, cases[i].grantee, cases[i].gfn, cases[i].flags);
        assert_int_equal(gshim_map(b, DOM_A, 13, HOLE, cases[i].mapflags, NULL), cases[i].status);
        assert_int_equal(gshim_flags(a, 13), cases[i].flags);
        assert_int_equal(b->p2m[HOLE].type, GP_NONE);
    }
    /* References at and far beyond the end of the table. */
    assert_int_equal(gshim_map(b, DOM_A, GNTTAB_ENTRIES_PER_FRAME, HOLE, GNTMAP_host_map, NULL),
                     GNTST_bad_gntref);
    assert_int_equal(gshim_map(b, DOM_A, 0xffffffff, HOLE, GNTMAP_host_map, NULL),
                     GNTST_bad_gntref);
    assert_int_equal(b->gt.maptrack_in_use, 0);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    gshim_destroy_and_check(doms, 2);
}

static void test_map_bad_flags_and_domains(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 14, DOM_B, 1, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 14, HOLE, 0, NULL), GNTST_bad_gntref);
    assert_int_equal(gshim_map(b, DOM_A, 14, HOLE, GNTMAP_readonly, NULL), GNTST_bad_gntref);
    assert_int_equal(gshim_map(b, DOM_A, 14, HOLE, GNTMAP_device_map, NULL), GNTST_general_error);
    assert_int_equal(gshim_map(b, DOM_A, 14, HOLE, GNTMAP_host_map | GNTMAP_device_map, NULL),
                     GNTST_general_error);
    assert_int_equal(gshim_map(b, DOM_A, 14, HOLE, GNTMAP_host_map | GNTMAP_application_map, NULL),
                     GNTST_general_error);
    assert_int_equal(gshim_map(b, DOM_A, 14, HOLE, GNTMAP_host_map | GNTMAP_contains_pte, NULL),
                     GNTST_general_error);
    assert_int_equal(gshim_map(b, 77, 14, HOLE, GNTMAP_host_map, NULL), GNTST_bad_domain);
    assert_int_equal(gshim_map(b, DOMID_SELF, 14, HOLE, GNTMAP_host_map, NULL), GNTST_bad_domain);
    assert_int_equal(gshim_map(b, DOMID_INVALID, 14, HOLE, GNTMAP_host_map, NULL),
                     GNTST_bad_domain);
    assert_int_equal(gshim_flags(a, 14), GTF_permit_access);
    /* Guest-available flag bits are ignored; low address bits too (Xen). */
    assert_int_equal(gshim_map(b, DOM_A, 14, HOLE, GNTMAP_host_map | 1U << 20, &h), GNTST_okay);
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
    /* A domain may map its own grant, by its own id. */
    gshim_grant(b, 15, DOM_B, 2, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_B, 15, HOLE, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(gshim_flags(b, 15), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
    assert_int_equal(gshim_flags(b, 15), GTF_permit_access);
    gshim_destroy_and_check(doms, 2);
}

/* A p2m that says no (occupied, beyond the address space, out of memory) undoes everything. */
static void test_map_p2m_refuses(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    const uint64_t where[] = {2 /* RAM */, GSHIM_GFNS, 1ULL << 40};

    (void)state;
    gshim_grant(a, 16, DOM_B, 1, GTF_permit_access);
    for (unsigned int i = 0; i < ARRAY_SIZE(where); i++) {
        assert_int_equal(gshim_map(b, DOM_A, 16, where[i], GNTMAP_host_map, NULL),
                         GNTST_general_error);
    }
    gshim_p2m_map_error = -ENOMEM;
    assert_int_equal(gshim_map(b, DOM_A, 16, HOLE, GNTMAP_host_map, NULL), GNTST_general_error);
    gshim_p2m_map_error = 0;
    assert_int_equal(gshim_flags(a, 16), GTF_permit_access);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    assert_int_equal(b->gt.maptrack_in_use, 0);
    assert_int_equal(b->p2m[2].type, GP_RAM_RW);
    /* Two mappings at one address: the second is refused, the first unharmed. */
    assert_int_equal(gshim_map(b, DOM_A, 16, HOLE, GNTMAP_host_map, NULL), GNTST_okay);
    assert_int_equal(gshim_map(b, DOM_A, 16, HOLE, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 2);
    gshim_destroy_and_check(doms, 2); /* The mapper's teardown removes the one left. */
}

static void test_maptrack_limit(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 128);
    struct gshim_dom *doms[] = {a, b};
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 17, DOM_B, 1, GTF_permit_access | GTF_readonly);
    for (unsigned int i = 0; i < 128; i++) {
        assert_int_equal(gshim_map(b, DOM_A, 17, HOLE + i, GNTMAP_host_map | GNTMAP_readonly, &h),
                         GNTST_okay);
        assert_int_equal(h, i); /* Lowest free handle first. */
    }
    assert_int_equal(gshim_map(b, DOM_A, 17, HOLE + 200, GNTMAP_host_map | GNTMAP_readonly, NULL),
                     GNTST_no_space);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 129);
    assert_int_equal(gshim_unmap(b, HOLE + 77, 77), GNTST_okay);
    assert_int_equal(gshim_map(b, DOM_A, 17, HOLE + 200, GNTMAP_host_map | GNTMAP_readonly, &h),
                     GNTST_okay);
    assert_int_equal(h, 77); /* Handles are reused. */
    assert_int_equal(b->gt.maptrack_in_use, 128);
    gshim_destroy_and_check(doms, 2);
}

static void test_unmap_hostile(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 18, DOM_B, 5, GTF_permit_access);
    assert_int_equal(gshim_unmap(b, HOLE, 0), GNTST_bad_handle); /* Nothing mapped yet. */
    assert_int_equal(gshim_map(b, DOM_A, 18, HOLE, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(gshim_unmap(b, HOLE, h + 1), GNTST_bad_handle); /* Free handle. */
    assert_int_equal(gshim_unmap(b, HOLE, 4096), GNTST_bad_handle);  /* Beyond the maptrack. */
    assert_int_equal(gshim_unmap(b, HOLE, ~0U), GNTST_bad_handle);
    assert_int_equal(gshim_unmap(b, HOLE + 1, h),
                     GNTST_general_error); /* Not where it is mapped. */
    assert_int_equal(gshim_unmap(b, 0, h), GNTST_general_error);
    assert_int_equal(b->p2m[HOLE].type, GP_GRANT_RW); /* Still mapped. */
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_bad_handle); /* Double unmap. */
    assert_int_equal(gshim_count(gshim_mfn(a, 5)), 1);
    assert_int_equal(gshim_flags(a, 18), GTF_permit_access);
    /* A p2m entry replaced behind the module's back: unmap fails, the mapping stays recorded. */
    assert_int_equal(gshim_map(b, DOM_A, 18, HOLE, GNTMAP_host_map, &h), GNTST_okay);
    b->p2m[HOLE].type = GP_NONE;
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_general_error);
    assert_int_equal(b->gt.maptrack_in_use, 1);
    assert_int_equal(gshim_count(gshim_mfn(a, 5)), 2);
    gshim_destroy_and_check(doms, 2); /* Released when the mapper dies. */
}

/* A granter cannot hand a pinned entry to a second domain by rewriting the grantee. */
static void test_entry_retargeted(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *c = gshim_domain_create(DOM_C, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b, c};
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 19, DOM_B, 6, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 19, HOLE, GNTMAP_host_map, &h), GNTST_okay);
    gshim_set_domid(a, 19, DOM_C);
    assert_int_equal(gshim_map(c, DOM_A, 19, HOLE, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(c->p2m[HOLE].type, GP_NONE);
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
    assert_int_equal(gshim_map(c, DOM_A, 19, HOLE, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(gshim_unmap(c, HOLE, h), GNTST_okay);
    gshim_destroy_and_check(doms, 3);
}

/* Revocation while mapped: Linux's way fails; a hostile overwrite stops new maps only. */
static void test_revoke_while_mapped(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    grant_handle_t h;

    (void)state;
    gshim_grant(a, 21, DOM_B, 7, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 21, HOLE, GNTMAP_host_map | GNTMAP_readonly, &h), 0);
    assert_false(gshim_revoke(a, 21));
    gshim_set_flags(a, 21, 0); /* Forced, ignoring GTF_reading. */
    assert_int_equal(gshim_map(b, DOM_A, 21, HOLE + 1, GNTMAP_host_map | GNTMAP_readonly, NULL),
                     GNTST_general_error);
    assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
    assert_int_equal(gshim_flags(a, 21), 0); /* Nothing of ours left behind. */
    assert_int_equal(gshim_count(gshim_mfn(a, 7)), 1);
    gshim_destroy_and_check(doms, 2);
}

/* The granter dies with its frame mapped: the frame outlives it until the mapper unmaps. */
static void test_granter_dies(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[2];
    mfn_t granted = gshim_mfn(a, 3);
    unsigned long free_before;
    grant_handle_t h1, h2;

    (void)state;
    gshim_grant(a, 22, DOM_B, 3, GTF_permit_access);
    gshim_grant(a, 23, DOM_B, 4, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 22, HOLE, GNTMAP_host_map, &h1), GNTST_okay);
    assert_int_equal(gshim_map(b, DOM_A, 23, HOLE + 1, GNTMAP_host_map | GNTMAP_readonly, &h2), 0);
    gshim_domain_destroy(a);
    assert_int_equal(gshim_count(granted), 1); /* Only the mapping's reference is left. */
    assert_int_equal(mfn_to_page(granted)->state, PGS_ALLOCATED);
    assert_int_equal(b->p2m[HOLE].type, GP_GRANT_RW);
    ((uint8_t *)mfn_to_virt(granted))[0] = 1; /* Still the mapper's to use. */
    assert_int_equal(gshim_map(b, DOM_A, 22, HOLE + 2, GNTMAP_host_map, NULL), GNTST_bad_domain);
    free_before = gshim_free_memory();
    assert_int_equal(gshim_unmap(b, HOLE, h1), GNTST_okay);
    assert_int_equal(gshim_free_memory(), free_before + 1); /* The last reference freed it. */
    assert_int_equal(b->p2m[HOLE].type, GP_NONE);
    /* A new domain with the same id is a different table: the old mapping does not touch it. */
    a = gshim_domain_create(DOM_A, RAM, 0, 0);
    gshim_grant(a, 23, DOM_B, 4, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 23, HOLE + 2, GNTMAP_host_map, &h1), GNTST_okay);
    assert_int_equal(gshim_unmap(b, HOLE + 1, h2), GNTST_okay);
    assert_int_equal(gshim_flags(a, 23), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gshim_unmap(b, HOLE + 2, h1), GNTST_okay);
    assert_int_equal(gshim_flags(a, 23), GTF_permit_access);
    doms[0] = a;
    doms[1] = b;
    gshim_destroy_and_check(doms, 2);
}

/* The mapper dies with mappings: all are undone, and the granter can revoke again. */
static void test_mapper_dies(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);

    (void)state;
    gshim_grant(a, 24, DOM_B, 1, GTF_permit_access);
    gshim_grant(a, 25, DOM_B, 2, GTF_permit_access | GTF_readonly);
    gshim_grant(b, 26, DOM_B, 3, GTF_permit_access);
    assert_int_equal(gshim_map(b, DOM_A, 24, HOLE, GNTMAP_host_map, NULL), GNTST_okay);
    assert_int_equal(gshim_map(b, DOM_A, 24, HOLE + 1, GNTMAP_host_map | GNTMAP_readonly, NULL), 0);
    assert_int_equal(gshim_map(b, DOM_A, 25, HOLE + 2, GNTMAP_host_map | GNTMAP_readonly, NULL), 0);
    assert_int_equal(gshim_map(b, DOM_B, 26, HOLE + 3, GNTMAP_host_map, NULL), GNTST_okay);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 3);
    gshim_domain_destroy(b); /* Checks that no grant mapping is left in its p2m. */
    assert_int_equal(gshim_flags(a, 24), GTF_permit_access);
    assert_int_equal(gshim_flags(a, 25), GTF_permit_access | GTF_readonly);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    assert_int_equal(gshim_count(gshim_mfn(a, 2)), 1);
    assert_true(gshim_revoke(a, 24));
    assert_true(gshim_revoke(a, 25));
    gshim_destroy_and_check(&a, 1);
}

static void fill_maps(struct gnttab_map_grant_ref *ops, unsigned int n, uint64_t gfn0)
{
    for (unsigned int i = 0; i < n; i++) {
        ops[i] = (struct gnttab_map_grant_ref){
            .host_addr = (gfn0 + i) << PAGE_SHIFT,
            .flags = GNTMAP_host_map,
            .ref = 30 + i,
            .dom = DOM_A,
            .status = 99,
        };
    }
}

static void test_batch_continuation(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_map_grant_ref ops[5];
    struct gnttab_unmap_grant_ref uops[5];
    unsigned long args[3];
    unsigned int calls = 0;
    long rc;

    (void)state;
    for (unsigned int i = 0; i < 5; i++) {
        gshim_grant(a, 30 + i, DOM_B, i, GTF_permit_access);
    }
    fill_maps(ops, 5, HOLE);
    ops[3].ref = 9999; /* A bad op gets its own status; the batch goes on. */
    gshim_preempt_every = 2;
    args[0] = GNTTABOP_map_grant_ref;
    args[1] = (unsigned long)(uintptr_t)ops;
    args[2] = 5;
    while ((rc = gshim_op_args(b, args)) == -ERESTART) {
        calls++;
        assert_int_equal(args[1], (unsigned long)(uintptr_t)&ops[2 * calls]);
        assert_int_equal(args[2], 5 - 2 * calls);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(calls, 2);
    for (unsigned int i = 0; i < 5; i++) {
        assert_int_equal(ops[i].status, i == 3 ? GNTST_bad_gntref : GNTST_okay);
        uops[i] = (struct gnttab_unmap_grant_ref){
            .host_addr = ops[i].host_addr, .handle = i == 3 ? 4096 : ops[i].handle, .status = 99};
    }
    args[0] = GNTTABOP_unmap_grant_ref;
    args[1] = (unsigned long)(uintptr_t)uops;
    args[2] = 5;
    calls = 0;
    while ((rc = gshim_op_args(b, args)) == -ERESTART) {
        calls++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(calls, 2);
    for (unsigned int i = 0; i < 5; i++) {
        assert_int_equal(uops[i].status, i == 3 ? GNTST_bad_handle : GNTST_okay);
        assert_int_equal(gshim_flags(a, 30 + i), GTF_permit_access);
    }
    gshim_destroy_and_check(doms, 2);
}

/* An unreadable op ends the call with -EFAULT; the ops before it stay done. */
static void test_batch_fault(void **state)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct gnttab_map_grant_ref ops[3];

    (void)state;
    for (unsigned int i = 0; i < 3; i++) {
        gshim_grant(a, 30 + i, DOM_B, i, GTF_permit_access);
    }
    fill_maps(ops, 3, HOLE);
    gshim_fault_start = (uint64_t)(uintptr_t)&ops[2];
    gshim_fault_end = gshim_fault_start + 1;
    assert_int_equal(gshim_op(b, GNTTABOP_map_grant_ref, ops, 3), -EFAULT);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(ops[1].status, GNTST_okay);
    assert_int_equal(ops[2].status, 99);
    assert_int_equal(b->gt.maptrack_in_use, 2);
    gshim_fault_start = gshim_fault_end = 0;
    gshim_destroy_and_check(doms, 2);
}

/* ---- A granter revoking and re-granting from another thread ---- */

struct racer {
    uint16_t *flags; /* The contended entry's flags. */
    int mapped;      /* Set by the mapper while it holds a mapping. */
    int stop;
    unsigned int revokes; /* Successful revocations. */
    unsigned int broken;  /* Revocations that succeeded while a mapping existed. */
    bool toggle_pwt;      /* Also flip a bit the hypervisor ignores, to force retries. */
};

static void *granter_thread(void *arg)
{
    struct racer *r = arg;

    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        uint16_t old = __atomic_load_n(r->flags, __ATOMIC_ACQUIRE);

        if (r->toggle_pwt) {
            __atomic_fetch_xor(r->flags, GTF_PWT, __ATOMIC_ACQ_REL);
            continue;
        }
        if ((old & (GTF_reading | GTF_writing)) ||
            !__atomic_compare_exchange_n(r->flags, &old, 0, false, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE)) {
            continue;
        }
        /* Revoked: no mapping may exist now (its GTF_reading would have stopped us). */
        if (__atomic_load_n(&r->mapped, __ATOMIC_ACQUIRE)) {
            r->broken++;
        }
        r->revokes++;
        __atomic_store_n(r->flags, old, __ATOMIC_RELEASE); /* Grant again. */
    }
    return NULL;
}

static void race(bool toggle_pwt)
{
    struct gshim_dom *a = gshim_domain_create(DOM_A, RAM, 0, 0);
    struct gshim_dom *b = gshim_domain_create(DOM_B, RAM, 0, 0);
    struct gshim_dom *doms[] = {a, b};
    struct racer r = {.toggle_pwt = toggle_pwt};
    unsigned int ok = 0, refused = 0;
    pthread_t t;

    gshim_grant(a, 40, DOM_B, 1, GTF_permit_access);
    r.flags = (uint16_t *)gshim_entry_word(a, 40);
    assert_int_equal(pthread_create(&t, NULL, granter_thread, &r), 0);
    for (unsigned int i = 0; i < 20000; i++) {
        uint32_t flags = GNTMAP_host_map | (i & 1 ? GNTMAP_readonly : 0);
        grant_handle_t h;
        int st = gshim_map(b, DOM_A, 40, HOLE, flags, &h);

        if (st != GNTST_okay) {
            assert_int_equal(st, GNTST_general_error); /* Revoked or unstable: refused. */
            refused++;
            continue;
        }
        __atomic_store_n(&r.mapped, 1, __ATOMIC_RELEASE);
        assert_true(gshim_flags(a, 40) & GTF_reading);
        __atomic_store_n(&r.mapped, 0, __ATOMIC_RELEASE);
        assert_int_equal(gshim_unmap(b, HOLE, h), GNTST_okay);
        ok++;
    }
    __atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    assert_int_equal(r.broken, 0);
    assert_int_equal(ok + refused, 20000);
    assert_int_equal(gshim_flags(a, 40) & (GTF_reading | GTF_writing), 0);
    assert_int_equal(gshim_count(gshim_mfn(a, 1)), 1);
    gshim_destroy_and_check(doms, 2);
}

static void test_concurrent_revocation(void **state)
{
    (void)state;
    race(false);
}

static void test_concurrent_unstable_entry(void **state)
{
    (void)state;
    race(true);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, gshim_test_setup, gshim_test_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_map_unmap_rw),
        TEST(test_map_readonly),
        TEST(test_map_several),
        TEST(test_map_hostile_entries),
        TEST(test_map_bad_flags_and_domains),
        TEST(test_map_p2m_refuses),
        TEST(test_maptrack_limit),
        TEST(test_unmap_hostile),
        TEST(test_entry_retargeted),
        TEST(test_revoke_while_mapped),
        TEST(test_granter_dies),
        TEST(test_mapper_dies),
        TEST(test_batch_continuation),
        TEST(test_batch_fault),
        TEST(test_concurrent_revocation),
        TEST(test_concurrent_unstable_entry),
    };

    return cmocka_run_group_tests(tests, gshim_setup, gshim_teardown);
}
