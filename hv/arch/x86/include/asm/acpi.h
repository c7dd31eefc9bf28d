/* SPDX-License-Identifier: GPL-2.0-only */
/* The ACPI tables we read: RSDP, RSDT/XSDT and the MADT (CPUs and I/O APICs). */
#ifndef X86_ACPI_H
#define X86_ACPI_H

#include <hv/smp.h>
#include <hv/types.h>

#define MAX_IOAPICS 8

struct acpi_platform {
    unsigned int nr_cpus;
    uint32_t cpu_apic_id[NR_CPUS]; /* Index 0 is the boot CPU. */
    unsigned int nr_ioapics;
    struct {
        uint8_t id;
        paddr_t base;
        uint32_t gsi_base;
    } ioapic[MAX_IOAPICS];
    paddr_t lapic_base;
    bool has_8259; /* MADT flag PCAT_COMPAT: legacy PICs are present and must be masked. */
};

extern struct acpi_platform acpi_platform;

/*
 * Find the RSDP (at `rsdp_hint` when the loader gave one, else in the EBDA and BIOS area),
 * then read the MADT into acpi_platform. The boot CPU is listed first. CPUs beyond `max_cpus`
 * are counted but not used. Returns 0 or -ENODEV when no usable tables exist (the caller
 * then runs on the boot CPU alone). Context: boot, after paging_init().
 */
int acpi_init(paddr_t rsdp_hint, unsigned int max_cpus, uint32_t boot_apic_id);

#endif /* X86_ACPI_H */
