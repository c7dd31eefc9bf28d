/* SPDX-License-Identifier: GPL-2.0-only */
/* Paravirtual helpers for test kernels (guest/pv.h). */
#include <guest/hypercall.h>
#include <guest/pv.h>
#include <guest/traps.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>

uint64_t tsc_ordered(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

long shared_info_map(void *page)
{
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = (uint64_t)page >> PAGE_SHIFT};

    return hypercall_memory_op(XENMEM_add_to_physmap, &a);
}

uint64_t pvclock_ns(const struct vcpu_time_info *t)
{
    uint32_t version;
    uint64_t ns;

    do {
        version = t->version;
        __asm__ __volatile__("" ::: "memory");
        uint64_t d = tsc_ordered() - t->tsc_timestamp;

        d = t->tsc_shift >= 0 ? d << t->tsc_shift : d >> -t->tsc_shift;
        ns = t->system_time + (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >> 32);
        __asm__ __volatile__("" ::: "memory");
    } while ((version & 1) || version != t->version);
    return ns;
}

long upcall_vector_set(unsigned int vector, void (*entry)(void))
{
    struct xen_hvm_param p = {.domid = DOMID_SELF,
                              .index = HVM_PARAM_CALLBACK_IRQ,
                              .value = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | vector};

    idt_set_interrupt_gate(vector, entry);
    return hypercall_hvm_op(HVMOP_set_param, &p);
}
