/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/pvh-loader.c: ELF32 and ELF64 PVH images built here, a corpus of malformed ones
 * (each must fail with its errno and a message naming the fault), truncations at every
 * length and random corruption (the image buffer is exactly as long as the file, so ASan
 * reports any read outside it), and loading through fake guest-memory callbacks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/pvh-loader.h>
#include <public/elfnote.h>

#include "shim/shim.h"

#define NOTE_OFF  0x5000
#define MEM_LIMIT (64ULL << 20)
#define ENTRY     0x1000100ULL
#define C32       1 /* struct corrupt.classes: run for ELF32 */
#define C64       2 /* ... and/or ELF64. */

/* A program header before serialisation. */
struct ph {
    uint32_t type;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* What build() turns into an image. */
struct desc {
    unsigned int cls;
    uint8_t ident_class, data, ident_version, magic0;
    uint16_t type, machine, phentsize, phnum;
    uint32_t version;
    uint64_t phoff;
    unsigned int nph; /* Entries of ph[] written (phnum may claim another number). */
    struct ph ph[24];
    uint8_t notes[256];
    size_t notes_len;
    size_t len;
};

static struct desc d;
static uint8_t *img; /* Exactly d.len bytes. */
static struct pvh_image out;
static char err[200];

static void add_note(const char *name, uint32_t namesz, uint32_t type, uint64_t value,
                     uint32_t descsz, unsigned int align)
{
    struct elf_note nh = {namesz, descsz, type};
    size_t pos = d.notes_len, start = pos;

    memcpy(d.notes + pos, &nh, sizeof(nh));
    memcpy(d.notes + pos + sizeof(nh), name, strlen(name) + 1);
    pos = start + ((sizeof(nh) + namesz + align - 1) & ~(size_t)(align - 1));
    memcpy(d.notes + pos, &value, descsz < 8 ? descsz : 8);
    pos = start + ((pos - start + descsz + align - 1) & ~(size_t)(align - 1));
    d.notes_len = pos;
    d.ph[2].filesz = d.notes_len;
    d.len = NOTE_OFF + d.notes_len;
}

static void clear_notes(void)
{
    memset(d.notes, 0, sizeof(d.notes));
    d.notes_len = 0;
}

static void default_desc(unsigned int cls)
{
    uint64_t vbase = cls == 64 ? 0xffffffff80000000ULL : 0xC0000000ULL;

    memset(&d, 0, sizeof(d));
    d.cls = cls;
    d.ident_class = cls == 64 ? ELFCLASS64 : ELFCLASS32;
    d.data = ELFDATA2LSB;
    d.ident_version = d.version = EV_CURRENT;
    d.magic0 = ELFMAG0;
    d.type = ET_EXEC;
    d.machine = cls == 64 ? EM_X86_64 : EM_386;
    d.phentsize = cls == 64 ? sizeof(struct elf64_phdr) : sizeof(struct elf32_phdr);
    d.phoff = cls == 64 ? sizeof(struct elf64_ehdr) : sizeof(struct elf32_ehdr);
    d.phnum = d.nph = 3;
    d.ph[0] = (struct ph){PT_LOAD, 0x1000, vbase + 0x1000000, 0x1000000, 0x2000, 0x3000, 0x1000};
    d.ph[1] = (struct ph){PT_LOAD, 0x3000, vbase + 0x1004000, 0x1004000, 0x1800, 0x4000, 0x1000};
    d.ph[2] = (struct ph){PT_NOTE, NOTE_OFF, 0, 0, 0, 0, 4};
    add_note("Xen", 4, XEN_ELFNOTE_GUEST_OS, 0x78756e696cULL, 6, 4); /* "linux" */
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 8, 4);
}

