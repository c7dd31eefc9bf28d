/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O from guests. A PVH domain has no emulated platform, so no port has a device behind
 * it: reads return all ones and writes are dropped, as on a bus with nothing attached, both
 * logged at debug level. The one exception is port 0xE9, the debug console Xen offers (Linux
 * uses it for early errors when console_io is missing): its bytes go to the domain's console.
 */
#include <hv/console-domain.h>
#include <hv/printk.h>
#include <asm/hvm/hvm.h>

#define DEBUG_CONSOLE_PORT 0xe9

void hvm_io(struct vcpu *v, const struct hvm_exit *exit)
{
    struct guest_regs *r = &v->arch.regs;
    uint64_t mask = exit->io.size == 4 ? 0xffffffffULL : (1ULL << (exit->io.size * 8)) - 1;

    if (exit->io.string) {
        /* INS/OUTS to nothing: skip it (the count and pointers are left as they are). */
        pr_debug("io: d%u %s string I/O on port %#x ignored\n", v->domain->domain_id,
                 exit->io.in ? "in" : "out", exit->io.port);
    } else if (exit->io.in) {
        r->rax = (r->rax & ~mask) | mask;
        pr_debug("io: d%u read of unclaimed port %#x\n", v->domain->domain_id, exit->io.port);
    } else if (exit->io.port == DEBUG_CONSOLE_PORT && exit->io.size == 1) {
        char c = (char)r->rax;

        domain_console_write(v->domain, &c, 1);
    } else {
        pr_debug("io: d%u write of %#lx to unclaimed port %#x dropped\n", v->domain->domain_id,
                 (unsigned long)(r->rax & mask), exit->io.port);
    }
    v->arch.regs.rip = exit->next_rip;
}
