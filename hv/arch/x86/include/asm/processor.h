/* SPDX-License-Identifier: GPL-2.0-only */
/* Control registers, MSRs, CPUID and TSC access. */
#ifndef X86_PROCESSOR_H
#define X86_PROCESSOR_H

#include <hv/types.h>

#define X86_CR0_PE (1UL << 0)
#define X86_CR0_MP (1UL << 1)
#define X86_CR0_ET (1UL << 4)
#define X86_CR0_NE (1UL << 5)
#define X86_CR0_WP (1UL << 16)
#define X86_CR0_PG (1UL << 31)

#define X86_CR4_PAE    (1UL << 5)
#define X86_CR4_PGE    (1UL << 7)
#define X86_CR4_OSFXSR (1UL << 9)

#define MSR_EFER              0xc0000080
#define EFER_SCE              (1UL << 0)
#define EFER_LME              (1UL << 8)
#define EFER_NXE              (1UL << 11)
#define EFER_SVME             (1UL << 12)
#define MSR_FS_BASE           0xc0000100
#define MSR_GS_BASE           0xc0000101
#define MSR_IA32_APICBASE     0x0000001b
#define MSR_IA32_TSC_DEADLINE 0x000006e0

struct cpuid_regs {
    uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs r;

    __asm__ __volatile__("cpuid"
                         : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                         : "a"(leaf), "c"(subleaf));
    return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* RDTSC ordered against earlier loads (AMD documents LFENCE as dispatch-serialising). */
static inline uint64_t rdtsc_ordered(void)
{
    __asm__ __volatile__("lfence" ::: "memory");
    return rdtsc();
}

#define DEFINE_CR_ACCESSORS(n)                                                                     \
    static inline unsigned long read_cr##n(void)                                                   \
    {                                                                                              \
        unsigned long v;                                                                           \
        __asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));                                      \
        return v;                                                                                  \
    }                                                                                              \
    static inline void write_cr##n(unsigned long v)                                                \
    {                                                                                              \
        __asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory");                               \
    }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)

static inline void halt(void)
{
    __asm__ __volatile__("hlt" ::: "memory");
}

/* Enable interrupts and halt atomically (STI's one-instruction shadow covers the HLT). */
static inline void safe_halt(void)
{
    __asm__ __volatile__("sti; hlt" ::: "memory");
}

static inline void invlpg(const void *va)
{
    __asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
}

static inline void flush_tlb_local(void)
{
    write_cr3(read_cr3());
}

/* CPU features probed once at boot (hv/arch/x86/cpu.c). */
struct cpu_features {
    bool nx;
    bool page1gb;
    bool x2apic;
    bool tsc_deadline;
    bool invariant_tsc;
    bool svm;
    uint32_t max_leaf;
    uint32_t max_ext_leaf;
    char vendor[13];
    char brand[49];
};
extern struct cpu_features boot_cpu;

/* Read the boot CPU's features into boot_cpu. */
void cpu_features_init(void);
/* Log the boot CPU's model and the features the hypervisor uses. */
void cpu_print_features(void);

#endif /* X86_PROCESSOR_H */
