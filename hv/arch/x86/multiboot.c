/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot1 and Multiboot2 boot information into struct boot_info. Runs on the boot page
 * tables, where the low 4 GiB are mapped 1:1, so loader addresses can be read directly. Every
 * length and count is bounded; strings are copied.
 * Multiboot specification 0.6.96 (section 3.3) and Multiboot2 specification 2.0 (3.6).
 */
#include <hv/bootinfo.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/setup.h>

#define MB1_BOOT_MAGIC   0x2badb002
#define MB2_BOOT_MAGIC   0x36d76289
#define MB1_FLAG_CMDLINE (1U << 2)
#define MB1_FLAG_MODS    (1U << 3)
#define MB1_FLAG_MMAP    (1U << 6)
#define MB1_FLAG_LOADER  (1U << 9)
#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_MODULE   3
#define MB2_TAG_MMAP     6
#define MB2_MAX_INFO     (1U << 20)
#define LOW_4G           (1ULL << 32)

struct mb1_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;               /* 0x10 */
    uint32_t mods_count, mods_addr; /* 0x14 */
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr; /* 0x2c */
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name; /* 0x40 */
} __attribute__((packed));
_Static_assert(__builtin_offsetof(struct mb1_info, mmap_length) == 0x2c, "Multiboot1 layout");
_Static_assert(__builtin_offsetof(struct mb1_info, boot_loader_name) == 0x40, "Multiboot1 layout");

struct mb1_module {
    uint32_t start, end, string, reserved;
} __attribute__((packed));

struct mb_mmap_entry {
    uint64_t base, length;
    uint32_t type;
} __attribute__((packed));

static const void *phys(uint64_t pa)
{
    return (const void *)(unsigned long)pa;
}

/* Copy a loader string; returns false (and a warning) when it had to be cut. */
static bool copy_string(char *dst, size_t size, uint64_t pa)
{
    const char *src = phys(pa);
    size_t i = 0;

    dst[0] = '\0';
    if (!pa || pa >= LOW_4G) {
        return true;
    }
    for (; i + 1 < size && pa + i < LOW_4G && src[i]; i++) {
        dst[i] = src[i];
    }
    dst[i] = '\0';
    if (pa + i < LOW_4G && src[i]) {
        pr_warn("boot: a command line longer than %zu bytes was cut\n", size - 1);
        return false;
    }
    return true;
}

static void add_map_entry(struct boot_info *bi, const struct mb_mmap_entry *e)
{
    uint32_t type = e->type;

    if (bi->nr_map >= BOOT_MAX_REGIONS) {
        return;
    }
    if (type < BOOT_MEM_USABLE || type > BOOT_MEM_BAD) {
        type = BOOT_MEM_RESERVED;
    }
    bi->map[bi->nr_map++] = (struct boot_mem_entry){
        .start = e->base,
        .end = e->base + e->length,
        .type = (enum boot_mem_type)type,
    };
}

static void add_module(struct boot_info *bi, uint32_t start, uint32_t end, uint64_t string)
{
    struct boot_module *m;

    if (bi->nr_modules >= BOOT_MAX_MODULES) {
        pr_warn("boot: more than %u modules, the rest are ignored\n", BOOT_MAX_MODULES);
        return;
    }
    m = &bi->modules[bi->nr_modules++];
    m->start = start;
    m->end = end;
    copy_string(m->cmdline, sizeof(m->cmdline), string);
}

/*
 * Multiboot1 loaders other than GRUB 2 (QEMU among them) put the image's file name before the
 * options; GRUB 2 does not. Drop that first word so it is not taken for an option.
 */
