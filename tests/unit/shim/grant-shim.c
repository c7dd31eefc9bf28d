/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host implementation of the domain/arch layer the grant-table module calls (see
 * grant-shim.h). Deliberately strict: a reference dropped below zero, a p2m entry replaced, or
 * a frame outside the world fails the running test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/grant-table.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/page-alloc.h>
#include <hv/xmalloc.h>

#include "grant-shim.h"
#include "shim.h"

#define FIRST_MFN 0x100UL
#define FRAMES    2048UL

unsigned int gshim_preempt_every;
unsigned int gshim_preempt_calls;
uint64_t gshim_fault_start, gshim_fault_end;
int gshim_p2m_map_error;
void (*gshim_get_page_hook)(struct domain *d, uint64_t gfn);
unsigned int gshim_p2m_maps, gshim_p2m_unmaps;
unsigned long gshim_baseline;

static struct page_info *frame_tab;
static struct gshim_dom *world[GSHIM_MAX_DOMS];

static struct gshim_dom *of(struct domain *d)
{
    return container_of(d, struct gshim_dom, d);
}

/* The heap keeps pointers into the frame table, so the allocator is set up once per group. */
int gshim_setup(void **state)
{
    (void)state;
    shim_reset();
    shim_arena_init(FIRST_MFN, FRAMES);
    frame_tab = calloc(FIRST_MFN + FRAMES, sizeof(*frame_tab));
    page_alloc_init(frame_tab, FIRST_MFN + FRAMES);
    page_alloc_add_free_range(_mfn(FIRST_MFN), FRAMES);
    memset(world, 0, sizeof(world));
    return gshim_test_setup(state);
}

int gshim_teardown(void **state)
{
    gshim_test_teardown(state);
    free(frame_tab);
    frame_tab = NULL;
    shim_arena_fini();
    return 0;
}

int gshim_test_setup(void **state)
{
    (void)state;
    gshim_preempt_every = 0;
    gshim_preempt_calls = 0;
    gshim_fault_start = gshim_fault_end = 0;
    gshim_p2m_map_error = 0;
    gshim_get_page_hook = NULL;
    gshim_p2m_maps = gshim_p2m_unmaps = 0;
    gshim_baseline = gshim_free_memory();
    return 0;
}

int gshim_test_teardown(void **state)
{
    (void)state;
    gshim_fault_start = gshim_fault_end = 0;
    gshim_get_page_hook = NULL;
    for (unsigned int i = 0; i < GSHIM_MAX_DOMS; i++) {
        if (world[i] && world[i]->live) {
            gshim_domain_destroy(world[i]);
        }
        free(world[i]);
        world[i] = NULL;
    }
    return 0;
}

struct gshim_dom *gshim_domain_create(domid_t id, unsigned int ram_pages, unsigned int max_frames,
                                      unsigned int max_maptrack)
{
    struct gshim_dom *sd = calloc(1, sizeof(*sd));
    unsigned int slot = 0;

    assert_non_null(sd);
    assert_true(ram_pages <= GSHIM_GFNS);
    while (slot < GSHIM_MAX_DOMS && world[slot]) {
        slot++;
    }
    assert_true(slot < GSHIM_MAX_DOMS);
    world[slot] = sd;
    sd->d.domain_id = id;
    sd->d.max_vcpus = 1;
    sd->v.domain = &sd->d;
    for (unsigned int g = 0; g < ram_pages; g++) {
        mfn_t mfn = alloc_pages(0);

        assert_false(mfn_eq(mfn, INVALID_MFN));
        memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
        mfn_to_page(mfn)->owner = &sd->d;
        mfn_to_page(mfn)->count = 1;
        sd->p2m[g].type = GP_RAM_RW;
        sd->p2m[g].mfn = mfn;
    }
    assert_int_equal(gnttab_domain_init(&sd->d, max_frames, max_maptrack), 0);
    sd->live = true;
    return sd;
}

