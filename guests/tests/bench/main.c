/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bench: the cost of the guest/hypervisor round trips every PV interface rests on, in TSC
 * cycles measured inside the guest (the TSC is not intercepted, so reading it costs no exit):
 * a null hypercall (xen_version(XENVER_version) through the hypercall page), a CPUID exit
 * (leaf 0), and as the baseline an instruction that does not leave the guest (a pair of
 * RDTSCs with nothing between). Each figure is the median of many single measurements, so a
 * timer interrupt in one of them does not move it. scripts/bench-guest.py boots this kernel
 * and turns the lines into make bench figures.
 */
#include <guest/test.h>
#include <public/version.h>

#define SAMPLES 2001 /* Odd, so the median is a sample. */

static uint64_t samples[SAMPLES];

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

/* Insertion sort: 2001 samples sort in a blink and the code stays obvious. */
static void sort(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned int j = i;

        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static void report(const char *name)
{
    sort(samples, SAMPLES);
    printf("bench: %s: median %lu cycles, p10 %lu, p90 %lu, %u samples\n", name,
           (unsigned long)samples[SAMPLES / 2], (unsigned long)samples[SAMPLES / 10],
           (unsigned long)samples[SAMPLES * 9 / 10], SAMPLES);
}

static void measure_baseline(void)
{
    for (unsigned int i = 0; i < SAMPLES; i++) {
        uint64_t t0 = tsc();

        samples[i] = tsc() - t0;
    }
    report("baseline (no exit)");
}

static void measure_hypercall(void)
{
    for (unsigned int i = 0; i < SAMPLES; i++) {
        uint64_t t0 = tsc();
        long rc = hypercall_xen_version(XENVER_version, NULL);

        samples[i] = tsc() - t0;
        if (rc <= 0) {
            test_failure("xen_version returned %ld", rc);
            return;
        }
    }
    report("null hypercall (xen_version)");
}

static void measure_cpuid(void)
{
    for (unsigned int i = 0; i < SAMPLES; i++) {
        struct cpuid_regs r;
        uint64_t t0 = tsc();

        cpuid(0, &r);
        samples[i] = tsc() - t0;
    }
    report("cpuid exit (leaf 0)");
}

const char test_title[] = "bench: hypercall and CPUID exit cost in TSC cycles";

void test_main(void)
{
    measure_baseline();
    measure_hypercall();
    measure_cpuid();
    test_success();
}
