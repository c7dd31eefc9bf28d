/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1 (guest-abi.md 5.1-5.3): how one domain lets another map or copy one
 * of its pages. Arch-neutral; it reaches memory and the p2m only through the hooks declared in
 * the section "Provided by the domain/arch layer" below.
 *
 * The shared entries live in hypervisor-owned frames that the granting guest maps into its own
 * physmap and writes at any time: every word read from them is hostile. The hypervisor changes
 * only GTF_reading and GTF_writing, always with atomic operations on the whole flags/domid word,
 * and re-checks type, grantee and read-only permission in the same compare-and-swap that sets
 * them, so a granter revoking concurrently either wins (the map or copy fails) or finds the
 * entry in use (its own compare-and-swap fails, as Linux expects).
 *
 * Files: grant-table.c (per-domain state, the entry state machine, lifetime, the small
 * operations and the hypercall entry point), grant-map.c (map/unmap and the maptrack),
 * grant-copy.c (GNTTABOP_copy).
 *
 * Reference counting. Every mapping (maptrack entry) and every copy in progress holds its own
 * reference on the granted frame, taken with gnttab_get_page() and dropped with
 * gnttab_put_page(), so a granted frame is never freed or reused while anything can reach it.
 * The active entry of a grant only counts users (pins) to drive GTF_reading/GTF_writing.
 *
 * Domain lifetime rule (the `users` count). A grant operation that works on another domain's
 * table holds that domain through gnttab_domain_get()/gnttab_domain_put(), never longer than one
 * operation (or one batch, for copies) and never across a wait for another CPU. Lookup and count
 * happen under one global lock that gnttab_domain_teardown() also takes to set `dying`, after
 * which it waits for the count to drain; so once teardown has begun no new user appears, and it
 * finishes only when no CPU is still inside the domain's table. A mapping made by domain M of a
 * grant of domain D names D by id and by D's table `instance`, not by pointer: when M unmaps
 * after D is gone (or after the id was reused), M just removes its p2m entry and drops its page
 * reference; D's frames stay referenced until then.
 *
 * Locks: grant_table.lock (frames, active entries), grant_table.maptrack_lock (maptrack), and the
 * global lookup lock. No path holds two grant-table locks at once: a map pins the granter's
 * entry, releases that lock, then records the handle under its own maptrack lock. Should a path
 * ever need two, it must take them in increasing domain id order. Hooks called with
 * grant_table.lock held (gnttab_get_page) may take p2m locks but never grant locks. None of these
 * locks is taken in IRQ context.
 */
#ifndef HV_GRANT_TABLE_H
#define HV_GRANT_TABLE_H

#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/spinlock.h>
#include <hv/types.h>
#include <public/grant_table.h>

struct domain;
struct vcpu;

/* 512 v1 entries of 8 bytes per 4 KiB table frame. */
#define GNTTAB_ENTRIES_PER_FRAME ((unsigned int)(PAGE_SIZE / sizeof(struct grant_entry_v1)))
/* Xen's default for a domU: 64 frames, 32768 grant references. */
#define GNTTAB_DEFAULT_MAX_FRAMES 64
/* Largest max_frames gnttab_domain_init() accepts (4 Mi references). */
#define GNTTAB_MAX_FRAMES_LIMIT 8192
/* Mappings a domain may hold at once, by default; each costs 32 bytes of hypervisor heap. */
#define GNTTAB_DEFAULT_MAX_MAPTRACK (128U * 1024)
/* Largest max_maptrack gnttab_domain_init() accepts. */
#define GNTTAB_MAX_MAPTRACK_LIMIT (1024U * 1024)
/* A table frame not mapped in its domain's physmap (also what setup_table reports for it). */
#define GNTTAB_NO_GFN (~(uint64_t)0)

struct gnttab_active;   /* Per-entry pin counts (grant-table.c). */
struct gnttab_maptrack; /* One mapping made by this domain (grant-map.c). */

