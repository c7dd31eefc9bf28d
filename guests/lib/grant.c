/* SPDX-License-Identifier: GPL-2.0-only */
/* Grant tables v1 from a test kernel (guest/grant.h). */
#include <guest/console.h>
#include <guest/grant.h>
#include <guest/hypercall.h>
#include <guest/report.h>
#include <guest/start-info.h>
#include <public/memory.h>

long gnttab_last_rc;

long gnttab_op(unsigned int cmd, void *uop, unsigned int count)
{
    return hypercall(__HYPERVISOR_grant_table_op, cmd, (uint64_t)uop, count, 0, 0);
}

struct grant_entry_v1 *gnttab_table_map(uint64_t gpa, unsigned int nr_frames)
{
    for (unsigned int i = nr_frames; i-- > 0;) {
        struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                       .space = XENMAPSPACE_grant_table,
                                       .idx = i,
                                       .gpfn = (gpa >> PAGE_SHIFT) + i};
        long rc = hypercall_memory_op(XENMEM_add_to_physmap, &a);

        if (rc) {
            test_error("add_to_physmap(grant table frame %u at %#lx) gave %ld", i,
                       (unsigned long)a.gpfn, rc);
            return NULL;
        }
    }
    return (struct grant_entry_v1 *)gpa;
}

struct grant_entry_v1 *gnttab_table_map_hole(unsigned int nr_frames)
{
    uint64_t hole = memmap_find_hole(2 << 20, 1ULL << 32);

    if (!hole) {
        test_error("no hole above RAM to map the grant table at");
        return NULL;
    }
    return gnttab_table_map(hole, nr_frames);
}

void gnttab_grant(struct grant_entry_v1 *e, domid_t grantee, uint64_t gfn, bool readonly)
{
    volatile struct grant_entry_v1 *v = e;

    v->frame = (uint32_t)gfn;
    v->domid = grantee;
    /*
     * The hypervisor trusts frame and domid once the type appears in flags: the release store
     * keeps them ahead of it (on x86 stores stay in order; the compiler must not reorder).
     */
    __atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0)),
                     __ATOMIC_RELEASE);
}

bool gnttab_revoke(struct grant_entry_v1 *e)
{
    uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);

    do {
        if (flags & (GTF_reading | GTF_writing)) {
            return false;
        }
        /* A failed exchange reloads `flags`: the hypervisor may just have set reading. */
    } while (!__atomic_compare_exchange_n(&e->flags, &flags, 0, false, __ATOMIC_ACQ_REL,
                                          __ATOMIC_ACQUIRE));
    return true;
}

uint16_t gnttab_flags(const struct grant_entry_v1 *e)
{
    return __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
}

int gnttab_map_one(domid_t dom, grant_ref_t ref, uint64_t gpa, uint32_t flags,
                   grant_handle_t *handle)
{
    /* status starts as a value the hypervisor never writes, to catch an op left untouched. */
    struct gnttab_map_grant_ref op = {
        .host_addr = gpa, .flags = flags, .ref = ref, .dom = dom, .status = 1};

    gnttab_last_rc = gnttab_op(GNTTABOP_map_grant_ref, &op, 1);
    if (gnttab_last_rc) {
        return GNTST_CALL_FAILED;
    }
    if (op.status == GNTST_okay) {
        *handle = op.handle;
    }
    return op.status;
}

int gnttab_unmap_one(uint64_t gpa, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = {.host_addr = gpa, .handle = handle, .status = 1};

    gnttab_last_rc = gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);
    return gnttab_last_rc ? GNTST_CALL_FAILED : op.status;
}

const char *gntst_name(int status)
{
    static const char *const names[] = {
        "GNTST_okay",         "GNTST_general_error",   "GNTST_bad_domain",
        "GNTST_bad_gntref",   "GNTST_bad_handle",      "GNTST_bad_virt_addr",
        "GNTST_bad_dev_addr", "GNTST_no_device_space", "GNTST_permission_denied",
        "GNTST_bad_page",     "GNTST_bad_copy_arg",    "GNTST_address_too_big",
        "GNTST_eagain",       "GNTST_no_space",
    };

    if (status == GNTST_CALL_FAILED) {
        return "hypercall failed";
    }
    if (status > 0 || -status >= (int)ARRAY_SIZE(names)) {
        return "not a GNTST value";
    }
    return names[-status];
}
