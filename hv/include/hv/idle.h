/* SPDX-License-Identifier: GPL-2.0-only */
/* Waiting for work on a CPU. */
#ifndef HV_IDLE_H
#define HV_IDLE_H

/*
 * Run pending softirqs, or halt until the next interrupt if there are none. The check and the
 * halt happen with interrupts off (arch_idle enables them atomically with the halt), so a
 * softirq raised in between cannot be slept through. Context: a CPU with nothing to run.
 */
void idle_once(void);

#endif /* HV_IDLE_H */