static void put_ehdr(uint8_t *buf)
{
    struct elf64_ehdr e64 = {.e_type = d.type,
                             .e_machine = d.machine,
                             .e_version = d.version,
                             .e_phoff = d.phoff,
                             .e_ehsize = 64,
                             .e_phentsize = d.phentsize,
                             .e_phnum = d.phnum};
    struct elf32_ehdr e32 = {.e_type = d.type,
                             .e_machine = d.machine,
                             .e_version = d.version,
                             .e_phoff = (uint32_t)d.phoff,
                             .e_ehsize = 52,
                             .e_phentsize = d.phentsize,
                             .e_phnum = d.phnum};
    uint8_t *ident = d.cls == 64 ? e64.e_ident : e32.e_ident;

    memcpy(ident, "\177ELF", 4);
    ident[EI_MAG0] = d.magic0;
    ident[EI_CLASS] = d.ident_class;
    ident[EI_DATA] = d.data;
    ident[EI_VERSION] = d.ident_version;
    if (d.cls == 64) {
        memcpy(buf, &e64, sizeof(e64));
    } else {
        memcpy(buf, &e32, sizeof(e32));
    }
}

static void put_phdr(uint8_t *buf, const struct ph *p)
{
    struct elf64_phdr p64 = {p->type,  PF_R,      p->offset, p->vaddr,
                             p->paddr, p->filesz, p->memsz,  p->align};
    struct elf32_phdr p32 = {p->type,
                             (uint32_t)p->offset,
                             (uint32_t)p->vaddr,
                             (uint32_t)p->paddr,
                             (uint32_t)p->filesz,
                             (uint32_t)p->memsz,
                             PF_R,
                             (uint32_t)p->align};

    if (d.cls == 64) {
        memcpy(buf, &p64, sizeof(p64));
    } else {
        memcpy(buf, &p32, sizeof(p32));
    }
}

/* Serialise d into img: a pattern everywhere, then headers and notes, cut at d.len. */
static void build(void)
{
    static uint8_t full[NOTE_OFF + 0x1000];
    size_t i, size = d.cls == 64 ? sizeof(struct elf64_phdr) : sizeof(struct elf32_phdr);

    for (i = 0; i < sizeof(full); i++) {
        full[i] = (uint8_t)(i * 13 + 7);
    }
    put_ehdr(full);
    /* Only tables between the file header and the notes are written (phoff may be bogus). */
    for (i = 0; i < d.nph && d.phoff >= (d.cls == 64 ? 64 : 52) && d.phoff < NOTE_OFF &&
                d.phoff + (i + 1) * size <= NOTE_OFF;
         i++) {
        put_phdr(full + d.phoff + i * size, &d.ph[i]);
    }
    memcpy(full + NOTE_OFF, d.notes, d.notes_len);
    free(img);
    img = malloc(d.len ? d.len : 1);
    assert_non_null(img);
    memcpy(img, full, d.len < sizeof(full) ? d.len : sizeof(full));
}

static int parse(void)
{
    build();
    memset(err, 0, sizeof(err));
    return pvh_elf_parse(img, d.len, MEM_LIMIT, &out, err, sizeof(err));
}

static void expect_good(void)
{
    int rc = parse();

    if (rc) {
        fail_msg("ELF%u: got %d (%s), want success", d.cls, rc, err);
    }
    assert_true(out.entry == ENTRY);
    assert_int_equal(out.elf_class, d.cls);
    assert_int_equal(out.image_len, d.len);
}

static void test_good(void **state)
{
    unsigned int cls;

    (void)state;
    for (cls = 32; cls <= 64; cls += 32) {
        default_desc(cls);
        expect_good();
        assert_int_equal(out.nr_segments, 2);
        assert_true(out.load_start == 0x1000000 && out.load_end == 0x1008000);
        assert_true(out.segments[0].offset == 0x1000 && out.segments[0].filesz == 0x2000);
        assert_true(out.segments[0].paddr == 0x1000000 && out.segments[0].memsz == 0x3000);
        assert_true(out.segments[1].offset == 0x3000 && out.segments[1].filesz == 0x1800);
        assert_true(out.segments[1].paddr == 0x1004000 && out.segments[1].memsz == 0x4000);
        assert_int_equal(out.segments[1].phdr, 1);
        assert_string_equal(err, ""); /* Untouched on success. */
    }
}

