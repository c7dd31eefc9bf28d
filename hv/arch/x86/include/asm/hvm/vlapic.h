/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtual local APIC of an HVM vCPU, in x2APIC mode only: the guest reaches it through
 * MSRs 0x800-0x8ff, never through MMIO, which keeps the emulated surface to a register file
 * (no instruction decoding). The APIC starts enabled with x2APIC on, as firmware may leave it,
 * and its id is the vCPU id (the ACPI processor UID the guest's MADT gives it).
 *
 * Linux PVH uses it for the native parts of SMP: INIT/SIPI to start secondary vCPUs and
 * self-IPIs (irq_work); its timer and cross-CPU IPIs go through Xen's event channels instead.
 * Xen's event upcall bypasses it (hvm.c), as on Xen.
 */
#ifndef X86_HVM_VLAPIC_H
#define X86_HVM_VLAPIC_H

#include <hv/bitmap.h>
#include <hv/timer.h>
#include <hv/types.h>

#define MSR_APIC_BASE     0x0000001b
#define MSR_X2APIC_FIRST  0x00000800
#define MSR_X2APIC_LAST   0x000008ff
#define APIC_BASE_ADDRESS 0xfee00000UL
#define APIC_BASE_BSP     (1UL << 8)
#define APIC_BASE_EXTD    (1UL << 10)
#define APIC_BASE_ENABLE  (1UL << 11)

struct vcpu;

struct vlapic {
    DECLARE_BITMAP(irr, 256); /* Requested: set by any CPU (atomic), taken by the vCPU. */
    DECLARE_BITMAP(isr, 256); /* In service: the vCPU's own. */
    uint64_t apic_base;
    uint32_t tpr, svr, esr, icr_low, icr_high;
    uint32_t lvt[7]; /* CMCI, timer, thermal, perf, LINT0, LINT1, error (x2APIC order). */
    uint32_t timer_initial, timer_divide;
    s_time_t timer_start;  /* When the current count was loaded. */
    s_time_t timer_period; /* ns for one full count down. */
    struct timer timer;
    bool wait_for_sipi; /* INIT received: a SIPI starts the vCPU. */
};

void vlapic_init(struct vcpu *v);
void vlapic_destroy(struct vcpu *v);

/* MSR_APIC_BASE and the x2APIC MSRs: 0, or -1 for #GP (as hvm_msr_read/write). */
int vlapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *value);
int vlapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t value);

/* Request fixed interrupt `vector` on v (from any CPU); wakes and kicks v. */
void vlapic_set_irq(struct vcpu *v, uint8_t vector);

/* The highest vector v would take now (its priority beats the PPR), or -1. v's own CPU. */
int vlapic_pending_vector(struct vcpu *v);

/* v is taking `vector` (injected at this entry): it moves from requested to in service. */
void vlapic_ack(struct vcpu *v, uint8_t vector);

/* The x2APIC logical destination register of APIC id `id`. */
uint32_t vlapic_ldr(uint32_t id);

/* The interrupt command register was written: deliver the IPI (vlapic-ipi.c). */
void vlapic_send_ipi(struct vcpu *v, uint32_t dest, uint32_t icr);

#endif /* X86_HVM_VLAPIC_H */
