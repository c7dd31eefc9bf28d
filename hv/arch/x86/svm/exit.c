/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Translating SVM exits into vendor-neutral struct hvm_exit (exit codes: AMD APM vol. 2,
 * appendix C; EXITINFO formats: 15.10.2 for I/O, 15.25.6 for nested page faults).
 */
#include <asm/processor.h>
#include <asm/svm/svm.h>

/* An event the exit interrupted in mid-delivery is delivered again on the next entry. */
static void requeue_interrupted_event(struct vmcb *vmcb)
{
    if (vmcb->exitintinfo & EVENTINJ_VALID) {
        vmcb->eventinj = vmcb->exitintinfo;
    } else {
        vmcb->eventinj = 0;
    }
}

static void decode_io(struct vmcb *vmcb, struct hvm_exit *exit)
{
    uint64_t info = vmcb->exitinfo1;

    exit->reason = HVM_EXIT_IO;
    exit->io.port = (uint16_t)(info >> IOIO_PORT_SHIFT);
    exit->io.size = (info & IOIO_SZ32) ? 4 : (info & IOIO_SZ16) ? 2 : 1;
    exit->io.in = info & IOIO_TYPE_IN;
    exit->io.string = info & IOIO_STR;
    exit->io.rep = info & IOIO_REP;
    exit->next_rip = vmcb->exitinfo2; /* Always provided for I/O, with or without NRIPS. */
}

static void decode_npf(struct vmcb *vmcb, struct hvm_exit *exit)
{
    exit->reason = HVM_EXIT_NPF;
    exit->npf.gpa = vmcb->exitinfo2;
    exit->npf.present = vmcb->exitinfo1 & NPF_PRESENT;
    exit->npf.write = vmcb->exitinfo1 & NPF_WRITE;
    exit->npf.user = vmcb->exitinfo1 & NPF_USER;
    exit->npf.fetch = vmcb->exitinfo1 & NPF_FETCH;
}

static enum hvm_exit_reason simple_reason(uint64_t code, const struct vmcb *vmcb)
{
    switch (code) {
    case VMEXIT_INTR:
    case VMEXIT_NMI:
    case VMEXIT_SMI:
    case VMEXIT_INIT:
        return HVM_EXIT_NONE; /* The host takes it once GIF is set again. */
    case VMEXIT_VINTR:
        return HVM_EXIT_INTR_WINDOW;
    case VMEXIT_CPUID:
        return HVM_EXIT_CPUID;
    case VMEXIT_HLT:
        return HVM_EXIT_HLT;
    case VMEXIT_MSR:
        return vmcb->exitinfo1 ? HVM_EXIT_MSR_WRITE : HVM_EXIT_MSR_READ;
    case VMEXIT_VMMCALL:
        return HVM_EXIT_HYPERCALL;
    case VMEXIT_INVD:
    case VMEXIT_WBINVD:
        return HVM_EXIT_WBINVD;
    case VMEXIT_PAUSE:
        return HVM_EXIT_PAUSE;
    case VMEXIT_SHUTDOWN:
        return HVM_EXIT_TRIPLE_FAULT;
    case VMEXIT_VMRUN:
    case VMEXIT_VMLOAD:
    case VMEXIT_VMSAVE:
    case VMEXIT_STGI:
    case VMEXIT_CLGI:
    case VMEXIT_SKINIT:
    case VMEXIT_INVLPGA:
    case VMEXIT_MONITOR:
    case VMEXIT_MWAIT:
    case VMEXIT_MWAIT_ARMED:
    case VMEXIT_RDPRU:
    case VMEXIT_XSETBV: /* XSAVE is hidden from guests (hvm/cpuid.c). */
    case VMEXIT_RSM:
        return HVM_EXIT_UD;
    default:
        return HVM_EXIT_UNKNOWN;
    }
}

void svm_decode_exit(struct vcpu *v, struct hvm_exit *exit)
{
    struct vmcb *vmcb = to_svm(v)->vmcb;
    uint64_t code = vmcb->exitcode;

    exit->vendor_code = code;
    exit->next_rip = svm_has_nrips ? vmcb->next_rip : 0;
    requeue_interrupted_event(vmcb);
    if (code == VMEXIT_IOIO) {
        decode_io(vmcb, exit);
    } else if (code == VMEXIT_NPF && vmcb->cr3 == read_cr3()) {
        /*
         * QEMU 7.2 TCG, only with several CPUs: a nested page fault taken on the hypervisor's
         * own instructions right after VMRUN, which saves the host's state over the guest's
         * (docs/debugging.md): the guest's state is gone and the domain cannot go on. IPIs to
         * a CPU about to enter make it likelier (see arch_vcpu_kick). (A guest whose CR3
         * equals ours by chance is crashed as for any NPF.)
         */
        exit->reason = HVM_EXIT_HOST_STATE;
    } else if (code == VMEXIT_NPF) {
        decode_npf(vmcb, exit);
    } else if (code == VMEXIT_EXCEPTION_BASE + 17) {
        /* #AC: reflect it to the guest; the intercept only keeps delivery out of microcode. */
        vmcb->eventinj = 17 | EVENTINJ_TYPE_EXCEPTION | EVENTINJ_VALID | EVENTINJ_EV |
                         ((uint64_t)(uint32_t)vmcb->exitinfo1 << 32);
        exit->reason = HVM_EXIT_NONE;
    } else {
        exit->reason = simple_reason(code, vmcb);
    }
}