/* Variants real kernels and toolchains produce, all of which must load. */
static void test_good_variants(void **state)
{
    unsigned int cls;

    (void)state;
    for (cls = 32; cls <= 64; cls += 32) {
        default_desc(cls); /* A 4-byte descriptor. */
        clear_notes();
        add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 4, 4);
        expect_good();
        default_desc(cls); /* Notes in an 8-aligned segment. */
        clear_notes();
        d.ph[2].align = 8;
        add_note("GNU", 4, 5, 0, 16, 8);
        add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 8, 8);
        expect_good();
        default_desc(cls); /* Linux's per-CPU segment: p_vaddr 0, p_paddr not congruent. */
        d.ph[1].vaddr = 0;
        d.ph[1].paddr = 0x1004800;
        expect_good();
        default_desc(cls); /* Other machine, reversed order, empty and other segments. */
        d.machine = cls == 64 ? EM_386 : EM_X86_64;
        d.ph[3] = d.ph[0];
        d.ph[0] = (struct ph){PT_LOAD, 0, 0, 0, 0, 0, 0};
        d.ph[4] = (struct ph){PT_PHDR, 64, 0, 0, 0x40, 0x40, 8};
        d.phnum = d.nph = 5;
        expect_good();
        assert_int_equal(out.nr_segments, 2);
        assert_true(out.load_start == 0x1000000 && out.load_end == 0x1008000);
        default_desc(cls); /* Repeated (agreeing) entry notes, foreign notes, padding. */
        add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 4, 4);
        add_note("Xeno", 5, XEN_ELFNOTE_PHYS32_ENTRY, 0x42, 4, 4);
        d.ph[2].filesz += 3;
        d.len += 3;
        expect_good();
    }
}

/* Corruptions of the default image. */
static void m_len0(void)
{
    d.len = 0;
}
static void m_len3(void)
{
    d.len = 3;
}
static void m_len10(void)
{
    d.len = 10;
}
static void m_len40(void)
{
    d.len = 40;
}
static void m_magic(void)
{
    d.magic0 = 0x7e;
}
static void m_class(void)
{
    d.ident_class = 3;
}
static void m_endian(void)
{
    d.data = ELFDATA2MSB;
}
static void m_ident_version(void)
{
    d.ident_version = 0;
}
static void m_version(void)
{
    d.version = 2;
}
static void m_type(void)
{
    d.type = ET_DYN;
}
static void m_machine(void)
{
    d.machine = 40;
}
static void m_phentsize(void)
{
    d.phentsize = 40;
}
static void m_phnum0(void)
{
    d.phnum = 0;
}
static void m_phoff0(void)
{
    d.phoff = 0;
}
static void m_phnum65(void)
{
    d.phnum = 65;
}
static void m_phnum_max(void)
{
    d.phnum = 0xffff;
}
static void m_phoff_end(void)
{
    d.phoff = d.len - 10;
}
static void m_phoff_huge(void)
{
    d.phoff = d.cls == 64 ? ~0ULL - 0x10 : 0xfffffff0;
}
static void m_phnum_more(void)
{
    d.len = d.phoff + 2 * d.phentsize + 4;
}
static void m_seg_offset(void)
{
    d.ph[1].offset = 0x7000;
}
static void m_seg_offset_wrap(void)
{
    d.ph[1].offset = d.cls == 64 ? ~0ULL - 0xfff : 0xfffff000;
}
static void m_seg_filesz(void)
{
    d.ph[1].filesz = d.ph[1].memsz = 0x10000;
}
static void m_filesz_memsz(void)
{
    d.ph[1].memsz = 0x1000;
}
static void m_outside(void)
{
    d.ph[1].paddr = MEM_LIMIT - 0x1000;
}
static void m_outside_far(void)
{
    d.ph[1].paddr = 0xfffff000;
}
static void m_paddr_wrap(void)
{
    d.ph[1].paddr = ~0ULL - 0xfff;
}
static void m_overlap(void)
{
    d.ph[1].paddr = 0x1002000;
}
static void m_overlap_same(void)
{
    d.ph[1].paddr = d.ph[0].paddr;
}
static void m_align_pow2(void)
{
    d.ph[0].align = 0x3000;
}
static void m_align_congruent(void)
{
    d.ph[0].vaddr += 0x10;
}
static void m_no_load(void)
{
    d.ph[0].type = d.ph[1].type = PT_NULL;
}
static void m_empty_loads(void)
{
    d.ph[0].memsz = d.ph[0].filesz = d.ph[1].memsz = d.ph[1].filesz = 0;
}
static void m_no_note(void)
{
    d.ph[2].type = PT_NULL;
}
static void m_note_beyond(void)
{
    d.ph[2].filesz = 0x1000;
}
static void m_note_offset_wrap(void)
{
    d.ph[2].offset = d.cls == 64 ? ~0ULL : 0xffffffff;
}

