/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small world for the grant-table tests (grant-shim.c): domains with a 512-frame p2m of RAM,
 * holes and grant mappings, built on the real frame allocator and heap over the shim arena,
 * and host versions of everything the grant-table module takes from the domain/arch layer
 * (hv/include/hv/grant-table.h) plus guest access and preemption. Guest-virtual addresses are
 * host pointers; a configurable range of them faults.
 */
#ifndef TESTS_UNIT_GRANT_SHIM_H
#define TESTS_UNIT_GRANT_SHIM_H

#include <hv/domain.h>
#include <hv/grant-table.h>

#define GSHIM_MAX_DOMS 8
#define GSHIM_GFNS     512 /* Guest frames 0..511 per domain. */

enum gshim_p2m_type { GP_NONE, GP_RAM_RW, GP_RAM_RO, GP_GRANT_RW, GP_GRANT_RO };

struct gshim_p2m_entry {
    enum gshim_p2m_type type;
    mfn_t mfn;
};

/* A domain of the world: the real struct domain, its vCPU 0, its grant state and its p2m. */
struct gshim_dom {
    struct domain d;
    struct vcpu v;
    struct grant_table gt;
    bool live; /* domain_by_id() finds it. */
    struct gshim_p2m_entry p2m[GSHIM_GFNS];
};

/* hypercall_preempt_check() answers yes on every Nth call (0: never); calls are counted. */
extern unsigned int gshim_preempt_every;
extern unsigned int gshim_preempt_calls;
/* Guest accesses touching [gshim_fault_start, gshim_fault_end) fail with -EFAULT. */
extern uint64_t gshim_fault_start, gshim_fault_end;
/* When nonzero, gnttab_p2m_map() returns this instead of mapping. */
extern int gshim_p2m_map_error;
/*
 * Called at the start of gnttab_get_page(): lets a test act while an operation is under way.
 * The granter's table lock may be held: touch entries only through pointers found before.
 */
extern void (*gshim_get_page_hook)(struct domain *d, uint64_t gfn);
/* Calls of the p2m hooks that changed something. */
extern unsigned int gshim_p2m_maps, gshim_p2m_unmaps;
/* gshim_free_memory() when the current test began. */
extern unsigned long gshim_baseline;

/*
 * Group setup/teardown: the frame allocator over a fresh arena (once per group, because the
 * heap keeps pointers into it), then as gshim_test_setup(); and back.
 */
int gshim_setup(void **state);
int gshim_teardown(void **state);
/*
 * Per-test setup/teardown: hooks reset and gshim_baseline taken; domains left alive destroyed
 * and forgotten.
 */
int gshim_test_setup(void **state);
int gshim_test_teardown(void **state);

/*
 * A live domain `id` with RAM at gfns 0..ram_pages-1 (owned, count 1, zeroed) and its grant
 * table initialised with the given limits (0: defaults). Fails the test on any error.
 */
struct gshim_dom *gshim_domain_create(domid_t id, unsigned int ram_pages, unsigned int max_frames,
                                      unsigned int max_maptrack);

/*
 * End a domain as the lead's destruction will: domain_by_id() stops finding it, then
 * gnttab_domain_teardown(), then its own reference on each RAM frame is dropped (frames still
 * referenced by others stay allocated until their last gnttab_put_page()).
 */
void gshim_domain_destroy(struct gshim_dom *sd);

/* Destroy the n domains, then check every frame and heap page is back (gshim_baseline). */
void gshim_destroy_and_check(struct gshim_dom **doms, unsigned int n);

/* Grant as Linux does: frame and domid, barrier, then flags. Grows the table as needed. */
void gshim_grant(struct gshim_dom *sd, grant_ref_t ref, domid_t grantee, uint64_t gfn,
                 uint16_t flags);
/* The entry's flags / the whole entry, read atomically. */
uint16_t gshim_flags(struct gshim_dom *sd, grant_ref_t ref);
/* Overwrite the flags word as a hostile granter would (domid unchanged). */
void gshim_set_flags(struct gshim_dom *sd, grant_ref_t ref, uint16_t flags);
/* Overwrite the grantee as a hostile granter would (flags unchanged). */
void gshim_set_domid(struct gshim_dom *sd, grant_ref_t ref, domid_t domid);
/* Linux's v1 revocation: 16-bit compare-and-swap of flags to 0 unless reading/writing is set. */
bool gshim_revoke(struct gshim_dom *sd, grant_ref_t ref);
/* The same on an entry's flags found beforehand (usable while the module holds table locks). */
bool gshim_revoke_flags(uint16_t *flags);
/* The 32-bit flags/domid word of an entry (growing the table), for tests that race on it. */
uint32_t *gshim_entry_word(struct gshim_dom *sd, grant_ref_t ref);

/* Host pointer to the RAM page at gfn of sd / its machine frame. */
uint8_t *gshim_page(struct gshim_dom *sd, uint64_t gfn);
mfn_t gshim_mfn(struct gshim_dom *sd, uint64_t gfn);
/* page_info.count of a frame. */
unsigned long gshim_count(mfn_t mfn);

/* grant_table_op(cmd, uop, count) from sd's vCPU 0. */
long gshim_op(struct gshim_dom *sd, unsigned int cmd, void *uop, unsigned int count);
/* The same with raw arguments, which are updated in place on -ERESTART. */
long gshim_op_args(struct gshim_dom *sd, unsigned long args[3]);

/*
 * One map_grant_ref from m of (dom, ref) at gfn: the op's status, and its handle in *handle
 * when not NULL. Checks that only a success sets handle and dev_bus_addr (to 0).
 */
int gshim_map(struct gshim_dom *m, domid_t dom, grant_ref_t ref, uint64_t gfn, uint32_t flags,
              grant_handle_t *handle);
/* One unmap_grant_ref from m of `handle` at gfn: the op's status. */
int gshim_unmap(struct gshim_dom *m, uint64_t gfn, grant_handle_t handle);

/* Free frames plus idle heap pages: back to the same value once everything is released. */
unsigned long gshim_free_memory(void);

#endif /* TESTS_UNIT_GRANT_SHIM_H */
