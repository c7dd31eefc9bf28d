/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smp: secondary vCPUs through VCPUOP_initialise / VCPUOP_up / VCPUOP_down, as Xen offers them
 * to PVH guests. Every vCPU of the domain (vcpus= in the domain spec) is started in 64-bit
 * mode, checks in through shared memory and its CPUID vCPU id (leaf 0x40000004), and takes
 * itself down; the boot vCPU checks VCPUOP_is_up before and after. Bad requests must fail:
 * initialising a vCPU twice (-EEXIST), the running boot vCPU (-EBUSY), vCPUs that do not
 * exist (-ENOENT), a context that is not 64-bit capable (-EINVAL), and bringing up a vCPU
 * that was never initialised (-EINVAL).
 */
#include <guest/smp.h>
#include <guest/test.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/vcpu.h>

#define MAX_VCPUS 8

static uint8_t stacks[MAX_VCPUS][8192] __attribute__((aligned(16)));
static volatile unsigned int checked_in[MAX_VCPUS];
static volatile uint32_t cpuid_vcpu[MAX_VCPUS];

static void secondary(unsigned int id)
{
    struct cpuid_regs r;

    cpuid(xen_cpuid_base() + 4, &r);
    cpuid_vcpu[id] = r.ebx;
    __atomic_store_n(&checked_in[id], 1, __ATOMIC_RELEASE);
}

static void check_errors(unsigned int nr)
{
    struct vcpu_hvm_context bad = {.mode = VCPU_HVM_MODE_64B};
    long rc;

    if ((rc = hypercall_vcpu_op(VCPUOP_initialise, 0, &bad)) != -XEN_EBUSY) {
        test_failure("initialising the running boot vCPU gave %ld, expected -EBUSY", rc);
    }
    if ((rc = hypercall_vcpu_op(VCPUOP_up, nr, NULL)) != -XEN_ENOENT) {
        test_failure("VCPUOP_up of vCPU %u (absent) gave %ld, expected -ENOENT", nr, rc);
    }
    if (nr > 1) {
        if ((rc = hypercall_vcpu_op(VCPUOP_up, 1, NULL)) != -XEN_EINVAL) {
            test_failure("VCPUOP_up before initialise gave %ld, expected -EINVAL", rc);
        }
        if ((rc = hypercall_vcpu_op(VCPUOP_initialise, 1, &bad)) != -XEN_EINVAL) {
            test_failure("a context without paging gave %ld, expected -EINVAL", rc);
        }
    }
}

const char test_title[] = "smp: secondary vCPUs with VCPUOP_initialise, up and down";

void test_main(void)
{
    unsigned int nr = 0;
    long rc;

    while (nr < 64 && hypercall_vcpu_op(VCPUOP_is_up, nr, NULL) >= 0) {
        nr++;
    }
    printf("smp: the domain has %u vCPU(s)\n", nr);
    check_errors(nr);
    for (unsigned int id = 1; id < nr && id < MAX_VCPUS; id++) {
        if ((rc = vcpu_start(id, secondary, stacks[id] + sizeof(stacks[id])))) {
            test_failure("starting vCPU %u: %ld", id, rc);
            continue;
        }
        while (!__atomic_load_n(&checked_in[id], __ATOMIC_ACQUIRE)) {
            __asm__ __volatile__("pause");
        }
        if (cpuid_vcpu[id] != id) {
            test_failure("vCPU %u reads vCPU id %u from CPUID", id, cpuid_vcpu[id]);
        }
        while (hypercall_vcpu_op(VCPUOP_is_up, id, NULL) != 0) {
            __asm__ __volatile__("pause"); /* It takes itself down after checking in. */
        }
        if ((rc = hypercall_vcpu_op(VCPUOP_initialise, id, &(struct vcpu_hvm_context){0})) !=
            -XEN_EEXIST) {
            test_failure("initialising vCPU %u again gave %ld, expected -EEXIST", id, rc);
        }
        printf("smp: vCPU %u checked in and went down\n", id);
    }
    test_success();
}
