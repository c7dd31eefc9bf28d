/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x86 hypercall ABI (guest-abi.md 2.6): VMMCALL with the number in RAX, arguments in
 * registers, only from CPL 0; and the hypercall page a guest asks for through an MSR.
 */
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/string.h>
#include <asm/hvm/hvm.h>
#include <public/xen.h>

#define STUB_SIZE 32

static const struct hvm_opcode op_vmmcall[] = {
    {3, {0x0f, 0x01, 0xd9}}, {3, {0x0f, 0x01, 0xc1}}, {0}};

static void load_args(const struct guest_regs *r, bool long_mode, unsigned long *a)
{
    if (long_mode) {
        a[0] = r->rdi;
        a[1] = r->rsi;
        a[2] = r->rdx;
        a[3] = r->r10;
        a[4] = r->r8;
        a[5] = r->r9;
    } else {
        a[0] = (uint32_t)r->rbx;
        a[1] = (uint32_t)r->rcx;
        a[2] = (uint32_t)r->rdx;
        a[3] = (uint32_t)r->rsi;
        a[4] = (uint32_t)r->rdi;
        a[5] = (uint32_t)r->rbp;
    }
}

static void store_args(struct guest_regs *r, bool long_mode, const unsigned long *a)
{
    if (long_mode) {
        r->rdi = a[0];
        r->rsi = a[1];
        r->rdx = a[2];
        r->r10 = a[3];
        r->r8 = a[4];
        r->r9 = a[5];
    } else {
        r->rbx = (uint32_t)a[0];
        r->rcx = (uint32_t)a[1];
        r->rdx = (uint32_t)a[2];
        r->rsi = (uint32_t)a[3];
        r->rdi = (uint32_t)a[4];
        r->rbp = (uint32_t)a[5];
    }
}

void hvm_hypercall(struct vcpu *v, const struct hvm_exit *exit)
{
    struct guest_regs *r = &v->arch.regs;
    unsigned long args[HYPERCALL_MAX_ARGS];
    struct hvm_guest_mode m;
    unsigned long nr;
    long rc;

    hvm_funcs->get_mode(v, &m);
    nr = m.cs_long ? r->rax : (uint32_t)r->rax;
    if (m.cpl != 0) {
        rc = -EPERM; /* Only the guest kernel may call the hypervisor, as on Xen. */
    } else {
        load_args(r, m.cs_long, args);
        rc = hypercall_dispatch(v, nr, args);
        if (rc == -ERESTART) {
            store_args(r, m.cs_long, args);
            return; /* RIP stays on VMMCALL: the guest issues the call again. */
        }
    }
    r->rax = m.cs_long ? (uint64_t)rc : (uint32_t)rc;
    if (!domain_is_ending(v->domain)) {
        hvm_skip_insn(v, exit, op_vmmcall);
    }
}

int hvm_write_hypercall_page(struct vcpu *v, uint64_t gpa)
{
    static uint8_t page[PAGE_SIZE];
    static DEFINE_SPINLOCK(page_lock);
    unsigned long flags;
    int rc;

    if (gpa & (PAGE_SIZE - 1)) {
        return -1;
    }
    flags = spin_lock_irqsave(&page_lock);
    memset(page, 0xcc, sizeof(page)); /* INT3 between and after the stubs. */
    for (unsigned int i = 0; i < PAGE_SIZE / STUB_SIZE; i++) {
        uint8_t *stub = &page[i * STUB_SIZE];

        if (i == __HYPERVISOR_iret) {
            stub[0] = 0x0f; /* UD2: there is no iret hypercall for HVM guests. */
            stub[1] = 0x0b;
            continue;
        }
        stub[0] = 0xb8; /* mov $i, %eax */
        memcpy(&stub[1], &i, 4);
        stub[5] = 0x0f; /* vmmcall */
        stub[6] = 0x01;
        stub[7] = 0xd9;
        stub[8] = 0xc3; /* ret */
    }
    rc = copy_to_gpa(v->domain, gpa, page, sizeof(page));
    spin_unlock_irqrestore(&page_lock, flags);
    if (rc) {
        return -1; /* Not RAM: #GP, as Xen does. */
    }
    v->arch.hypercall_page_gpa = gpa;
    return 0;
}
