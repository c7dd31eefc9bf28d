/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH domain builder for boot-time domains: parse the spec, create the domain, give it
 * RAM (2 MiB pages where aligned), load the kernel's segments at their physical addresses,
 * place the ramdisk and the hvm_start_info page, and point vCPU 0 at the PHYS32 entry.
 * guest-abi.md 2.1-2.4 has the layout facts; docs/domains.md the spec syntax.
 */
#include <hv/console-ring.h>
#include <hv/domain-build.h>
#include <hv/domain-spec.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/pvh-acpi.h>
#include <hv/pvh-loader.h>
#include <hv/sched-fair.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/string.h>
#include <hv/xmalloc.h>

#define ERR_LEN 160

static struct domain_spec specs[BOOT_MAX_MODULES];

static int gpa_copy(void *ctx, paddr_t gpa, const void *src, size_t len)
{
    return copy_to_gpa(ctx, gpa, src, len);
}

static int gpa_zero(void *ctx, paddr_t gpa, size_t len)
{
    return zero_gpa(ctx, gpa, len);
}

static const struct guest_copy_ops builder_copy_ops = {
    .copy_to_gpa = gpa_copy,
    .zero_gpa = gpa_zero,
};

/* Give [start, end) of guest-physical space RAM, in the largest aligned blocks that fit. */
static int populate_range(struct domain *d, uint64_t start, uint64_t end)
{
    unsigned long gfn = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;

    while (gfn < last) {
        unsigned int order = (!(gfn & 511) && last - gfn >= 512) ? 9 : 0;
        mfn_t mfn = domain_alloc_pages(d, order);

        if (mfn_eq(mfn, INVALID_MFN) && order) {
            order = 0; /* Memory is fragmented: fall back to single frames. */
            mfn = domain_alloc_pages(d, order);
        }
        if (mfn_eq(mfn, INVALID_MFN)) {
            return -ENOMEM;
        }
        if (arch_domain_map_ram(d, _gfn(gfn), mfn, order)) {
            return -ENOMEM;
        }
        gfn += 1UL << order;
    }
    return 0;
}

static int populate_ram(struct domain *d)
{
    const struct pvh_mem_layout *m = &d->mem_layout;
    int rc = populate_range(d, 0, m->low_ram_end);

    if (!rc && m->high_ram_end > PVH_HIGH_RAM_START) {
        rc = populate_range(d, PVH_HIGH_RAM_START, m->high_ram_end);
    }
    return rc;
}

/* The ACPI tables get a page of their own, outside RAM (pvh-acpi.h). Returns the RSDP's GPA. */
static int load_acpi_tables(struct domain *d, paddr_t *rsdp)
{
    mfn_t mfn = domain_alloc_pages(d, 0);
    void *page;
    int rc;

    if (mfn_eq(mfn, INVALID_MFN) ||
        arch_domain_map_ram(d, _gfn(PVH_ACPI_GPA >> PAGE_SHIFT), mfn, 0)) {
        return -ENOMEM;
    }
    page = xzalloc(PAGE_SIZE);
    if (!page) {
        return -ENOMEM;
    }
    *rsdp = pvh_acpi_build(page, PVH_ACPI_GPA, d->max_vcpus);
    rc = *rsdp ? copy_to_gpa(d, PVH_ACPI_GPA, page, PVH_ACPI_SIZE) : -EINVAL;
    xfree(page);
    return rc;
}

static int load_start_info(struct domain *d, const struct domain_spec *s,
                           const struct pvh_image *img, const struct pvh_placement *pl,
                           const struct pvh_module *ramdisk, char *err)
{
    struct pvh_start_params p = {
        .mem = &d->mem_layout,
        .kernel = img,
        .cmdline = s->cmdline,
        .modules = ramdisk,
        .nr_modules = ramdisk ? 1 : 0,
        .info_paddr = pl->info_paddr,
        .flags = s->privileged ? SIF_PRIVILEGED : 0,
    };
    void *page;
    int rc = load_acpi_tables(d, &p.rsdp_paddr);

    if (rc) {
        return rc;
    }
    page = xzalloc(PAGE_SIZE);
    if (!page) {
        return -ENOMEM;
    }
    rc = pvh_build_start_info(&p, page, err, ERR_LEN);
    if (!rc) {
        rc = copy_to_gpa(d, pl->info_paddr, page, PAGE_SIZE);
    }
    xfree(page);
    return rc;
}

/* Load kernel, ramdisk and start info into `d`; `err` says what failed. */
static int load_domain(struct domain *d, const struct domain_spec *s, const struct boot_info *bi,
                       const struct boot_module *kernel, char *err)
{
    const void *image = maddr_to_virt(kernel->start);
    struct pvh_module ramdisk, *rd = NULL;
    struct pvh_placement pl;
    struct pvh_image img;
    int rc;

    rc = pvh_elf_parse(image, kernel->end - kernel->start, d->mem_layout.low_ram_end, &img, err,
                       ERR_LEN);
    if (rc) {
        return rc;
    }
    if (s->ramdisk != DOMAIN_NO_RAMDISK) {
        ramdisk.size = bi->modules[s->ramdisk].end - bi->modules[s->ramdisk].start;
        rd = &ramdisk;
    }
    rc = pvh_place(&d->mem_layout, &img, rd ? rd->size : 0, &pl, err, ERR_LEN);
    if (rc || (rc = populate_ram(d)) || (rc = pvh_elf_load(image, &img, &builder_copy_ops, d))) {
        return rc;
    }
    if (rd) {
        rd->paddr = pl.ramdisk_paddr;
        rc = copy_to_gpa(d, rd->paddr, maddr_to_virt(bi->modules[s->ramdisk].start), rd->size);
        if (rc) {
            return rc;
        }
    }
    rc = load_start_info(d, s, &img, &pl, rd, err);
    if (!rc) {
        arch_vcpu_set_boot_state(d->vcpu[0], img.entry, (uint32_t)pl.info_paddr);
    }
    return rc;
}

