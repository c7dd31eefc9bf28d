/* SPDX-License-Identifier: GPL-2.0-only */
/* The idle loop every CPU ends in. */
#ifndef HV_IDLE_H
#define HV_IDLE_H

#include <hv/compiler.h>

/* Run softirqs and halt until the next interrupt, forever. Context: a CPU done booting. */
void cpu_idle_loop(void) __noreturn;

#endif /* HV_IDLE_H */