/* One frame of the shared table. */
struct gnttab_frame {
    mfn_t mfn;                    /* The shared entries; the table holds one reference. */
    uint64_t gfn;                 /* Where the guest mapped it, or GNTTAB_NO_GFN. */
    struct gnttab_active *active; /* GNTTAB_ENTRIES_PER_FRAME entries, one page. */
};

/*
 * All grant state of one domain, both as granter (its table) and as mapper (its maptrack).
 * Embedded in struct domain; zero-filled before gnttab_domain_init().
 */
struct grant_table {
    spinlock_t lock;             /* Protects frames[], nr_frames and every active entry. */
    unsigned int nr_frames;      /* Frames in use; never shrinks. */
    unsigned int max_frames;     /* Limit for nr_frames (query_size reports it). */
    struct gnttab_frame *frames; /* max_frames slots, the first nr_frames filled. */

    spinlock_t maptrack_lock;          /* Protects everything below up to `users`. */
    struct gnttab_maptrack **maptrack; /* Chunks of entries; allocated on first map. */
    unsigned int maptrack_nr;          /* Entries in allocated chunks; handles below it. */
    unsigned int maptrack_max;         /* Limit for maptrack_nr (rounded up to a chunk). */
    unsigned int maptrack_free;        /* Head of the free list, or ~0U. */
    unsigned int maptrack_in_use;      /* Entries not on the free list. */

    unsigned int users; /* Operations of other CPUs inside this table (see the rule above). */
    bool dying;         /* Set by gnttab_domain_teardown(); no new user after it. */
    uint64_t instance;  /* Unique over the hypervisor's life; names this table in maptracks. */
};

/* ---- The module's interface ---- */

/*
 * Set up d's grant state with the first table frame allocated (query_size then reports one
 * frame, as Xen does). `max_frames` and `max_maptrack` of 0 mean the defaults above.
 * Returns 0, -EINVAL (a limit out of range) or -ENOMEM (nothing is left allocated).
 * Pre: the grant_table of d is zero-filled. Context: domain creation.
 */
int gnttab_domain_init(struct domain *d, unsigned int max_frames, unsigned int max_maptrack);

/*
 * Release all of d's grant state: new operations on d's table fail from now on; waits until
 * other CPUs' operations on it are done; undoes every mapping d made of other domains' grants
 * (p2m entry removed, granter's entry unpinned, page reference dropped); drops the table's
 * references on its frames. Mappings other domains made of d's grants stay valid and keep
 * d's frames referenced until they unmap or die. Safe on a zero-filled or half-initialised
 * grant_table. Pre: no vCPU of d will run again; d's p2m still exists (call it before the arch
 * tears the p2m down); domain_by_id() may or may not still find d. Context: domain
 * destruction, with no lock held and interrupts enabled (it spins until other CPUs' grant
 * operations on d end, and those may take domain, p2m and allocator locks), not IRQ.
 */
void gnttab_domain_teardown(struct domain *d);

/*
 * The machine frame of table frame `idx` of d, growing the table to idx + 1 frames first if
 * needed (XENMAPSPACE_grant_table: Linux maps the highest index first, so one call grows it
 * once). Returns INVALID_MFN when idx >= max_frames or memory ran out. The frame belongs to the
 * hypervisor (owner NULL), so gnttab_get_page() never hands it out as granted RAM; mapping it in
 * d's own physmap (P2M_RAM_RW) needs no reference of its own, because the table's reference
 * lasts until gnttab_domain_teardown(), when d can no longer run. Context: any but IRQ.
 */
mfn_t gnttab_frame_mfn(struct domain *d, unsigned int idx);

/*
 * Record that d's table frame `idx` is now mapped at `gfn` in d's physmap (GNTTAB_NO_GFN when
 * unmapped), and return the gfn it was recorded at before, so the caller can remove that older
 * mapping (a frame appears at one gfn at a time, as in Xen). Returns GNTTAB_NO_GFN and records
 * nothing when idx is not below nr_frames. Context: any but IRQ.
 */
