/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test-side controls of the host shim (shim.c): the simulated CPU, clock and interrupt flag,
 * what the arch hooks were asked to do, the captured console log, and the direct-map arena.
 */
#ifndef TESTS_UNIT_SHIM_H
#define TESTS_UNIT_SHIM_H

#include <hv/types.h>
#include <hv/smp.h>
#include <asm/system.h>

extern s_time_t shim_now;                       /* What NOW() returns. */
extern s_time_t shim_deadline[NR_CPUS];         /* Last arch_timer_set_deadline() per CPU. */
extern unsigned int shim_deadline_calls;        /* Number of arch_timer_set_deadline() calls. */
extern unsigned int shim_event_checks[NR_CPUS]; /* arch_send_event_check() calls per target. */

/* Reset every simulated state: CPU 0 of 4, interrupts enabled, time 0, empty log. */
void shim_reset(void);

/* The console output captured since the last reset, level prefixes removed. */
const char *shim_log(void);
/* Number of printk() calls since the last reset. */
unsigned int shim_log_count(void);
/* True when `needle` occurs in the captured output. */
bool shim_log_contains(const char *needle);
/* Forget the captured output. */
void shim_log_clear(void);
/* Level of the most recent printk() (enum log_level value). */
int shim_log_last_level(void);

/* Back machine frames first_mfn .. first_mfn + frames - 1 with zeroed host memory. */
void shim_arena_init(unsigned long first_mfn, unsigned long frames);
void shim_arena_fini(void);

#endif /* TESTS_UNIT_SHIM_H */
