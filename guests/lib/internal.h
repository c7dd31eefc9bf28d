/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interfaces between the parts of the test-kernel framework (guests/lib) that tests do not
 * use: start-up steps and the assembly entry points.
 */
#ifndef GUEST_LIB_INTERNAL_H
#define GUEST_LIB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <guest/lib.h>

/*
 * Registers saved by the exception entry (entry.S, exception_common), lowest address first:
 * the general registers it pushes, then the vector and error code, then the frame the CPU
 * pushed. The handler may change any of them; they are restored on return.
 */
struct cpu_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * C entry point, called from head.S in long mode on the boot stack with the guest-physical
 * address of hvm_start_info (EBX at the PVH entry). Never returns.
 */
void lib_start(uint32_t start_info_pa) __noreturn;

/*
 * The exception handler, called from entry.S for every vector in X86_EXC_*. Returns after
 * redirecting `regs` to a fixup or catch point; ends the test (ERROR) otherwise.
 */
void do_exception(struct cpu_regs *regs);

/* Loads the IDT and the TSS (with the CPL 0 and #DF stacks). Called first, at start-up. */
void traps_init(void);

/*
 * Finds Xen's CPUID leaves and, if present, registers the hypercall page. Returns true if Xen
 * was found. Problems with the page are remembered for hypercall_report_setup().
 */
bool hypercall_init(void);

/* Reports (as test failures) what went wrong in hypercall_init, once the console works. */
void hypercall_report_setup(void);

/* Chooses the console back end: console_io on Xen, ports 0xE9 and COM1 without. */
void console_init(bool on_xen);

/* Records the start_info address passed by the loader. */
void start_info_init(uint32_t start_info_pa);

/* Entry points in entry.S, referenced by traps.c. */
extern const uint64_t exception_stubs[32];
extern char usermode_exit_entry[];
extern char exc_catch_resume[];

/* State shared with entry.S: the innermost exc_call_catch frame and usermode_call's stack. */
extern uint64_t exc_catch_rsp;
extern uint64_t usermode_saved_rsp;

/* 32-bit stubs in entry.S: the raw hypercall instructions, for compat_call. */
extern char compat_vmmcall_stub[], compat_vmcall_stub[];

#endif /* GUEST_LIB_INTERNAL_H */
