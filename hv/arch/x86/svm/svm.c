/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * AMD SVM: per-CPU enablement, the VMCB of each vCPU, and guest entry. AMD APM vol. 2,
 * chapter 15. The exit decoding is in exit.c, ASIDs in asid.c.
 */
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/page-alloc.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/string.h>
#include <hv/xmalloc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/svm/svm.h>
#include <asm/system.h>
#include <public/hvm/hvm_vcpu.h>

#define IOPM_ORDER  2                     /* 12 KiB used, allocated as 16 KiB. */
#define MSRPM_ORDER 1                     /* 8 KiB. */
#define GUEST_PAT   0x0007040600070406ULL /* The architectural reset value. */
#define X86_EXC_AC  17

/* EFER bits a guest may set: SCE, LME, NXE, FFXSR. LMA is the hardware's to set. */
#define GUEST_EFER_BITS ((1ULL << 0) | (1ULL << 8) | (1ULL << 11) | (1ULL << 14))
#define EFER_LMA        (1ULL << 10)

bool svm_has_nrips;
static mfn_t iopm_mfn, msrpm_mfn;
static DEFINE_PER_CPU(paddr_t, host_vmcb_pa);

/* MSRs the guest may access directly: their state is in the VMCB and switched by hardware
 * or VMLOAD/VMSAVE, so nothing of the host or another guest shows through. */
static const uint32_t passthrough_msrs[] = {
    0xc0000100, /* FS_BASE */
    0xc0000101, /* GS_BASE */
    0xc0000102, /* KERNEL_GS_BASE */
    0xc0000081, /* STAR */
    0xc0000082, /* LSTAR */
    0xc0000083, /* CSTAR */
    0xc0000084, /* SFMASK */
    0x00000174, /* SYSENTER_CS */
    0x00000175, /* SYSENTER_ESP */
    0x00000176, /* SYSENTER_EIP */
};

static void msrpm_allow(uint8_t *pm, uint32_t msr)
{
    uint32_t base;

    if (msr < 0x2000) {
        base = 0;
    } else if (msr - 0xc0000000 < 0x2000) {
        base = 0x800 * 8;
        msr -= 0xc0000000;
    } else {
        base = 0x1000 * 8;
        msr -= 0xc0010000;
    }
    /* Two bits per MSR, read then write (AMD APM vol. 2, 15.11). */
    pm[(base + msr * 2) / 8] &= (uint8_t) ~(3U << ((msr * 2) % 8));
}

static int setup_permission_maps(void)
{
    uint8_t *msrpm;

    iopm_mfn = alloc_pages(IOPM_ORDER);
    msrpm_mfn = alloc_pages(MSRPM_ORDER);
    if (mfn_eq(iopm_mfn, INVALID_MFN) || mfn_eq(msrpm_mfn, INVALID_MFN)) {
        return -ENOMEM;
    }
    /* Every port and every MSR is intercepted unless allowed below. */
    memset(maddr_to_virt(mfn_to_paddr(iopm_mfn)), 0xff, PAGE_SIZE << IOPM_ORDER);
    msrpm = maddr_to_virt(mfn_to_paddr(msrpm_mfn));
    memset(msrpm, 0xff, PAGE_SIZE << MSRPM_ORDER);
    for (unsigned int i = 0; i < ARRAY_SIZE(passthrough_msrs); i++) {
        msrpm_allow(msrpm, passthrough_msrs[i]);
    }
    return 0;
}

