/* SPDX-License-Identifier: GPL-2.0-only */
/* The weighted fair-share policy's arithmetic (hv/include/hv/sched-fair.h). */
#include <hv/errno.h>
#include <hv/sched-fair.h>

uint64_t sched_vt_delta(s_time_t ns, unsigned int weight, unsigned int nr_active)
{
    if (ns <= 0) {
        return 0;
    }
    /* ns * 256 * 64 vCPUs stays far below 2^64 for any run shorter than a day. */
    return (uint64_t)ns * SCHED_WEIGHT_DEFAULT * nr_active / weight;
}

uint64_t sched_wake_vt(uint64_t vt, uint64_t min_vt)
{
    uint64_t floor = min_vt - (uint64_t)SCHED_WAKE_BONUS;

    return sched_vt_before(vt, floor) ? floor : vt;
}

bool sched_should_preempt(uint64_t woken_vt, uint64_t running_vt)
{
    return sched_vt_before(woken_vt + (uint64_t)SCHED_PREEMPT_MARGIN, running_vt);
}

s_time_t sched_cap_budget(unsigned int cap)
{
    return cap ? SCHED_CAP_PERIOD * (s_time_t)cap / 100 : 0;
}

int sched_check_params(unsigned int weight, unsigned int cap, unsigned int nr_vcpus)
{
    if (weight < SCHED_WEIGHT_MIN || weight > SCHED_WEIGHT_MAX) {
        return -EINVAL;
    }
    if (cap > 100 * nr_vcpus) {
        return -EINVAL;
    }
    return 0;
}

static const char *parse_uint(const char *s, unsigned int *out)
{
    unsigned int v = 0;

    if (*s < '0' || *s > '9') {
        return NULL;
    }
    while (*s >= '0' && *s <= '9') {
        if (v > 1000) {
            return NULL; /* No machine has this many CPUs: refuse before overflow. */
        }
        v = v * 10 + (unsigned int)(*s++ - '0');
    }
    *out = v;
    return s;
}

int sched_parse_cpulist(const char *s, unsigned int nr_cpus, unsigned long *mask)
{
    unsigned long m = 0;

    while (*s) {
        unsigned int first, last;

        if (!(s = parse_uint(s, &first))) {
            return -EINVAL;
        }
        last = first;
        if (*s == '-' && !(s = parse_uint(s + 1, &last))) {
            return -EINVAL;
        }
        if (last < first || last >= nr_cpus || last >= 8 * sizeof(m)) {
            return -EINVAL;
        }
        for (unsigned int c = first; c <= last; c++) {
            m |= 1UL << c;
        }
        if (*s == ',' && s[1]) {
            s++;
        } else if (*s) {
            return -EINVAL;
        }
    }
    if (!m) {
        return -EINVAL;
    }
    *mask = m;
    return 0;
}
