/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Nested page tables. Guest accesses through NPT are treated as user accesses, so every entry
 * on the path has the U bit (AMD APM vol. 2, 15.25.5); execute permission is left to the guest
 * (no NX) for RAM, denied for device memory.
 *
 * Locking: p2m.lock serialises updates. The hardware walks the tables concurrently, so entries
 * are written whole, and a table is linked only after it is filled.
 */
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/string.h>
#include <asm/p2m.h>
#include <asm/system.h>

#define NPT_P          (1ULL << 0)
#define NPT_RW         (1ULL << 1)
#define NPT_US         (1ULL << 2)
#define NPT_PWT        (1ULL << 3)
#define NPT_PCD        (1ULL << 4)
#define NPT_PS         (1ULL << 7)
#define NPT_NX         (1ULL << 63)
#define NPT_ADDR       0x000ffffffffff000ULL
#define NPT_TYPE_SHIFT 52
#define NPT_TYPE_MASK  (0xfULL << NPT_TYPE_SHIFT)
#define NPT_TABLE      (NPT_P | NPT_RW | NPT_US)
#define GFN_BITS       36 /* 48-bit guest-physical addresses. */

static uint64_t *table_of(const struct p2m *p2m, mfn_t mfn)
{
    return p2m->ops->map_table(mfn);
}

static unsigned int index_at(gfn_t gfn, unsigned int level)
{
    return (unsigned int)(gfn_x(gfn) >> (9 * (level - 1))) & 511;
}

static enum p2m_type entry_type(uint64_t e)
{
    return (e & NPT_P) ? (enum p2m_type)((e & NPT_TYPE_MASK) >> NPT_TYPE_SHIFT) : P2M_INVALID;
}

static uint64_t make_leaf(mfn_t mfn, enum p2m_type t, unsigned int level)
{
    uint64_t e =
        ((uint64_t)mfn_x(mfn) << PAGE_SHIFT) | NPT_P | NPT_US | ((uint64_t)t << NPT_TYPE_SHIFT);

    if (t == P2M_RAM_RW || t == P2M_GRANT_MAP_RW || t == P2M_FOREIGN || t == P2M_MMIO) {
        e |= NPT_RW;
    }
    if (t == P2M_MMIO) {
        e |= NPT_PCD | NPT_PWT | NPT_NX;
    }
    if (level > 1) {
        e |= NPT_PS;
    }
    return e;
}

static mfn_t new_table(struct p2m *p2m)
{
    mfn_t mfn = p2m->ops->alloc_table(p2m->ops_ctx);

    if (!mfn_eq(mfn, INVALID_MFN)) {
        p2m->nr_tables++;
    }
    return mfn;
}

/* Replace a large leaf by a table of 512 smaller leaves covering the same frames. */
static int split_leaf(struct p2m *p2m, uint64_t *entry, unsigned int level)
{
    mfn_t table = new_table(p2m);
    uint64_t *t, old = *entry;
    enum p2m_type type = entry_type(old);
    unsigned long base = (unsigned long)((old & NPT_ADDR) >> PAGE_SHIFT);
    unsigned long step = 1UL << (9 * (level - 2));

    if (mfn_eq(table, INVALID_MFN)) {
        return -ENOMEM;
    }
    t = table_of(p2m, table);
    for (unsigned int i = 0; i < 512; i++) {
        t[i] = make_leaf(_mfn(base + i * step), type, level - 1);
    }
    smp_wmb();
    *entry = ((uint64_t)mfn_x(table) << PAGE_SHIFT) | NPT_TABLE;
    return 0;
}

/*
 * The entry for `gfn` at `level` (1 = 4 KiB leaf), creating tables (and splitting larger
 * leaves) on the way when `create`. NULL when absent and !create, or out of memory.
 */
static uint64_t *walk(struct p2m *p2m, gfn_t gfn, unsigned int level, bool create)
{
    uint64_t *table = table_of(p2m, p2m->root);

    for (unsigned int l = 4; l > level; l--) {
        uint64_t *e = &table[index_at(gfn, l)];

        if (!(*e & NPT_P)) {
            mfn_t mfn;

            if (!create || mfn_eq(mfn = new_table(p2m), INVALID_MFN)) {
                return NULL;
            }
            *e = ((uint64_t)mfn_x(mfn) << PAGE_SHIFT) | NPT_TABLE;
        } else if (*e & NPT_PS) {
            if (!create || split_leaf(p2m, e, l)) {
                return NULL;
            }
        }
        table = table_of(p2m, _mfn((unsigned long)((*e & NPT_ADDR) >> PAGE_SHIFT)));
    }
    return &table[index_at(gfn, level)];
}

/* Free a table and everything below it; tables nest at most three deep under the root. */
static void free_tables(struct p2m *p2m, mfn_t mfn, unsigned int level)
{
    uint64_t *t = table_of(p2m, mfn);

    for (unsigned int i = 0; level > 1 && i < 512; i++) {
        if ((t[i] & NPT_P) && !(t[i] & NPT_PS)) {
            mfn_t child = _mfn((unsigned long)((t[i] & NPT_ADDR) >> PAGE_SHIFT));

            if (level == 2) {
                p2m->ops->free_table(p2m->ops_ctx, child);
                p2m->nr_tables--;
            } else {
                free_tables(p2m, child, level - 1);
            }
        }
    }
    p2m->ops->free_table(p2m->ops_ctx, mfn);
    p2m->nr_tables--;
}