static int svm_cpu_up(void)
{
    struct cpuid_regs r = cpuid(0x8000000a);
    mfn_t hsave = alloc_pages(0), host_vmcb = alloc_pages(0);

    if (!(cpuid(0x80000001).ecx & (1U << 2)) || !(r.edx & 1)) {
        return -ENODEV; /* No SVM, or no nested paging. */
    }
    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
        return -EPERM; /* Disabled by firmware. */
    }
    if (mfn_eq(hsave, INVALID_MFN) || mfn_eq(host_vmcb, INVALID_MFN)) {
        return -ENOMEM;
    }
    svm_has_nrips = r.edx & (1U << 3);
    write_cr4(read_cr4() | X86_CR4_OSFXSR);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, mfn_to_paddr(hsave));
    memset(maddr_to_virt(mfn_to_paddr(host_vmcb)), 0, PAGE_SIZE);
    this_cpu(host_vmcb_pa) = mfn_to_paddr(host_vmcb);
    /* Capture this CPU's TR, FS, GS and syscall MSRs for restoring after each exit. */
    __asm__ __volatile__("vmsave %%rax" ::"a"(mfn_to_paddr(host_vmcb)) : "memory");
    svm_asid_init_cpu(r.ebx);
    if (smp_processor_id() == 0) {
        printk("svm: SVM with nested paging, %u ASIDs%s\n", r.ebx,
               svm_has_nrips ? ", next-RIP save" : ", no next-RIP save (lengths decoded)");
        return setup_permission_maps();
    }
    return 0;
}

static void init_intercepts(struct vmcb *vmcb)
{
    vmcb->intercepts3 = INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_SMI | INTERCEPT_INIT |
                        INTERCEPT_CPUID | INTERCEPT_INVD | INTERCEPT_HLT | INTERCEPT_INVLPGA |
                        INTERCEPT_IOIO_PROT | INTERCEPT_MSR_PROT | INTERCEPT_TASK_SWITCH |
                        INTERCEPT_SHUTDOWN | INTERCEPT_RSM;
    vmcb->intercepts4 = INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
                        INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT | INTERCEPT_WBINVD |
                        INTERCEPT_MONITOR | INTERCEPT_MWAIT | INTERCEPT_XSETBV | INTERCEPT_RDPRU;
    /* #AC: a guest could loop delivering it forever inside microcode (XSA-156). */
    vmcb->exception_intercepts = 1U << X86_EXC_AC;
    vmcb->iopm_base_pa = mfn_to_paddr(iopm_mfn);
    vmcb->msrpm_base_pa = mfn_to_paddr(msrpm_mfn);
    /* Physical interrupts exit; the guest's RFLAGS.IF only masks virtual ones. */
    vmcb->vintr = VINTR_MASKING;
}

static int svm_vcpu_init(struct vcpu *v)
{
    struct svm_vcpu *sv = xzalloc(sizeof(*sv));
    mfn_t mfn = alloc_pages(0);

    if (!sv || mfn_eq(mfn, INVALID_MFN)) {
        xfree(sv);
        if (!mfn_eq(mfn, INVALID_MFN)) {
            free_pages(mfn, 0);
        }
        return -ENOMEM;
    }
    sv->vmcb_pa = mfn_to_paddr(mfn);
    sv->vmcb = maddr_to_virt(sv->vmcb_pa);
    sv->last_cpu = -1;
    memset(sv->vmcb, 0, PAGE_SIZE);
    /* A clean FPU: FCW 0x37f and MXCSR 0x1f80 are the values after FNINIT and reset. */
    sv->fpu[0] = 0x7f;
    sv->fpu[1] = 0x03;
    sv->fpu[24] = 0x80;
    sv->fpu[25] = 0x1f;
    init_intercepts(sv->vmcb);
    sv->vmcb->np_control = NP_ENABLE;
    sv->vmcb->n_cr3 = mfn_to_paddr(v->domain->arch.p2m.root);
    sv->vmcb->g_pat = GUEST_PAT;
    sv->vmcb->tsc_offset = v->domain->arch.tsc_offset;
    v->arch.vendor = sv;
    return 0;
}

static void svm_vcpu_destroy(struct vcpu *v)
{
    struct svm_vcpu *sv = to_svm(v);

    if (sv) {
        free_pages(paddr_to_mfn(sv->vmcb_pa), 0);
        xfree(sv);
        v->arch.vendor = NULL;
    }
}

