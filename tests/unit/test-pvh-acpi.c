/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/pvh-acpi.c: a PVH domain's ACPI tables as a guest's ACPI code walks them, from the
 * RSDP through the XSDT to the FADT, DSDT and MADT: signatures, lengths, checksums, every
 * pointer inside the page, one enabled local APIC per vCPU with UID = APIC id = vCPU id.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/acpi-tables.h>
#include <hv/pvh-acpi.h>

#include "shim/shim.h"

static uint8_t page[PVH_ACPI_SIZE + 1];

/* The table at guest-physical `gpa`, checked to lie in the page and to sum to zero. */
static const struct acpi_header *table_at(uint64_t gpa, const char *sig)
{
    const struct acpi_header *h;

    assert_true(gpa >= PVH_ACPI_GPA && gpa + sizeof(*h) <= PVH_ACPI_GPA + PVH_ACPI_SIZE);
    h = (const void *)(page + (gpa - PVH_ACPI_GPA));
    assert_memory_equal(h->signature, sig, 4);
    assert_true(gpa + h->length <= PVH_ACPI_GPA + PVH_ACPI_SIZE);
    assert_int_equal(acpi_checksum(h, h->length), 0);
    return h;
}

static const struct acpi_header *xsdt_entry(const struct acpi_header *xsdt, unsigned int i)
{
    uint64_t gpa;

    memcpy(&gpa, (const uint8_t *)xsdt + sizeof(*xsdt) + 8 * i, 8);
    return table_at(gpa, i == 0 ? "FACP" : "APIC");
}

static void check_tables(unsigned int nr_vcpus)
{
    struct acpi_rsdp r;
    const struct acpi_header *xsdt, *madt;
    struct acpi_fadt f;
    uint64_t rsdp = pvh_acpi_build(page, PVH_ACPI_GPA, nr_vcpus);

    assert_true(rsdp >= PVH_ACPI_GPA && rsdp % 16 == 0);
    memcpy(&r, page + (rsdp - PVH_ACPI_GPA), sizeof(r));
    assert_memory_equal(r.signature, "RSD PTR ", 8);
    assert_int_equal(r.revision, 2);
    assert_int_equal(r.length, 36);
    assert_int_equal(acpi_checksum(&r, 20), 0);
    assert_int_equal(acpi_checksum(&r, 36), 0);

    xsdt = table_at(r.xsdt_address, "XSDT");
    assert_int_equal(xsdt->length, 36 + 2 * 8);
    memcpy(&f, xsdt_entry(xsdt, 0), sizeof(f));
    assert_int_equal(f.header.length, 268);
    assert_true(f.flags & FADT_HW_REDUCED_ACPI);
    assert_true(f.flags & FADT_RESET_REG_SUP);
    assert_int_equal(f.reset_reg.space_id, 1);
    assert_true(f.reset_reg.address == PVH_RESET_PORT);
    assert_int_equal(f.reset_value, PVH_RESET_VALUE);
    assert_true(f.x_dsdt == f.dsdt);
    table_at(f.x_dsdt, "DSDT");

    madt = xsdt_entry(xsdt, 1);
    assert_int_equal(madt->length, 36 + 8 + 8 * nr_vcpus);
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        struct acpi_madt_lapic e;

        memcpy(&e, (const uint8_t *)madt + 44 + 8 * i, sizeof(e));
        assert_int_equal(e.type, MADT_LAPIC);
        assert_int_equal(e.length, 8);
        assert_int_equal(e.processor_uid, i);
        assert_int_equal(e.apic_id, i);
        assert_int_equal(e.flags, LAPIC_ENABLED);
    }
}

static void test_tables(void **state)
{
    (void)state;
    page[PVH_ACPI_SIZE] = 0xee;
    check_tables(1);
    check_tables(2);
    check_tables(64);
    check_tables(PVH_ACPI_MAX_VCPUS);
    assert_int_equal(page[PVH_ACPI_SIZE], 0xee); /* Nothing written past the page. */
}

static void test_limits(void **state)
{
    (void)state;
    assert_true(pvh_acpi_build(page, PVH_ACPI_GPA, 0) == 0);
    assert_true(pvh_acpi_build(page, PVH_ACPI_GPA, PVH_ACPI_MAX_VCPUS + 1) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_limits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
