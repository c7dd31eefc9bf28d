/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PVH kernel images: ELF validation and loading (hv/include/hv/pvh-loader.h).
 *
 * The image comes from a boot module today and from a guest-controlled toolstack later, so
 * it is hostile: every offset and size is checked against the file length and for overflow
 * before the bytes it names are touched, headers are copied out with memcpy() (the image has
 * no alignment guarantee), and nothing is written until the whole image has been accepted.
 * Each rejection names the field at fault, because "bad kernel" helps nobody debug a boot.
 */
#include <stdarg.h>
#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/pvh-loader.h>
#include <hv/string.h>
#include <public/elfnote.h>

/* For %llx: paddr_t and uint64_t are unsigned long here. */
#define ULL(x) ((unsigned long long)(x))

/* The image being parsed and where to report. */
struct elf_file {
    const uint8_t *data;
    size_t len;
    unsigned int elf_class; /* 32 or 64. */
    uint64_t phoff;
    unsigned int phnum;
    char *err;
    size_t errlen;
};

/* A program header of either class. */
struct phdr {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* What the note scan found so far. */
struct entry_note {
    bool found;
    uint32_t entry;
};

static int __printf(3, 4) fail(const struct elf_file *f, int rc, const char *fmt, ...)
{
    va_list ap;

    if (f->err && f->errlen) {
        va_start(ap, fmt);
        vsnprintf(f->err, f->errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* fail() for program header i, whose type (PT_LOAD, PT_NOTE) is `kind`. */
static int __printf(5, 6) fail_ph(const struct elf_file *f, int rc, unsigned int i,
                                  const char *kind, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (f->err && f->errlen) {
        n = snprintf(f->err, f->errlen, "program header %u (%s): ", i, kind);
        if (n >= 0 && (size_t)n < f->errlen) {
            va_start(ap, fmt);
            vsnprintf(f->err + n, f->errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return rc;
}

/* Is [off, off + size) inside the file? Written so that nothing can overflow. */
static bool in_file(const struct elf_file *f, uint64_t off, uint64_t size)
{
    return off <= f->len && size <= f->len - off;
}

/* e_ident: magic, class, byte order, version. */
static int check_ident(struct elf_file *f)
{
    const uint8_t *id = f->data;

    if (f->len < 4 || id[EI_MAG0] != ELFMAG0 || id[EI_MAG1] != ELFMAG1 || id[EI_MAG2] != ELFMAG2 ||
        id[EI_MAG3] != ELFMAG3) {
        return fail(f, -ENOEXEC, "not an ELF image (bad magic)");
    }
    if (f->len < EI_NIDENT) {
        return fail(f, -EINVAL, "truncated ELF header (%zu bytes)", f->len);
    }
    if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64) {
        return fail(f, -ENOEXEC, "unsupported ELF class %u", id[EI_CLASS]);
    }
    if (id[EI_DATA] != ELFDATA2LSB) {
        return fail(f, -ENOEXEC, "ELF data encoding %u is not little endian", id[EI_DATA]);
    }
    if (id[EI_VERSION] != EV_CURRENT) {
        return fail(f, -ENOEXEC, "unsupported ELF version %u", id[EI_VERSION]);
    }
    f->elf_class = id[EI_CLASS] == ELFCLASS64 ? 64 : 32;
    return 0;
}

/* The file header: type, machine and a sane program header table inside the file. */
static int read_ehdr(struct elf_file *f)
{
    struct elf64_ehdr e64;
    struct elf32_ehdr e32;
    size_t hsize = f->elf_class == 64 ? sizeof(e64) : sizeof(e32);
    size_t phsize = f->elf_class == 64 ? sizeof(struct elf64_phdr) : sizeof(struct elf32_phdr);
    unsigned int type, machine, version, phentsize;

    if (f->len < hsize) {
        return fail(f, -EINVAL, "truncated ELF header: %zu bytes, ELF%u needs %zu", f->len,
                    f->elf_class, hsize);
    }
    if (f->elf_class == 64) {
        memcpy(&e64, f->data, sizeof(e64));
        type = e64.e_type, machine = e64.e_machine, version = e64.e_version;
        f->phoff = e64.e_phoff, f->phnum = e64.e_phnum, phentsize = e64.e_phentsize;
    } else {
        memcpy(&e32, f->data, sizeof(e32));
        type = e32.e_type, machine = e32.e_machine, version = e32.e_version;
        f->phoff = e32.e_phoff, f->phnum = e32.e_phnum, phentsize = e32.e_phentsize;
    }
    if (version != EV_CURRENT) {
        return fail(f, -ENOEXEC, "unsupported ELF version %u in e_version", version);
    }
    /* ET_DYN would ask for relocation, which a PVH kernel's entry code cannot survive. */
    if (type != ET_EXEC) {
        return fail(f, -ENOEXEC, "ELF type %u is not an executable (ET_EXEC)", type);
    }
    if (machine != EM_X86_64 && machine != EM_386) {
        return fail(f, -ENOEXEC, "ELF machine %u is neither EM_X86_64 nor EM_386", machine);
    }
    if (phentsize != phsize) {
        return fail(f, -EINVAL, "e_phentsize %u, ELF%u needs %zu", phentsize, f->elf_class, phsize);
    }
    if (!f->phnum || !f->phoff) {
        return fail(f, -EINVAL, "no program header table");
    }
    if (f->phnum > PVH_MAX_PHDRS) {
        return fail(f, -E2BIG, "%u program headers, at most %u supported", f->phnum, PVH_MAX_PHDRS);
    }
    if (!in_file(f, f->phoff, (uint64_t)f->phnum * phsize)) {
        return fail(f, -EINVAL, "truncated program header table: %u at %#llx, file of %zu bytes",
                    f->phnum, ULL(f->phoff), f->len);
    }
    return 0;
}

/* Program header i, which read_ehdr() showed to be inside the file. */
static void read_phdr(const struct elf_file *f, unsigned int i, struct phdr *ph)
{
    struct elf64_phdr p64;
    struct elf32_phdr p32;

    if (f->elf_class == 64) {
        memcpy(&p64, f->data + f->phoff + (uint64_t)i * sizeof(p64), sizeof(p64));
        *ph = (struct phdr){p64.p_type,   p64.p_offset, p64.p_vaddr, p64.p_paddr,
                            p64.p_filesz, p64.p_memsz,  p64.p_align};
    } else {
        memcpy(&p32, f->data + f->phoff + (uint64_t)i * sizeof(p32), sizeof(p32));
        *ph = (struct phdr){p32.p_type,   p32.p_offset, p32.p_vaddr, p32.p_paddr,
                            p32.p_filesz, p32.p_memsz,  p32.p_align};
    }
}

/* One PT_LOAD on its own: file range, sizes, alignment, place in guest memory. */
static int check_load(const struct elf_file *f, unsigned int i, const struct phdr *ph,
                      paddr_t limit)
{
    if (!in_file(f, ph->offset, ph->filesz)) {
        return fail_ph(f, -EINVAL, i, "PT_LOAD",
                       "data [%#llx, +%#llx) beyond the end of the file (%zu bytes)",
                       ULL(ph->offset), ULL(ph->filesz), f->len);
    }
    if (ph->filesz > ph->memsz) {
        return fail_ph(f, -EINVAL, i, "PT_LOAD", "p_filesz %#llx larger than p_memsz %#llx",
                       ULL(ph->filesz), ULL(ph->memsz));
    }
    if (ph->align > 1 && (ph->align & (ph->align - 1))) {
        return fail_ph(f, -EINVAL, i, "PT_LOAD", "bad alignment: p_align %#llx is no power of two",
                       ULL(ph->align));
    }
    /* The gABI rule. Not p_paddr: Linux's per-CPU segment (p_vaddr 0) breaks it. */
    if (ph->align > 1 && ((ph->vaddr ^ ph->offset) & (ph->align - 1))) {
        return fail_ph(f, -EINVAL, i, "PT_LOAD",
                       "bad alignment: p_vaddr %#llx, p_offset %#llx, p_align %#llx",
                       ULL(ph->vaddr), ULL(ph->offset), ULL(ph->align));
    }
    if (!ph->memsz) {
        return 0;
    }
    if (ph->memsz > UINT64_MAX - ph->paddr) {
        return fail_ph(f, -EINVAL, i, "PT_LOAD", "p_paddr %#llx + p_memsz %#llx overflows",
                       ULL(ph->paddr), ULL(ph->memsz));
    }
    if (ph->paddr + ph->memsz > limit) {
        return fail_ph(f, -ERANGE, i, "PT_LOAD",
                       "[%#llx, %#llx) outside the domain's memory [0, %#llx)", ULL(ph->paddr),
                       ULL(ph->paddr + ph->memsz), ULL(limit));
    }
    return 0;
}

/*
 * Record a checked, non-empty PT_LOAD, refusing overlaps with those recorded before: an
 * overlap would let a later segment overwrite an earlier one, so what runs would depend on
 * the load order. Pairwise, which PVH_MAX_SEGMENTS keeps cheap.
 */
static int add_segment(const struct elf_file *f, unsigned int i, const struct phdr *ph,
                       struct pvh_image *out)
{
    const struct pvh_segment *s;
    unsigned int j;

    for (j = 0; j < out->nr_segments; j++) {
        s = &out->segments[j];
        if (ph->paddr < s->paddr + s->memsz && s->paddr < ph->paddr + ph->memsz) {
            return fail_ph(f, -EINVAL, i, "PT_LOAD",
                           "[%#llx, %#llx) overlaps program header %u [%#llx, %#llx)",
                           ULL(ph->paddr), ULL(ph->paddr + ph->memsz), s->phdr, ULL(s->paddr),
                           ULL(s->paddr + s->memsz));
        }
    }
    if (out->nr_segments == PVH_MAX_SEGMENTS) {
        return fail(f, -E2BIG, "more than %u PT_LOAD segments", PVH_MAX_SEGMENTS);
    }
    out->segments[out->nr_segments++] =
        (struct pvh_segment){ph->offset, ph->filesz, ph->paddr, ph->memsz, i};
    if (out->nr_segments == 1 || ph->paddr < out->load_start) {
        out->load_start = ph->paddr;
    }
    out->load_end = MAX(out->load_end, ph->paddr + ph->memsz);
    return 0;
}

static int load_segments(const struct elf_file *f, paddr_t limit, struct pvh_image *out)
{
    struct phdr ph;
    unsigned int i;
    int rc;

    for (i = 0; i < f->phnum; i++) {
        read_phdr(f, i, &ph);
        if (ph.type != PT_LOAD) {
            continue;
        }
        rc = check_load(f, i, &ph, limit);
        if (!rc && ph.memsz) {
            rc = add_segment(f, i, &ph, out);
        }
        if (rc) {
            return rc;
        }
    }
    if (!out->nr_segments) {
        return fail(f, -EINVAL, "no PT_LOAD segment with content");
    }
    return 0;
}

/* A note that read_notes() showed to be inside its segment; only Xen's PHYS32 entry counts. */
static int take_note(const struct elf_file *f, unsigned int i, const uint8_t *note,
                     uint64_t desc_off, struct entry_note *st)
{
    struct elf_note nh;
    uint64_t value = 0;

    memcpy(&nh, note, sizeof(nh));
    if (nh.n_namesz != sizeof(ELF_NOTE_XEN_NAME) ||
        memcmp(note + sizeof(nh), ELF_NOTE_XEN_NAME, sizeof(ELF_NOTE_XEN_NAME)) ||
        nh.n_type != XEN_ELFNOTE_PHYS32_ENTRY) {
        return 0;
    }
    if (nh.n_descsz != 4 && nh.n_descsz != 8) {
        return fail_ph(f, -EINVAL, i, "PT_NOTE",
                       "XEN_ELFNOTE_PHYS32_ENTRY descriptor of %u bytes, not 4 or 8", nh.n_descsz);
    }
    /* Little endian on both sides: the low bytes of value are the descriptor. */
    memcpy(&value, note + desc_off, nh.n_descsz);
    /* The vCPU starts in 32-bit protected mode with paging off: no higher entry exists. */
    if (value > UINT32_MAX) {
        return fail(f, -EINVAL, "XEN_ELFNOTE_PHYS32_ENTRY %#llx is above 4 GiB", ULL(value));
    }
    /* Two different entries: which one the kernel meant is unknowable, so refuse. */
    if (st->found && st->entry != value) {
        return fail(f, -EINVAL, "XEN_ELFNOTE_PHYS32_ENTRY notes disagree: %#x and %#llx", st->entry,
                    ULL(value));
    }
    st->found = true;
    st->entry = (uint32_t)value;
    return 0;
}

/* Walk the notes of PT_NOTE program header i. */
static int read_notes(const struct elf_file *f, unsigned int i, const struct phdr *ph,
                      struct entry_note *st)
{
    /* Notes are padded to 4 bytes, or to 8 in segments aligned so (GNU property notes). */
    uint64_t align = ph->align == 8 ? 8 : 4, pos = 0, desc_off, need, next;
    const uint8_t *base;
    struct elf_note nh;
    int rc;

    /* Before forming any pointer from p_offset: even that overflows for hostile values. */
    if (!in_file(f, ph->offset, ph->filesz)) {
        return fail_ph(f, -EINVAL, i, "PT_NOTE",
                       "data [%#llx, +%#llx) beyond the end of the file (%zu bytes)",
                       ULL(ph->offset), ULL(ph->filesz), f->len);
    }
    base = f->data + ph->offset;
    /* Invariant: pos <= filesz. Bytes too few for a header at the end are padding. */
    while (ph->filesz - pos >= sizeof(nh)) {
        memcpy(&nh, base + pos, sizeof(nh));
        /* 32-bit sizes in 64-bit sums: no overflow. */
        desc_off = ROUNDUP(sizeof(nh) + (uint64_t)nh.n_namesz, align);
        /* Name and descriptor must be inside; the padding after the last one may be cut. */
        need = nh.n_descsz ? desc_off + nh.n_descsz : sizeof(nh) + (uint64_t)nh.n_namesz;
        if (need > ph->filesz - pos) {
            return fail_ph(f, -EINVAL, i, "PT_NOTE",
                           "note at %#llx (namesz %u, descsz %u) overruns the segment", ULL(pos),
                           nh.n_namesz, nh.n_descsz);
        }
        rc = take_note(f, i, base + pos, desc_off, st);
        if (rc) {
            return rc;
        }
        next = ROUNDUP(desc_off + nh.n_descsz, align);
        if (next >= ph->filesz - pos) {
            break;
        }
        pos += next;
    }
    return 0;
}

static int find_entry(const struct elf_file *f, const struct pvh_image *img, uint32_t *entry)
{
    struct entry_note st = {false, 0};
    const struct pvh_segment *s;
    struct phdr ph;
    unsigned int i;
    int rc;

    for (i = 0; i < f->phnum; i++) {
        read_phdr(f, i, &ph);
        if (ph.type == PT_NOTE) {
            rc = read_notes(f, i, &ph, &st);
            if (rc) {
                return rc;
            }
        }
    }
    if (!st.found) {
        return fail(f, -ENOENT, "no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel");
    }
    /* Zero-filled memory is no code: the entry must be in bytes the file provides. */
    for (i = 0; i < img->nr_segments; i++) {
        s = &img->segments[i];
        if (st.entry >= s->paddr && st.entry - s->paddr < s->filesz) {
            *entry = st.entry;
            return 0;
        }
    }
    return fail(f, -EINVAL, "PHYS32 entry point %#x is not inside a loaded segment", st.entry);
}

int pvh_elf_parse(const void *image, size_t len, paddr_t guest_mem_limit, struct pvh_image *out,
                  char *err, size_t errlen)
{
    struct elf_file f = {.data = image, .len = image ? len : 0, .err = err, .errlen = errlen};
    int rc;

    memset(out, 0, sizeof(*out));
    rc = check_ident(&f);
    if (!rc) {
        rc = read_ehdr(&f);
    }
    if (!rc) {
        rc = load_segments(&f, guest_mem_limit, out);
    }
    if (!rc) {
        rc = find_entry(&f, out, &out->entry);
    }
    if (rc) {
        return rc;
    }
    out->elf_class = f.elf_class;
    out->image_len = len;
    return 0;
}

int pvh_elf_load(const void *image, const struct pvh_image *img, const struct guest_copy_ops *ops,
                 void *ctx)
{
    const struct pvh_segment *s;
    unsigned int i;
    int rc;

    /* Check every segment before the first write, so a bad img changes nothing. */
    if (img->nr_segments > PVH_MAX_SEGMENTS) {
        return -EINVAL;
    }
    for (i = 0; i < img->nr_segments; i++) {
        s = &img->segments[i];
        if (s->offset > img->image_len || s->filesz > img->image_len - s->offset ||
            s->filesz > s->memsz) {
            return -EINVAL;
        }
    }
    for (i = 0; i < img->nr_segments; i++) {
        s = &img->segments[i];
        rc = s->filesz ? ops->copy_to_gpa(ctx, s->paddr, (const uint8_t *)image + s->offset,
                                          (size_t)s->filesz)
                       : 0;
        if (!rc && s->memsz > s->filesz) {
            rc = ops->zero_gpa(ctx, s->paddr + s->filesz, (size_t)(s->memsz - s->filesz));
        }
        if (rc) {
            return rc;
        }
    }
    return 0;
}
