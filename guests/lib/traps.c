/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IDT, the TSS and the exception handler of the test-kernel framework (guest/traps.h).
 * Test kernels run with interrupts off, so the IDT has gates only for the 32 exception vectors
 * and for USER_EXIT_VECTOR; anything else arriving would raise #NP (missing gate) and be
 * reported like any unexpected exception.
 */
#include <stddef.h>
#include <stdint.h>

#include <guest/console.h>
#include <guest/report.h>
#include <guest/traps.h>
#include <guest/x86.h>

#include "internal.h"

/* An IDT gate in long mode (AMD APM vol. 2, 4.8.4). */
struct idt_gate {
    uint16_t offset_lo;  /* 0 */
    uint16_t selector;   /* 2 */
    uint8_t ist;         /* 4: bits 2:0 */
    uint8_t type_attr;   /* 5: P, DPL, type (0xe: 64-bit interrupt gate) */
    uint16_t offset_mid; /* 6 */
    uint32_t offset_hi;  /* 8 */
    uint32_t reserved;   /* 12 */
};
_Static_assert(sizeof(struct idt_gate) == 16, "idt_gate size");

/* The 64-bit TSS (AMD APM vol. 2, 12.2.5): only the stack pointers matter here. */
struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3]; /* 4: stacks for transitions to CPL 0-2. */
    uint64_t reserved1;
    uint64_t ist[7]; /* 36: interrupt stack table (IST1 is ist[0]). */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iopb; /* 102: I/O bitmap offset; past the limit = no bitmap. */
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "tss64 size");
_Static_assert(offsetof(struct tss64, rsp) == 4, "tss64.rsp");
_Static_assert(offsetof(struct tss64, ist) == 36, "tss64.ist");
_Static_assert(offsetof(struct tss64, iopb) == 102, "tss64.iopb");

/* The descriptor-table register operand of LIDT. */
struct desc_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

struct exception_record exc_last;
volatile unsigned int exc_fixup_count;

extern uint64_t gdt[GDT_ENTRIES];
extern uint64_t boot_pt[512];

static struct idt_gate idt[256] __aligned(16);
static struct tss64 tss __aligned(16);
/* The stack for exceptions and USER_EXIT_VECTOR arriving from CPL 3 (TSS.RSP0). */
static uint8_t ring0_stack[2 * PAGE_SIZE] __aligned(16);
/*
 * A separate stack for #DF (IST1), so a double fault caused by a bad RSP is still reported;
 * reporting (printf, hypercalls, shutdown) takes about 3 KiB.
 */
static uint8_t df_stack[2 * PAGE_SIZE] __aligned(16);

/* The exception table, built from EXTABLE_ENTRY by the linker script. */
struct extable_entry {
    uint64_t fault;
    uint64_t fixup;
};
extern const struct extable_entry __start_extable[], __stop_extable[];

static const char *const exception_names[X86_NR_EXCEPTIONS] = {
    [X86_EXC_DE] = "#DE", [X86_EXC_DB] = "#DB", [X86_EXC_NMI] = "NMI", [X86_EXC_BP] = "#BP",
    [X86_EXC_OF] = "#OF", [X86_EXC_BR] = "#BR", [X86_EXC_UD] = "#UD",  [X86_EXC_NM] = "#NM",
    [X86_EXC_DF] = "#DF", [X86_EXC_TS] = "#TS", [X86_EXC_NP] = "#NP",  [X86_EXC_SS] = "#SS",
    [X86_EXC_GP] = "#GP", [X86_EXC_PF] = "#PF", [X86_EXC_MF] = "#MF",  [X86_EXC_AC] = "#AC",
    [X86_EXC_MC] = "#MC", [X86_EXC_XM] = "#XM", [20] = "#VE",          [21] = "#CP",
    [28] = "#HV",         [29] = "#VC",         [30] = "#SX",
};

const char *exception_name(unsigned int vector)
{
    if (vector < X86_NR_EXCEPTIONS && exception_names[vector]) {
        return exception_names[vector];
    }
    return "#??";
}

static void set_gate(unsigned int vector, uint64_t handler, unsigned int dpl, unsigned int ist)
{
    struct idt_gate *g = &idt[vector];

    g->offset_lo = (uint16_t)handler;
    g->selector = GDT_KERNEL_CS64;
    g->ist = (uint8_t)ist;
    g->type_attr = (uint8_t)(0x80 | (dpl << 5) | 0xe);
    g->offset_mid = (uint16_t)(handler >> 16);
    g->offset_hi = (uint32_t)(handler >> 32);
    g->reserved = 0;
}