static void set_seg(struct vmcb_seg *s, uint16_t sel, uint16_t attr, uint32_t limit)
{
    s->sel = sel;
    s->attr = attr;
    s->limit = limit;
    s->base = 0;
}

/* 32-bit flat protected mode, paging off (guest-abi.md 2.2). Attributes are the descriptor's
 * type/S/DPL/P bits and AVL/L/DB/G packed as the VMCB wants them (AMD APM vol. 2, 15.5.1). */
static void load_seg32(struct vmcb_seg *s, uint16_t sel, uint32_t base, uint32_t limit, uint16_t ar)
{
    s->sel = sel;
    s->base = base;
    s->limit = limit;
    s->attr = ar;
}

static void svm_vcpu_set_context(struct vcpu *v, const struct vcpu_hvm_context *ctx)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;
    struct guest_regs *r = &v->arch.regs;

    memset(r, 0, sizeof(*r));
    set_seg(&vmcb->fs, 0, 0xc93, 0xffffffff);
    set_seg(&vmcb->gs, 0, 0xc93, 0xffffffff);
    set_seg(&vmcb->ldtr, 0, 0x082, 0);
    set_seg(&vmcb->gdtr, 0, 0, 0);
    set_seg(&vmcb->idtr, 0, 0, 0);
    vmcb->cpl = 0;
    if (ctx->mode == VCPU_HVM_MODE_64B) {
        const struct vcpu_hvm_x86_64 *c = &ctx->cpu_regs.x86_64;

        set_seg(&vmcb->cs, 0x08, 0xa9b, 0xffffffff); /* 64-bit code: L and G set. */
        set_seg(&vmcb->ds, 0x10, 0xc93, 0xffffffff);
        set_seg(&vmcb->es, 0x10, 0xc93, 0xffffffff);
        set_seg(&vmcb->ss, 0x10, 0xc93, 0xffffffff);
        set_seg(&vmcb->tr, 0x18, 0x08b, 0x67);
        *r = (struct guest_regs){.rax = c->rax,
                                 .rbx = c->rbx,
                                 .rcx = c->rcx,
                                 .rdx = c->rdx,
                                 .rsi = c->rsi,
                                 .rdi = c->rdi,
                                 .rbp = c->rbp,
                                 .rsp = c->rsp,
                                 .rip = c->rip,
                                 .rflags = c->rflags | 2};
        vmcb->cr0 = c->cr0;
        vmcb->cr3 = c->cr3;
        vmcb->cr4 = c->cr4;
        v->arch.guest_efer = c->efer & GUEST_EFER_BITS;
        vmcb->efer = v->arch.guest_efer | EFER_LMA | EFER_SVME;
    } else {
        const struct vcpu_hvm_x86_32 *c = &ctx->cpu_regs.x86_32;

        load_seg32(&vmcb->cs, 0x08, c->cs_base, c->cs_limit, c->cs_ar);
        load_seg32(&vmcb->ds, 0x10, c->ds_base, c->ds_limit, c->ds_ar);
        load_seg32(&vmcb->ss, 0x10, c->ss_base, c->ss_limit, c->ss_ar);
        load_seg32(&vmcb->es, 0x10, c->es_base, c->es_limit, c->es_ar);
        load_seg32(&vmcb->tr, 0x18, c->tr_base, c->tr_limit, c->tr_ar);
        *r = (struct guest_regs){.rax = c->eax,
                                 .rbx = c->ebx,
                                 .rcx = c->ecx,
                                 .rdx = c->edx,
                                 .rsi = c->esi,
                                 .rdi = c->edi,
                                 .rbp = c->ebp,
                                 .rsp = c->esp,
                                 .rip = c->eip,
                                 .rflags = c->eflags | 2};
        vmcb->cr0 = c->cr0;
        vmcb->cr3 = c->cr3;
        vmcb->cr4 = c->cr4;
        v->arch.guest_efer = c->efer & GUEST_EFER_BITS;
        vmcb->efer = v->arch.guest_efer | EFER_SVME;
    }
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    vmcb->clean_bits = 0;
}

