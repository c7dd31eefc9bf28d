/* SPDX-License-Identifier: GPL-2.0-only */
/* TSC-based system time. */
#ifndef X86_TIME_H
#define X86_TIME_H

#include <hv/types.h>

extern uint64_t tsc_khz;

/* Calibrate the TSC against the PIT and start system time at zero. Context: boot CPU. */
void time_init(void);
/* Convert between nanoseconds and TSC ticks at the calibrated rate. */
uint64_t ns_to_tsc(s_time_t ns);
s_time_t tsc_to_ns(uint64_t ticks);
/* TSC value at which system time reaches `t`. */
uint64_t stime_to_tsc(s_time_t t);
/* Busy-wait (for hardware sequences only, e.g. INIT-SIPI). */
void udelay(unsigned long us);
/* Read the CMOS real-time clock: the wall-clock time of system time zero (rtc.c). */
void rtc_read_boot_time(void);

/* Check that a 100 ms timer never fires early, measured by the TSC; prints the result. */
void timer_self_test(void);

#endif /* X86_TIME_H */
