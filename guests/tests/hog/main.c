/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hog: a CPU hog on every vCPU of the domain for `seconds=` of system time (pvclock), then a
 * clean power-off. Several hogs with different weights or caps, started together, let the
 * system tests compare the CPU time the hypervisor reports for each domain when it is
 * destroyed against the shares the scheduler promises.
 */
#include <guest/smp.h>
#include <guest/test.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define MAX_VCPUS 8

static uint8_t shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static const struct shared_info *const shared = (const struct shared_info *)shared_page;
static uint8_t stacks[MAX_VCPUS][8192] __attribute__((aligned(16)));
static volatile uint64_t deadline;

static inline uint64_t tsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t now_ns(void)
{
    const struct vcpu_time_info *t = &shared->vcpu_info[0].time;
    uint32_t version;
    uint64_t ns;

    do {
        version = t->version;
        __asm__ __volatile__("" ::: "memory");
        uint64_t d = tsc() - t->tsc_timestamp;

        d = t->tsc_shift >= 0 ? d << t->tsc_shift : d >> -t->tsc_shift;
        ns = t->system_time + (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >> 32);
        __asm__ __volatile__("" ::: "memory");
    } while ((version & 1) || version != t->version);
    return ns;
}

static void spin(unsigned int id)
{
    (void)id;
    while (now_ns() < deadline) {
        __asm__ __volatile__("pause");
    }
}

const char test_title[] = "hog: burn every vCPU for a while";

void test_main(void)
{
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = (uint64_t)shared_page >> PAGE_SHIFT};
    uint64_t seconds = 2;
    unsigned int nr = 1;

    cmdline_get_u64("seconds", &seconds);
    if (hypercall_memory_op(XENMEM_add_to_physmap, &a)) {
        test_error("cannot map shared_info");
        return;
    }
    deadline = now_ns() + seconds * 1000000000ULL;
    while (nr < MAX_VCPUS && hypercall_vcpu_op(VCPUOP_is_up, nr, NULL) >= 0) {
        if (vcpu_start(nr, spin, stacks[nr] + sizeof(stacks[nr]))) {
            test_error("cannot start vCPU %u", nr);
            return;
        }
        nr++;
    }
    spin(0);
    printf("hog: %u vCPU(s) burned for %lu s\n", nr, (unsigned long)seconds);
    test_success();
}
