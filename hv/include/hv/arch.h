/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The arch contract: every function arch-neutral code needs from hv/arch/<arch>, declared
 * and documented here and nowhere else (style-anchors.md, convention 21).
 */
#ifndef HV_ARCH_H
#define HV_ARCH_H

#include <hv/types.h>

/*
 * Program this CPU's one-shot timer interrupt to fire at system time `deadline` (ns), or as
 * soon as possible if it already passed. STIME_MAX stops the timer. The interrupt handler
 * raises TIMER_SOFTIRQ. Context: interrupts disabled, on the CPU being programmed.
 */
void arch_timer_set_deadline(s_time_t deadline);

/*
 * Interrupt `cpu` so that it notices newly raised softirqs (an event-check IPI). Sending to
 * the calling CPU is allowed and does nothing. Context: any.
 */
void arch_send_event_check(unsigned int cpu);

/* Stop this CPU until the next interrupt; returns with interrupts enabled. */
void arch_idle(void);

/* Stop every other CPU (used on the panic path). Context: any, interrupts disabled. */
void arch_stop_other_cpus(void);

/* Halt this CPU once; with interrupts disabled it stays halted (NMIs aside). */
void arch_halt_cpu(void);

/* Print this CPU's registers and a backtrace starting at the caller. */
void arch_dump_state(void);

#endif /* HV_ARCH_H */
