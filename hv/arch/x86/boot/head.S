/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The image's first bytes: Multiboot1 and Multiboot2 headers, and the 32-bit entry that
 * switches to long mode.
 *
 * Both headers use the loaders' address fields (Multiboot1 flag 16, the Multiboot2 address
 * tag), so build/xenolith is a flat binary loaded at IMAGE_PHYS_BASE: QEMU's Multiboot loader
 * refuses 64-bit ELF files, and a flat image needs no ELF class at all.
 *
 * Boot page tables map the first 4 GiB 1:1 (where loaders put the boot information and the
 * modules) and the image at IMAGE_VIRT_OFFSET. The C code replaces them early.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/page.h>

#define PHYS(sym) ((sym) - IMAGE_VIRT_OFFSET)

#define MB1_MAGIC       0x1badb002
#define MB1_FLAGS       ((1 << 0) | (1 << 1) | (1 << 16)) /* page-align modules, mem info, address fields */
#define MB2_MAGIC       0xe85250d6
#define MB2_ARCH_I386   0

#define COM1 0x3f8

        .section .text.head, "ax", @progbits
        .code32

        .balign 4
multiboot1_header:
        .long MB1_MAGIC
        .long MB1_FLAGS
        .long -(MB1_MAGIC + MB1_FLAGS)
        .long PHYS(multiboot1_header)   /* header_addr */
        .long PHYS(__image_start)       /* load_addr */
        .long PHYS(__load_end)          /* load_end_addr */
        .long PHYS(__image_end)         /* bss_end_addr */
        .long PHYS(start)               /* entry_addr */

        .balign 8
multiboot2_header:
        .long MB2_MAGIC
        .long MB2_ARCH_I386
        .long multiboot2_header_end - multiboot2_header
        .long -(MB2_MAGIC + MB2_ARCH_I386 + (multiboot2_header_end - multiboot2_header))
        /* Address tag (type 2). */
        .balign 8
        .short 2, 0
        .long 24
        .long PHYS(multiboot2_header)
        .long PHYS(__image_start)
        .long PHYS(__load_end)
        .long PHYS(__image_end)
        /* Entry address tag (type 3). */
        .balign 8
        .short 3, 0
        .long 12
        .long PHYS(start)
        /* Module alignment tag (type 6): page-aligned modules. */
        .balign 8
        .short 6, 0
        .long 8
        /* End tag. */
        .balign 8
        .short 0, 0
        .long 8
multiboot2_header_end:

/*
 * Entry from either loader: 32-bit protected mode, paging off, EAX = loader magic,
 * EBX = physical address of the boot information. Nothing else may be assumed (no stack).
 */
        .globl start
start:
        cli
        cld
        mov     %eax, %edi
        mov     %ebx, %esi

        lgdt    PHYS(boot_gdt_desc)
        mov     $HV_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        mov     $PHYS(boot_stack + STACK_SIZE - 64), %esp
        ljmp    $HV_CS32, $PHYS(1f)
1:
        /* Long mode is required; say so on the serial line rather than triple-faulting. */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      no_long_mode
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     no_long_mode
        mov     %edx, %ebp              /* Keep the NX bit (20) for EFER below. */

        /* Zero the boot page tables: loaders zero BSS, but do not rely on it. */
        mov     $PHYS(boot_pgtables_start), %edx
        mov     %edx, %ebx
        mov     $PHYS(boot_pgtables_end), %ecx
        sub     %edx, %ecx
        shr     $2, %ecx
        push    %edi
        mov     %ebx, %edi
        xor     %eax, %eax
        rep stosl
        pop     %edi

        /* L2: 2048 2-MiB entries covering 0-4 GiB. */
        mov     $PHYS(boot_l2), %ebx
        xor     %ecx, %ecx