void gshim_domain_destroy(struct gshim_dom *sd)
{
    sd->live = false;
    gnttab_domain_teardown(&sd->d);
    for (unsigned int g = 0; g < GSHIM_GFNS; g++) {
        struct gshim_p2m_entry *e = &sd->p2m[g];

        /* Teardown must have removed every grant mapping the domain held. */
        assert_true(e->type != GP_GRANT_RW && e->type != GP_GRANT_RO);
        if (e->type == GP_RAM_RW || e->type == GP_RAM_RO) {
            struct page_info *pg = mfn_to_page(e->mfn);

            /* The owner's reference goes; a frame still mapped elsewhere outlives its owner. */
            pg->owner = NULL;
            gnttab_put_page(e->mfn);
        }
        e->type = GP_NONE;
    }
}

void gshim_destroy_and_check(struct gshim_dom **doms, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        gshim_domain_destroy(doms[i]);
    }
    assert_int_equal(gshim_free_memory(), gshim_baseline);
}

uint32_t *gshim_entry_word(struct gshim_dom *sd, grant_ref_t ref)
{
    mfn_t frame = gnttab_frame_mfn(&sd->d, ref / GNTTAB_ENTRIES_PER_FRAME);

    assert_false(mfn_eq(frame, INVALID_MFN));
    return (uint32_t *)mfn_to_virt(frame) + (ref % GNTTAB_ENTRIES_PER_FRAME) * 2;
}

void gshim_grant(struct gshim_dom *sd, grant_ref_t ref, domid_t grantee, uint64_t gfn,
                 uint16_t flags)
{
    uint32_t *w = gshim_entry_word(sd, ref);

    __atomic_store_n(&w[1], (uint32_t)gfn, __ATOMIC_RELAXED);
    __atomic_store_n((uint16_t *)w + 1, grantee, __ATOMIC_RELAXED);
    __atomic_store_n((uint16_t *)w, flags, __ATOMIC_RELEASE);
}

uint16_t gshim_flags(struct gshim_dom *sd, grant_ref_t ref)
{
    return __atomic_load_n((uint16_t *)gshim_entry_word(sd, ref), __ATOMIC_ACQUIRE);
}

void gshim_set_flags(struct gshim_dom *sd, grant_ref_t ref, uint16_t flags)
{
    __atomic_store_n((uint16_t *)gshim_entry_word(sd, ref), flags, __ATOMIC_RELEASE);
}

void gshim_set_domid(struct gshim_dom *sd, grant_ref_t ref, domid_t domid)
{
    __atomic_store_n((uint16_t *)gshim_entry_word(sd, ref) + 1, domid, __ATOMIC_RELEASE);
}

bool gshim_revoke(struct gshim_dom *sd, grant_ref_t ref)
{
    return gshim_revoke_flags((uint16_t *)gshim_entry_word(sd, ref));
}

bool gshim_revoke_flags(uint16_t *flags)
{
    uint16_t old = __atomic_load_n(flags, __ATOMIC_ACQUIRE);

    do {
        if (old & (GTF_reading | GTF_writing)) {
            return false;
        }
    } while (
        !__atomic_compare_exchange_n(flags, &old, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    return true;
}

mfn_t gshim_mfn(struct gshim_dom *sd, uint64_t gfn)
{
    assert_true(gfn < GSHIM_GFNS);
    return sd->p2m[gfn].mfn;
}

uint8_t *gshim_page(struct gshim_dom *sd, uint64_t gfn)
{
    return mfn_to_virt(gshim_mfn(sd, gfn));
}

unsigned long gshim_count(mfn_t mfn)
{
    return mfn_to_page(mfn)->count;
}

long gshim_op_args(struct gshim_dom *sd, unsigned long args[3])
{
    return do_grant_table_op(&sd->v, args);
}

long gshim_op(struct gshim_dom *sd, unsigned int cmd, void *uop, unsigned int count)
{
    unsigned long args[3] = {cmd, (unsigned long)(uintptr_t)uop, count};

    return gshim_op_args(sd, args);
}

int gshim_map(struct gshim_dom *m, domid_t dom, grant_ref_t ref, uint64_t gfn, uint32_t flags,
              grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = gfn << PAGE_SHIFT,
        .flags = flags,
        .ref = ref,
        .dom = dom,
        .status = 99,
        .handle = 0xdead,
        .dev_bus_addr = 1,
    };

    assert_int_equal(gshim_op(m, GNTTABOP_map_grant_ref, &op, 1), 0);
    if (op.status == GNTST_okay) {
        assert_int_equal(op.dev_bus_addr, 0);
    } else {
        assert_int_equal(op.handle, 0xdead); /* Only a success hands out a handle. */
    }
    if (handle) {
        *handle = op.handle;
    }
    return op.status;
}

int gshim_unmap(struct gshim_dom *m, uint64_t gfn, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = {.host_addr = gfn << PAGE_SHIFT, .handle = handle};

    op.status = 99;
    assert_int_equal(gshim_op(m, GNTTABOP_unmap_grant_ref, &op, 1), 0);
    return op.status;
}

unsigned long gshim_free_memory(void)
{
    return page_alloc_free_pages() + xmalloc_idle_pages();
}

/* ---- The domain/arch layer, as the grant-table module sees it ---- */

struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < GSHIM_MAX_DOMS; i++) {
        if (world[i] && world[i]->live && world[i]->d.domain_id == id) {
            return &world[i]->d;
        }
    }
    return NULL;
}

struct grant_table *domain_grant_table(struct domain *d)
{
    return &of(d)->gt;
}

int gnttab_get_page(struct domain *d, uint64_t gfn, bool write, mfn_t *mfn)
{
    struct gshim_p2m_entry *e;

    if (gshim_get_page_hook) {
        gshim_get_page_hook(d, gfn);
    }
    if (gfn >= GSHIM_GFNS) {
        return -ENOENT;
    }
    e = &of(d)->p2m[gfn];
    if ((e->type != GP_RAM_RW && e->type != GP_RAM_RO) || mfn_to_page(e->mfn)->owner != d) {
        return -ENOENT;
    }
    if (write && e->type == GP_RAM_RO) {
        return -EACCES;
    }
    mfn_to_page(e->mfn)->count++;
    *mfn = e->mfn;
    return 0;
}

void gnttab_put_page(mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    if (pg->count == 0) {
        mock_assert(0, "gnttab_put_page: reference count would go below zero", __FILE__, __LINE__);
    }
    if (--pg->count == 0) {
        pg->owner = NULL;
        free_pages(mfn, 0);
    }
}

int gnttab_p2m_map(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    struct gshim_p2m_entry *e;

    if (gshim_p2m_map_error) {
        return gshim_p2m_map_error;
    }
    if (gfn >= GSHIM_GFNS) {
        return -EINVAL;
    }
    e = &of(d)->p2m[gfn];
    if (e->type != GP_NONE) {
        return -EBUSY;
    }
    e->type = readonly ? GP_GRANT_RO : GP_GRANT_RW;
    e->mfn = mfn;
    gshim_p2m_maps++;
    return 0;
}

int gnttab_p2m_unmap(struct domain *d, uint64_t gfn, mfn_t expected)
{
    struct gshim_p2m_entry *e;

    if (gfn >= GSHIM_GFNS) {
        return -ENOENT;
    }
    e = &of(d)->p2m[gfn];
    if ((e->type != GP_GRANT_RW && e->type != GP_GRANT_RO) || !mfn_eq(e->mfn, expected)) {
        return -ENOENT;
    }
    e->type = GP_NONE;
    e->mfn = INVALID_MFN;
    gshim_p2m_unmaps++;
    return 0;
}

/* ---- Guest access and preemption ---- */

static bool faults(uint64_t gva, size_t len)
{
    return gva < gshim_fault_end && gva + len > gshim_fault_start;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
    (void)v;
    if (faults(gva, len)) {
        return -EFAULT;
    }
    memcpy(dst, (const void *)(uintptr_t)gva, len);
    return 0;
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
    (void)v;
    if (faults(gva, len)) {
        return -EFAULT;
    }
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}

bool hypercall_preempt_check(void)
{
    gshim_preempt_calls++;
    return gshim_preempt_every && gshim_preempt_calls % gshim_preempt_every == 0;
}
