/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address space identifiers. Each CPU hands out ASIDs 1..n-1 (0 is the host's) in
 * generations: when they run out, the CPU flushes its whole TLB and starts a new generation,
 * which invalidates every vCPU's ASID on that CPU at once (AMD APM vol. 2, 15.16). A vCPU
 * also gets a fresh ASID when it changes CPU and when its domain's p2m lost a translation,
 * which is how stale guest translations leave the TLB.
 */
#include <hv/smp.h>
#include <asm/svm/svm.h>

struct asid_state {
    uint32_t next;
    uint32_t max;
    uint64_t generation;
};

static DEFINE_PER_CPU(struct asid_state, asid_state);

void svm_asid_init_cpu(uint32_t nr_asids)
{
    struct asid_state *s = &this_cpu(asid_state);

    s->max = nr_asids;
    s->next = 1;
    s->generation = 1;
}

void svm_asid_assign(struct vcpu *v)
{
    struct asid_state *s = &this_cpu(asid_state);
    struct svm_vcpu *sv = to_svm(v);
    unsigned long p2m_gen = v->domain->arch.p2m.generation;
    int cpu = (int)smp_processor_id();

    if (sv->last_cpu == cpu && sv->asid_generation == s->generation &&
        v->arch.p2m_generation == p2m_gen) {
        sv->vmcb->tlb_control = TLB_CONTROL_NONE;
        return;
    }
    if (s->next >= s->max) {
        s->generation++;
        s->next = 1;
        sv->vmcb->tlb_control = TLB_CONTROL_FLUSH_ALL;
    } else {
        sv->vmcb->tlb_control = TLB_CONTROL_NONE;
    }
    sv->asid = s->next++;
    sv->asid_generation = s->generation;
    v->arch.p2m_generation = p2m_gen;
    sv->vmcb->guest_asid = sv->asid;
    sv->vmcb->clean_bits &= ~VMCB_CLEAN_ASID;
}
