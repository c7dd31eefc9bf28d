/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Vendor-neutral hardware virtualization. The vendor backend (SVM now, VMX later) sits behind
 * struct hvm_funcs, chosen at boot; it runs the guest and translates each exit into a
 * struct hvm_exit. Everything both vendors need (CPUID, MSRs, I/O, hypercalls, instruction
 * lengths, guest memory access) lives once in hv/arch/x86/hvm (style-anchors.md, convention 22).
 */
#ifndef X86_HVM_HVM_H
#define X86_HVM_HVM_H

#include <hv/domain.h>
#include <hv/types.h>

enum hvm_exit_reason {
    HVM_EXIT_NONE, /* Entry abandoned (work pending) or an exit needing nothing. */
    HVM_EXIT_CPUID,
    HVM_EXIT_HLT,
    HVM_EXIT_IO,
    HVM_EXIT_MSR_READ,
    HVM_EXIT_MSR_WRITE,
    HVM_EXIT_HYPERCALL,
    HVM_EXIT_NPF, /* Nested page fault. */
    HVM_EXIT_UD,  /* An instruction the guest may not use: inject #UD. */
    HVM_EXIT_TRIPLE_FAULT,
    HVM_EXIT_WBINVD, /* INVD/WBINVD: performed as WBINVD and skipped. */
    HVM_EXIT_PAUSE,
    HVM_EXIT_INTR_WINDOW, /* The guest can now take the interrupt we asked to deliver. */
    HVM_EXIT_HOST_STATE,  /* The exit saved the host's own state as the guest's (see exit.c). */
    HVM_EXIT_UNKNOWN,
};

struct hvm_exit {
    enum hvm_exit_reason reason;
    uint64_t vendor_code; /* The vendor's exit code, for messages. */
    uint64_t next_rip;    /* Address after the instruction, when the hardware said (else 0). */
    union {
        struct {
            uint16_t port;
            uint8_t size; /* 1, 2 or 4. */
            bool in, string, rep;
        } io;
        struct {
            uint64_t gpa;
            bool write, fetch, present, user;
        } npf;
    };
};

/* What guest-memory access and the hypercall ABI need to know of the guest's mode. */
struct hvm_guest_mode {
    uint64_t cr0, cr3, cr4, efer;
    uint64_t cs_base;
    unsigned int cpl;
    bool cs_long; /* 64-bit code segment (with EFER.LMA). */
};

/* The state a PVH vCPU starts in (guest-abi.md 2.2). */
struct hvm_boot_state {
    uint32_t entry; /* 32-bit physical entry point. */
    uint32_t ebx;   /* Physical address of hvm_start_info. */
};

struct vcpu_hvm_context;

struct hvm_funcs {
    const char *name;
    /* Enable virtualization on the calling CPU. Context: each CPU once, during boot. */
    int (*cpu_up)(void);
    int (*vcpu_init)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);
    /* Load the PVH start state into a vCPU that has not run yet. */
    void (*vcpu_set_boot_state)(struct vcpu *v, const struct hvm_boot_state *s);
    /* Load a validated VCPUOP_initialise context (hvm/vcpu-context.c checked it). */
    void (*vcpu_set_context)(struct vcpu *v, const struct vcpu_hvm_context *ctx);
    /* Load the state a start-up IPI gives: real mode at `vector` * 4 KiB. v is down. */
    void (*vcpu_set_sipi_state)(struct vcpu *v, uint8_t vector);
    /*
     * Run the guest until its next exit and describe it in *exit. Returns false, with nothing
     * run, when this CPU has softirqs pending. Called with interrupts enabled.
     */
    bool (*vcpu_enter)(struct vcpu *v, struct hvm_exit *exit);
    /* Deliver exception `vector` at the next entry; `error_code` < 0 means none. */
    void (*inject_exception)(struct vcpu *v, unsigned int vector, int error_code);
    /* Deliver external interrupt `vector` at the next entry, bypassing any local APIC. */
    void (*inject_interrupt)(struct vcpu *v, uint8_t vector);
    /* True when the guest cannot take an interrupt now (RFLAGS.IF clear, interrupt shadow,
     * or an event already queued for the next entry). */
    bool (*interrupts_blocked)(struct vcpu *v);
    /* Ask for (or stop asking for) an exit as soon as the guest can take an interrupt. */
    void (*interrupt_window)(struct vcpu *v, bool wanted);
    void (*get_mode)(struct vcpu *v, struct hvm_guest_mode *m);
    /* Validate and install a guest EFER / PAT value; false means the guest gets #GP. */
    bool (*set_efer)(struct vcpu *v, uint64_t efer);
    bool (*set_pat)(struct vcpu *v, uint64_t pat);
    uint64_t (*get_pat)(struct vcpu *v);
    /* `v` moves to another CPU: drop per-CPU state (ASID, cached VMCB). */
    void (*migrated)(struct vcpu *v);
    /* `v` leaves this CPU: save the state the CPU still holds for it (FPU). */
    void (*switch_out)(struct vcpu *v);
    /* Print the vendor state of `v` (the VMCB) at error level. */
    void (*dump)(struct vcpu *v);
};

extern const struct hvm_funcs *hvm_funcs;

/* The SVM backend if this CPU has SVM with nested paging, else NULL (svm/svm.c). */
const struct hvm_funcs *svm_probe(void);

/* Pick the vendor backend and enable it on the boot CPU. -ENODEV when unsupported. */
int hvm_init(void);

/* Enable the chosen backend on an AP. */
int hvm_cpu_up(void);

/* Handle one exit of `v`. */
void hvm_handle_exit(struct vcpu *v, struct hvm_exit *exit);

/* CPUID as the guest sees it (hvm/cpuid.c). */
void hvm_cpuid(struct vcpu *v, uint32_t leaf, uint32_t subleaf, uint32_t regs[4]);

/* MSR access as the guest sees it (hvm/msr.c): 0, or -1 for #GP. */
int hvm_msr_read(struct vcpu *v, uint32_t msr, uint64_t *value);
int hvm_msr_write(struct vcpu *v, uint32_t msr, uint64_t value);

/* Port I/O with no device behind it (hvm/io.c). */
void hvm_io(struct vcpu *v, const struct hvm_exit *exit);

/*
 * Length of the instruction at the guest's RIP, which must be one of the opcodes in
 * `opcodes` (each up to 3 bytes, terminated by an entry of length 0), after optional
 * prefixes. Returns the length, or 0 if the bytes cannot be read or do not match.
 */
struct hvm_opcode {
    uint8_t len;
    uint8_t bytes[3];
};
unsigned int hvm_insn_length(struct vcpu *v, const struct hvm_opcode *opcodes);

/* Skip the instruction that caused the exit; crash the domain when it cannot be decoded. */
void hvm_skip_insn(struct vcpu *v, const struct hvm_exit *exit, const struct hvm_opcode *op);

/* Handle VMMCALL/VMCALL (hvm/hypercall.c). */
void hvm_hypercall(struct vcpu *v, const struct hvm_exit *exit);

/* Write the hypercall stubs into guest page `gpa` (the hypercall MSR). -1 means #GP. */
int hvm_write_hypercall_page(struct vcpu *v, uint64_t gpa);

/* Exception vectors injected into guests. */
#define X86_EXC_UD 6
#define X86_EXC_GP 13
#define X86_EXC_PF 14

#endif /* X86_HVM_HVM_H */
