/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory access: a software walk of the guest's page tables (non-paged, 32-bit,
 * PAE and 4-level long mode; AMD APM vol. 2, chapter 5) followed by the p2m. Accessed and
 * dirty bits are not set: the hypervisor reads hypercall arguments the guest just wrote.
 */
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/mm.h>
#include <hv/string.h>
#include <asm/hvm/hvm.h>
#include <asm/page.h>
#include <asm/processor.h>

#define PTE_P        (1ULL << 0)
#define PTE_RW       (1ULL << 1)
#define PTE_US       (1ULL << 2)
#define PTE_PS       (1ULL << 7)
#define PTE_NX       (1ULL << 63)
#define CR4_PSE      (1ULL << 4)
#define CR4_LA57     (1ULL << 12)
#define EFER_LMA_BIT (1ULL << 10)
#define EFER_NXE_BIT (1ULL << 11)

enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_FETCH };

/* A direct-map pointer to guest-physical `gpa` of `d`, valid to the end of its page. */
static void *gpa_ptr(struct domain *d, uint64_t gpa, bool write)
{
    enum p2m_type t;
    mfn_t mfn = p2m_lookup(&d->arch.p2m, _gfn((unsigned long)(gpa >> PAGE_SHIFT)), &t, NULL);

    if (t != P2M_RAM_RW && !(t == P2M_RAM_RO && !write)) {
        return NULL;
    }
    return (char *)maddr_to_virt(mfn_to_paddr(mfn)) + (gpa & (PAGE_SIZE - 1));
}

static bool read_pte(struct domain *d, uint64_t gpa, bool wide, uint64_t *pte)
{
    const void *p = gpa_ptr(d, gpa, false);

    if (!p) {
        return false;
    }
    *pte = wide ? *(const volatile uint64_t *)p : *(const volatile uint32_t *)p;
    return true;
}

struct walk_shape {
    unsigned int levels; /* 2 (32-bit), 3 (PAE) or 4 (long mode). */
    bool wide;           /* 8-byte entries. */
    uint64_t addr_mask;  /* Frame-address bits of an entry. */
};

static bool shape_of(const struct hvm_guest_mode *m, struct walk_shape *s)
{
    if (m->efer & EFER_LMA_BIT) {
        *s = (struct walk_shape){4, true, 0x000ffffffffff000ULL};
        return !(m->cr4 & CR4_LA57); /* 5-level paging is not offered to guests. */
    }
    if (m->cr4 & X86_CR4_PAE) {
        *s = (struct walk_shape){3, true, 0x000ffffffffff000ULL};
    } else {
        *s = (struct walk_shape){2, false, 0xfffff000ULL};
    }
    return true;
}

static unsigned int index_bits(const struct walk_shape *s, unsigned int level)
{
    return s->wide ? 12 + 9 * (level - 1) : 12 + 10 * (level - 1);
}

static bool permitted(uint64_t rw, uint64_t us, uint64_t nx, enum access a,
                      const struct hvm_guest_mode *m)
{
    if (a == ACCESS_WRITE && !rw && (m->cr0 & X86_CR0_WP)) {
        return false;
    }
    if (a == ACCESS_FETCH && nx && (m->efer & EFER_NXE_BIT)) {
        return false;
    }
    (void)us; /* Supervisor accesses may touch user pages (SMAP is not offered). */
    return true;
}

static bool is_leaf(const struct walk_shape *s, unsigned int level, uint64_t pte,
                    const struct hvm_guest_mode *m)
{
    if (level == 1) {
        return true;
    }
    if (!(pte & PTE_PS)) {
        return false;
    }
    /* Large pages: 2/4 MiB at level 2 (4 MiB needs CR4.PSE), 1 GiB at level 3 in long mode. */
    return level == 2 ? (s->wide || (m->cr4 & CR4_PSE)) : (level == 3 && s->levels == 4);
}

/* The guest-physical address `gva` reaches through a leaf entry found at `level`. */
static uint64_t leaf_address(const struct walk_shape *s, unsigned int level, uint64_t pte,
                             uint64_t gva)
{
    unsigned int covered = index_bits(s, level);
    uint64_t base;

    if (level == 1) {
        base = pte & s->addr_mask;
    } else if (s->wide) {
        base = pte & s->addr_mask & ~((1ULL << covered) - 1);
    } else {
        /* A 4 MiB page: address bits 32-39 live in entry bits 13-20 (PSE-36). */
        base = (pte & 0xffc00000ULL) | ((pte & 0x1fe000ULL) << 19);
    }
    return base | (gva & ((1ULL << covered) - 1));
}

static uint64_t entry_index(const struct walk_shape *s, unsigned int level, uint64_t gva)
{
    if (s->levels == 3 && level == 3) {
        return (gva >> 30) & 3; /* The four PAE PDPTEs. */
    }
    return (gva >> index_bits(s, level)) & (s->wide ? 511 : 1023);
}

