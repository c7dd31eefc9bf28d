/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vCPU run step and exit dispatch, shared by every vendor backend.
 */
#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/time.h>
#include <public/hvm/params.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <public/sched.h>

const struct hvm_funcs *hvm_funcs;

static const struct hvm_opcode op_cpuid[] = {{2, {0x0f, 0xa2}}, {0}};
static const struct hvm_opcode op_hlt[] = {{1, {0xf4}}, {0}};
static const struct hvm_opcode op_rdmsr[] = {{2, {0x0f, 0x32}}, {0}};
static const struct hvm_opcode op_wrmsr[] = {{2, {0x0f, 0x30}}, {0}};
static const struct hvm_opcode op_wbinvd[] = {{2, {0x0f, 0x09}}, {2, {0x0f, 0x08}}, {0}};

/* The kick's work is done by the run loop going round again (arch_vcpu_kick). */
static void vcpu_kick_softirq(void)
{}

int hvm_init(void)
{
    int rc;

    open_softirq(VCPU_KICK_SOFTIRQ, vcpu_kick_softirq);
    hvm_funcs = svm_probe();
    if (!hvm_funcs) {
        pr_warn("hvm: no SVM with nested paging: domains cannot run on this machine\n");
        return -ENODEV;
    }
    rc = hvm_funcs->cpu_up();
    if (rc) {
        pr_err("hvm: enabling %s failed (%d)\n", hvm_funcs->name, rc);
        hvm_funcs = NULL;
    }
    return rc;
}

int hvm_cpu_up(void)
{
    return hvm_funcs ? hvm_funcs->cpu_up() : -ENODEV;
}

void hvm_skip_insn(struct vcpu *v, const struct hvm_exit *exit, const struct hvm_opcode *op)
{
    unsigned int len;

    if (exit->next_rip) {
        v->arch.regs.rip = exit->next_rip;
        return;
    }
    len = hvm_insn_length(v, op);
    if (!len) {
        domain_crash(v->domain, "cannot decode the instruction at %#lx (exit %#lx)",
                     (unsigned long)v->arch.regs.rip, (unsigned long)exit->vendor_code);
        return;
    }
    v->arch.regs.rip += len;
}

static void handle_cpuid(struct vcpu *v, const struct hvm_exit *exit)
{
    struct guest_regs *r = &v->arch.regs;
    uint32_t out[4];

    hvm_cpuid(v, (uint32_t)r->rax, (uint32_t)r->rcx, out);
    r->rax = out[0];
    r->rbx = out[1];
    r->rcx = out[2];
    r->rdx = out[3];
    hvm_skip_insn(v, exit, op_cpuid);
}

static void handle_msr(struct vcpu *v, const struct hvm_exit *exit)
{
    struct guest_regs *r = &v->arch.regs;
    uint32_t msr = (uint32_t)r->rcx;
    uint64_t value;

    if (exit->reason == HVM_EXIT_MSR_READ) {
        if (hvm_msr_read(v, msr, &value)) {
            hvm_funcs->inject_exception(v, X86_EXC_GP, 0);
            return;
        }
        r->rax = (uint32_t)value;
        r->rdx = value >> 32;
        hvm_skip_insn(v, exit, op_rdmsr);
    } else {
        value = (r->rdx << 32) | (uint32_t)r->rax;
        if (hvm_msr_write(v, msr, value)) {
            hvm_funcs->inject_exception(v, X86_EXC_GP, 0);
            return;
        }
        hvm_skip_insn(v, exit, op_wrmsr);
    }
}

static void handle_npf(struct vcpu *v, const struct hvm_exit *exit)
{
    hvm_funcs->dump(v);
    domain_crash(v->domain, "%s %s guest-physical %#lx (gfn %#lx) outside its memory at rip %#lx",
                 exit->npf.fetch   ? "instruction fetch from"
                 : exit->npf.write ? "write to"
                                   : "read from",
                 exit->npf.present ? "protected" : "unmapped", (unsigned long)exit->npf.gpa,
                 (unsigned long)(exit->npf.gpa >> PAGE_SHIFT), (unsigned long)v->arch.regs.rip);
}

/*
 * v's upcall vector (guest-abi.md 3.5): its own (HVMOP_set_evtchn_upcall_vector) if it has one,
 * else that of HVM_PARAM_CALLBACK_IRQ's vector type, else 0 (none).
 */
static uint8_t callback_vector(const struct vcpu *v)
{
    uint8_t own = __atomic_load_n(&v->upcall_vector, __ATOMIC_ACQUIRE);
    uint64_t cb = v->domain->hvm_params[HVM_PARAM_CALLBACK_IRQ];

    if (own) {
        return own;
    }
    if ((cb >> 56) != HVM_PARAM_CALLBACK_TYPE_VECTOR || (cb & 0xff) < 0x10) {
        return 0;
    }
    return (uint8_t)cb;
}

/*
 * The interrupt v should take next, or -1: the event upcall first (it bypasses the local APIC,
 * and Xen ranks it above APIC interrupts), then the APIC's highest deliverable vector.
 */
static int next_interrupt(struct vcpu *v, bool *from_apic)
{
    uint8_t upcall = callback_vector(v);

    *from_apic = false;
    if (upcall && vcpu_upcall_pending(v)) {
        return upcall;
    }
    *from_apic = true;
    return vlapic_pending_vector(v);
}

/*
 * The event upcall behaves like a level-triggered line that bypasses the local APIC: while the
 * vCPU's evtchn_upcall_pending is set, inject the callback vector whenever the guest can take
 * an interrupt, and otherwise ask to be told when it can. An APIC interrupt is edge-triggered:
 * injecting it moves it from the IRR to the ISR, where it stays until the guest's EOI.
 */
