/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ACPI tables a PVH domain finds through hvm_start_info.rsdp_paddr: what an unmodified
 * guest needs to enumerate its vCPUs and to reboot, and nothing else (guest-abi.md 3.9).
 *
 *   RSDP (revision 2) -> XSDT -> FADT (hardware-reduced: no SCI, PM timer or PM1 blocks; a reset
 *                                     register at I/O port 0xCF9) -> DSDT (no AML)
 *                             -> MADT (one enabled local APIC per vCPU: ACPI processor UID =
 *                                     APIC id = vCPU id; no I/O APIC, no legacy PIC)
 *
 * All of them fit in one page at PVH_ACPI_GPA, which the memory map lists as ACPI.
 */
#ifndef HV_PVH_ACPI_H
#define HV_PVH_ACPI_H

#include <hv/compiler.h>
#include <hv/types.h>

#define PVH_ACPI_GPA  0xFC000000ULL /* Where Xen's toolstack puts a PVH domU's tables too. */
#define PVH_ACPI_SIZE PAGE_SIZE
/* The reset register the FADT names: writing PVH_RESET_VALUE to it reboots the domain. */
#define PVH_RESET_PORT  0xcf9
#define PVH_RESET_VALUE 0x06
/* Local APIC entries (8 bytes each) fit the page up to this many vCPUs. */
#define PVH_ACPI_MAX_VCPUS 255

/*
 * Write the tables for a domain with `nr_vcpus` vCPUs into `page` (PVH_ACPI_SIZE bytes), as
 * they will appear at guest-physical `base`. Returns the RSDP's guest-physical address, or 0
 * when nr_vcpus is 0 or above PVH_ACPI_MAX_VCPUS.
 */
paddr_t __must_check pvh_acpi_build(void *page, paddr_t base, unsigned int nr_vcpus);

#endif /* HV_PVH_ACPI_H */