/* Extras "affinity=<cpus>" and "soft_affinity=<cpus>" (e.g. 0-1,3) apply to every vCPU. */
static int apply_affinity(struct domain *d, const struct domain_spec *s, char *err)
{
    unsigned long hard = ~0UL, soft = 0;

    for (unsigned int i = 0; i < s->nr_extras; i++) {
        const struct domain_spec_extra *x = &s->extras[i];
        unsigned long *mask = !strcmp(x->key, "affinity")        ? &hard
                              : !strcmp(x->key, "soft_affinity") ? &soft
                                                                 : NULL;

        if (mask && sched_parse_cpulist(x->value, nr_cpu_ids, mask)) {
            snprintf(err, ERR_LEN, "%s=%s: not a list of CPUs below %u", x->key, x->value,
                     nr_cpu_ids);
            return -EINVAL;
        }
    }
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (sched_set_affinity(d->vcpu[i], hard, soft)) {
            snprintf(err, ERR_LEN, "affinity names no CPU that is online");
            return -EINVAL;
        }
    }
    return 0;
}

static struct domain *build_one(const struct boot_info *bi, unsigned int idx)
{
    const struct domain_spec *s = &specs[idx];
    char err[ERR_LEN] = "";
    struct domain *d;
    int rc;

    /* Its RAM plus the page of its ACPI tables, which it owns too. */
    d = domain_create(s->name, s->vcpus,
                      (unsigned long)(s->mem >> PAGE_SHIFT) + PVH_ACPI_SIZE / PAGE_SIZE);
    if (!d) {
        return NULL;
    }
    d->is_privileged = s->privileged;
    rc = sched_adjust(d, s->weight, s->cap);
    if (!rc) {
        rc = apply_affinity(d, s, err);
    }
    if (!rc) {
        rc = pvh_mem_layout_init(&d->mem_layout, s->mem);
    }
    if (!rc) {
        rc = load_domain(d, s, bi, &bi->modules[idx], err);
    }
    if (!rc && s->console && (rc = console_ring_setup(d))) {
        snprintf(err, ERR_LEN, "cannot set up its console ring");
    }
    if (rc) {
        pr_err("domain: '%s' (module %u) not started: %s (%d)\n", s->name, idx,
               err[0]          ? err
               : rc == -ENOMEM ? "out of memory"
                               : "cannot load it",
               rc);
        domain_destroy_unstarted(d);
        return NULL;
    }
    d->vcpu[0]->initialised = true;
    vcpu_pause_flag_clear(d->vcpu[0], VPF_DOWN); /* Still paused until domain_unpause(). */
    printk("domain: d%u '%s' built: %lu MiB, %u vCPU(s), kernel module %u%s%s%s\n", d->domain_id,
           d->name, (unsigned long)(s->mem >> 20), s->vcpus, idx,
           s->ramdisk != DOMAIN_NO_RAMDISK ? ", with ramdisk" : "",
           s->privileged ? ", privileged" : "", s->console ? ", console ring" : "");
    return d;
}

/* Parse every module's spec; report bad ones. Returns the number of valid domain specs. */
static unsigned int parse_specs(const struct boot_info *bi)
{
    unsigned int n = bi->nr_modules, valid = 0;
    char err[ERR_LEN];

    for (unsigned int i = 0; i < n; i++) {
        if (domain_spec_parse(bi->modules[i].cmdline, &specs[i], err, sizeof(err)) < 0) {
            pr_err("domain: module %u: bad domain spec: %s\n", i, err);
        }
    }
    for (unsigned int i = 0; i < n; i++) {
        if (specs[i].kind != DOMAIN_SPEC_OK) {
            continue;
        }
        if (domain_spec_check_name(specs, n, i, err, sizeof(err)) ||
            domain_spec_check_ramdisk(specs, n, i, err, sizeof(err))) {
            pr_err("domain: module %u: bad domain spec: %s\n", i, err);
            specs[i].kind = DOMAIN_SPEC_BAD;
            continue;
        }
        valid++;
    }
    return valid;
}

unsigned int build_boot_domains(const struct boot_info *bi)
{
    static struct domain *started[BOOT_MAX_MODULES];
    unsigned int nr = 0;

    if (parse_specs(bi) == 0) {
        return 0;
    }
    domain_note_memory_baseline();
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        if (specs[i].kind == DOMAIN_SPEC_OK && (started[nr] = build_one(bi, i))) {
            nr++;
        }
    }
    domain_boot_domains_started();
    for (unsigned int i = 0; i < nr; i++) {
        domain_unpause(started[i]);
    }
    printk("domain: %u boot domain(s) started\n", nr);
    return nr;
}
