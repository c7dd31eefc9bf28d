/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * runstate: VCPUOP_register_runstate_memory_area and VCPUOP_get_runstate_info, which Linux
 * uses for steal-time accounting (guest-abi.md 3.4). The area must show the vCPU running, its
 * running time must grow while it computes, no state's time may run backwards, the total may
 * not exceed the time since the first sample plus what came before, and bad addresses must
 * be refused with -EFAULT.
 */
#include <guest/test.h>
#include <public/sched.h>
#include <public/vcpu.h>

static struct vcpu_runstate_info area;

static uint64_t total(const struct vcpu_runstate_info *r)
{
    return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

const char test_title[] = "runstate: the runstate area and VCPUOP_get_runstate_info";

void test_main(void)
{
    struct vcpu_register_runstate_memory_area reg;
    struct vcpu_runstate_info before, after, snap;
    long rc;

    reg.addr.p = 0x0000800000000000ULL; /* Non-canonical. */
    if ((rc = hypercall_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg)) != -XEN_EFAULT) {
        test_failure("a non-canonical runstate area gave %ld, expected -EFAULT", rc);
    }
    reg.addr.p = (uint64_t)&area;
    if ((rc = hypercall_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg))) {
        test_failure("registering the runstate area returned %ld", rc);
        return;
    }
    before = area;
    for (unsigned int i = 0; i < 20; i++) {
        for (volatile unsigned int j = 0; j < 200000; j++) {
        }
        hypercall_sched_op(SCHEDOP_yield, NULL); /* An entry after it rewrites the area. */
    }
    after = area;
    if ((rc = hypercall_vcpu_op(VCPUOP_get_runstate_info, 0, &snap))) {
        test_failure("VCPUOP_get_runstate_info returned %ld", rc);
    }
    printf("runstate: running %lu ns -> %lu ns, runnable %lu ns, blocked %lu ns, offline %lu ns\n",
           (unsigned long)before.time[0], (unsigned long)after.time[0],
           (unsigned long)after.time[1], (unsigned long)after.time[2],
           (unsigned long)after.time[3]);
    if (after.state != RUNSTATE_running || snap.state != RUNSTATE_running) {
        test_failure("state %d / %d, expected running", after.state, snap.state);
    }
    for (unsigned int s = 0; s < 4; s++) {
        if (after.time[s] < before.time[s] || snap.time[s] < after.time[s]) {
            test_failure("time[%u] ran backwards", s);
        }
    }
    if (after.time[0] <= before.time[0]) {
        test_failure("running time did not grow");
    }
    if (total(&snap) - total(&before) > snap.state_entry_time + 1000000000ULL) {
        test_failure("more time accounted than has passed");
    }
    test_success();
}
