/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86-64 definitions of the test-kernel framework: the framework's GDT selectors, control
 * register and MSR bits, exception vectors, and small inline wrappers for the instructions
 * tests use. The constants are shared with the framework's assembly (head.S, entry.S).
 */
#ifndef GUEST_X86_H
#define GUEST_X86_H

/*
 * The framework's GDT (head.S). The 32-bit code segment serves both the PVH entry (before
 * long mode) and compatibility mode (hypercall32). User segments have DPL 3; their selectors
 * carry RPL 3. The TSS descriptor takes two slots.
 */
#define GDT_KERNEL_CS64 0x08
#define GDT_KERNEL_DS   0x10
#define GDT_KERNEL_CS32 0x18
#define GDT_USER_DS     0x23
#define GDT_USER_CS64   0x2b
#define GDT_TSS         0x30
#define GDT_ENTRIES     8

/* The software interrupt (DPL 3) with which code at CPL 3 returns to usermode_call's caller. */
#define USER_EXIT_VECTOR 0x80

#define PAGE_SHIFT 12
#define PAGE_SIZE  4096

/* Page-table entry bits. */
#define PTE_P  0x001 /* Present. */
#define PTE_W  0x002 /* Writable. */
#define PTE_U  0x004 /* User accessible. */
#define PTE_PS 0x080 /* Large page (in a PD or PDPT entry). */

#define X86_CR0_PE  (1 << 0)
#define X86_CR0_WP  (1 << 16)
#define X86_CR0_PG  0x80000000
#define X86_CR4_PAE (1 << 5)

#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_LMA (1 << 10)

#define X86_EFLAGS_IF (1 << 9)

/* Exception vectors (Intel SDM vol. 3, 6.15; AMD APM vol. 2, 8.2). */
#define X86_EXC_DE        0  /* Divide error. */
#define X86_EXC_DB        1  /* Debug. */
#define X86_EXC_NMI       2  /* Non-maskable interrupt. */
#define X86_EXC_BP        3  /* Breakpoint (INT3). */
#define X86_EXC_OF        4  /* Overflow. */
#define X86_EXC_BR        5  /* Bound range. */
#define X86_EXC_UD        6  /* Invalid opcode. */
#define X86_EXC_NM        7  /* Device not available. */
#define X86_EXC_DF        8  /* Double fault. */
#define X86_EXC_TS        10 /* Invalid TSS. */
#define X86_EXC_NP        11 /* Segment not present. */
#define X86_EXC_SS        12 /* Stack fault. */
#define X86_EXC_GP        13 /* General protection. */
#define X86_EXC_PF        14 /* Page fault. */
#define X86_EXC_MF        16 /* x87 error. */
#define X86_EXC_AC        17 /* Alignment check. */
#define X86_EXC_MC        18 /* Machine check. */
#define X86_EXC_XM        19 /* SIMD error. */
#define X86_NR_EXCEPTIONS 32

/* Page-fault error code bits. */
#define PFEC_PRESENT (1 << 0)
#define PFEC_WRITE   (1 << 1)
#define PFEC_USER    (1 << 2)

#ifndef __ASSEMBLER__

#include <stdint.h>

/* The four registers one CPUID leaf returns. */
struct cpuid_regs {
    uint32_t eax, ebx, ecx, edx;
};

static inline void cpuid_count(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
    asm volatile("cpuid"
                 : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
                 : "a"(leaf), "c"(subleaf));
}

static inline void cpuid(uint32_t leaf, struct cpuid_regs *r)
{
    cpuid_count(leaf, 0, r);
}

/* RDMSR/WRMSR fault on unknown MSRs; use rdmsr_safe/wrmsr_safe (traps.h) when unsure. */
static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile("wrmsr" ::"c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32)) : "memory");
}

static inline void outb(uint16_t port, uint8_t val)
{
    asm volatile("outb %0, %1" ::"a"(val), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t val)
{
    asm volatile("outw %0, %1" ::"a"(val), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t val;

    asm volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
    return val;
}

static inline uint64_t read_cr0(void)
{
    uint64_t val;

    asm volatile("mov %%cr0, %0" : "=r"(val));
    return val;
}

static inline uint64_t read_cr2(void)
{
    uint64_t val;

    asm volatile("mov %%cr2, %0" : "=r"(val));
    return val;
}

static inline uint64_t read_cr3(void)
{
    uint64_t val;

    asm volatile("mov %%cr3, %0" : "=r"(val));
    return val;
}

static inline uint64_t read_cr4(void)
{
    uint64_t val;

    asm volatile("mov %%cr4, %0" : "=r"(val));
    return val;
}

static inline uint16_t read_cs(void)
{
    uint16_t sel;

    asm volatile("mov %%cs, %0" : "=r"(sel));
    return sel;
}

static inline void invlpg(const void *va)
{
    asm volatile("invlpg (%0)" ::"r"(va) : "memory");
}

/* Stops this vCPU for good: interrupts off, then HLT in a loop (an NMI would resume it). */
static inline __attribute__((noreturn)) void halt_forever(void)
{
    for (;;) {
        asm volatile("cli; hlt" ::: "memory");
    }
}

#endif /* !__ASSEMBLER__ */

#endif /* GUEST_X86_H */
