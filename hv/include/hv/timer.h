/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One-shot software timers. Each CPU keeps a queue of its active timers sorted by expiry; the
 * earliest one programs that CPU's timer interrupt (arch_timer_set_deadline()), whose
 * handler raises TIMER_SOFTIRQ, and timer_softirq_action() runs every timer whose expiry
 * has passed. A callback never runs before NOW() >= expires; it runs on the timer's CPU, with
 * interrupts enabled and no timer lock held, so it may re-arm, stop or migrate any timer,
 * its own included.
 *
 * A timer's memory belongs to its owner; kill_timer() must be called before freeing it.
 */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <hv/compiler.h>
#include <hv/types.h>

enum timer_status {
    TIMER_STATUS_INVALID = 0, /* Never initialised: every operation but init_timer() is a bug. */
    TIMER_STATUS_INACTIVE,    /* Initialised, not queued. */
    TIMER_STATUS_ACTIVE,      /* Queued on timer.cpu. */
    TIMER_STATUS_KILLED,      /* kill_timer() was called; it can never be set again. */
};

typedef void (*timer_fn)(void *data);

/* Fields are private to timer.c; use the functions below. */
struct timer {
    s_time_t expires; /* System time (ns) at or after which fn runs. */
    timer_fn fn;
    void *data;
    struct timer *next, *prev; /* Linkage in the CPU's queue, earliest first. */
    uint16_t cpu;              /* CPU whose queue holds, or will hold, the timer. */
    uint8_t status;            /* enum timer_status. */
};

/*
 * Set up the timer queues of CPUs 0..nr_cpu_ids-1 and register timer_softirq_action() for
 * TIMER_SOFTIRQ. Pre: nr_cpu_ids and the per-CPU areas are final; softirq_init() ran.
 * Context: boot, once, before any timer is set.
 */
void timer_init(void);

/*
 * Initialise t to run fn(data) on `cpu` once set. Pre: t is not active; cpu < nr_cpu_ids.
 * Context: any.
 */
void init_timer(struct timer *t, timer_fn fn, void *data, unsigned int cpu);

/*
 * Arm t to fire at system time `expires` (a time already passed fires as soon as possible).
 * Re-arming an active timer moves it; a killed timer stays killed (so that a callback may
 * re-arm its own timer while another CPU kills it). Pre: t initialised. Context: any.
 */
void set_timer(struct timer *t, s_time_t expires);

/* Disarm t if it is active. A callback already running is not waited for. Context: any. */
void stop_timer(struct timer *t);

/*
 * Disarm t for good and wait until its callback is not running on another CPU, so that t
 * may be freed afterwards. Pre: t initialised. Context: any but a spinlock-holding or IRQ
 * context that the callback could be waiting for; it may be called from t's own callback.
 */
void kill_timer(struct timer *t);

/*
 * Move t to `cpu`'s queue; an active timer stays active with the same expiry.
 * Pre: t initialised and not killed; cpu < nr_cpu_ids. Context: any.
 */
void migrate_timer(struct timer *t, unsigned int cpu);

/* True when t is armed and has not fired yet. Context: any (a snapshot). */
bool timer_is_active(const struct timer *t);

/* When an active t fires (meaningless when inactive). Context: any (a snapshot). */
s_time_t timer_expires(const struct timer *t);

/*
 * TIMER_SOFTIRQ handler: run this CPU's expired timers, then program the next deadline.
 * Context: softirq (do_softirq()), interrupts enabled.
 */
void timer_softirq_action(void);

#endif /* HV_TIMER_H */
