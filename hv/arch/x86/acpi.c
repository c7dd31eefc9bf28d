/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI table discovery (ACPI 6.5, sections 5.2.5 RSDP, 5.2.7/5.2.8 RSDT/XSDT, 5.2.12 MADT).
 * Firmware tables are checked (signature, length bounds, checksum) before use: a bad table is
 * skipped with a message rather than trusted.
 */
#include <hv/acpi-tables.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hv/vmap.h>
#include <asm/acpi.h>
#include <asm/apic.h>

#define ACPI_MAX_TABLE_LEN (1UL << 20)

struct acpi_platform acpi_platform;

/* A temporary read-only mapping of [pa, pa + len); undone with acpi_unmap(). */
static void *acpi_map(paddr_t pa, size_t len, unsigned long *nr_pages)
{
    paddr_t first = ROUNDDOWN(pa, PAGE_SIZE);
    char *va;

    *nr_pages = (unsigned long)((ROUNDUP(pa + len, PAGE_SIZE) - first) / PAGE_SIZE);
    va = vmap(paddr_to_mfn(first), *nr_pages, MAP_READ);
    return va ? va + (pa - first) : NULL;
}

static void acpi_unmap(void *va, unsigned long nr_pages)
{
    vunmap((void *)ROUNDDOWN((vaddr_t)va, PAGE_SIZE), nr_pages);
}

static paddr_t scan_for_rsdp(paddr_t start, size_t len)
{
    unsigned long nr;
    const char *area = acpi_map(start, len, &nr);
    paddr_t found = 0;

    if (!area) {
        return 0;
    }
    for (size_t off = 0; off + 20 <= len; off += 16) {
        if (!memcmp(area + off, "RSD PTR ", 8) && acpi_checksum(area + off, 20) == 0) {
            found = start + off;
            break;
        }
    }
    acpi_unmap((void *)area, nr);
    return found;
}

static paddr_t find_rsdp(void)
{
    unsigned long nr;
    const uint16_t *ebda_seg = acpi_map(0x40e, 2, &nr);
    paddr_t ebda = 0, rsdp = 0;

    if (ebda_seg) {
        ebda = (paddr_t)*ebda_seg << 4;
        acpi_unmap((void *)ebda_seg, nr);
    }
    if (ebda >= 0x80000 && ebda < 0xa0000) {
        rsdp = scan_for_rsdp(ebda, 1024);
    }
    return rsdp ? rsdp : scan_for_rsdp(0xe0000, 0x20000);
}

/* Map a whole table after checking its header; NULL (with a message) if it is bad. */
static struct acpi_header *map_table(paddr_t pa, unsigned long *nr)
{
    struct acpi_header *h = acpi_map(pa, sizeof(*h), nr);
    uint32_t len;

    if (!h) {
        return NULL;
    }
    len = h->length;
    acpi_unmap(h, *nr);
    if (len < sizeof(*h) || len > ACPI_MAX_TABLE_LEN) {
        pr_warn("acpi: table at %#lx has a bad length %u, ignored\n", (unsigned long)pa, len);
        return NULL;
    }
    h = acpi_map(pa, len, nr);
    if (h && acpi_checksum(h, len) != 0) {
        pr_warn("acpi: table %.4s at %#lx has a bad checksum, ignored\n", h->signature,
                (unsigned long)pa);
        acpi_unmap(h, *nr);
        return NULL;
    }
    return h;
}

static void madt_add_cpu(uint32_t apic_id, uint32_t flags, unsigned int max_cpus,
                         uint32_t boot_apic_id)
{
    struct acpi_platform *p = &acpi_platform;

    if (!(flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)) || apic_id == boot_apic_id) {
        return;
    }
    if (p->nr_cpus >= max_cpus || p->nr_cpus >= NR_CPUS) {
        pr_info("acpi: CPU with APIC ID %u not used (maxcpus=%u)\n", apic_id, max_cpus);
        return;
    }
    p->cpu_apic_id[p->nr_cpus++] = apic_id;
}

static void madt_add_ioapic(const uint8_t *e)
{
    struct acpi_platform *p = &acpi_platform;
    uint32_t addr, gsi;

    if (p->nr_ioapics >= MAX_IOAPICS) {
        return;
    }
    memcpy(&addr, e + 4, 4);
    memcpy(&gsi, e + 8, 4);
    p->ioapic[p->nr_ioapics].id = e[2];
    p->ioapic[p->nr_ioapics].base = addr;
    p->ioapic[p->nr_ioapics].gsi_base = gsi;
    p->nr_ioapics++;
}