static bool address_fits(const struct walk_shape *s, uint64_t gva)
{
    if (s->levels == 4) {
        return (uint64_t)((int64_t)(gva << 16) >> 16) == gva; /* Canonical. */
    }
    return gva <= 0xffffffffULL;
}

/* Translate `gva` with the permissions of a supervisor access `a`; false on any fault. */
static bool translate(struct vcpu *v, uint64_t gva, enum access a, uint64_t *gpa)
{
    struct hvm_guest_mode m;
    struct walk_shape s;
    uint64_t table, pte = 0, rw = PTE_RW, us = PTE_US, nx = 0;

    hvm_funcs->get_mode(v, &m);
    if (!(m.cr0 & X86_CR0_PG)) {
        *gpa = gva;
        return gva <= 0xffffffffULL;
    }
    if (!shape_of(&m, &s) || !address_fits(&s, gva)) {
        return false;
    }
    table = m.cr3 & (s.levels == 3 ? 0xffffffe0ULL : s.addr_mask);
    for (unsigned int level = s.levels; level >= 1; level--) {
        uint64_t at = table + entry_index(&s, level, gva) * (s.wide ? 8 : 4);

        if (!read_pte(v->domain, at, s.wide, &pte) || !(pte & PTE_P)) {
            return false;
        }
        if (!(s.levels == 3 && level == 3)) { /* PAE PDPTEs carry no permissions. */
            rw &= pte;
            us &= pte;
            nx |= pte & PTE_NX;
        }
        if (is_leaf(&s, level, pte, &m)) {
            if (!permitted(rw, us, nx, a, &m)) {
                return false;
            }
            *gpa = leaf_address(&s, level, pte, gva);
            return true;
        }
        table = pte & s.addr_mask;
    }
    return false;
}

/* What one page-sized step of a copy does with the guest bytes. */
enum copy_op { COPY_IN, COPY_OUT, COPY_ZERO };

/*
 * The one copy loop: page by page, `v`'s virtual addresses translated through its page tables
 * (when `v` is given) and then the p2m of `d`.
 */
static int copy_guest(struct domain *d, struct vcpu *v, void *buf, uint64_t addr, size_t len,
                      enum copy_op op, enum access a)
{
    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (addr & (PAGE_SIZE - 1)));
        uint64_t gpa = addr;
        struct page_info *pg;
        void *p;

        if ((v && !translate(v, addr, a, &gpa)) || !(p = gpa_ptr(d, gpa, op != COPY_IN))) {
            return -EFAULT;
        }
        /* Held during the copy: another vCPU of d may be giving the page back meanwhile. */
        pg = mfn_to_page(virt_to_mfn(p));
        if (!page_get(pg, d)) {
            return -EFAULT;
        }
        if (op == COPY_OUT) {
            memcpy(p, buf, chunk);
        } else if (op == COPY_IN) {
            memcpy(buf, p, chunk);
        } else {
            memset(p, 0, chunk);
        }
        page_put(pg);
        if (buf) {
            buf = (char *)buf + chunk;
        }
        addr += chunk;
        len -= chunk;
    }
    return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
    return copy_guest(v->domain, v, dst, gva, len, COPY_IN, ACCESS_READ);
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
    return copy_guest(v->domain, v, (void *)src, gva, len, COPY_OUT, ACCESS_WRITE);
}

size_t fetch_guest_insn(struct vcpu *v, uint8_t *buf, size_t len)
{
    struct hvm_guest_mode m;
    uint64_t addr;
    size_t first;

    hvm_funcs->get_mode(v, &m);
    addr = v->arch.regs.rip + (m.cs_long ? 0 : m.cs_base);
    /* One walk per page: the bytes up to the page end, then (rarely) the rest. */
    first = MIN(len, PAGE_SIZE - (addr & (PAGE_SIZE - 1)));
    if (copy_guest(v->domain, v, buf, addr, first, COPY_IN, ACCESS_FETCH)) {
        return 0;
    }
    if (first < len &&
        copy_guest(v->domain, v, buf + first, addr + first, len - first, COPY_IN, ACCESS_FETCH)) {
        return first;
    }
    return len;
}

int copy_from_gpa(struct domain *d, void *dst, uint64_t gpa, size_t len)
{
    return copy_guest(d, NULL, dst, gpa, len, COPY_IN, ACCESS_READ);
}

int copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, size_t len)
{
    return copy_guest(d, NULL, (void *)src, gpa, len, COPY_OUT, ACCESS_WRITE);
}

int zero_gpa(struct domain *d, uint64_t gpa, size_t len)
{
    return copy_guest(d, NULL, NULL, gpa, len, COPY_ZERO, ACCESS_WRITE);
}
