/* SPDX-License-Identifier: GPL-2.0-only */
/* GDT, TSS and IDT setup. */
#include <hv/compiler.h>
#include <hv/smp.h>
#include <hv/string.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/irq.h>

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate layout");

struct desc_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

#define GDT_ENTRIES    6
#define GATE_INTERRUPT 0x8e /* Present, DPL 0, 64-bit interrupt gate. */

static struct idt_gate idt[256] __aligned(16);
static uint64_t gdt[NR_CPUS][GDT_ENTRIES] __aligned(16);
static struct tss64 tss[NR_CPUS] __aligned(128);

extern const char entry_stubs[];

static uint8_t vector_ist(unsigned int vector)
{
    switch (vector) {
    case 2:
        return IST_NMI;
    case 8:
        return IST_DF;
    case 18:
        return IST_MC;
    default:
        return IST_NONE;
    }
}

void idt_init(void)
{
    for (unsigned int v = 0; v < 256; v++) {
        unsigned long addr = (unsigned long)entry_stubs + v * 16;

        idt[v] = (struct idt_gate){
            .offset_lo = (uint16_t)addr,
            .selector = HV_CS64,
            .ist = vector_ist(v),
            .type_attr = GATE_INTERRUPT,
            .offset_mid = (uint16_t)(addr >> 16),
            .offset_hi = (uint32_t)(addr >> 32),
        };
    }
}

static void set_tss_descriptor(uint64_t *slot, const struct tss64 *t)
{
    uint64_t base = (uint64_t)t;
    uint64_t limit = sizeof(*t) - 1;

    /* Available 64-bit TSS (type 9), present. */
    slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
              ((limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
    slot[1] = base >> 32;
}

static void setup_tss(unsigned int cpu, void *stack_block)
{
    struct tss64 *t = &tss[cpu];
    char *block = stack_block;

    memset(t, 0, sizeof(*t));
    t->iomap_base = sizeof(*t); /* No I/O bitmap: all ports fault at CPL 3. */
    if (!block) {
        return;
    }
    /* Each IST stack's top is the start of the page after its last page. */
    t->ist[IST_NMI - 1] = (uint64_t)(block + (STACK_PAGE_IST_NMI + STACK_IST_PAGES) * 4096UL);
    t->ist[IST_DF - 1] = (uint64_t)(block + (STACK_PAGE_IST_DF + STACK_IST_PAGES) * 4096UL);
    t->ist[IST_MC - 1] = (uint64_t)(block + (STACK_PAGE_IST_MC + STACK_IST_PAGES) * 4096UL);
}

void cpu_load_descriptors(unsigned int cpu, void *stack_block)
{
    uint64_t *g = gdt[cpu];
    struct desc_ptr gdtr = {sizeof(gdt[cpu]) - 1, (uint64_t)g};
    struct desc_ptr idtr = {sizeof(idt) - 1, (uint64_t)idt};

    g[0] = 0;
    g[HV_CS64 / 8] = 0x00af9b000000ffffULL;
    g[HV_DS / 8] = 0x00cf93000000ffffULL;
    g[HV_CS32 / 8] = 0x00cf9b000000ffffULL;
    setup_tss(cpu, stack_block);
    set_tss_descriptor(&g[HV_TSS / 8], &tss[cpu]);

    __asm__ __volatile__("lgdt %0" ::"m"(gdtr));
    __asm__ __volatile__("lidt %0" ::"m"(idtr));
    /* Reload CS through a far return, then the data segments. */
    __asm__ __volatile__("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:" ::"i"(HV_CS64)
                         : "rax", "memory");
    __asm__ __volatile__("mov %0, %%ds; mov %0, %%es; mov %0, %%ss" ::"r"(HV_DS));
    __asm__ __volatile__("ltr %w0" ::"r"(HV_TSS));
}
