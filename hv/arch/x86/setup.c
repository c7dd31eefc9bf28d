/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The boot CPU's path from head.S to the idle loop (docs/boot.md describes each step).
 */
#include <hv/bootinfo.h>
#include <hv/console-mux.h>
#include <hv/bug.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/crashtest.h>
#include <hv/domain-build.h>
#include <hv/sched.h>
#include <hv/page-alloc.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/timer.h>
#include <hv/vmap.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/config.h>
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

#define LOW_MEMORY_RESERVE 0x100000    /* BIOS data, the AP trampoline: never allocated. */
#define VMAP_PAGES         (1UL << 20) /* 4 GiB of VMAP address space. */

extern char __image_start[], __image_end[];
extern const uint8_t __build_id_start[], __build_id_end[];

static struct boot_info boot_info;
static unsigned long opt_maxcpus = NR_CPUS;
static uint64_t opt_mem;
integer_param("maxcpus", opt_maxcpus);
size_param("mem", opt_mem);

static void print_banner(void)
{
    /* An ELF note: namesz, descsz, type, "GNU\0", then the SHA-1 descriptor. */
    const uint32_t *note = (const uint32_t *)__build_id_start;
    char id[41] = "unknown";

    if (__build_id_end - __build_id_start >= 16 + 20 && note[1] == 20) {
        const uint8_t *desc = __build_id_start + 16;

        for (unsigned int i = 0; i < 20; i++) {
            snprintf(&id[i * 2], 3, "%02x", desc[i]);
        }
    }
    printk("Xenolith %s (build-id %s)%s\n", XENOLITH_VERSION, id,
#ifdef CONFIG_DEBUG
           " debug"
#else
           ""
#endif
    );
}

static void print_memory_map(const struct boot_info *bi)
{
    printk("boot: %s, memory map:\n", bi->loader);
    for (unsigned int i = 0; i < bi->nr_map; i++) {
        printk(" [0x%016lx-0x%016lx] %s\n", (unsigned long)bi->map[i].start,
               (unsigned long)bi->map[i].end - 1, bootinfo_type_name(bi->map[i].type));
    }
}

static void setup_memory(struct boot_info *bi)
{
    int rc;

    bi->image_start = image_to_maddr(__image_start);
    bi->image_end = image_to_maddr(__image_end);
    if (bi->nr_map == 0) {
        panic("boot: the bootloader provided no memory map; cannot continue");
    }
    print_memory_map(bi);
    rc = bootinfo_sanitize(bi, opt_mem, LOW_MEMORY_RESERVE);
    if (rc) {
        panic("boot: no usable RAM in the memory map (mem=%lu); cannot continue",
              (unsigned long)opt_mem);
    }
    printk("mem: usable RAM: %lu KiB in %u regions\n", (unsigned long)(bi->usable_bytes >> 10),
           bi->nr_usable_regions);
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        printk("boot: module %u [%#lx-%#lx) \"%s\"\n", i, (unsigned long)bi->modules[i].start,
               (unsigned long)bi->modules[i].end, bi->modules[i].cmdline);
    }
    paging_init(bi);
    vmap_init(VMAP_VIRT_START, VMAP_PAGES);
}

static void __noreturn start_on_final_stack(void);

/* Move the boot CPU from the image's BSS stack to a stack block with guard pages. */
static void __noreturn switch_to_cpu0_stack(void)
{
    char *block = alloc_cpu_stack();
    struct cpu_info *ci;

    BUG_ON(!block);
    ci = (struct cpu_info *)(block + STACK_SIZE - sizeof(*ci));
    *ci = *get_cpu_info();
    __asm__ __volatile__("mov %0, %%rsp; xor %%ebp, %%ebp; call *%1; ud2" ::"r"(ci),
                         "r"(start_on_final_stack)
                         : "memory");
    __builtin_unreachable();
}

void __start_xenolith(uint32_t magic, uint32_t info_pa)
{
    int rc;

    idt_init();
    cpu_load_descriptors(0, NULL);
    cpu_features_init();
    /* Output is kept in the log ring until the serial console starts, then replayed. */
    print_banner();
    rc = multiboot_parse(&boot_info, magic, info_pa);
    printk("Command line: %s\n", boot_info.cmdline);
    cmdline_parse(boot_info.cmdline);
    serial_init();
    if (rc) {
        panic("boot: not started by a Multiboot loader (magic %#x); cannot continue", magic);
    }
    cpu_print_features();
    setup_memory(&boot_info);
    switch_to_cpu0_stack();
}

static void __noreturn start_on_final_stack(void)
{
    struct cpu_info *ci = get_cpu_info();
    unsigned int maxcpus = opt_maxcpus ? (unsigned int)MIN(opt_maxcpus, NR_CPUS) : 1;

    cpu_load_descriptors(0, (void *)((unsigned long)ci & ~(STACK_SIZE - 1)));
    acpi_init(0, maxcpus, cpuid(1).ebx >> 24);
    nr_cpu_ids = acpi_platform.nr_cpus;
    percpu_init();
    softirq_init();
    timer_init();
    apic_init_bsp();
    ci->apic_id = apic_current_id();
    ioapic_init();
    smp_ipi_init();
    time_init();
    sched_init();
    local_irq_enable();
    printk("smp: CPU0 online (APIC ID %u)\n", ci->apic_id);
    set_cpu_online(0);
    hvm_init();
    smp_boot_cpus();
    timer_self_test();
    crashtest_run();
    printk("mem: %lu KiB free after boot\n", page_alloc_free_pages() * (PAGE_SIZE >> 10));
    console_mux_init();
    if (hvm_funcs) {
        build_boot_domains(&boot_info);
    }
    printk("Xenolith: boot complete, idle\n");
    sched_run_loop();
}