static void svm_vcpu_set_boot_state(struct vcpu *v, const struct hvm_boot_state *bs)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;

    set_seg(&vmcb->cs, 0x08, 0xc9b, 0xffffffff);
    set_seg(&vmcb->ds, 0x10, 0xc93, 0xffffffff);
    set_seg(&vmcb->es, 0x10, 0xc93, 0xffffffff);
    set_seg(&vmcb->ss, 0x10, 0xc93, 0xffffffff);
    set_seg(&vmcb->fs, 0x10, 0xc93, 0xffffffff);
    set_seg(&vmcb->gs, 0x10, 0xc93, 0xffffffff);
    set_seg(&vmcb->tr, 0x18, 0x08b, 0x67);
    set_seg(&vmcb->ldtr, 0, 0x082, 0);
    set_seg(&vmcb->gdtr, 0, 0, 0);
    set_seg(&vmcb->idtr, 0, 0, 0);
    vmcb->cpl = 0;
    vmcb->cr0 = X86_CR0_PE | X86_CR0_ET;
    vmcb->cr4 = 0;
    vmcb->cr3 = 0;
    vmcb->efer = EFER_SVME;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    memset(&v->arch.regs, 0, sizeof(v->arch.regs));
    v->arch.regs.rip = bs->entry;
    v->arch.regs.rbx = bs->ebx;
    v->arch.regs.rflags = 0x2;
    v->arch.guest_efer = 0;
    vmcb->clean_bits = 0;
}

/*
 * A start-up IPI: the vCPU begins in real mode at vector * 4 KiB (CS = vector << 8, IP = 0),
 * with the rest of the state as after INIT (AMD APM vol. 2, 14.1.3). SVM with nested paging
 * runs real mode directly.
 */
static void svm_vcpu_set_sipi_state(struct vcpu *v, uint8_t vector)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;

    set_seg(&vmcb->cs, (uint16_t)(vector << 8), 0x09b, 0xffff);
    vmcb->cs.base = (uint64_t)vector << 12;
    set_seg(&vmcb->ds, 0, 0x093, 0xffff);
    set_seg(&vmcb->es, 0, 0x093, 0xffff);
    set_seg(&vmcb->ss, 0, 0x093, 0xffff);
    set_seg(&vmcb->fs, 0, 0x093, 0xffff);
    set_seg(&vmcb->gs, 0, 0x093, 0xffff);
    set_seg(&vmcb->tr, 0, 0x08b, 0xffff);
    set_seg(&vmcb->ldtr, 0, 0x082, 0xffff);
    set_seg(&vmcb->gdtr, 0, 0, 0xffff);
    set_seg(&vmcb->idtr, 0, 0, 0xffff);
    vmcb->cpl = 0;
    vmcb->cr0 = X86_CR0_ET;
    vmcb->cr4 = 0;
    vmcb->cr3 = 0;
    vmcb->efer = EFER_SVME;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    vmcb->interrupt_shadow = 0;
    vmcb->eventinj = 0;
    memset(&v->arch.regs, 0, sizeof(v->arch.regs));
    v->arch.regs.rflags = 0x2;
    v->arch.guest_efer = 0;
    vmcb->clean_bits = 0;
}

/* The exit's interrupt shadow belongs to the instruction at the exit RIP; once the hypervisor
 * has completed that instruction (moved RIP past it, e.g. STI; HLT), the shadow is over. */
static bool in_interrupt_shadow(struct vcpu *v)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;

    if (v->arch.regs.rip != vmcb->rip) {
        vmcb->interrupt_shadow = 0;
    }
    return vmcb->interrupt_shadow & 1;
}