static void m_note_foreign(void)
{
    clear_notes();
    add_note("Xen", 3, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 8, 4); /* namesz without the NUL. */
    add_note("Xeno", 5, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 8, 4);
    add_note("Xen", 4, 17, ENTRY, 8, 4);
}

static void m_namesz_huge(void)
{
    clear_notes();
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 8, 4);
    memcpy(d.notes, &(uint32_t){0xfffffff0}, 4);
}

static void m_descsz_huge(void)
{
    clear_notes();
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 8, 4);
    memcpy(d.notes + 4, &(uint32_t){0xffffffff}, 4);
}

static void m_descsz2(void)
{
    clear_notes();
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 2, 4);
}

static void m_descsz16(void)
{
    clear_notes();
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY, 16, 4);
}

static void m_entry_outside(void)
{
    clear_notes();
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, 0x2000000, 8, 4);
}

static void m_entry_bss(void)
{
    clear_notes();
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, 0x1002000, 8, 4);
}

static void m_entry_4g(void)
{
    clear_notes();
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, 0x101000100ULL, 8, 4);
}

static void m_entry_disagree(void)
{
    add_note("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, ENTRY + 4, 4, 4);
}

static void m_many_loads(void)
{
    unsigned int i;

    for (i = 0; i < 17; i++) {
        d.ph[3 + i] =
            (struct ph){PT_LOAD, 0x1000, 0x2000000 + i * 0x1000ULL, 0x2000000 + i * 0x1000ULL, 0,
                        0x1000,  0x1000};
    }
    d.phnum = d.nph = 20;
}

static const struct corrupt {
    const char *name;
    void (*mutate)(void);
    unsigned int classes;
    int rc;
    const char *msg;
} corpus[] = {
    {"empty file", m_len0, C32 | C64, -ENOEXEC, "not an ELF image"},
    {"3 bytes", m_len3, C32 | C64, -ENOEXEC, "not an ELF image"},
    {"10 bytes", m_len10, C32 | C64, -EINVAL, "truncated ELF header"},
    {"40 bytes", m_len40, C32 | C64, -EINVAL, "truncated ELF header: 40 bytes"},
    {"bad magic", m_magic, C32 | C64, -ENOEXEC, "bad magic"},
    {"class", m_class, C32 | C64, -ENOEXEC, "unsupported ELF class 3"},
    {"big endian", m_endian, C32 | C64, -ENOEXEC, "not little endian"},
    {"ident version", m_ident_version, C32 | C64, -ENOEXEC, "unsupported ELF version 0"},
    {"e_version", m_version, C32 | C64, -ENOEXEC, "version 2 in e_version"},
    {"ET_DYN", m_type, C32 | C64, -ENOEXEC, "ELF type 3 is not an executable"},
    {"machine", m_machine, C32 | C64, -ENOEXEC, "ELF machine 40"},
    {"phentsize", m_phentsize, C32 | C64, -EINVAL, "e_phentsize 40"},
    {"phnum 0", m_phnum0, C32 | C64, -EINVAL, "no program header table"},
    {"phoff 0", m_phoff0, C32 | C64, -EINVAL, "no program header table"},
    {"phnum 65", m_phnum65, C32 | C64, -E2BIG, "65 program headers, at most 64"},
    {"phnum 0xffff", m_phnum_max, C32 | C64, -E2BIG, "65535 program headers"},
    {"phoff at end", m_phoff_end, C32 | C64, -EINVAL, "truncated program header table"},
    {"phoff huge", m_phoff_huge, C32 | C64, -EINVAL, "truncated program header table"},
    {"phnum beyond file", m_phnum_more, C32 | C64, -EINVAL, "truncated program header table"},
    {"segment offset", m_seg_offset, C32 | C64, -EINVAL,
     "program header 1 (PT_LOAD): data [0x7000, +0x1800) beyond the end of the file"},
    {"segment offset wraps", m_seg_offset_wrap, C32 | C64, -EINVAL, "beyond the end of the file"},
    {"segment filesz", m_seg_filesz, C32 | C64, -EINVAL, "beyond the end of the file"},
    {"filesz > memsz", m_filesz_memsz, C32 | C64, -EINVAL,
     "program header 1 (PT_LOAD): p_filesz 0x1800 larger than p_memsz 0x1000"},
    {"outside memory", m_outside, C32 | C64, -ERANGE,
     "program header 1 (PT_LOAD): [0x3fff000, 0x4003000) outside the domain's memory"},
    {"far outside memory", m_outside_far, C32 | C64, -ERANGE, "outside the domain's memory"},
    {"paddr + memsz wraps", m_paddr_wrap, C64, -EINVAL, "p_memsz 0x4000 overflows"},
    {"overlap", m_overlap, C32 | C64, -EINVAL,
     "program header 1 (PT_LOAD): [0x1002000, 0x1006000) overlaps program header 0 "
     "[0x1000000, 0x1003000)"},
    {"same paddr", m_overlap_same, C32 | C64, -EINVAL, "overlaps program header 0"},
    {"align not power of 2", m_align_pow2, C32 | C64, -EINVAL,
     "bad alignment: p_align 0x3000 is no power of two"},
    {"align not congruent", m_align_congruent, C32 | C64, -EINVAL, "(PT_LOAD): bad alignment"},
    {"no PT_LOAD", m_no_load, C32 | C64, -EINVAL, "no PT_LOAD segment"},
    {"empty PT_LOADs", m_empty_loads, C32 | C64, -EINVAL, "no PT_LOAD segment"},
    {"17 PT_LOADs", m_many_loads, C32 | C64, -E2BIG, "more than 16 PT_LOAD segments"},
    {"no PT_NOTE", m_no_note, C32 | C64, -ENOENT, "no XEN_ELFNOTE_PHYS32_ENTRY note"},
    {"foreign notes", m_note_foreign, C32 | C64, -ENOENT, "no XEN_ELFNOTE_PHYS32_ENTRY note"},
    {"PT_NOTE beyond file", m_note_beyond, C32 | C64, -EINVAL,
     "program header 2 (PT_NOTE): data [0x5000, +0x1000) beyond the end of the file"},
    {"PT_NOTE offset wraps", m_note_offset_wrap, C32 | C64, -EINVAL, "(PT_NOTE): data"},
    {"namesz huge", m_namesz_huge, C32 | C64, -EINVAL, "note at 0 (namesz 4294967280"},
    {"descsz huge", m_descsz_huge, C32 | C64, -EINVAL, "overruns the segment"},
    {"descsz 2", m_descsz2, C32 | C64, -EINVAL, "PHYS32_ENTRY descriptor of 2 bytes"},
    {"descsz 16", m_descsz16, C32 | C64, -EINVAL, "PHYS32_ENTRY descriptor of 16 bytes"},
    {"entry outside", m_entry_outside, C32 | C64, -EINVAL,
     "PHYS32 entry point 0x2000000 is not inside a loaded segment"},
    {"entry in bss", m_entry_bss, C32 | C64, -EINVAL, "0x1002000 is not inside"},
    {"entry above 4G", m_entry_4g, C32 | C64, -EINVAL, "0x101000100 is above 4 GiB"},
    {"entries disagree", m_entry_disagree, C32 | C64, -EINVAL,
     "notes disagree: 0x1000100 and 0x1000104"},
};

static void test_corpus(void **state)
{
    const struct corrupt *c;
    unsigned int cls, i;
    int rc;

    (void)state;
    for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
        c = &corpus[i];
        for (cls = 32; cls <= 64; cls += 32) {
            if (!(c->classes & (cls == 64 ? C64 : C32))) {
                continue;
            }
            default_desc(cls);
            c->mutate();
            rc = parse();
            if (rc != c->rc || !strstr(err, c->msg)) {
                fail_msg("ELF%u %s: got %d '%s', want %d '%s'", cls, c->name, rc, err, c->rc,
                         c->msg);
            }
        }
    }
}