uint64_t gnttab_frame_set_gfn(struct domain *d, unsigned int idx, uint64_t gfn);

/*
 * Write entry `ref` of d's table as a granting guest would (frame, domid, barrier, flags):
 * `grantee` may map or copy d's frame `gfn`, read-only if `readonly`. For the domain builder's
 * reserved entries (GNTTAB_RESERVED_CONSOLE, GNTTAB_RESERVED_XENSTORE). Grows the table as
 * needed. Returns 0, -EINVAL (ref beyond max_frames, or gfn does not fit the v1 frame field) or
 * -ENOMEM. Pre: d has not started. Context: domain build.
 */
int gnttab_seed_entry(struct domain *d, grant_ref_t ref, domid_t grantee, uint64_t gfn,
                      bool readonly);

/*
 * Hypercall 20, grant_table_op(cmd, uop, count) for the calling vCPU `v`: args[0] = cmd,
 * args[1] = guest-virtual address of `count` op structures, args[2] = count. Returns 0 when
 * the array was processed (per-op results in each `status`), -EINVAL / -EFAULT / -ENOSYS /
 * -ESRCH / -EPERM as Xen does, or -ERESTART after updating args[1] and args[2] to the ops not
 * yet done (map, unmap and copy check hypercall_preempt_check() between ops). Pre: v is the
 * current vCPU. Context: hypercall.
 */
long do_grant_table_op(struct vcpu *v, unsigned long *args);

/* ---- Provided by the domain/arch layer (implemented outside this module) ---- */

/* The grant state embedded in d: `return &d->grant_table;`. Context: any. */
struct grant_table *domain_grant_table(struct domain *d);

/*
 * Translate gfn of d to the machine frame behind it and take one reference on that frame
 * (page_info.count). Only d's own RAM qualifies: the frame must be owned by d and mapped as
 * P2M_RAM_RW (or P2M_RAM_RO when !write); holes, MMIO, grant and foreign mappings, and frames d
 * does not own (its grant-table frames included) do not. Returns 0 with *mfn set, -ENOENT when
 * gfn is not d's RAM, -EACCES when `write` and the frame is read-only to d. Context: hypercall,
 * possibly with grant_table.lock of d held; may take p2m locks; must not wait for other CPUs.
 */
int gnttab_get_page(struct domain *d, uint64_t gfn, bool write, mfn_t *mfn);

/*
 * Drop one reference on mfn (from gnttab_get_page(), or the table's own on its frames, which
 * this module allocated with alloc_pages() and gave count 1, owner NULL). When the count
 * reaches zero the frame goes back to the allocator: an owning domain's own reference counts
 * as one while it lives, so a domain's destruction must drop that reference and free only the
 * frames whose count reached zero, leaving granted-and-mapped frames to their last
 * gnttab_put_page(). Context: any but IRQ; must not wait for other CPUs.
 */
void gnttab_put_page(mfn_t mfn);

/*
 * Map mfn at gfn in d's p2m as P2M_GRANT_MAP_RO (readonly) or P2M_GRANT_MAP_RW. Takes no page
 * reference (the caller holds one for as long as the entry exists). Returns 0, -EBUSY when gfn
 * already maps something (RAM included: the guest picks holes), -EINVAL beyond d's
 * guest-physical address space, or -ENOMEM. Context: hypercall, no grant lock held.
 */
int gnttab_p2m_map(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly);

/*
 * Remove the grant mapping at gfn of d if it maps `expected` (either grant type). On success
 * no vCPU of d can reach `expected` through gfn any more: TLBs that may cache the translation
 * have been flushed before returning, because the caller then drops the page reference.
 * Returns 0, or -ENOENT (gfn holds anything else; nothing changed). The rest of the p2m layer
 * must refuse to replace or remove P2M_GRANT_MAP_* entries, so they only go through here.
 * Context: hypercall or domain destruction, no grant lock held.
 */