/*
 * The hypervisor never uses the FPU, so between a vCPU's exits its FPU/SSE state stays in the
 * CPU. It is saved when the vCPU leaves the CPU (svm_vcpu_switch_out) and restored on the
 * first entry after that.
 */
static DEFINE_PER_CPU(struct vcpu *, fpu_loaded);

static void svm_fpu_load(struct vcpu *v)
{
    if (this_cpu(fpu_loaded) != v) {
        __asm__ __volatile__("fxrstor64 %0" ::"m"(*to_svm(v)->fpu));
        this_cpu(fpu_loaded) = v;
    }
}

static void svm_vcpu_switch_out(struct vcpu *v)
{
    if (this_cpu(fpu_loaded) == v) {
        __asm__ __volatile__("fxsave64 %0" : "=m"(*to_svm(v)->fpu));
        this_cpu(fpu_loaded) = NULL;
    }
}

/*
 * An interrupt exit inside the interrupt shadow of STI; HLT (the idle idiom) is taken as the
 * HLT's own exit: in the shadow nothing could have interrupted the guest before the HLT, so
 * HLT is what it runs next. This cannot wait for the next entry, because QEMU's VMRUN ignores
 * the VMCB's interrupt shadow (docs/debugging.md): re-entered at the HLT, the guest is open to
 * interrupts at once, and an upcall injected then returns onto the HLT, which halts with the
 * event already consumed (a lost wake-up). Only asynchronous exits qualify: they complete no
 * instruction, so RIP is still the shadowed one.
 */
static void halt_in_shadow(struct vcpu *v, uint64_t code, struct hvm_exit *exit)
{
    static const struct hvm_opcode hlt[] = {{1, {0xf4}}, {0}};
    const struct vmcb *vmcb = to_svm(v)->vmcb;
    bool async = code == VMEXIT_INTR || code == VMEXIT_NMI || code == VMEXIT_SMI ||
                 code == VMEXIT_INIT || code == VMEXIT_VINTR;

    if (!async || !(vmcb->interrupt_shadow & 1) || (vmcb->eventinj & EVENTINJ_VALID) ||
        !hvm_insn_length(v, hlt)) {
        return;
    }
    exit->reason = HVM_EXIT_HLT;
    exit->next_rip = 0; /* Not filled on these exits: the length is decoded. */
}

static bool svm_vcpu_enter(struct vcpu *v, struct hvm_exit *exit)
{
    struct svm_vcpu *sv = to_svm(v);
    struct vmcb *vmcb = sv->vmcb;
    int cpu = (int)smp_processor_id();

    local_irq_disable();
    __asm__ __volatile__("clgi" ::: "memory");
    if (softirq_pending((unsigned int)cpu)) {
        __asm__ __volatile__("stgi" ::: "memory");
        local_irq_enable();
        exit->reason = HVM_EXIT_NONE;
        return false;
    }
    if (sv->last_cpu != cpu) {
        vmcb->clean_bits = 0;
    }
    svm_asid_assign(v);
    sv->last_cpu = cpu;
    (void)in_interrupt_shadow(v);
    svm_fpu_load(v);
    vmcb->rax = v->arch.regs.rax;
    vmcb->rsp = v->arch.regs.rsp;
    vmcb->rip = v->arch.regs.rip;
    vmcb->rflags = v->arch.regs.rflags;

    /*
     * With V_INTR_MASKING, physical interrupts reach the host during guest execution only if
     * the host's RFLAGS.IF was set at VMRUN (AMD APM vol. 2, 15.21.1); GIF = 0 holds them
     * pending until the exit is processed.
     */
    local_irq_enable();
    svm_vmrun(sv->vmcb_pa, &v->arch.regs, this_cpu(host_vmcb_pa));

    vmcb->clean_bits = VMCB_CLEAN_ALL;
    v->arch.regs.rax = vmcb->rax;
    v->arch.regs.rsp = vmcb->rsp;
    v->arch.regs.rip = vmcb->rip;
    v->arch.regs.rflags = vmcb->rflags;
    svm_decode_exit(v, exit);
    __asm__ __volatile__("stgi" ::: "memory"); /* A pending interrupt is taken here. */
    halt_in_shadow(v, vmcb->exitcode, exit);   /* Reads guest memory: after STGI. */
    return true;
}

