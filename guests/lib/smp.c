/* SPDX-License-Identifier: GPL-2.0-only */
/* Secondary vCPUs (guest/smp.h). */
#include <guest/hypercall.h>
#include <guest/smp.h>
#include <guest/x86.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/vcpu.h>

struct desc_ptr64 {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

/* The boot vCPU's descriptor tables, loaded by every secondary vCPU on entry. */
struct desc_ptr64 ap_gdt, ap_idt;

void ap_main(unsigned int id, void (*fn)(unsigned int));
void ap_entry(void);

/* Entry of a secondary vCPU: RDI = id, RSI = fn, RSP = its stack (from VCPUOP_initialise). */
__asm__(".text\n.globl ap_entry\nap_entry:\n"
        "lgdt ap_gdt(%rip)\n"
        "lidt ap_idt(%rip)\n"
        "xor %ebp, %ebp\n"
        "call ap_main\n"
        "1: cli; hlt; jmp 1b\n");

void ap_main(unsigned int id, void (*fn)(unsigned int))
{
    fn(id);
    hypercall_vcpu_op(VCPUOP_down, id, NULL);
}

static uint64_t read_efer(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080));
    return ((uint64_t)hi << 32) | lo;
}

long vcpu_start(unsigned int id, void (*fn)(unsigned int), void *stack_top)
{
    struct vcpu_hvm_context ctx;
    long rc;

    __asm__ __volatile__("sgdt %0; sidt %1" : "=m"(ap_gdt), "=m"(ap_idt));
    memset(&ctx, 0, sizeof(ctx));
    ctx.mode = VCPU_HVM_MODE_64B;
    ctx.cpu_regs.x86_64.rip = (uint64_t)ap_entry;
    ctx.cpu_regs.x86_64.rsp = (uint64_t)stack_top;
    ctx.cpu_regs.x86_64.rdi = id;
    ctx.cpu_regs.x86_64.rsi = (uint64_t)fn;
    ctx.cpu_regs.x86_64.rflags = 0x2;
    ctx.cpu_regs.x86_64.cr0 = read_cr0();
    ctx.cpu_regs.x86_64.cr3 = read_cr3();
    ctx.cpu_regs.x86_64.cr4 = read_cr4();
    ctx.cpu_regs.x86_64.efer = read_efer();
    rc = hypercall_vcpu_op(VCPUOP_initialise, id, &ctx);
    if (rc) {
        return rc;
    }
    return hypercall_vcpu_op(VCPUOP_up, id, NULL);
}
