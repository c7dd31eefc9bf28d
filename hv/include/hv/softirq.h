/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: work an interrupt handler defers to the moment the CPU is about to leave the
 * hypervisor or go idle, run with interrupts enabled. Each CPU has a mask of pending
 * softirqs; raising one sets its bit, do_softirq() runs the handlers of the set bits, lowest
 * number first (so timers run before the scheduler picks what to run next).
 */
#ifndef HV_SOFTIRQ_H
#define HV_SOFTIRQ_H

#include <hv/compiler.h>
#include <hv/types.h>

enum softirq_nr {
    TIMER_SOFTIRQ = 0, /* Expired timers (timer.c). */
    SCHEDULE_SOFTIRQ,  /* Pick the next vCPU. */
    TASKLET_SOFTIRQ,   /* Deferred work items. */
    VCPU_KICK_SOFTIRQ, /* No work: makes a CPU about to enter a guest look at its vCPU again. */
    NR_SOFTIRQS,
};

typedef void (*softirq_handler)(void);

/*
 * Clear the pending mask of CPUs 0..nr_cpu_ids-1. Pre: nr_cpu_ids and the per-CPU areas are
 * final. Context: boot, before interrupts are enabled.
 */
void softirq_init(void);

/*
 * Install fn as the handler of softirq nr (once). Pre: nr < NR_SOFTIRQS.
 * Context: boot, before the softirq can be raised.
 */
void open_softirq(unsigned int nr, softirq_handler fn);

/* Mark softirq nr pending on this CPU. Context: any, including IRQ. */
void raise_softirq(unsigned int nr);

/*
 * Mark softirq nr pending on `cpu`, and interrupt that CPU (an event-check IPI) when it is
 * another CPU and the softirq was not already pending there. Context: any, including IRQ.
 */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);

/* The pending mask of `cpu` (bit n set: softirq n pending); non-zero means work to do. */
unsigned long softirq_pending(unsigned int cpu);

/*
 * Run this CPU's pending softirqs until none is left, lowest number first; softirqs raised
 * meanwhile (also by the handlers) run in the same call. Handlers run with interrupts
 * enabled. Pre: interrupts enabled, no spinlock held. Context: idle loop or guest entry.
 */
void do_softirq(void);

#endif /* HV_SOFTIRQ_H */
