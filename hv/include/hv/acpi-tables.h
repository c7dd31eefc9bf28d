/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI table layouts (ACPI 6.x specification, chapter 5.2), shared by the code that reads the
 * host's tables (hv/arch/x86/acpi.c) and the code that writes a PVH guest's (pvh-acpi.c).
 */
#ifndef HV_ACPI_TABLES_H
#define HV_ACPI_TABLES_H

#include <hv/types.h>

#define MADT_LAPIC           0
#define MADT_IOAPIC          1
#define MADT_X2APIC          9
#define MADT_PCAT_COMPAT     1
#define LAPIC_ENABLED        1
#define LAPIC_ONLINE_CAPABLE 2

struct acpi_rsdp {
    char signature[8];
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt_address; /* 0x10 */
    uint32_t length;       /* 0x14, ACPI 2.0+ */
    uint64_t xsdt_address; /* 0x18 */
    uint8_t ext_checksum;
    uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP layout");

struct acpi_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_header) == 36, "ACPI header layout");

/* Generic address structure: where a register is (space 1 = system I/O). */
struct acpi_gas {
    uint8_t space_id;
    uint8_t bit_width;
    uint8_t bit_offset;
    uint8_t access_size; /* 1 = byte. */
    uint64_t address;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_gas) == 12, "GAS layout");

/* The FADT up to ACPI 5.0's sleep registers (revision 5, 268 bytes). */
struct acpi_fadt {
    struct acpi_header header;
    uint32_t firmware_ctrl; /* 36 */
    uint32_t dsdt;          /* 40 */
    uint8_t reserved0;
    uint8_t preferred_pm_profile;
    uint16_t sci_int;
    uint32_t smi_cmd; /* 48 */
    uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
    uint32_t legacy_blocks[8]; /* 56: PM1a/b event, PM1a/b control, PM2, PM timer, GPE0/1 */
    uint8_t legacy_lengths[8]; /* 88 */
    uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;        /* 96 */
    uint8_t duty_offset, duty_width, day_alarm, month_alarm, century; /* 104 */
    uint16_t iapc_boot_arch;                                          /* 109 */
    uint8_t reserved1;
    uint32_t flags;            /* 112 */
    struct acpi_gas reset_reg; /* 116 */
    uint8_t reset_value;       /* 128 */
    uint16_t arm_boot_arch;
    uint8_t minor_version;
    uint64_t x_firmware_ctrl;                    /* 132 */
    uint64_t x_dsdt;                             /* 140 */
    struct acpi_gas x_legacy_blocks[8];          /* 148 */
    struct acpi_gas sleep_control, sleep_status; /* 244, 256 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_fadt) == 268, "FADT layout");
_Static_assert(__builtin_offsetof(struct acpi_fadt, flags) == 112, "FADT flags");
_Static_assert(__builtin_offsetof(struct acpi_fadt, x_dsdt) == 140, "FADT X_DSDT");

#define FADT_RESET_REG_SUP    (1U << 10)
#define FADT_HW_REDUCED_ACPI  (1U << 20)
#define FADT_PWR_BUTTON       (1U << 4) /* The power button is a control-method device. */
#define FADT_SLP_BUTTON       (1U << 5)
#define FADT_BOOT_NO_VGA      (1U << 2)
#define FADT_BOOT_NO_CMOS_RTC (1U << 5)

struct acpi_madt_lapic {
    uint8_t type, length, processor_uid, apic_id;
    uint32_t flags;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_lapic) == 8, "MADT local APIC entry");

/* Sum of `len` bytes, mod 256: a table is valid when the sum over it is 0. */
static inline uint8_t acpi_checksum(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++) {
        sum = (uint8_t)(sum + b[i]);
    }
    return sum;
}

#endif /* HV_ACPI_TABLES_H */
