/* SPDX-License-Identifier: GPL-2.0-only */
/* Interrupt vectors owned by the hypervisor and the handler table. */
#ifndef X86_IRQ_H
#define X86_IRQ_H

#include <asm/regs.h>

#define FIRST_DEVICE_VECTOR  0x20
#define LAST_DEVICE_VECTOR   0xdf
#define LOCAL_TIMER_VECTOR   0xf0
#define EVENT_CHECK_VECTOR   0xf1
#define CALL_FUNCTION_VECTOR 0xf2
#define ERROR_APIC_VECTOR    0xfe
#define SPURIOUS_APIC_VECTOR 0xff

typedef void (*irq_handler_t)(struct cpu_user_regs *regs);

/* Route `vector` to `fn`; the dispatcher acknowledges the local APIC after fn returns. */
void set_irq_handler(unsigned int vector, irq_handler_t fn);

/* Entry from entry.S for every vector. */
void do_irq_or_trap(struct cpu_user_regs *regs);

#endif /* X86_IRQ_H */
