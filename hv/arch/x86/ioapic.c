/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O APICs and the legacy 8259 PICs. The hypervisor owns the interrupt controllers; for now
 * every input is masked, so no device interrupt reaches a CPU until a later issue routes it.
 * I/O APIC register interface: Intel 82093AA datasheet, section 3.
 */
#include <hv/printk.h>
#include <hv/vmap.h>
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/setup.h>

#define IOAPIC_REGSEL   0x00
#define IOAPIC_WINDOW   0x10 /* In 32-bit words: byte offset 0x10. */
#define IOAPIC_VER      0x01
#define IOAPIC_REDIR(n) (0x10 + 2 * (n))
#define IOAPIC_MASKED   (1U << 16)

static uint32_t ioapic_read(volatile uint32_t *base, uint32_t reg)
{
    base[IOAPIC_REGSEL / 4] = reg;
    return base[IOAPIC_WINDOW / 4];
}

static void ioapic_write(volatile uint32_t *base, uint32_t reg, uint32_t value)
{
    base[IOAPIC_REGSEL / 4] = reg;
    base[IOAPIC_WINDOW / 4] = value;
}

static void mask_8259(void)
{
    outb(0xff, 0xa1);
    outb(0xff, 0x21);
}

void ioapic_init(void)
{
    mask_8259();
    for (unsigned int i = 0; i < acpi_platform.nr_ioapics; i++) {
        volatile uint32_t *base = vmap(paddr_to_mfn(acpi_platform.ioapic[i].base), 1,
                                       MAP_READ | MAP_WRITE | MAP_UNCACHED);
        unsigned int pins;

        if (!base) {
            pr_warn("ioapic: cannot map I/O APIC %u\n", i);
            continue;
        }
        pins = ((ioapic_read(base, IOAPIC_VER) >> 16) & 0xff) + 1;
        for (unsigned int pin = 0; pin < pins; pin++) {
            ioapic_write(base, IOAPIC_REDIR(pin), IOAPIC_MASKED);
            ioapic_write(base, IOAPIC_REDIR(pin) + 1, 0);
        }
        printk("ioapic: I/O APIC %u (ID %u) at %#lx, GSIs %u-%u, all masked\n", i,
               acpi_platform.ioapic[i].id, (unsigned long)acpi_platform.ioapic[i].base,
               acpi_platform.ioapic[i].gsi_base, acpi_platform.ioapic[i].gsi_base + pins - 1);
        /* Keep the mapping: the hypervisor owns the I/O APICs from now on. */
    }
}