static void parse_madt(const struct acpi_header *madt, unsigned int max_cpus, uint32_t boot_apic_id)
{
    const uint8_t *base = (const uint8_t *)madt;
    uint32_t lapic_addr, flags;
    size_t off = sizeof(*madt) + 8;

    memcpy(&lapic_addr, base + sizeof(*madt), 4);
    memcpy(&flags, base + sizeof(*madt) + 4, 4);
    acpi_platform.lapic_base = lapic_addr;
    acpi_platform.has_8259 = flags & MADT_PCAT_COMPAT;
    while (off + 2 <= madt->length) {
        const uint8_t *e = base + off;
        uint32_t id, eflags;

        if (e[1] < 2 || off + e[1] > madt->length) {
            pr_warn("acpi: malformed MADT entry at offset %zu, rest ignored\n", off);
            break;
        }
        if (e[0] == MADT_LAPIC && e[1] >= 8) {
            memcpy(&eflags, e + 4, 4);
            madt_add_cpu(e[3], eflags, max_cpus, boot_apic_id);
        } else if (e[0] == MADT_X2APIC && e[1] >= 16) {
            memcpy(&id, e + 4, 4);
            memcpy(&eflags, e + 8, 4);
            madt_add_cpu(id, eflags, max_cpus, boot_apic_id);
        } else if (e[0] == MADT_IOAPIC && e[1] >= 12) {
            madt_add_ioapic(e);
        }
        off += e[1];
    }
}

/* Walk the RSDT (4-byte entries) or XSDT (8-byte entries) for the MADT ("APIC"). */
static paddr_t find_madt(paddr_t sdt_pa, size_t entry_size)
{
    unsigned long nr;
    struct acpi_header *sdt = map_table(sdt_pa, &nr);
    paddr_t madt = 0;

    if (!sdt) {
        return 0;
    }
    for (size_t off = sizeof(*sdt); off + entry_size <= sdt->length && !madt; off += entry_size) {
        paddr_t pa = 0;
        unsigned long tnr;
        struct acpi_header *h;

        memcpy(&pa, (const char *)sdt + off, entry_size);
        h = acpi_map(pa, sizeof(*h), &tnr);
        if (h && !memcmp(h->signature, "APIC", 4)) {
            madt = pa;
        }
        if (h) {
            acpi_unmap(h, tnr);
        }
    }
    acpi_unmap(sdt, nr);
    return madt;
}

int acpi_init(paddr_t rsdp_hint, unsigned int max_cpus, uint32_t boot_apic_id)
{
    paddr_t rsdp_pa = rsdp_hint ? rsdp_hint : find_rsdp();
    struct acpi_rsdp rsdp;
    struct acpi_header *madt;
    unsigned long nr;
    paddr_t madt_pa;
    void *m;

    acpi_platform.nr_cpus = 1;
    acpi_platform.cpu_apic_id[0] = boot_apic_id;
    acpi_platform.lapic_base = APIC_DEFAULT_BASE;
    if (!rsdp_pa || !(m = acpi_map(rsdp_pa, sizeof(rsdp), &nr))) {
        pr_warn("acpi: no RSDP found; running on the boot CPU only\n");
        return -ENODEV;
    }
    memcpy(&rsdp, m, sizeof(rsdp));
    acpi_unmap(m, nr);
    if (rsdp.revision >= 2 && rsdp.xsdt_address) {
        madt_pa = find_madt(rsdp.xsdt_address, 8);
    } else {
        madt_pa = find_madt(rsdp.rsdt_address, 4);
    }
    if (!madt_pa || !(madt = map_table(madt_pa, &nr))) {
        pr_warn("acpi: no valid MADT; running on the boot CPU only\n");
        return -ENODEV;
    }
    parse_madt(madt, max_cpus, boot_apic_id);
    acpi_unmap(madt, nr);
    printk("acpi: RSDP at %#lx rev %u, MADT lists %u usable CPU(s), %u I/O APIC(s)\n",
           (unsigned long)rsdp_pa, rsdp.revision, acpi_platform.nr_cpus, acpi_platform.nr_ioapics);
    return 0;
}
