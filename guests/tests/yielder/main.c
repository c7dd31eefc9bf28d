/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * yielder: the cost of switching between domains. Two (or more) of these on one CPU call
 * SCHEDOP_yield in a loop; each yield hands the CPU to the other domain, which yields straight
 * back, so one round trip is two yield hypercalls and two domain switches. It also measures
 * a null hypercall (xen_version) in the same boot, so the switch cost can be separated:
 * switch = (round trip - 2 x null hypercall) / 2. Prints medians in TSC cycles.
 */
#include <guest/pv.h>
#include <guest/stats.h>
#include <guest/test.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/xen.h>

#define SAMPLES 2001

static uint64_t samples[SAMPLES];

static uint64_t median_of(long (*op)(void))
{
    for (unsigned int i = 0; i < SAMPLES; i++) {
        uint64_t t0 = tsc_ordered();

        op();
        samples[i] = tsc_ordered() - t0;
    }
    sort_u64(samples, SAMPLES);
    return samples[SAMPLES / 2];
}

static long null_hypercall(void)
{
    return hypercall_xen_version(XENVER_version, NULL);
}

static long yield(void)
{
    return hypercall_sched_op(SCHEDOP_yield, NULL);
}

const char test_title[] = "yielder: domain switch cost by SCHEDOP_yield";

void test_main(void)
{
    uint64_t null = median_of(null_hypercall);
    uint64_t round_trip = median_of(yield);

    printf("yielder: null hypercall median %lu cycles, yield round trip median %lu cycles, "
           "switch %ld cycles\n",
           (unsigned long)null, (unsigned long)round_trip, ((long)round_trip - 2 * (long)null) / 2);
    test_success();
}