void idt_set_interrupt_gate(unsigned int vector, void (*entry)(void))
{
    set_gate(vector, (uint64_t)entry, 0, 0);
}

void traps_init(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof(tss) - 1;
    struct desc_ptr idtr = {sizeof(idt) - 1, (uint64_t)idt};
    unsigned int v;

    for (v = 0; v < X86_NR_EXCEPTIONS; v++) {
        set_gate(v, exception_stubs[v], 0, v == X86_EXC_DF ? 1 : 0);
    }
    set_gate(USER_EXIT_VECTOR, (uint64_t)usermode_exit_entry, 3, 0);

    tss.rsp[0] = (uint64_t)(ring0_stack + sizeof(ring0_stack));
    tss.ist[0] = (uint64_t)(df_stack + sizeof(df_stack));
    tss.iopb = sizeof(tss);

    /* A 16-byte system descriptor, type 9 = available 64-bit TSS (AMD APM vol. 2, 4.8.3). */
    gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
                       ((limit >> 16) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[GDT_TSS / 8 + 1] = base >> 32;

    asm volatile("lidt %0" ::"m"(idtr));
    asm volatile("ltr %w0" ::"r"(GDT_TSS));
}

int page_set_flags(const void *va, uint64_t flags)
{
    uint64_t addr = (uint64_t)va & ~(uint64_t)(PAGE_SIZE - 1);

    if (addr >= 512 * PAGE_SIZE) {
        return -1;
    }
    boot_pt[addr / PAGE_SIZE] = flags ? addr | flags : 0;
    invlpg((const void *)addr);
    return 0;
}

static const struct extable_entry *extable_find(uint64_t rip)
{
    const struct extable_entry *e;

    for (e = __start_extable; e < __stop_extable; e++) {
        if (e->fault == rip) {
            return e;
        }
    }
    return NULL;
}

/* Prints the state at the exception and ends the test with ERROR. */
static void __noreturn unexpected(const struct cpu_regs *regs)
{
    printf("Unexpected exception %s (vector %lu), error code %#lx, at RIP %#lx, CPL %lu\n",
           exception_name((unsigned int)regs->vector), regs->vector, regs->error_code, regs->rip,
           regs->cs & 3);
    printf("  CS %#lx RFLAGS %#lx RSP %#lx SS %#lx CR2 %#lx\n", regs->cs, regs->rflags, regs->rsp,
           regs->ss, read_cr2());
    printf("  RAX %#lx RBX %#lx RCX %#lx RDX %#lx\n", regs->rax, regs->rbx, regs->rcx, regs->rdx);
    printf("  RSI %#lx RDI %#lx RBP %#lx R8 %#lx\n", regs->rsi, regs->rdi, regs->rbp, regs->r8);
    test_error("Unexpected exception %s at RIP %#lx", exception_name((unsigned int)regs->vector),
               regs->rip);
    test_exit();
}

void do_exception(struct cpu_regs *regs)
{
    static unsigned int depth;
    const struct extable_entry *fix;

    exc_last.vector = (int)regs->vector;
    exc_last.error_code = regs->error_code;
    exc_last.rip = regs->rip;
    exc_last.cs = (uint16_t)regs->cs;
    exc_last.cr2 = regs->vector == X86_EXC_PF ? read_cr2() : 0;

    fix = extable_find(regs->rip);
    if (fix) {
        exc_fixup_count++;
        regs->rip = fix->fixup;
        return;
    }

    if (exc_catch_rsp) {
        /* Unwind to exc_call_catch, in 64-bit mode at CPL 0, whatever mode fn was in. */
        regs->rip = (uint64_t)exc_catch_resume;
        regs->cs = GDT_KERNEL_CS64;
        regs->ss = GDT_KERNEL_DS;
        regs->rsp = exc_catch_rsp;
        regs->rflags = 2;
        regs->rax = regs->vector;
        usermode_saved_rsp = 0;
        return;
    }

    /* A fault while reporting a fault: the console or the hypercalls are broken. */
    if (depth++) {
        static const char msg[] = "Test kernel: exception while handling an exception\n";
        size_t i;

        for (i = 0; i < sizeof(msg) - 1; i++) {
            outb(0xe9, (uint8_t)msg[i]);
        }
        halt_forever();
    }
    unexpected(regs);
}
