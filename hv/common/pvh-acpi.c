/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building a PVH domain's ACPI tables (hv/include/hv/pvh-acpi.h). The tables are laid out at
 * fixed offsets in one page; each pointer between them is a guest-physical address.
 */
#include <hv/acpi-tables.h>
#include <hv/pvh-acpi.h>
#include <hv/string.h>

/* Offsets in the page: each table 16-byte aligned, the MADT last as it grows with vCPUs. */
#define OFF_RSDP     0
#define OFF_XSDT     64
#define OFF_FADT     128
#define OFF_DSDT     400
#define OFF_MADT     448
#define XSDT_ENTRIES 2
#define MADT_FIXED   8 /* Local APIC address and flags after the header. */

_Static_assert(OFF_XSDT >= OFF_RSDP + sizeof(struct acpi_rsdp), "RSDP fits");
_Static_assert(OFF_FADT >= OFF_XSDT + sizeof(struct acpi_header) + 8 * XSDT_ENTRIES, "XSDT fits");
_Static_assert(OFF_DSDT >= OFF_FADT + sizeof(struct acpi_fadt), "FADT fits");
_Static_assert(OFF_MADT >= OFF_DSDT + sizeof(struct acpi_header), "DSDT fits");
_Static_assert(OFF_MADT + sizeof(struct acpi_header) + MADT_FIXED +
                       PVH_ACPI_MAX_VCPUS * sizeof(struct acpi_madt_lapic) <=
                   PVH_ACPI_SIZE,
               "MADT fits");

static void fill_header(struct acpi_header *h, const char sig[4], uint32_t len, uint8_t rev)
{
    memcpy(h->signature, sig, 4);
    h->length = len;
    h->revision = rev;
    memcpy(h->oem_id, "XENOLI", 6);
    memcpy(h->oem_table_id, "Xenolith", 8);
    h->oem_revision = 1;
    memcpy(&h->creator_id, "XNLT", 4);
    h->creator_revision = 1;
    h->checksum = 0;
    h->checksum = (uint8_t)-acpi_checksum(h, len);
}

static void build_fadt(uint8_t *page, paddr_t base)
{
    struct acpi_fadt f = {0};

    f.dsdt = (uint32_t)(base + OFF_DSDT);
    f.x_dsdt = base + OFF_DSDT;
    f.flags = FADT_HW_REDUCED_ACPI | FADT_RESET_REG_SUP | FADT_PWR_BUTTON | FADT_SLP_BUTTON;
    /* No VGA and no CMOS clock: the guest must not probe for either. */
    f.iapc_boot_arch = FADT_BOOT_NO_VGA | FADT_BOOT_NO_CMOS_RTC;
    f.reset_reg = (struct acpi_gas){
        .space_id = 1, .bit_width = 8, .access_size = 1, .address = PVH_RESET_PORT};
    f.reset_value = PVH_RESET_VALUE;
    memcpy(page + OFF_FADT, &f, sizeof(f));
    fill_header((struct acpi_header *)(page + OFF_FADT), "FACP", sizeof(f), 5);
}

static void build_madt(uint8_t *page, unsigned int nr_vcpus)
{
    uint8_t *madt = page + OFF_MADT;
    uint32_t lapic_base = 0xfee00000, flags = 0; /* No PCAT_COMPAT: there is no 8259 PIC. */
    uint32_t len = sizeof(struct acpi_header) + MADT_FIXED;

    memcpy(madt + sizeof(struct acpi_header), &lapic_base, 4);
    memcpy(madt + sizeof(struct acpi_header) + 4, &flags, 4);
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        struct acpi_madt_lapic e = {.type = MADT_LAPIC,
                                    .length = sizeof(e),
                                    .processor_uid = (uint8_t)i,
                                    .apic_id = (uint8_t)i,
                                    .flags = LAPIC_ENABLED};

        memcpy(madt + len, &e, sizeof(e));
        len += sizeof(e);
    }
    fill_header((struct acpi_header *)madt, "APIC", len, 5);
}

static void build_xsdt(uint8_t *page, paddr_t base)
{
    uint64_t entries[XSDT_ENTRIES] = {base + OFF_FADT, base + OFF_MADT};

    memcpy(page + OFF_XSDT + sizeof(struct acpi_header), entries, sizeof(entries));
    fill_header((struct acpi_header *)(page + OFF_XSDT), "XSDT",
                sizeof(struct acpi_header) + sizeof(entries), 1);
}

static void build_rsdp(uint8_t *page, paddr_t base)
{
    struct acpi_rsdp r = {.revision = 2, .length = sizeof(r), .xsdt_address = base + OFF_XSDT};

    memcpy(r.signature, "RSD PTR ", 8);
    memcpy(r.oem_id, "XENOLI", 6);
    r.checksum = (uint8_t)-acpi_checksum(&r, 20); /* ACPI 1.0 part. */
    r.ext_checksum = (uint8_t)-acpi_checksum(&r, sizeof(r));
    memcpy(page + OFF_RSDP, &r, sizeof(r));
}

paddr_t pvh_acpi_build(void *page, paddr_t base, unsigned int nr_vcpus)
{
    if (!nr_vcpus || nr_vcpus > PVH_ACPI_MAX_VCPUS) {
        return 0;
    }
    memset(page, 0, PVH_ACPI_SIZE);
    build_fadt(page, base);
    fill_header((struct acpi_header *)((uint8_t *)page + OFF_DSDT), "DSDT",
                sizeof(struct acpi_header), 2);
    build_madt(page, nr_vcpus);
    build_xsdt(page, base);
    build_rsdp(page, base);
    return base + OFF_RSDP;
}