static void svm_inject_exception(struct vcpu *v, unsigned int vector, int error_code)
{
    uint64_t ev = (vector & EVENTINJ_VECTOR_MASK) | EVENTINJ_TYPE_EXCEPTION | EVENTINJ_VALID;

    if (error_code >= 0) {
        ev |= EVENTINJ_EV | ((uint64_t)(uint32_t)error_code << 32);
    }
    to_svm(v)->vmcb->eventinj = ev;
}

static void svm_inject_interrupt(struct vcpu *v, uint8_t vector)
{
    to_svm(v)->vmcb->eventinj = vector | EVENTINJ_TYPE_INTR | EVENTINJ_VALID;
}

static bool svm_interrupts_blocked(struct vcpu *v)
{
    const struct vmcb *vmcb = to_svm(v)->vmcb;

    if (!(v->arch.regs.rflags & X86_EFLAGS_IF) || (vmcb->eventinj & EVENTINJ_VALID)) {
        return true;
    }
    return in_interrupt_shadow(v);
}

/* A virtual interrupt request with the VINTR intercept: the CPU exits at the first moment the
 * guest could take it (AMD APM vol. 2, 15.21.4), and nothing is ever delivered through it. */
static void svm_interrupt_window(struct vcpu *v, bool wanted)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;
    bool on = vmcb->intercepts3 & INTERCEPT_VINTR;

    if (wanted == on) {
        return;
    }
    if (wanted) {
        vmcb->vintr |= VINTR_IRQ | VINTR_IGN_TPR | (0xfULL << VINTR_PRIO_SHIFT);
        vmcb->intercepts3 |= INTERCEPT_VINTR;
    } else {
        vmcb->vintr &= ~(VINTR_IRQ | VINTR_IGN_TPR | (0xfULL << VINTR_PRIO_SHIFT));
        vmcb->intercepts3 &= ~INTERCEPT_VINTR;
    }
    vmcb->clean_bits &= ~(VMCB_CLEAN_INTERCEPTS | VMCB_CLEAN_TPR);
}

static void svm_get_mode(struct vcpu *v, struct hvm_guest_mode *m)
{
    const struct vmcb *vmcb = to_svm(v)->vmcb;

    m->cr0 = vmcb->cr0;
    m->cr3 = vmcb->cr3;
    m->cr4 = vmcb->cr4;
    m->efer = vmcb->efer;
    m->cs_base = vmcb->cs.base;
    m->cpl = vmcb->cpl;
    m->cs_long = (vmcb->efer & (1ULL << 10)) && (vmcb->cs.attr & (1U << 9));
}

static bool svm_set_efer(struct vcpu *v, uint64_t efer)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;

    if (efer & ~(GUEST_EFER_BITS | EFER_LMA)) {
        return false;
    }
    /* LME may not change while paging is on (AMD APM vol. 2, 14.6.1). */
    if ((vmcb->cr0 & X86_CR0_PG) && ((efer ^ v->arch.guest_efer) & EFER_LME)) {
        return false;
    }
    v->arch.guest_efer = efer & GUEST_EFER_BITS;
    vmcb->efer = v->arch.guest_efer | (vmcb->efer & EFER_LMA) | EFER_SVME;
    vmcb->clean_bits &= ~VMCB_CLEAN_CR;
    return true;
}

