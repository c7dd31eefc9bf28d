/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSRs the guest reaches through the intercept (those not passed through in the SVM MSR
 * permission map). Anything not listed raises #GP, as on a CPU without that MSR; Linux probes
 * optional MSRs with exception-safe accessors.
 */
#include <hv/printk.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/hvm/xen-abi.h>
#include <asm/processor.h>

#define MSR_TSC 0x00000010
#define MSR_PAT 0x00000277
/* AMD's northbridge configuration: Linux enables extended PCI config space access there on AMD
 * family 10h-17h; there is no PCI here, so it reads 0 and writes are ignored. */
#define MSR_AMD64_NB_CFG 0xc001001f
#define EFER_SVME_BIT    (1ULL << 12)

static bool is_apic_msr(uint32_t msr)
{
    return msr == MSR_APIC_BASE || (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST);
}

int hvm_msr_read(struct vcpu *v, uint32_t msr, uint64_t *value)
{
    struct hvm_guest_mode m;

    if (is_apic_msr(msr)) {
        return vlapic_msr_read(v, msr, value);
    }
    switch (msr) {
    case MSR_EFER:
        hvm_funcs->get_mode(v, &m);
        *value = m.efer & ~EFER_SVME_BIT; /* SVME is ours, not the guest's. */
        return 0;
    case MSR_PAT:
        *value = hvm_funcs->get_pat(v);
        return 0;
    case MSR_TSC:
        *value = rdtsc() + v->domain->arch.tsc_offset;
        return 0;
    case XEN_HYPERCALL_MSR:
    case MSR_AMD64_NB_CFG:
        *value = 0;
        return 0;
    default:
        pr_debug("msr: d%uv%u read of MSR %#x: #GP\n", v->domain->domain_id, v->vcpu_id, msr);
        return -1;
    }
}

int hvm_msr_write(struct vcpu *v, uint32_t msr, uint64_t value)
{
    if (is_apic_msr(msr)) {
        return vlapic_msr_write(v, msr, value);
    }
    switch (msr) {
    case MSR_EFER:
        return hvm_funcs->set_efer(v, value) ? 0 : -1;
    case MSR_PAT:
        return hvm_funcs->set_pat(v, value) ? 0 : -1;
    case XEN_HYPERCALL_MSR:
        return hvm_write_hypercall_page(v, value);
    case MSR_AMD64_NB_CFG:
        return 0;
    default:
        pr_debug("msr: d%uv%u write of %#lx to MSR %#x: #GP\n", v->domain->domain_id, v->vcpu_id,
                 (unsigned long)value, msr);
        return -1;
    }
}
