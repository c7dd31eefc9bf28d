/* SPDX-License-Identifier: GPL-2.0-only */
/* Statistics helpers for test kernels (guest/stats.h). */
#include <guest/stats.h>

void sort_u64(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned int j = i;

        for (; j > 0 && v[j - 1] > x; j--) {
            v[j] = v[j - 1];
        }
        v[j] = x;
    }
}
