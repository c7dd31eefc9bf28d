/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bringing up the application processors: INIT, then two STARTUP IPIs (AMD APM vol. 2,
 * 16.4.4; the delays are the ones the MP specification asks for), one CPU at a time.
 */
#include <hv/bug.h>
#include <hv/sched.h>
#include <hv/page-alloc.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/string.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/vmap.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/hvm/hvm.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/setup.h>
#include <asm/smp.h>
#include <asm/system.h>
#include <asm/time.h>

#define AP_START_TIMEOUT MILLISECS(2000)

extern const char trampoline_start[], trampoline_end[];
extern uint64_t tramp_cr3, tramp_stack;
extern uint32_t tramp_cpu, tramp_efer_nx;

static unsigned long online_mask;
unsigned int nr_cpu_ids = 1;

bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && (__atomic_load_n(&online_mask, __ATOMIC_ACQUIRE) >> cpu) & 1;
}

void set_cpu_online(unsigned int cpu)
{
    __atomic_fetch_or(&online_mask, 1UL << cpu, __ATOMIC_RELEASE);
}

/* Address of a trampoline field in the copy at TRAMPOLINE_BASE. */
static void *tramp_field(const void *field)
{
    return maddr_to_virt(TRAMPOLINE_BASE + ((const char *)field - trampoline_start));
}

void __start_secondary(unsigned int cpu)
{
    struct cpu_info *ci = get_cpu_info();

    cpu_load_descriptors(cpu, (void *)((unsigned long)ci & ~(STACK_SIZE - 1)));
    apic_init_ap();
    apic_timer_setup_cpu();
    if (hvm_cpu_up() && hvm_funcs) {
        pr_err("smp: CPU%u cannot run guests (%s failed to start)\n", cpu, hvm_funcs->name);
    }
    printk("smp: CPU%u online (APIC ID %u)\n", cpu, apic_current_id());
    set_cpu_online(cpu);
    sched_run_loop();
}

static bool start_one_cpu(unsigned int cpu, uint32_t apic_id)
{
    char *stack = alloc_cpu_stack();
    struct cpu_info *ci;
    s_time_t deadline;

    if (!stack) {
        pr_err("smp: no memory for CPU%u's stack\n", cpu);
        return false;
    }
    ci = (struct cpu_info *)(stack + STACK_SIZE - sizeof(*ci));
    memset(ci, 0, sizeof(*ci));
    ci->processor_id = cpu;
    ci->apic_id = apic_id;
    ci->per_cpu_offset = per_cpu_offset[cpu];

    *(uint64_t *)tramp_field(&tramp_stack) = (uint64_t)ci;
    *(uint32_t *)tramp_field(&tramp_cpu) = cpu;
    smp_mb();

    apic_send_ipi(apic_id, APIC_DM_INIT | APIC_LEVEL_ASSERT, 0);
    udelay(10000);
    for (unsigned int i = 0; i < 2 && !cpu_online(cpu); i++) {
        apic_send_ipi(apic_id, APIC_DM_STARTUP, TRAMPOLINE_BASE >> 12);
        udelay(200);
    }
    deadline = NOW() + AP_START_TIMEOUT;
    while (!cpu_online(cpu) && NOW() < deadline) {
        cpu_relax();
    }
    if (!cpu_online(cpu)) {
        pr_err("smp: CPU%u (APIC ID %u) did not start\n", cpu, apic_id);
        return false;
    }
    return true;
}

static void count_call(void *arg)
{
    __atomic_fetch_add((unsigned int *)arg, 1, __ATOMIC_RELAXED);
}

/* Check that every AP takes IPIs: the panic path and TLB shootdowns rely on it. */
static void smp_call_self_test(unsigned int online)
{
    unsigned int answered = 0;

    smp_call_function(count_call, &answered);
    printk("smp: cross-CPU call answered by %u of %u other CPUs%s\n", answered, online - 1,
           answered == online - 1 ? "" : " (FAILED)");
}

void smp_boot_cpus(void)
{
    unsigned int online = 1;

    memcpy(maddr_to_virt(TRAMPOLINE_BASE), trampoline_start,
           (size_t)(trampoline_end - trampoline_start));
    *(uint64_t *)tramp_field(&tramp_cr3) = trampoline_page_table();
    *(uint32_t *)tramp_field(&tramp_efer_nx) = boot_cpu.nx ? EFER_NXE : 0;

    for (unsigned int cpu = 1; cpu < nr_cpu_ids; cpu++) {
        if (start_one_cpu(cpu, acpi_platform.cpu_apic_id[cpu])) {
            online++;
        }
    }
    printk("smp: %u CPUs online\n", online);
    smp_call_self_test(online);
}
