/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercalls from a test kernel (guest-abi.md 2.5-2.6).
 *
 * At startup the framework finds Xen's CPUID leaves (the first base in 0x40000000,
 * 0x40000100, ... 0x4000ff00 with the signature "XenVMMXenVMM" and at least base + 2), reads
 * the hypercall MSR from leaf base + 2 and writes the address of `hypercall_page` to it; the
 * hypervisor then fills the page with one 32-byte stub per hypercall number. hypercall() calls
 * through that page. Tests that exercise the ABI itself use the other paths: a caller-chosen
 * page, the raw instruction (VMMCALL on AMD and Hygon CPUs, VMCALL otherwise, as Linux
 * chooses), and the 32-bit forms issued from compatibility mode.
 *
 * Every function returns the hypercall's result: a value >= 0, or -XEN_E* (public/errno.h).
 * Without Xen, hypercall() and the typed wrappers return -XEN_ENOSYS without trying; the raw
 * forms execute their instruction regardless (it raises #UD on bare hardware).
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include <public/errno.h>
#include <public/xen.h>

#include <guest/x86.h>

/* The page the framework registered with the hypervisor (its contents are Xen's). */
extern uint8_t hypercall_page[PAGE_SIZE];

/* Returns true if Xen's CPUID leaves were found. */
bool xen_present(void);

/* Returns the CPUID base of Xen's leaves (0x40000000 normally), or 0 without Xen. */
uint32_t xen_cpuid_base(void);

/* Returns true if the framework's hypercall page was accepted and filled by the hypervisor. */
bool hypercall_page_ready(void);

/* Returns true if the raw instruction is VMMCALL (AMD, Hygon), false if VMCALL. */
bool hypercall_uses_vmmcall(void);

/*
 * The 64-bit hypercall `nr` with up to five arguments (unused ones are passed as 0), through
 * the framework's page; through the raw instruction if the page could not be set up.
 */
long hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/*
 * Calls stub `nr` of `page` (any page the hypervisor filled; nr < 128). The caller makes sure
 * `page` holds stubs: the call executes whatever is there.
 */
long hypercall_via_page(const void *page, unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                        uint64_t a4, uint64_t a5);

/* Executes VMMCALL (or VMCALL) directly with RAX = nr, so any 64-bit number can be tried. */
long hypercall_insn(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/*
 * Registers of a call into 32-bit code (compat_call). Layout shared with entry.S: do not
 * reorder.
 */
struct compat_regs {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
};

/*
 * Switches to compatibility mode (the framework's 32-bit code segment), loads EAX-EBP from
 * `regs`, calls the 32-bit code at `target` (an address below 4 GiB that returns with a
 * 32-bit RET), switches back to 64-bit mode and returns the EAX it left. Callee-saved
 * registers and RSP are preserved across the switches. Interrupts must be off (they are in
 * test kernels). Pre: the stack and everything the code touches lie below 4 GiB.
 */
uint32_t compat_call(uint32_t target, const struct compat_regs *regs);

/*
 * 32-bit hypercalls (Xen's compat ABI: EAX = number; EBX, ECX, EDX, ESI, EDI = arguments)
 * issued from compatibility mode, through stub `nr` of the framework's page or through the
 * raw instruction. The 32-bit result is returned sign-extended.
 */
long hypercall32(unsigned int nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);
long hypercall32_insn(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);

/* Typed wrappers of hypercall() for the operations the tests use. */
long hypercall_xen_version(unsigned int cmd, void *arg);
long hypercall_console_io(unsigned int cmd, unsigned int count, const char *buf);
long hypercall_sched_op(unsigned int cmd, void *arg);
long hypercall_memory_op(unsigned int cmd, void *arg);
long hypercall_hvm_op(unsigned int op, void *arg);
long hypercall_vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg);
long hypercall_event_channel_op(unsigned int cmd, void *arg);

#endif /* GUEST_HYPERCALL_H */