int gnttab_p2m_unmap(struct domain *d, uint64_t gfn, mfn_t expected);

/*
 * Also used, as declared elsewhere: domain_by_id() (hv/domain.h), alloc_pages()/free_pages()
 * (hv/page-alloc.h), mfn_to_virt() (hv/mm.h), xmalloc (hv/xmalloc.h), copy_from_guest()/
 * copy_to_guest() (hv/guest-access.h), hypercall_preempt_check() (hv/hypercall.h).
 */

/* ---- Internal to hv/common/grant-*.c ---- */

/*
 * Find domain `id` and hold it as a user of its grant table (the lifetime rule above);
 * DOMID_SELF means the caller when allow_self. Returns GNTST_okay with *d set, or
 * GNTST_bad_domain (no such live domain, or its table is being torn down).
 */
int gnttab_domain_get(struct domain *caller, domid_t id, bool allow_self, struct domain **d);

/* As gnttab_domain_get(), but NULL unless the domain's table is still `instance`. */
struct domain *gnttab_domain_get_instance(domid_t id, uint64_t instance);

/* End a hold from gnttab_domain_get() or gnttab_domain_get_instance(). */
void gnttab_domain_put(struct domain *d);

/*
 * Pin entry `ref` of rd's table for domain `user`: check the entry (v1 type permit_access,
 * grantee `user`, GTF_readonly clear unless readonly, GTF_sub_page clear for a map), set
 * GTF_reading (and GTF_writing unless readonly), and take a page reference on the granted
 * frame, returned in *mfn. Returns GNTST_okay, GNTST_bad_gntref (ref beyond the table),
 * GNTST_general_error (not granted to user, read-only, pinned by another domain, entry unstable)
 * or GNTST_bad_page (frame not rd's RAM). Pre: rd held with gnttab_domain_get().
 */
int gnttab_pin(struct domain *rd, grant_ref_t ref, domid_t user, bool readonly, bool map,
               mfn_t *mfn);

/*
 * Undo one gnttab_pin() (not its page reference: the caller drops that after its last access),
 * clearing GTF_writing/GTF_reading when the last writer/user goes. Pre: rd held; the pin exists.
 */
void gnttab_unpin(struct domain *rd, grant_ref_t ref, domid_t user, bool readonly);

/* The GNTST_* code for an error of gnttab_get_page(), as Xen's get_paged_frame() reports it. */
static inline int gnttab_page_status(int rc)
{
    return rc == -ENOENT ? GNTST_bad_page : GNTST_general_error;
}

/*
 * `idx` when idx < nr, else 0, computed without a branch: a guest-chosen index used after a
 * bounds check that the CPU mispredicts still cannot reach beyond the array (Spectre v1).
 */
static inline unsigned int gnttab_index_nospec(unsigned int idx, unsigned int nr)
{
    /* The sign of idx - nr in 64 bits, spread over all bits: all ones exactly when idx < nr. */
    uint64_t mask = (uint64_t)((int64_t)((uint64_t)idx - nr) >> 63);

    return idx & (unsigned int)mask;
}

/*
 * The batched operations, for do_grant_table_op(): process up to `count` ops at guest-virtual
 * `uop`. Return how many were done (fewer than count only when preempted, and at least one),
 * or -EFAULT when an op could not be read or its result not written (earlier ops stay done).
 */
long gnttab_map_batch(struct vcpu *v, uint64_t uop, unsigned int count);
long gnttab_unmap_batch(struct vcpu *v, uint64_t uop, unsigned int count);
long gnttab_copy_batch(struct vcpu *v, uint64_t uop, unsigned int count);

/*
 * Undo every mapping d still holds and free its maptrack, for gnttab_domain_teardown().
 * Pre: no vCPU of d runs (so no map or unmap of d is in flight).
 */
void gnttab_maptrack_release(struct domain *d);

#endif /* HV_GRANT_TABLE_H */
