/* SPDX-License-Identifier: GPL-2.0-only */
/* Small statistics for test kernels that measure: sorting samples to read medians and tails. */
#ifndef GUEST_STATS_H
#define GUEST_STATS_H

#include <guest/lib.h>

/* Sort n samples ascending (insertion sort: sample sets are a few thousand at most). */
void sort_u64(uint64_t *v, unsigned int n);

#endif /* GUEST_STATS_H */
