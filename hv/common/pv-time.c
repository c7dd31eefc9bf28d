/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Paravirtual time (guest-abi.md 3.4): per-vCPU pvclock parameters and the wall clock, both
 * published with the odd/even version protocol so a guest never reads a torn update. System
 * time is the hypervisor's NOW(), the same base for every vCPU and for the timer hypercalls.
 */
#include <hv/shared-info.h>
#include <asm/system.h>
#include <public/xen.h>

void vcpu_time_update(struct vcpu *v)
{
    struct vcpu_time_info *t;
    uint64_t guest_tsc;
    s_time_t now;
    uint32_t mul;
    int8_t shift;

    if (!v->vcpu_info) {
        return;
    }
    t = &v->vcpu_info->time;
    arch_time_sample(v->domain, &guest_tsc, &now);
    arch_pvclock_scale(&mul, &shift);
    WRITE_ONCE(t->version, t->version | 1);
    smp_wmb();
    t->tsc_timestamp = guest_tsc;
    t->system_time = (uint64_t)now;
    t->tsc_to_system_mul = mul;
    t->tsc_shift = shift;
    t->flags = 0; /* Not TSC_STABLE: QEMU's TCG TSC is not invariant (qemu-tcg-notes.md). */
    smp_wmb();
    WRITE_ONCE(t->version, t->version + 1);
    v->time_stale = false;
    v->time_updated = now;
}

void domain_wallclock_update(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    uint64_t sec = 0;
    uint32_t nsec = 0;

    if (!s || !arch_wallclock_at_boot(&sec, &nsec)) {
        return;
    }
    WRITE_ONCE(s->wc_version, s->wc_version | 1);
    smp_wmb();
    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = nsec;
    smp_wmb();
    WRITE_ONCE(s->wc_version, s->wc_version + 1);
}
