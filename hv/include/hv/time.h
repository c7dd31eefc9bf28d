/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System time: nanoseconds since boot, monotonic on every CPU.
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>

#define NSEC_PER_USEC 1000LL
#define NSEC_PER_MSEC 1000000LL
#define NSEC_PER_SEC  1000000000LL

#define MICROSECS(us) ((s_time_t)(us)*NSEC_PER_USEC)
#define MILLISECS(ms) ((s_time_t)(ms)*NSEC_PER_MSEC)
#define SECONDS(s)    ((s_time_t)(s)*NSEC_PER_SEC)

#define STIME_MAX ((s_time_t)INT64_MAX)

/* Current system time in ns. Implemented by the arch (TSC scaled). Context: any. */
s_time_t NOW(void);

#endif /* HV_TIME_H */
