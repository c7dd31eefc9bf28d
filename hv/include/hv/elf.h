/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parts of the ELF format the PVH loader reads (hv/common/pvh-loader.c): file headers,
 * program headers and note headers of 32- and 64-bit little-endian files, with the constants
 * it checks. Hypervisor-internal; written from the System V gABI ("Object Files" chapter and
 * the ELF-64 Object File Format, version 1.5).
 *
 * A kernel image is untrusted data at an arbitrary alignment: never dereference these structs
 * inside the image; memcpy() each header into a local variable first.
 */
#ifndef HV_ELF_H
#define HV_ELF_H

#include <hv/types.h>

/* e_ident[]: indices and values. */
#define EI_MAG0       0
#define EI_MAG1       1
#define EI_MAG2       2
#define EI_MAG3       3
#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define EI_OSABI      7
#define EI_ABIVERSION 8
#define EI_NIDENT     16

#define ELFMAG0 0x7f
#define ELFMAG1 'E'
#define ELFMAG2 'L'
#define ELFMAG3 'F'

#define ELFCLASSNONE 0
#define ELFCLASS32   1
#define ELFCLASS64   2

#define ELFDATANONE 0
#define ELFDATA2LSB 1 /* Little endian, the only encoding an x86 kernel uses. */
#define ELFDATA2MSB 2

#define EV_NONE    0
#define EV_CURRENT 1

/* e_type. */
#define ET_NONE 0
#define ET_REL  1
#define ET_EXEC 2
#define ET_DYN  3
#define ET_CORE 4

/* e_machine. */
#define EM_386    3
#define EM_X86_64 62

/* p_type. */
#define PT_NULL    0
#define PT_LOAD    1
#define PT_DYNAMIC 2
#define PT_INTERP  3
#define PT_NOTE    4
#define PT_SHLIB   5
#define PT_PHDR    6
#define PT_TLS     7

/* p_flags. */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/*
 * Name of Xen's notes ("Xen", namesz 4 with the NUL); their types are the guest ABI's
 * XEN_ELFNOTE_* (public/elfnote.h).
 */
#define ELF_NOTE_XEN_NAME "Xen"

/* ELF32 file header, 52 bytes. */
struct elf32_ehdr {
    uint8_t e_ident[EI_NIDENT]; /*  0 */
    uint16_t e_type;            /* 16 */
    uint16_t e_machine;         /* 18 */
    uint32_t e_version;         /* 20 */
    uint32_t e_entry;           /* 24 */
    uint32_t e_phoff;           /* 28: file offset of the program header table. */
    uint32_t e_shoff;           /* 32 */
    uint32_t e_flags;           /* 36 */
    uint16_t e_ehsize;          /* 40 */
    uint16_t e_phentsize;       /* 42: size of one program header. */
    uint16_t e_phnum;           /* 44 */
    uint16_t e_shentsize;       /* 46 */
    uint16_t e_shnum;           /* 48 */
    uint16_t e_shstrndx;        /* 50 */
};

/* ELF64 file header, 64 bytes. */
struct elf64_ehdr {
    uint8_t e_ident[EI_NIDENT]; /*  0 */
    uint16_t e_type;            /* 16 */
    uint16_t e_machine;         /* 18 */
    uint32_t e_version;         /* 20 */
    uint64_t e_entry;           /* 24 */
    uint64_t e_phoff;           /* 32 */
    uint64_t e_shoff;           /* 40 */
    uint32_t e_flags;           /* 48 */
    uint16_t e_ehsize;          /* 52 */
    uint16_t e_phentsize;       /* 54 */
    uint16_t e_phnum;           /* 56 */
    uint16_t e_shentsize;       /* 58 */
    uint16_t e_shnum;           /* 60 */
    uint16_t e_shstrndx;        /* 62 */
};

/* ELF32 program header, 32 bytes. Note p_flags sits after p_memsz here, unlike ELF64. */
struct elf32_phdr {
    uint32_t p_type;   /*  0 */
    uint32_t p_offset; /*  4 */
    uint32_t p_vaddr;  /*  8 */
    uint32_t p_paddr;  /* 12 */
    uint32_t p_filesz; /* 16 */
    uint32_t p_memsz;  /* 20 */
    uint32_t p_flags;  /* 24 */
    uint32_t p_align;  /* 28 */
};

/* ELF64 program header, 56 bytes. */
struct elf64_phdr {
    uint32_t p_type;   /*  0 */
    uint32_t p_flags;  /*  4 */
    uint64_t p_offset; /*  8 */
    uint64_t p_vaddr;  /* 16 */
    uint64_t p_paddr;  /* 24 */
    uint64_t p_filesz; /* 32 */
    uint64_t p_memsz;  /* 40 */
    uint64_t p_align;  /* 48 */
};

/*
 * Note header, 12 bytes in both classes. The name (namesz bytes, NUL included) follows, then
 * the descriptor (descsz bytes); each is padded to the note segment's alignment (4, or 8 for
 * segments with p_align 8).
 */
struct elf_note {
    uint32_t n_namesz; /* 0 */
    uint32_t n_descsz; /* 4 */
    uint32_t n_type;   /* 8 */
};

_Static_assert(sizeof(struct elf32_ehdr) == 52, "elf32_ehdr size");
_Static_assert(__builtin_offsetof(struct elf32_ehdr, e_phoff) == 28, "elf32_ehdr e_phoff");
_Static_assert(__builtin_offsetof(struct elf32_ehdr, e_phentsize) == 42, "elf32_ehdr phentsize");
_Static_assert(__builtin_offsetof(struct elf32_ehdr, e_shstrndx) == 50, "elf32_ehdr shstrndx");
_Static_assert(sizeof(struct elf64_ehdr) == 64, "elf64_ehdr size");
_Static_assert(__builtin_offsetof(struct elf64_ehdr, e_phoff) == 32, "elf64_ehdr e_phoff");
_Static_assert(__builtin_offsetof(struct elf64_ehdr, e_phentsize) == 54, "elf64_ehdr phentsize");
_Static_assert(__builtin_offsetof(struct elf64_ehdr, e_shstrndx) == 62, "elf64_ehdr shstrndx");
_Static_assert(sizeof(struct elf32_phdr) == 32, "elf32_phdr size");
_Static_assert(__builtin_offsetof(struct elf32_phdr, p_flags) == 24, "elf32_phdr p_flags");
_Static_assert(sizeof(struct elf64_phdr) == 56, "elf64_phdr size");
_Static_assert(__builtin_offsetof(struct elf64_phdr, p_align) == 48, "elf64_phdr p_align");
_Static_assert(sizeof(struct elf_note) == 12, "elf_note size");

#endif /* HV_ELF_H */