2:      mov     %ecx, %eax
        shl     $21, %eax
        or      $(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE), %eax
        mov     %eax, (%ebx, %ecx, 8)
        mov     %ecx, %eax
        shr     $11, %eax               /* High dword: bits 32+ of (ecx << 21). */
        mov     %eax, 4(%ebx, %ecx, 8)
        inc     %ecx
        cmp     $2048, %ecx
        jb      2b

        /* L3 low: four entries, one per L2 page. */
        mov     $PHYS(boot_l3_low), %ebx
        xor     %ecx, %ecx
3:      mov     %ecx, %eax
        shl     $12, %eax
        add     $PHYS(boot_l2), %eax
        or      $(_PAGE_PRESENT | _PAGE_RW), %eax
        mov     %eax, (%ebx, %ecx, 8)
        inc     %ecx
        cmp     $4, %ecx
        jb      3b

        /* L3 high: slots 510 and 511 map 0-2 GiB at IMAGE_VIRT_OFFSET. */
        mov     $PHYS(boot_l3_high), %ebx
        mov     $PHYS(boot_l2) + (_PAGE_PRESENT | _PAGE_RW), %eax
        mov     %eax, 510 * 8(%ebx)
        add     $4096, %eax
        mov     %eax, 511 * 8(%ebx)

        mov     $PHYS(boot_l4), %ebx
        movl    $PHYS(boot_l3_low) + (_PAGE_PRESENT | _PAGE_RW), (%ebx)
        movl    $PHYS(boot_l3_high) + (_PAGE_PRESENT | _PAGE_RW), 511 * 8(%ebx)

        mov     %cr4, %eax
        or      $(1 << 5), %eax         /* PAE */
        mov     %eax, %cr4
        mov     %ebx, %cr3

        mov     $0xc0000080, %ecx       /* EFER */
        rdmsr
        or      $(1 << 8), %eax         /* LME */
        bt      $20, %ebp
        jnc     4f
        or      $(1 << 11), %eax        /* NXE */
4:      wrmsr

        mov     %cr0, %eax
        or      $((1 << 31) | (1 << 16) | 1), %eax /* PG, WP, PE */
        mov     %eax, %cr0
        ljmp    $HV_CS64, $PHYS(start64_low)

no_long_mode:
        mov     $PHYS(msg_no_long_mode), %esi
        mov     $COM1 + 5, %dx
5:      in      %dx, %al                /* Wait for the transmitter to be empty. */
        test    $0x20, %al
        jz      5b
        lodsb
        test    %al, %al
        jz      6f
        mov     $COM1, %dx
        out     %al, %dx
        mov     $COM1 + 5, %dx
        jmp     5b
6:      hlt
        jmp     6b

        .code64
start64_low:
        movabs  $start64, %rax
        jmp     *%rax

        .text
start64:
        mov     $HV_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        movabs  $boot_stack + STACK_SIZE - CPU_INFO_SIZE, %rsp
        xor     %ebp, %ebp              /* Terminates backtraces. */
        /* EDI = loader magic, ESI = boot information: the first two C arguments. */
        call    __start_xenolith
7:      hlt
        jmp     7b

        .section .rodata.boot, "a", @progbits
msg_no_long_mode:
        .asciz  "Xenolith: this CPU does not support long mode (x86-64); halting.\r\n"

        .balign 8
        .globl boot_gdt
boot_gdt:
        .quad   0                       /* null */
        .quad   0x00af9b000000ffff      /* 0x08: 64-bit code */
        .quad   0x00cf93000000ffff      /* 0x10: data */
        .quad   0x00cf9b000000ffff      /* 0x18: 32-bit code */
boot_gdt_end:
boot_gdt_desc:
        .short  boot_gdt_end - boot_gdt - 1
        .long   PHYS(boot_gdt)

        .section .bss.stack, "aw", @nobits
        .balign STACK_SIZE
        .globl boot_stack
boot_stack:
        .skip   STACK_SIZE

        .section .bss.pgtables, "aw", @nobits
        .balign 4096
boot_pgtables_start:
        .globl boot_l4
boot_l4:        .skip 4096
boot_l3_low:    .skip 4096
boot_l3_high:   .skip 4096
boot_l2:        .skip 4096 * 4
boot_pgtables_end:
