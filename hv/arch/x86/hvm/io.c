/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O from guests. A PVH domain has no emulated platform, so apart from PIT channel 2
 * (pit.c, for the guest's clock calibration) no port has a device behind it: reads return all ones and writes are dropped, as on a bus with nothing attached, both
 * logged at debug level. The one exception is port 0xE9, the debug console Xen offers (Linux
 * uses it for early errors when console_io is missing): its bytes go to the domain's console.
 * And two reset ports reboot the domain: 0xCF9, the reset register its FADT names, and the
 * keyboard controller's reset pulse (0xFE to port 0x64), the fallback Linux tries next.
 */
#include <hv/console-domain.h>
#include <hv/domain.h>
#include <hv/printk.h>
#include <hv/pvh-acpi.h>
#include <asm/hvm/hvm.h>
#include <public/sched.h>

#define DEBUG_CONSOLE_PORT 0xe9
#define RESET_CPU_BIT      0x04 /* Of the reset control register at 0xCF9. */
#define KBC_COMMAND_PORT   0x64
#define KBC_PULSE_RESET    0xfe

static bool is_reset_request(uint16_t port, uint8_t size, uint64_t value)
{
    if (size != 1) {
        return false;
    }
    return (port == PVH_RESET_PORT && (value & RESET_CPU_BIT)) ||
           (port == KBC_COMMAND_PORT && (uint8_t)value == KBC_PULSE_RESET);
}

void hvm_io(struct vcpu *v, const struct hvm_exit *exit)
{
    struct guest_regs *r = &v->arch.regs;
    uint64_t mask = exit->io.size == 4 ? 0xffffffffULL : (1ULL << (exit->io.size * 8)) - 1;

    if (!exit->io.string) {
        uint32_t value = (uint32_t)r->rax;

        if (vpit_io(&v->domain->arch.pit, exit->io.port, exit->io.in, exit->io.size, &value)) {
            if (exit->io.in) {
                r->rax = (r->rax & ~mask) | (value & mask);
            }
            v->arch.regs.rip = exit->next_rip;
            return;
        }
    }
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
    } else if (is_reset_request(exit->io.port, exit->io.size, r->rax)) {
        printk("domain: d%u (%s) reset through port %#x: rebooting\n", v->domain->domain_id,
               v->domain->name, exit->io.port);
        domain_shutdown(v->domain, SHUTDOWN_reboot);
    } else {
        pr_debug("io: d%u write of %#lx to unclaimed port %#x dropped\n", v->domain->domain_id,
                 (unsigned long)(r->rax & mask), exit->io.port);
    }
    v->arch.regs.rip = exit->next_rip;
}
