/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a PVH guest finds at boot besides its kernel (hv/include/hv/pvh-loader.h): the memory
 * map, and the hvm_start_info page that EBX points to (guest-abi.md 2.3, 2.4).
 *
 * The guest trusts these GPAs blindly and Linux reads them through page tables that cover
 * only its first GiB, so every placement rule Linux depends on is checked here rather than
 * left to whoever builds the domain: a broken rule would otherwise show up as a guest that
 * dies silently before its console works.
 */
#include <stdarg.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/pvh-acpi.h>
#include <hv/pvh-loader.h>
#include <hv/string.h>
#include <public/hvm/start_info.h>

#define ULL(x) ((unsigned long long)(x))

/* Offsets in the start-info page. */
struct info_layout {
    size_t modlist;
    size_t memmap;
    size_t cmdline;
    size_t end; /* After the command line's NUL. */
};

static int __printf(4, 5) report(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    va_list ap;

    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* Do [a, a_end) and [b, b_end) share a byte? */
static bool overlaps(paddr_t a, paddr_t a_end, paddr_t b, paddr_t b_end)
{
    return a < b_end && b < a_end;
}

int pvh_mem_layout_init(struct pvh_mem_layout *mem, uint64_t ram_bytes)
{
    if (ram_bytes < PVH_RAM_MIN || ram_bytes > PVH_RAM_MAX || !IS_ALIGNED(ram_bytes, PAGE_SIZE)) {
        return -EINVAL;
    }
    if (ram_bytes <= PVH_LOW_RAM_MAX) {
        mem->low_ram_end = ram_bytes;
        mem->high_ram_end = 0;
    } else {
        mem->low_ram_end = PVH_LOW_RAM_MAX;
        mem->high_ram_end = PVH_HIGH_RAM_START + (ram_bytes - PVH_LOW_RAM_MAX);
    }
    return 0;
}

int pvh_memory_map(const struct pvh_mem_layout *mem, struct hvm_memmap_table_entry *map,
                   unsigned int max)
{
    struct hvm_memmap_table_entry e[4];
    unsigned int n = 0;

    if (!mem->low_ram_end || mem->low_ram_end > PVH_LOW_RAM_MAX ||
        (mem->high_ram_end && mem->high_ram_end <= PVH_HIGH_RAM_START)) {
        return -EINVAL;
    }
    /* Starts at 0: no BIOS, no device model, nothing to hide below 1 MiB. */
    e[n++] = (struct hvm_memmap_table_entry){
        .addr = 0, .size = mem->low_ram_end, .type = XEN_HVM_MEMMAP_TYPE_RAM};
    /* The ACPI tables (pvh-acpi.h): the guest reads them but must not reuse their page. */
    e[n++] = (struct hvm_memmap_table_entry){
        .addr = PVH_ACPI_GPA, .size = PVH_ACPI_SIZE, .type = XEN_HVM_MEMMAP_TYPE_ACPI};
    /* Rings live here for the domain's lifetime, so the guest must not allocate them. */
    e[n++] =
        (struct hvm_memmap_table_entry){.addr = PVH_SPECIAL_PAGES_START,
                                        .size = PVH_SPECIAL_PAGES_END - PVH_SPECIAL_PAGES_START,
                                        .type = XEN_HVM_MEMMAP_TYPE_RESERVED};
    if (mem->high_ram_end) {
        e[n++] = (struct hvm_memmap_table_entry){.addr = PVH_HIGH_RAM_START,
                                                 .size = mem->high_ram_end - PVH_HIGH_RAM_START,
                                                 .type = XEN_HVM_MEMMAP_TYPE_RAM};
    }
    if (n > max) {
        return -ENOSPC;
    }
    memcpy(map, e, n * sizeof(e[0]));
    return (int)n;
}

int pvh_place(const struct pvh_mem_layout *mem, const struct pvh_image *kernel,
              uint64_t ramdisk_size, struct pvh_placement *out, char *err, size_t errlen)
{
    paddr_t info = ROUNDUP(kernel->load_end, (paddr_t)PAGE_SIZE);
    paddr_t limit = MIN(mem->low_ram_end, PVH_TABLES_LIMIT);
    paddr_t ramdisk = info + PVH_START_INFO_SIZE;

    /* load_end lies below low_ram_end (pvh_elf_parse), far from any overflow. */
    if (info > limit || limit - info < PVH_START_INFO_SIZE) {
        return report(err, errlen, -ENOMEM,
                      "no room for the start-info page after the kernel (ends %#llx) below %#llx",
                      ULL(kernel->load_end), ULL(limit));
    }
    if (ramdisk_size && (ramdisk > mem->low_ram_end || mem->low_ram_end - ramdisk < ramdisk_size)) {
        return report(err, errlen, -ENOMEM,
                      "ramdisk of %#llx bytes does not fit in low RAM between %#llx and %#llx",
                      ULL(ramdisk_size), ULL(ramdisk), ULL(mem->low_ram_end));
    }
    out->info_paddr = info;
    out->ramdisk_paddr = ramdisk_size ? ramdisk : 0;
    return 0;
}

/* The page itself: aligned, in low RAM below 1 GiB, clear of the kernel. */
static int check_info_page(const struct pvh_start_params *p, char *err, size_t errlen)
{
    paddr_t info = p->info_paddr, end = info + PVH_START_INFO_SIZE;
    paddr_t limit = MIN(p->mem->low_ram_end, PVH_TABLES_LIMIT);

    if (!IS_ALIGNED(info, (paddr_t)PAGE_SIZE)) {
        return report(err, errlen, -EINVAL, "start-info page at %#llx is not page aligned",
                      ULL(info));
    }
    if (info > limit || limit - info < PVH_START_INFO_SIZE) {
        return report(err, errlen, -EINVAL,
                      "start-info page at %#llx is not in low RAM below %#llx", ULL(info),
                      ULL(limit));
    }
    if (overlaps(info, end, p->kernel->load_start, p->kernel->load_end)) {
        return report(err, errlen, -EINVAL,
                      "start-info page at %#llx overlaps the kernel [%#llx, %#llx)", ULL(info),
                      ULL(p->kernel->load_start), ULL(p->kernel->load_end));
    }
    return 0;
}

/* Module i: Linux's initrd rules (guest-abi.md 2.3), and no overlap with anything else. */
static int check_module(const struct pvh_start_params *p, unsigned int i, char *err, size_t errlen)
{
    const struct pvh_module *m = &p->modules[i];
    paddr_t end = m->paddr + m->size;
    unsigned int j;

    if (!m->size) {
        return report(err, errlen, -EINVAL, "module %u is empty", i);
    }
    if (!IS_ALIGNED(m->paddr, (paddr_t)PAGE_SIZE)) {
        return report(err, errlen, -EINVAL, "module %u at %#llx is not page aligned", i,
                      ULL(m->paddr));
    }
    /* Also rules out any overflow of end. */
    if (m->paddr >= PVH_MODULES_LIMIT || m->size > PVH_MODULES_LIMIT - m->paddr) {
        return report(err, errlen, -EINVAL, "module %u (%#llx bytes at %#llx) is not below 4 GiB",
                      i, ULL(m->size), ULL(m->paddr));
    }
    if (end > p->mem->low_ram_end) {
        return report(err, errlen, -EINVAL, "module %u [%#llx, %#llx) is not in low RAM [0, %#llx)",
                      i, ULL(m->paddr), ULL(end), ULL(p->mem->low_ram_end));
    }
    if (overlaps(m->paddr, end, p->kernel->load_start, p->kernel->load_end)) {
        return report(err, errlen, -EINVAL, "module %u [%#llx, %#llx) overlaps the kernel", i,
                      ULL(m->paddr), ULL(end));
    }
    if (overlaps(m->paddr, end, p->info_paddr, p->info_paddr + PVH_START_INFO_SIZE)) {
        return report(err, errlen, -EINVAL, "module %u [%#llx, %#llx) overlaps the start-info page",
                      i, ULL(m->paddr), ULL(end));
    }
    for (j = 0; j < i; j++) {
        if (overlaps(m->paddr, end, p->modules[j].paddr,
                     p->modules[j].paddr + p->modules[j].size)) {
            return report(err, errlen, -EINVAL, "module %u overlaps module %u", i, j);
        }
    }
    return 0;
}

/* Everything checkable before writing: placement, counts and the size of the contents. */
static int check_params(const struct pvh_start_params *p, unsigned int nr_map,
                        struct info_layout *l, char *err, size_t errlen)
{
    size_t cmdline_len = p->cmdline ? strnlen(p->cmdline, PVH_START_INFO_SIZE) : 0;
    unsigned int i;
    int rc;

    rc = check_info_page(p, err, errlen);
    if (rc) {
        return rc;
    }
    if (p->nr_modules > PVH_MAX_MODULES) {
        return report(err, errlen, -E2BIG, "%u modules, at most %u", p->nr_modules,
                      PVH_MAX_MODULES);
    }
    for (i = 0; i < p->nr_modules; i++) {
        rc = check_module(p, i, err, errlen);
        if (rc) {
            return rc;
        }
    }
    l->modlist = ROUNDUP(sizeof(struct hvm_start_info), 8);
    l->memmap = ROUNDUP(l->modlist + p->nr_modules * sizeof(struct hvm_modlist_entry), 8);
    l->cmdline = l->memmap + nr_map * sizeof(struct hvm_memmap_table_entry);
    l->end = l->cmdline + cmdline_len + 1;
    if (l->end > PVH_START_INFO_SIZE) {
        return report(err, errlen, -E2BIG,
                      "command line of %zu bytes does not fit in the start-info page", cmdline_len);
    }
    return 0;
}

int pvh_build_start_info(const struct pvh_start_params *p, void *page, char *err, size_t errlen)
{
    struct hvm_memmap_table_entry map[PVH_MEMMAP_MAX];
    struct hvm_start_info si = {.magic = XEN_HVM_START_MAGIC_VALUE, .version = 1};
    struct hvm_modlist_entry mod;
    struct info_layout l = {0, 0, 0, 0};
    uint8_t *out = page;
    unsigned int i;
    int nr_map, rc;

    nr_map = pvh_memory_map(p->mem, map, PVH_MEMMAP_MAX);
    if (nr_map < 0) {
        return report(err, errlen, -EINVAL, "inconsistent memory layout");
    }
    rc = check_params(p, (unsigned int)nr_map, &l, err, errlen);
    if (rc) {
        return rc;
    }
    /* Validated: from here on nothing fails. */
    memset(out, 0, PVH_START_INFO_SIZE);
    si.flags = p->flags;
    si.nr_modules = p->nr_modules;
    si.modlist_paddr = p->nr_modules ? p->info_paddr + l.modlist : 0;
    si.cmdline_paddr = l.end - l.cmdline > 1 ? p->info_paddr + l.cmdline : 0;
    si.rsdp_paddr = p->rsdp_paddr;
    si.memmap_paddr = p->info_paddr + l.memmap;
    si.memmap_entries = (uint32_t)nr_map;
    memcpy(out, &si, sizeof(si));
    for (i = 0; i < p->nr_modules; i++) {
        mod = (struct hvm_modlist_entry){.paddr = p->modules[i].paddr, .size = p->modules[i].size};
        memcpy(out + l.modlist + i * sizeof(mod), &mod, sizeof(mod));
    }
    memcpy(out + l.memmap, map, (size_t)nr_map * sizeof(map[0]));
    memcpy(out + l.cmdline, p->cmdline ? p->cmdline : "", l.end - l.cmdline - 1);
    return 0;
}