/* No errors for NULL error buffers; errors even for a NULL image. */
static void test_api_edges(void **state)
{
    (void)state;
    default_desc(64);
    m_overlap();
    build();
    assert_int_equal(pvh_elf_parse(img, d.len, MEM_LIMIT, &out, NULL, 0), -EINVAL);
    assert_int_equal(pvh_elf_parse(NULL, 100, MEM_LIMIT, &out, err, sizeof(err)), -ENOEXEC);
    default_desc(64);
    build();
    assert_int_equal(pvh_elf_parse(img, d.len, 0x1007fff, &out, err, sizeof(err)), -ERANGE);
    assert_int_equal(pvh_elf_parse(img, d.len, 0x1008000, &out, err, sizeof(err)), 0);
}

/* Every prefix of a good image fails cleanly: the notes are at its end. */
static void test_truncation(void **state)
{
    unsigned int cls;
    size_t len, full;
    uint8_t *copy;
    int rc;

    (void)state;
    for (cls = 32; cls <= 64; cls += 32) {
        default_desc(cls);
        build();
        full = d.len;
        for (len = 0; len < full; len++) {
            copy = malloc(len ? len : 1);
            assert_non_null(copy);
            memcpy(copy, img, len);
            rc = pvh_elf_parse(copy, len, MEM_LIMIT, &out, err, sizeof(err));
            free(copy);
            if (rc >= 0) {
                fail_msg("ELF%u cut at %zu bytes: accepted", cls, len);
            }
        }
    }
}

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* What an accepted image promises, whatever its bytes were. */
static void check_invariants(size_t len)
{
    unsigned int i, inside = 0;

    assert_true(out.nr_segments >= 1 && out.nr_segments <= PVH_MAX_SEGMENTS);
    for (i = 0; i < out.nr_segments; i++) {
        const struct pvh_segment *s = &out.segments[i];

        assert_true(s->offset <= len && s->filesz <= len - s->offset);
        assert_true(s->filesz <= s->memsz && s->memsz);
        assert_true(s->paddr < MEM_LIMIT && s->memsz <= MEM_LIMIT - s->paddr);
        inside += out.entry >= s->paddr && out.entry - s->paddr < s->filesz;
    }
    assert_int_equal(inside, 1);
}