static bool svm_set_pat(struct vcpu *v, uint64_t pat)
{
    for (unsigned int i = 0; i < 8; i++) {
        uint8_t type = (uint8_t)(pat >> (i * 8));

        /* Valid memory types: UC 0, WC 1, WT 4, WP 5, WB 6, UC- 7. */
        if (type == 2 || type == 3 || type > 7) {
            return false;
        }
    }
    to_svm(v)->vmcb->g_pat = pat;
    to_svm(v)->vmcb->clean_bits &= ~VMCB_CLEAN_NP;
    return true;
}

static uint64_t svm_get_pat(struct vcpu *v)
{
    return to_svm(v)->vmcb->g_pat;
}

static void svm_migrated(struct vcpu *v)
{
    to_svm(v)->last_cpu = -1;
}

static void dump_seg(const char *name, const struct vmcb_seg *s)
{
    printk(HV_LOG_ERR "  %-4s sel %04x attr %03x limit %08x base %016lx\n", name, s->sel, s->attr,
           s->limit, (unsigned long)s->base);
}

static void svm_dump(struct vcpu *v)
{
    const struct vmcb *vmcb = to_svm(v)->vmcb;
    const struct guest_regs *r = &v->arch.regs;

    printk(HV_LOG_ERR "VMCB of d%uv%u: exit %#lx info1 %#lx info2 %#lx intinfo %#lx\n",
           v->domain->domain_id, v->vcpu_id, (unsigned long)vmcb->exitcode,
           (unsigned long)vmcb->exitinfo1, (unsigned long)vmcb->exitinfo2,
           (unsigned long)vmcb->exitintinfo);
    printk(HV_LOG_ERR "  rip %016lx rsp %016lx rflags %08lx cpl %u\n", (unsigned long)r->rip,
           (unsigned long)r->rsp, (unsigned long)r->rflags, vmcb->cpl);
    printk(HV_LOG_ERR "  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", (unsigned long)r->rax,
           (unsigned long)r->rbx, (unsigned long)r->rcx, (unsigned long)r->rdx);
    printk(HV_LOG_ERR "  cr0 %016lx cr3 %016lx cr4 %016lx efer %016lx\n", (unsigned long)vmcb->cr0,
           (unsigned long)vmcb->cr3, (unsigned long)vmcb->cr4, (unsigned long)vmcb->efer);
    dump_seg("cs", &vmcb->cs);
    dump_seg("ss", &vmcb->ss);
    dump_seg("ds", &vmcb->ds);
    dump_seg("tr", &vmcb->tr);
    dump_seg("gdtr", &vmcb->gdtr);
    dump_seg("idtr", &vmcb->idtr);
    printk(HV_LOG_ERR "  asid %u ncr3 %016lx eventinj %016lx vintr %016lx\n", vmcb->guest_asid,
           (unsigned long)vmcb->n_cr3, (unsigned long)vmcb->eventinj, (unsigned long)vmcb->vintr);
}

static const struct hvm_funcs svm_funcs = {
    .name = "SVM",
    .cpu_up = svm_cpu_up,
    .vcpu_init = svm_vcpu_init,
    .vcpu_destroy = svm_vcpu_destroy,
    .vcpu_set_boot_state = svm_vcpu_set_boot_state,
    .vcpu_set_context = svm_vcpu_set_context,
    .vcpu_set_sipi_state = svm_vcpu_set_sipi_state,
    .vcpu_enter = svm_vcpu_enter,
    .inject_exception = svm_inject_exception,
    .inject_interrupt = svm_inject_interrupt,
    .interrupts_blocked = svm_interrupts_blocked,
    .interrupt_window = svm_interrupt_window,
    .get_mode = svm_get_mode,
    .set_efer = svm_set_efer,
    .set_pat = svm_set_pat,
    .get_pat = svm_get_pat,
    .migrated = svm_migrated,
    .switch_out = svm_vcpu_switch_out,
    .dump = svm_dump,
};

const struct hvm_funcs *svm_probe(void)
{
    bool amd = boot_cpu.svm && (cpuid(0x8000000a).edx & 1);

    return amd ? &svm_funcs : NULL;
}