static void strip_image_name(struct boot_info *bi, const struct mb1_info *mbi)
{
    char loader[64] = "";
    char *p = bi->cmdline;

    if (mbi->flags & MB1_FLAG_LOADER) {
        copy_string(loader, sizeof(loader), mbi->boot_loader_name);
    }
    if (!strncmp(loader, "GRUB 2", 6)) {
        return;
    }
    while (*p == ' ') {
        p++;
    }
    while (*p && *p != ' ') {
        p++;
    }
    while (*p == ' ') {
        p++;
    }
    memmove(bi->cmdline, p, strlen(p) + 1);
}

static void parse_mb1(struct boot_info *bi, const struct mb1_info *mbi)
{
    bi->loader = "multiboot1";
    if (mbi->flags & MB1_FLAG_CMDLINE) {
        copy_string(bi->cmdline, sizeof(bi->cmdline), mbi->cmdline);
        strip_image_name(bi, mbi);
    }
    if (mbi->flags & MB1_FLAG_MODS) {
        const struct mb1_module *mods = phys(mbi->mods_addr);

        /* add_module() warns once the table is full; looking further is pointless. */
        for (uint32_t i = 0; i < mbi->mods_count && i <= BOOT_MAX_MODULES; i++) {
            add_module(bi, mods[i].start, mods[i].end, mods[i].string);
        }
    }
    if (mbi->flags & MB1_FLAG_MMAP) {
        uint64_t pos = mbi->mmap_addr, end = pos + mbi->mmap_length;

        /* Each entry is preceded by its size, which does not count the size field itself. */
        while (pos + 4 + sizeof(struct mb_mmap_entry) <= end) {
            uint32_t size = *(const uint32_t *)phys(pos);

            if (size < sizeof(struct mb_mmap_entry)) {
                pr_err("boot: malformed Multiboot1 memory map entry, map truncated\n");
                break;
            }
            add_map_entry(bi, phys(pos + 4));
            pos += 4 + (uint64_t)size;
        }
    }
}

static void parse_mb2_mmap(struct boot_info *bi, const uint8_t *tag, uint32_t size)
{
    uint32_t entry_size = *(const uint32_t *)(tag + 8);

    if (entry_size < sizeof(struct mb_mmap_entry)) {
        pr_err("boot: malformed Multiboot2 memory map (entry size %u)\n", entry_size);
        return;
    }
    for (uint32_t off = 16; off + entry_size <= size; off += entry_size) {
        add_map_entry(bi, (const struct mb_mmap_entry *)(tag + off));
    }
}

static void parse_mb2(struct boot_info *bi, const uint8_t *info)
{
    uint32_t total = *(const uint32_t *)info;

    bi->loader = "multiboot2";
    if (total < 16 || total > MB2_MAX_INFO) {
        pr_err("boot: Multiboot2 information has a bad size (%u)\n", total);
        return;
    }
    for (uint32_t off = 8; off + 8 <= total;) {
        const uint8_t *tag = info + off;
        uint32_t type = *(const uint32_t *)tag, size = *(const uint32_t *)(tag + 4);

        if (type == MB2_TAG_END || size < 8 || size > total - off) {
            break;
        }
        if (type == MB2_TAG_CMDLINE) {
            copy_string(bi->cmdline, sizeof(bi->cmdline), (uint64_t)(unsigned long)(tag + 8));
        } else if (type == MB2_TAG_MODULE && size >= 16) {
            add_module(bi, *(const uint32_t *)(tag + 8), *(const uint32_t *)(tag + 12),
                       (uint64_t)(unsigned long)(tag + 16));
        } else if (type == MB2_TAG_MMAP && size >= 16) {
            parse_mb2_mmap(bi, tag, size);
        }
        off += ROUNDUP(size, 8U);
    }
}

int multiboot_parse(struct boot_info *bi, uint32_t magic, uint32_t info_pa)
{
    if (!info_pa) {
        return -1;
    }
    if (magic == MB1_BOOT_MAGIC) {
        parse_mb1(bi, phys(info_pa));
    } else if (magic == MB2_BOOT_MAGIC) {
        parse_mb2(bi, phys(info_pa));
    } else {
        return -1;
    }
    return 0;
}