int p2m_init(struct p2m *p2m, const struct p2m_table_ops *ops, void *ctx)
{
    spin_lock_init(&p2m->lock);
    p2m->ops = ops;
    p2m->ops_ctx = ctx;
    p2m->nr_tables = 0;
    p2m->generation = 0;
    p2m->root = new_table(p2m);
    return mfn_eq(p2m->root, INVALID_MFN) ? -ENOMEM : 0;
}

void p2m_teardown(struct p2m *p2m)
{
    if (!mfn_eq(p2m->root, INVALID_MFN)) {
        free_tables(p2m, p2m->root, 4);
        p2m->root = INVALID_MFN;
    }
    ASSERT(p2m->nr_tables == 0);
}

static bool valid_request(gfn_t gfn, unsigned long mfn, unsigned int order)
{
    unsigned long mask = (1UL << order) - 1;

    if (order != P2M_ORDER_4K && order != P2M_ORDER_2M && order != P2M_ORDER_1G) {
        return false;
    }
    return !(gfn_x(gfn) & mask) && !(mfn & mask) && gfn_x(gfn) < (1UL << GFN_BITS);
}

static int update(struct p2m *p2m, gfn_t gfn, uint64_t new, unsigned int order)
{
    unsigned int level = order / 9 + 1;
    unsigned long flags = spin_lock_irqsave(&p2m->lock);
    uint64_t *e = walk(p2m, gfn, level, true);
    int rc = -ENOMEM;

    if (e) {
        uint64_t old = *e;

        if ((old & NPT_P) && !(old & NPT_PS) && level > 1) {
            free_tables(p2m, _mfn((unsigned long)((old & NPT_ADDR) >> PAGE_SHIFT)), level - 1);
        }
        *e = new;
        if (old & NPT_P) {
            p2m->generation++; /* Guests may hold the old translation in their TLBs. */
        }
        rc = 0;
    }
    spin_unlock_irqrestore(&p2m->lock, flags);
    return rc;
}

int p2m_set_entry(struct p2m *p2m, gfn_t gfn, mfn_t mfn, unsigned int order, enum p2m_type t)
{
    if (!valid_request(gfn, mfn_x(mfn), order) || t == P2M_INVALID || t >= P2M_NR_TYPES) {
        return -EINVAL;
    }
    return update(p2m, gfn, make_leaf(mfn, t, order / 9 + 1), order);
}

int p2m_remove(struct p2m *p2m, gfn_t gfn, unsigned int order)
{
    if (!valid_request(gfn, 0, order)) {
        return -EINVAL;
    }
    return update(p2m, gfn, 0, order);
}

mfn_t p2m_lookup(struct p2m *p2m, gfn_t gfn, enum p2m_type *t, unsigned int *order)
{
    unsigned long flags = spin_lock_irqsave(&p2m->lock);
    uint64_t *table = table_of(p2m, p2m->root), e = 0;
    unsigned int l = 4;
    mfn_t mfn = INVALID_MFN;

    *t = P2M_INVALID;
    if (gfn_x(gfn) >= (1UL << GFN_BITS)) {
        goto out;
    }
    for (;; l--) {
        e = table[index_at(gfn, l)];
        if (!(e & NPT_P) || (e & NPT_PS) || l == 1) {
            break;
        }
        table = table_of(p2m, _mfn((unsigned long)((e & NPT_ADDR) >> PAGE_SHIFT)));
    }
    if (e & NPT_P) {
        unsigned long within = gfn_x(gfn) & ((1UL << (9 * (l - 1))) - 1);

        mfn = _mfn((unsigned long)((e & NPT_ADDR) >> PAGE_SHIFT) + within);
        *t = entry_type(e);
        if (order) {
            *order = 9 * (l - 1);
        }
    }
out:
    spin_unlock_irqrestore(&p2m->lock, flags);
    return mfn;
}

int p2m_replace_if(struct p2m *p2m, gfn_t gfn, unsigned int types, mfn_t expect, mfn_t mfn,
                   enum p2m_type t, mfn_t *old)
{
    unsigned long flags;
    uint64_t *e, cur;
    int rc = -EBUSY;

    if (!valid_request(gfn, t == P2M_INVALID ? 0 : mfn_x(mfn), P2M_ORDER_4K) || t >= P2M_NR_TYPES) {
        return -EINVAL;
    }
    flags = spin_lock_irqsave(&p2m->lock);
    e = walk(p2m, gfn, 1, true); /* Splits a large mapping around gfn; its frames stay mapped. */
    if (!e) {
        rc = -ENOMEM;
        goto out;
    }
    cur = *e;
    *old = (cur & NPT_P) ? _mfn((unsigned long)((cur & NPT_ADDR) >> PAGE_SHIFT)) : INVALID_MFN;
    if (!(types & (1U << entry_type(cur))) ||
        (!mfn_eq(expect, INVALID_MFN) && !mfn_eq(expect, *old))) {
        goto out;
    }
    *e = t == P2M_INVALID ? 0 : make_leaf(mfn, t, 1);
    if (cur & NPT_P) {
        p2m->generation++;
    }
    rc = 0;
out:
    spin_unlock_irqrestore(&p2m->lock, flags);
    return rc;
}

int p2m_change_type(struct p2m *p2m, gfn_t gfn, enum p2m_type from, enum p2m_type to)
{
    enum p2m_type t;
    mfn_t mfn = p2m_lookup(p2m, gfn, &t, NULL);

    if (t != from || to == P2M_INVALID || to >= P2M_NR_TYPES) {
        return -EINVAL;
    }
    return p2m_set_entry(p2m, gfn, mfn, P2M_ORDER_4K, to);
}
