/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions and interrupt dispatch. An exception in the hypervisor is always a hypervisor
 * bug (guests exit through SVM, not through this IDT), so every exception but NMI is fatal:
 * it prints the frame and a symbolized backtrace and halts the machine.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/console.h>
#include <hv/smp.h>
#include <hv/symbols.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/current.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define BACKTRACE_MAX_FRAMES 32

static irq_handler_t irq_handlers[256];

static const char *const exception_names[32] = {
    [0] = "#DE divide error",
    [1] = "#DB debug",
    [2] = "NMI",
    [3] = "#BP breakpoint",
    [4] = "#OF overflow",
    [5] = "#BR bound range",
    [6] = "#UD invalid opcode",
    [7] = "#NM device not available",
    [8] = "#DF double fault",
    [10] = "#TS invalid TSS",
    [11] = "#NP segment not present",
    [12] = "#SS stack fault",
    [13] = "#GP general protection",
    [14] = "#PF page fault",
    [16] = "#MF x87 error",
    [17] = "#AC alignment check",
    [18] = "#MC machine check",
    [19] = "#XM SIMD error",
    [20] = "#VE virtualization",
    [21] = "#CP control protection",
    [29] = "#VC VMM communication",
    [30] = "#SX security",
};

void set_irq_handler(unsigned int vector, irq_handler_t fn)
{
    BUG_ON(vector < FIRST_DEVICE_VECTOR || vector > 0xff);
    irq_handlers[vector] = fn;
}

/*
 * A return address after a call to a noreturn function points just past the caller's end,
 * so return addresses are looked up one byte earlier (and the offset corrected back).
 */
static void print_symbol_line(const char *prefix, unsigned long addr, bool is_return)
{
    unsigned long off, size;
    const char *name = symbols_lookup(addr - is_return, &off, &size);

    off += is_return;
    if (name) {
        printk("%s[<%016lx>] %s+0x%lx/0x%lx\n", prefix, addr, name, off, size);
    } else {
        printk("%s[<%016lx>] ?\n", prefix, addr);
    }
}

/* Frame pointers are only followed inside the current stack block, so a corrupt chain ends
 * the backtrace instead of faulting. */
void show_backtrace(unsigned long rip, unsigned long rbp)
{
    unsigned long block = (unsigned long)get_cpu_info() & ~(STACK_SIZE - 1);

    printk("Backtrace:\n");
    print_symbol_line("  ", rip, false);
    for (unsigned int i = 0; i < BACKTRACE_MAX_FRAMES; i++) {
        const unsigned long *frame = (const unsigned long *)rbp;

        if (rbp < block || rbp + 16 > block + STACK_SIZE || (rbp & 7)) {
            break;
        }
        if (frame[1] == 0) {
            break;
        }
        print_symbol_line("  ", frame[1], true);
        rbp = frame[0];
    }
}

void show_registers(const struct cpu_user_regs *r)
{
    print_symbol_line("RIP: ", r->rip, false);
    printk("CS: %04lx  RFLAGS: %016lx  SS: %04lx  RSP: %016lx\n", (unsigned long)r->cs,
           (unsigned long)r->rflags, (unsigned long)r->ss, (unsigned long)r->rsp);
    printk("rax: %016lx  rbx: %016lx  rcx: %016lx\n", r->rax, r->rbx, r->rcx);
    printk("rdx: %016lx  rsi: %016lx  rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
    printk("rbp: %016lx  r8:  %016lx  r9:  %016lx\n", r->rbp, r->r8, r->r9);
    printk("r10: %016lx  r11: %016lx  r12: %016lx\n", r->r10, r->r11, r->r12);
    printk("r13: %016lx  r14: %016lx  r15: %016lx\n", r->r13, r->r14, r->r15);
    printk("CR0: %016lx  CR2: %016lx\n", read_cr0(), read_cr2());
    printk("CR3: %016lx  CR4: %016lx\n", read_cr3(), read_cr4());
    show_backtrace(r->rip, r->rbp);
}

static void fatal_exception(struct cpu_user_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;
    const char *name = v < 32 && exception_names[v] ? exception_names[v] : "reserved vector";

    if (!panic_begin()) {
        panic_end();
    }
    printk("**** PANIC on CPU%u: fatal exception %s, error code 0x%lx ****\n", smp_processor_id(),
           name, (unsigned long)regs->error_code);
    if (v == 14) {
        printk("Page fault: %s access to %016lx (%s, %s)\n",
               regs->error_code & 2 ? "write" : (regs->error_code & 16 ? "execute" : "read"),
               read_cr2(), regs->error_code & 1 ? "protection" : "not present",
               regs->error_code & 4 ? "user" : "supervisor");
    }
    show_registers(regs);
    panic_end();
}

void do_irq_or_trap(struct cpu_user_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;

    if (v == 2) {
        do_nmi(regs);
        return;
    }
    if (v < FIRST_DEVICE_VECTOR) {
        fatal_exception(regs);
    }
    if (v == SPURIOUS_APIC_VECTOR) {
        return; /* Spurious interrupts need no EOI (AMD APM vol. 2, 16.4.7). */
    }
    if (irq_handlers[v]) {
        irq_handlers[v](regs);
    } else {
        pr_warn("irq: unexpected interrupt on vector 0x%x, CPU%u\n", v, smp_processor_id());
    }
    apic_eoi();
}

void arch_dump_state(void)
{
    struct cpu_user_regs r = {0};

    __asm__ __volatile__("mov %%rbx, %0; mov %%rbp, %1; mov %%r12, %2; mov %%r13, %3;"
                         "mov %%r14, %4; mov %%r15, %5; mov %%rsp, %6; lea 0(%%rip), %7"
                         : "=m"(r.rbx), "=m"(r.rbp), "=m"(r.r12), "=m"(r.r13), "=m"(r.r14),
                           "=m"(r.r15), "=m"(r.rsp), "=r"(r.rip));
    __asm__ __volatile__("pushf; pop %0" : "=r"(r.rflags));
    r.cs = HV_CS64;
    r.ss = HV_DS;
    show_registers(&r);
}
