/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hog: a CPU hog on every vCPU of the domain until `seconds=` of system time (pvclock) after
 * the domain was unpaused, then a clean power-off. Several hogs with different weights or
 * caps, started together, let the system tests compare the CPU time the hypervisor reports
 * for each domain when it is destroyed against the shares the scheduler promises.
 *
 * The deadline counts from the unpause, not from when this code first runs: boot domains are
 * unpaused together, but a low-weight hog reaches test_main later than a high-weight one, and
 * the more so the more the host is loaded. Counting from its own start it would then run on
 * alone after the others ended and take more than its share. The unpause time is read from
 * vCPU 0's runstate: all the time it has not been offline.
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

/* System time at which the domain was unpaused, or 0 if the runstate cannot be read. */
static uint64_t unpaused_at(void)
{
    struct vcpu_runstate_info rs;
    uint64_t now = pvclock_ns(&shared->vcpu_info[0].time);

    if (hypercall_vcpu_op(VCPUOP_get_runstate_info, 0, &rs)) {
        return 0;
    }
    return now -
           (rs.time[RUNSTATE_running] + rs.time[RUNSTATE_runnable] + rs.time[RUNSTATE_blocked]);
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
    deadline = unpaused_at();
    if (!deadline) {
        test_error("cannot read vCPU 0's runstate");
        return;
    }
    deadline += seconds * 1000000000ULL;
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
