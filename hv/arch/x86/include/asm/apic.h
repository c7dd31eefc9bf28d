/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC: x2APIC through MSRs when the CPU has it, xAPIC through MMIO otherwise.
 * AMD APM vol. 2, chapter 16.
 */
#ifndef X86_APIC_H
#define X86_APIC_H

#include <hv/types.h>

#define APIC_DEFAULT_BASE 0xfee00000UL

/* Register offsets (xAPIC MMIO; the x2APIC MSR is 0x800 + offset / 16). */
#define APIC_ID         0x020
#define APIC_VERSION    0x030
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_LDR        0x0d0
#define APIC_DFR        0x0e0
#define APIC_SVR        0x0f0
#define APIC_ESR        0x280
#define APIC_ICR_LO     0x300
#define APIC_ICR_HI     0x310
#define APIC_LVT_TIMER  0x320
#define APIC_LVT_LINT0  0x350
#define APIC_LVT_LINT1  0x360
#define APIC_LVT_ERROR  0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR  0x390
#define APIC_TIMER_DIV  0x3e0

#define APIC_SVR_ENABLE         (1U << 8)
#define APIC_LVT_MASKED         (1U << 16)
#define APIC_TIMER_TSC_DEADLINE (2U << 17)
#define APIC_ICR_BUSY           (1U << 12)
#define APIC_DM_FIXED           (0U << 8)
#define APIC_DM_NMI             (4U << 8)
#define APIC_DM_INIT            (5U << 8)
#define APIC_DM_STARTUP         (6U << 8)
#define APIC_LEVEL_ASSERT       (1U << 14)
#define APIC_TRIGGER_LEVEL      (1U << 15)

/* Map the xAPIC page (if needed) and enable the boot CPU's local APIC. Context: boot. */
void apic_init_bsp(void);
/* Enable the calling AP's local APIC in the mode the BSP chose. */
void apic_init_ap(void);
bool apic_x2apic_mode(void);
uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t value);
uint32_t apic_current_id(void);
void apic_eoi(void);
/* Send an IPI: `mode` is APIC_DM_* plus level bits, `vector` for fixed and startup IPIs. */
void apic_send_ipi(uint32_t apic_id, uint32_t mode, uint8_t vector);

/*
 * One-shot timer. apic_timer_init() calibrates the count-down rate against the TSC when the
 * TSC-deadline mode is missing. apic_timer_arm() fires LOCAL_TIMER_VECTOR after `delta_ns`
 * (at least a tick, at most the counter's range; the timer code re-arms early wake-ups).
 */
void apic_timer_init(void);
void apic_timer_setup_cpu(void);
void apic_timer_arm(s_time_t delta_ns, uint64_t tsc_deadline);
void apic_timer_stop(void);

#endif /* X86_APIC_H */
