/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions in test kernels. The framework's IDT sends every exception vector to one
 * handler. An exception the test did not ask for ends the test with ERROR, after a line naming
 * the vector, error code and RIP. A test that expects an exception has three ways to say so:
 *
 *  - an exception-table entry for the faulting instruction (EXTABLE_ENTRY in inline asm, as
 *    rdmsr_safe and wrmsr_safe do): execution resumes at the fixup address;
 *  - exc_call_catch(fn, arg): any exception while fn runs unwinds back out of fn;
 *  - for code at CPL 3, usermode_call inside exc_call_catch.
 *
 * The last exception taken is always recorded in exc_last.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdint.h>

#include <guest/lib.h>

/* "No exception happened" in the results below. */
#define NO_EXCEPTION (-1)

/* What the handler saw of the last exception. */
struct exception_record {
    int vector;          /* X86_EXC_* */
    uint64_t error_code; /* 0 for vectors without one. */
    uint64_t rip;        /* Where it happened. */
    uint16_t cs;         /* Code segment there (its RPL is the CPL). */
    uint64_t cr2;        /* For #PF: the faulting address. */
};
extern struct exception_record exc_last;

/* Incremented every time an exception-table fixup is taken. */
extern volatile unsigned int exc_fixup_count;

/*
 * An exception-table entry for inline asm: if the instruction at label `fault` raises an
 * exception, execution continues at label `fixup` (both given as strings, e.g. "1b", "2b").
 */
#define EXTABLE_ENTRY(fault, fixup)                                                                \
    ".pushsection .extable, \"a\"\n\t.balign 8\n\t.quad " fault ", " fixup "\n\t.popsection\n"

/* WRMSR that survives a fault: returns the vector it raised (#GP) or NO_EXCEPTION. */
static inline int wrmsr_safe(uint32_t msr, uint64_t val)
{
    unsigned int before = exc_fixup_count;

    asm volatile("1: wrmsr\n2:\n" EXTABLE_ENTRY("1b", "2b")::"c"(msr), "a"((uint32_t)val),
                 "d"((uint32_t)(val >> 32))
                 : "memory");
    return exc_fixup_count == before ? NO_EXCEPTION : exc_last.vector;
}

/* RDMSR that survives a fault: returns the vector it raised or NO_EXCEPTION (*val valid). */
static inline int rdmsr_safe(uint32_t msr, uint64_t *val)
{
    unsigned int before = exc_fixup_count;
    uint32_t lo = 0, hi = 0;

    asm volatile("1: rdmsr\n2:\n" EXTABLE_ENTRY("1b", "2b")
                 : "+a"(lo), "+d"(hi)
                 : "c"(msr)
                 : "memory");
    *val = ((uint64_t)hi << 32) | lo;
    return exc_fixup_count == before ? NO_EXCEPTION : exc_last.vector;
}

/*
 * Calls fn(arg). If an exception is raised while it runs (at any CPL, in any mode) and no
 * exception-table entry covers it, fn is abandoned: the stack unwinds to this call, which
 * returns the vector (details in exc_last). Returns NO_EXCEPTION if fn returned normally.
 * Calls may nest.
 */
int exc_call_catch(void (*fn)(void *), void *arg);

/*
 * Runs fn(arg) at CPL 3 (64-bit user code segment, the framework's user stack, interrupts
 * off) and returns its result once it returns. All memory is mapped user-accessible, so fn
 * may use the test's code and data. An exception at CPL 3 is handled as anywhere else
 * (fatal, unless caught with exc_call_catch around usermode_call). fn must not print: the
 * console's hypercall fails at CPL 3 and its port fallback raises #GP there (IOPL 0).
 */
uint64_t usermode_call(uint64_t (*fn)(void *), void *arg);

/*
 * Points IDT vector `vector` (32-255) at `entry`, an interrupt gate at CPL 0. `entry` is the
 * raw handler: it must preserve every register and end in IRETQ (INTERRUPT_ENTRY makes one).
 */
void idt_set_interrupt_gate(unsigned int vector, void (*entry)(void));

/*
 * Defines `entry`, a raw interrupt handler for idt_set_interrupt_gate(): it saves the
 * caller-saved registers, calls the C function `handler` with `arg` (a number) as its first
 * argument and the interrupt frame (RIP, CS, RFLAGS, RSP, SS; nine saved registers below it)
 * as its second, restores them and returns with IRETQ. A handler that needs neither may be
 * declared without parameters.
 */
#define INTERRUPT_ENTRY_ARG(entry, handler, arg)                                                   \
    void entry(void);                                                                              \
    __asm__(".text\n.globl " #entry "\n" #entry ":\n"                                              \
            "push %rax; push %rcx; push %rdx; push %rsi; push %rdi; push %r8; push %r9;"           \
            "push %r10; push %r11; cld; mov $" #arg ", %edi; lea 72(%rsp), %rsi;"                  \
            "call " #handler "; pop %r11; pop %r10; pop %r9; pop %r8; pop %rdi; pop %rsi;"         \
            "pop %rdx; pop %rcx; pop %rax; iretq\n")
#define INTERRUPT_ENTRY(entry, handler) INTERRUPT_ENTRY_ARG(entry, handler, 0)

/* Returns the mnemonic of exception `vector` ("#GP"), or "#??" for an unknown one. */
const char *exception_name(unsigned int vector);

/*
 * Changes the page-table entry of the 4 KiB page at `va` (which must lie in the first 2 MiB,
 * the only range mapped with 4 KiB pages) to map the same address with `flags` (PTE_*; 0 to
 * unmap it), and flushes it from the TLB. Returns 0, or -1 if `va` is outside that range.
 */
int page_set_flags(const void *va, uint64_t flags);

#endif /* GUEST_TRAPS_H */
