/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m: a domain's guest-physical to machine map, kept in the nested page table format
 * the hardware walks (AMD NPT: long-mode 4-level tables; AMD APM vol. 2, 15.25.5). An entry's
 * type lives in bits the hardware ignores (52-55), so the same table answers "what is this
 * gfn" for the hypervisor and translates for the CPU.
 */
#ifndef X86_P2M_H
#define X86_P2M_H

#include <hv/page-alloc.h>
#include <hv/spinlock.h>
#include <hv/types.h>

enum p2m_type {
    P2M_INVALID = 0,  /* Not present. */
    P2M_RAM_RW,       /* The domain's own RAM. */
    P2M_RAM_RO,       /* The domain's own RAM, read-only to the guest. */
    P2M_GRANT_MAP_RW, /* Another domain's page, mapped through a grant. */
    P2M_GRANT_MAP_RO,
    P2M_FOREIGN, /* Another domain's page, mapped by a privileged domain. */
    P2M_MMIO,    /* Device memory (uncached). */
    P2M_NR_TYPES,
};

#define P2M_ORDER_4K 0
#define P2M_ORDER_2M 9
#define P2M_ORDER_1G 18

/* Allocator for page-table pages, so host unit tests can supply a fake one. */
struct p2m_table_ops {
    mfn_t (*alloc_table)(void *ctx); /* A zeroed frame, or INVALID_MFN. */
    void (*free_table)(void *ctx, mfn_t mfn);
    void *(*map_table)(mfn_t mfn); /* Address through which to edit the frame. */
};

struct p2m {
    spinlock_t lock;
    mfn_t root; /* Top-level table; its address is the nested CR3. */
    const struct p2m_table_ops *ops;
    void *ops_ctx;
    unsigned long nr_tables;  /* Table frames in use, the root included. */
    unsigned long generation; /* Bumped when a translation is removed or weakened. */
};

/* The allocator backing real domains' tables (hypervisor heap frames). */
extern const struct p2m_table_ops p2m_default_ops;

/* Create an empty p2m. Returns 0 or -ENOMEM. */
int p2m_init(struct p2m *p2m, const struct p2m_table_ops *ops, void *ctx);

/* Free every table frame (not the frames they map: those belong to their owners). */
void p2m_teardown(struct p2m *p2m);

/*
 * Map 2^order guest frames from `gfn` to machine frames from `mfn` with type `t`
 * (order 0, 9 or 18; both frame numbers aligned to the order). Replaces what was there,
 * splitting a larger mapping when needed. Returns 0, -EINVAL (alignment, order, type, address
 * beyond the 48-bit guest-physical space) or -ENOMEM.
 */
int p2m_set_entry(struct p2m *p2m, gfn_t gfn, mfn_t mfn, unsigned int order, enum p2m_type t);

/* Make 2^order frames from `gfn` not present. Same errors as p2m_set_entry(). */
int p2m_remove(struct p2m *p2m, gfn_t gfn, unsigned int order);

/*
 * Translate one frame. Returns its machine frame and stores the type in *t (P2M_INVALID and
 * INVALID_MFN when not mapped). `order`, if non-NULL, gets the size of the mapping found.
 */
mfn_t p2m_lookup(struct p2m *p2m, gfn_t gfn, enum p2m_type *t, unsigned int *order);

/*
 * Compare and replace one 4 KiB translation, atomically with respect to every other p2m
 * operation: when gfn's current type is in `types` (a mask of 1 << enum p2m_type, where
 * 1 << P2M_INVALID matches "nothing mapped") and, unless `expect` is INVALID_MFN, it maps
 * `expect`, it becomes mfn with type t (P2M_INVALID removes it). *old gets the frame that was
 * there (INVALID_MFN if none) in every case but -EINVAL. A larger mapping around gfn is split
 * first. Returns 0, -EBUSY (no match; nothing changed), -EINVAL or -ENOMEM.
 */
int p2m_replace_if(struct p2m *p2m, gfn_t gfn, unsigned int types, mfn_t expect, mfn_t mfn,
                   enum p2m_type t, mfn_t *old);
#define P2M_TYPE_BIT(t) (1U << (t))

/* Change the type of a mapped 4 KiB frame from `from` to `to`. -EINVAL if it was not `from`. */
int p2m_change_type(struct p2m *p2m, gfn_t gfn, enum p2m_type from, enum p2m_type to);

#endif /* X86_P2M_H */