/* Random bytes in the headers and notes: never a crash, only clean verdicts. */
static void test_fuzz(void **state)
{
    unsigned int iter, k, n;
    size_t pos;
    int rc;

    (void)state;
    for (iter = 0; iter < 20000; iter++) {
        default_desc(iter & 1 ? 64 : 32);
        build();
        n = 1 + next_rand() % 4;
        for (k = 0; k < n; k++) {
            pos = next_rand() % 2 ? next_rand() % 0x120 : NOTE_OFF + next_rand() % d.notes_len;
            img[pos] = (uint8_t)next_rand();
        }
        rc = pvh_elf_parse(img, d.len, MEM_LIMIT, &out, err, sizeof(err));
        if (rc == 0) {
            check_invariants(d.len);
        } else {
            assert_true(rc == -ENOEXEC || rc == -EINVAL || rc == -E2BIG || rc == -ERANGE ||
                        rc == -ENOENT);
            assert_true(strlen(err) > 0);
        }
    }
}

/* Fake guest memory: [GUEST_BASE, GUEST_BASE + GUEST_SIZE), anything else faults. */
#define GUEST_BASE 0x1000000ULL
#define GUEST_SIZE 0x10000ULL

struct fake_guest {
    uint8_t mem[GUEST_SIZE];
    unsigned int copies, zeroes;
    unsigned int fail_copy_at; /* 1-based call number that fails, 0 for none. */
    unsigned int fail_zero_at;
};