static void deliver_interrupts(struct vcpu *v)
{
    bool from_apic;
    int vector = next_interrupt(v, &from_apic);

    if (vector < 0) {
        hvm_funcs->interrupt_window(v, false);
    } else if (hvm_funcs->interrupts_blocked(v)) {
        hvm_funcs->interrupt_window(v, true);
    } else {
        hvm_funcs->interrupt_window(v, false);
        if (from_apic) {
            vlapic_ack(v, (uint8_t)vector);
        }
        hvm_funcs->inject_interrupt(v, (uint8_t)vector);
    }
}

/*
 * All of d's vCPUs are offline (HLT with interrupts off, or never started): nothing can wake
 * the domain again, so it has powered itself off. This is how Linux powers off without ACPI S5
 * (guest-abi.md 1.5; Xen logs "All CPUs offline -- powering off").
 */
static void power_off_if_all_offline(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (d->vcpu[i] && !(READ_ONCE(d->vcpu[i]->pause_flags) & VPF_DOWN)) {
            return;
        }
    }
    printk("domain: d%u (%s): all vCPUs offline, powering off\n", d->domain_id, d->name);
    domain_shutdown(d, SHUTDOWN_poweroff);
}

/*
 * HLT waits for an interrupt. With interrupts off nothing but INIT (and an NMI, which is not
 * emulated) can end it, so the vCPU goes offline, where INIT and SIPI may start it again.
 */
static void handle_hlt(struct vcpu *v, const struct hvm_exit *exit)
{
    bool from_apic;

    hvm_skip_insn(v, exit, op_hlt);
    if (!(v->arch.regs.rflags & X86_EFLAGS_IF)) {
        v->initialised = false;
        vcpu_pause_flag_set(v, VPF_DOWN);
        power_off_if_all_offline(v->domain);
        return;
    }
    vcpu_block(v);
    if (next_interrupt(v, &from_apic) >= 0) {
        vcpu_wake(v); /* It arrived before the block: recheck after it, so none is missed. */
    }
}

void hvm_handle_exit(struct vcpu *v, struct hvm_exit *exit)
{
    switch (exit->reason) {
    case HVM_EXIT_NONE:
    case HVM_EXIT_PAUSE:
    case HVM_EXIT_INTR_WINDOW: /* deliver_interrupts() looks again before the next entry. */
        break;
    case HVM_EXIT_CPUID:
        handle_cpuid(v, exit);
        break;
    case HVM_EXIT_HLT:
        handle_hlt(v, exit);
        break;
    case HVM_EXIT_IO:
        hvm_io(v, exit);
        break;
    case HVM_EXIT_MSR_READ:
    case HVM_EXIT_MSR_WRITE:
        handle_msr(v, exit);
        break;
    case HVM_EXIT_HYPERCALL:
        hvm_hypercall(v, exit);
        break;
    case HVM_EXIT_NPF:
        handle_npf(v, exit);
        break;
    case HVM_EXIT_UD:
        hvm_funcs->inject_exception(v, X86_EXC_UD, -1);
        break;
    case HVM_EXIT_WBINVD:
        __asm__ __volatile__("wbinvd" ::: "memory");
        hvm_skip_insn(v, exit, op_wbinvd);
        break;
    case HVM_EXIT_TRIPLE_FAULT:
        hvm_funcs->dump(v);
        domain_crash(v->domain, "triple fault at rip %#lx", (unsigned long)v->arch.regs.rip);
        break;
    case HVM_EXIT_HOST_STATE:
        domain_crash(v->domain, "the CPU saved the hypervisor's state as this guest's at an exit "
                                "(an emulator defect, docs/debugging.md); its state is lost");
        break;
    case HVM_EXIT_UNKNOWN:
    default:
        hvm_funcs->dump(v);
        domain_crash(v->domain, "unhandled exit %#lx", (unsigned long)exit->vendor_code);
        break;
    }
}

void arch_vcpu_run(struct vcpu *v)
{
    struct hvm_exit exit;

    if (v->time_stale || NOW() - v->time_updated > SECONDS(1)) {
        vcpu_time_update(v);
    }
    deliver_interrupts(v);
    if (hvm_funcs->vcpu_enter(v, &exit)) {
        hvm_handle_exit(v, &exit);
    }
}

void arch_vcpu_migrated(struct vcpu *v)
{
    hvm_funcs->migrated(v);
    v->time_stale = true; /* Another CPU's TSC may differ a little. */
}

/*
 * A running vCPU must see the new work before it next runs guest code. An IPI alone is not
 * enough: one that arrives after deliver_interrupts() has looked but before the entry disables
 * interrupts is taken in the hypervisor, and the vCPU would then enter without its upcall
 * until its next exit (for a guest that waits without exits, never). A pending softirq is
 * what the entry checks with interrupts held off, so the kick raises one (and its IPI). This
 * also sends no IPI while one is on its way, and an entry that sees the kick gives up instead
 * of running VMRUN with the IPI pending, which makes QEMU's 2-CPU defect of saving the host
 * state as the guest's (docs/debugging.md) much rarer.
 */
void arch_vcpu_kick(struct vcpu *v)
{
    unsigned int cpu = READ_ONCE(v->processor);

    if (READ_ONCE(v->is_running) && cpu != smp_processor_id()) {
        cpu_raise_softirq(cpu, VCPU_KICK_SOFTIRQ);
    }
}

void arch_vcpu_dump(struct vcpu *v)
{
    hvm_funcs->dump(v);
}

void arch_vcpu_switch_out(struct vcpu *v)
{
    hvm_funcs->switch_out(v);
}
