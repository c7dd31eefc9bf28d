/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interprocessor interrupts sent through a vCPU's x2APIC interrupt command register: fixed and
 * lowest-priority interrupts to the domain's own vCPUs, and INIT / start-up (SIPI), which is
 * how an unmodified guest (Linux PVH among them) starts its secondary vCPUs: INIT puts a vCPU
 * that is down into wait-for-SIPI, and the SIPI starts it in real mode at vector * 4 KiB.
 * Destinations outside the domain do not exist for it: an IPI reaches only its own vCPUs.
 */
#include <hv/domain.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/spinlock.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>

#define ICR_VECTOR(icr)    ((icr)&0xff)
#define ICR_MODE(icr)      (((icr) >> 8) & 7)
#define ICR_LOGICAL        (1U << 11)
#define ICR_LEVEL_ASSERT   (1U << 14)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3)
#define DEST_BROADCAST     0xffffffffU

enum { MODE_FIXED = 0, MODE_LOWEST = 1, MODE_SMI = 2, MODE_NMI = 4, MODE_INIT = 5, MODE_SIPI = 6 };
enum { TO_DEST = 0, TO_SELF = 1, TO_ALL = 2, TO_ALL_BUT_SELF = 3 };

static bool dest_matches(const struct vcpu *target, uint32_t dest, bool logical)
{
    if (dest == DEST_BROADCAST) {
        return true;
    }
    if (!logical) {
        return target->vcpu_id == dest;
    }
    /* Logical (cluster) mode: the same cluster and the vCPU's bit among the 16. */
    return (vlapic_ldr(target->vcpu_id) >> 16) == (dest >> 16) &&
           (vlapic_ldr(target->vcpu_id) & dest & 0xffff);
}

static bool is_target(const struct vcpu *src, const struct vcpu *t, uint32_t dest, uint32_t icr)
{
    switch (ICR_SHORTHAND(icr)) {
    case TO_SELF:
        return t == src;
    case TO_ALL:
        return true;
    case TO_ALL_BUT_SELF:
        return t != src;
    default:
        return dest_matches(t, dest, icr & ICR_LOGICAL);
    }
}

/* INIT: a vCPU that is down waits for a start-up IPI. Resetting a running vCPU is not
 * supported (Linux never does it; its offlined CPUs would need it to come back). */
static void deliver_init(struct vcpu *t)
{
    if (!(t->pause_flags & VPF_DOWN)) {
        pr_debug("vlapic: d%uv%u: INIT to a running vCPU ignored\n", t->domain->domain_id,
                 t->vcpu_id);
        return;
    }
    t->arch.vlapic.wait_for_sipi = true;
}

/* SIPI: only a vCPU in wait-for-SIPI starts; a second SIPI (Linux sends two) is ignored. */
static void deliver_sipi(struct vcpu *t, uint8_t vector)
{
    if (!t->arch.vlapic.wait_for_sipi || !(t->pause_flags & VPF_DOWN)) {
        return;
    }
    t->arch.vlapic.wait_for_sipi = false;
    hvm_funcs->vcpu_set_sipi_state(t, vector);
    t->initialised = true;
    vcpu_pause_flag_clear(t, VPF_DOWN);
}

static void deliver(struct vcpu *t, uint32_t icr)
{
    struct domain *d = t->domain;
    unsigned long flags;

    switch (ICR_MODE(icr)) {
    case MODE_FIXED:
    case MODE_LOWEST:
        vlapic_set_irq(t, ICR_VECTOR(icr));
        break;
    case MODE_INIT:
        if (icr & ICR_LEVEL_ASSERT) { /* The de-assert form does nothing on an x2APIC. */
            flags = spin_lock_irqsave(&d->lock);
            deliver_init(t);
            spin_unlock_irqrestore(&d->lock, flags);
        }
        break;
    case MODE_SIPI:
        flags = spin_lock_irqsave(&d->lock);
        deliver_sipi(t, ICR_VECTOR(icr));
        spin_unlock_irqrestore(&d->lock, flags);
        break;
    default: /* SMI, NMI and reserved modes: not emulated (see docs/linux-guest.md). */
        pr_debug("vlapic: d%uv%u: IPI delivery mode %u dropped\n", d->domain_id, t->vcpu_id,
                 ICR_MODE(icr));
        break;
    }
}

void vlapic_send_ipi(struct vcpu *v, uint32_t dest, uint32_t icr)
{
    struct domain *d = v->domain;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *t = d->vcpu[i];

        if (!t || !is_target(v, t, dest, icr)) {
            continue;
        }
        deliver(t, icr);
        if (ICR_MODE(icr) == MODE_LOWEST) {
            break; /* One recipient: the lowest-numbered match, all priorities being equal. */
        }
    }
}
