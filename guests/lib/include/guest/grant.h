/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables v1 from a test kernel (guest-abi.md 5.1-5.3), on both sides: the granter maps
 * its table frames into its physmap and writes entries the way Linux does; the grantee maps
 * (GNTTABOP_map_grant_ref), unmaps and copies. A PVH guest is auto-translated, so every frame
 * number here is a GFN and a mapping's host_addr is a guest-physical address: tests map
 * grants into holes above their RAM, which the framework's identity map already covers (the
 * first 4 GiB), so a mapping at guest-physical address A is read and written at pointer A.
 */
#ifndef GUEST_GRANT_H
#define GUEST_GRANT_H

#include <guest/lib.h>
#include <public/grant_table.h>

/*
 * A status outside Xen's GNTST_* range: the hypercall itself failed (its result is in
 * gnttab_last_rc), so no per-op status was written.
 */
#define GNTST_CALL_FAILED (-100)

/* The result of the last grant_table_op issued by gnttab_map_one or gnttab_unmap_one. */
extern long gnttab_last_rc;

/* grant_table_op(cmd, uop, count): hypercall 20. Returns its result. */
long gnttab_op(unsigned int cmd, void *uop, unsigned int count);

/*
 * Map frames 0..nr_frames-1 of this domain's grant table at consecutive GFNs from the
 * page-aligned guest-physical address `gpa`, highest index first (as Linux does, so the table
 * grows once). Returns the table (the entries at `gpa`), or NULL after a test_error().
 */
struct grant_entry_v1 *gnttab_table_map(uint64_t gpa, unsigned int nr_frames);

/*
 * gnttab_table_map() at the start of the first free 2 MiB-aligned hole above RAM below 4 GiB
 * (memmap_find_hole), where a PVH guest without other overlays can put its table.
 */
struct grant_entry_v1 *gnttab_table_map_hole(unsigned int nr_frames);

/*
 * Let `grantee` map or copy our frame `gfn` through entry `e`, read-only if `readonly`: frame
 * and grantee first, then the flags, so the hypervisor never sees a valid type with stale
 * contents. Pre: the entry is not in use (flags 0).
 */
void gnttab_grant(struct grant_entry_v1 *e, domid_t grantee, uint64_t gfn, bool readonly);

/*
 * Revoke entry `e` as Linux's gnttab_end_foreign_access_ref does: compare-and-swap its flags
 * to 0, but only while neither GTF_reading nor GTF_writing is set. Returns true if revoked,
 * false if the grantee still uses it (the flags are left alone).
 */
bool gnttab_revoke(struct grant_entry_v1 *e);

/* The flags of entry `e` as they are now (the hypervisor changes them under us). */
uint16_t gnttab_flags(const struct grant_entry_v1 *e);

/*
 * Map grant `ref` of domain `dom` at guest-physical `gpa` with GNTMAP_* `flags`. Returns the
 * op's GNTST_* status (GNTST_CALL_FAILED if the hypercall failed); *handle is set on success.
 */
int gnttab_map_one(domid_t dom, grant_ref_t ref, uint64_t gpa, uint32_t flags,
                   grant_handle_t *handle);

/* Unmap `handle`, mapped at `gpa`. Returns the op's status, as gnttab_map_one. */
int gnttab_unmap_one(uint64_t gpa, grant_handle_t handle);

/* The GNTST_* name of `status` ("GNTST_okay"), for messages. */
const char *gntst_name(int status);

#endif /* GUEST_GRANT_H */
