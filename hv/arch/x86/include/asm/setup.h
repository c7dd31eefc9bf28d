/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 boot steps, in the order __start_xenolith() runs them (hv/arch/x86/setup.c). */
#ifndef X86_SETUP_H
#define X86_SETUP_H

#include <hv/bootinfo.h>
#include <hv/types.h>

/* Entry from head.S: loader magic and the physical address of its boot information. */
void __start_xenolith(uint32_t magic, uint32_t info_pa);

/* Fill `bi` from Multiboot1/2 information. Returns 0, or -1 for an unknown loader. */
int multiboot_parse(struct boot_info *bi, uint32_t magic, uint32_t info_pa);

/* Initialise the UART chosen by console= and register it as a console driver. */
void serial_init(void);

/* Mask the legacy PICs and every I/O APIC input. */
void ioapic_init(void);

/* Give every CPU but CPU 0 its copy of the per-CPU data. Context: boot, after acpi_init. */
void percpu_init(void);

/* Map a fresh stack block for a CPU (asm/current.h layout). */
void *alloc_cpu_stack(void);

#endif /* X86_SETUP_H */