static int fake_copy(void *ctx, paddr_t gpa, const void *src, size_t len)
{
    struct fake_guest *g = ctx;

    if (++g->copies == g->fail_copy_at) {
        return -EFAULT;
    }
    assert_true(gpa >= GUEST_BASE && len <= GUEST_SIZE - (gpa - GUEST_BASE));
    memcpy(g->mem + (gpa - GUEST_BASE), src, len);
    return 0;
}

static int fake_zero(void *ctx, paddr_t gpa, size_t len)
{
    struct fake_guest *g = ctx;

    if (++g->zeroes == g->fail_zero_at) {
        return -ENOMEM;
    }
    assert_true(gpa >= GUEST_BASE && len <= GUEST_SIZE - (gpa - GUEST_BASE));
    memset(g->mem + (gpa - GUEST_BASE), 0, len);
    return 0;
}

static const struct guest_copy_ops fake_ops = {fake_copy, fake_zero};

static void expect_bytes(const struct fake_guest *g, paddr_t gpa, const uint8_t *want, size_t n)
{
    assert_memory_equal(g->mem + (gpa - GUEST_BASE), want, n);
}

static void expect_fill(const struct fake_guest *g, paddr_t gpa, uint8_t v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (g->mem[gpa - GUEST_BASE + i] != v) {
            fail_msg("byte at %#llx is %#x, want %#x", (unsigned long long)(gpa + i),
                     g->mem[gpa - GUEST_BASE + i], v);
        }
    }
}

static void test_load(void **state)
{
    struct fake_guest *g = calloc(1, sizeof(*g));

    (void)state;
    assert_non_null(g);
    default_desc(64);
    assert_int_equal(parse(), 0);
    memset(g->mem, 0xaa, sizeof(g->mem));
    assert_int_equal(pvh_elf_load(img, &out, &fake_ops, g), 0);
    assert_int_equal(g->copies, 2);
    assert_int_equal(g->zeroes, 2);
    expect_bytes(g, 0x1000000, img + 0x1000, 0x2000);
    expect_fill(g, 0x1002000, 0, 0x1000);
    expect_fill(g, 0x1003000, 0xaa, 0x1000); /* The gap between the segments. */
    expect_bytes(g, 0x1004000, img + 0x3000, 0x1800);
    expect_fill(g, 0x1005800, 0, 0x2800);
    expect_fill(g, 0x1008000, 0xaa, GUEST_SIZE - 0x8000);

    /* Callback errors stop the load and come back unchanged. */
    *g = (struct fake_guest){.fail_copy_at = 2};
    assert_int_equal(pvh_elf_load(img, &out, &fake_ops, g), -EFAULT);
    assert_int_equal(g->zeroes, 1);
    *g = (struct fake_guest){.fail_zero_at = 1};
    assert_int_equal(pvh_elf_load(img, &out, &fake_ops, g), -ENOMEM);
    assert_int_equal(g->copies, 1);

    /* A damaged description is refused before any write. */
    *g = (struct fake_guest){0};
    out.segments[1].filesz = out.image_len;
    assert_int_equal(pvh_elf_load(img, &out, &fake_ops, g), -EINVAL);
    out.segments[1].filesz = 0x1800;
    out.nr_segments = PVH_MAX_SEGMENTS + 1;
    assert_int_equal(pvh_elf_load(img, &out, &fake_ops, g), -EINVAL);
    assert_int_equal(g->copies + g->zeroes, 0);
    free(g);
}

static int teardown(void **state)
{
    (void)state;
    free(img);
    img = NULL;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),       cmocka_unit_test(test_good_variants),
        cmocka_unit_test(test_corpus),     cmocka_unit_test(test_api_edges),
        cmocka_unit_test(test_truncation), cmocka_unit_test(test_fuzz),
        cmocka_unit_test(test_load),
    };

    return cmocka_run_group_tests(tests, NULL, teardown);
}
