/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hog: a CPU hog on every vCPU of the domain for `seconds=` of system time (pvclock), then a
 * clean power-off. Several hogs with different weights or caps, started together, let the
 * system tests compare the CPU time the hypervisor reports for each domain when it is
 * destroyed against the shares the scheduler promises.
 */
#include <guest/pv.h>
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

static void spin(unsigned int id)
{
    (void)id;
    while (pvclock_ns(&shared->vcpu_info[0].time) < deadline) {
        __asm__ __volatile__("pause");
    }
}

const char test_title[] = "hog: burn every vCPU for a while";

void test_main(void)
{
    uint64_t seconds = 2;
    unsigned int nr = 1;

    cmdline_get_u64("seconds", &seconds);
    if (shared_info_map(shared_page)) {
        test_error("cannot map shared_info");
        return;
    }
    deadline = pvclock_ns(&shared->vcpu_info[0].time) + seconds * 1000000000ULL;
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
