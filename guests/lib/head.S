/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PVH entry of every test kernel (guest-abi.md 2.1-2.2). The domain builder finds the entry in
 * the XEN_ELFNOTE_PHYS32_ENTRY note below and starts us there in 32-bit flat protected mode,
 * paging off, interrupts off, EBX = guest-physical address of struct hvm_start_info. Nothing
 * else is promised: no stack, and segment selectors we must not rely on.
 *
 * So, in order: remember EBX, load our own GDT and segments, clear .bss (which also holds the
 * stack and the page tables), build an identity map of the first 4 GiB, enter long mode and
 * call lib_start(start_info) in C. The identity map uses 2 MiB pages, except for the first
 * 2 MiB (where the image lives) which uses 4 KiB pages so that tests can unmap or write-protect
 * single pages (page_set_flags). Page 0 is mapped too: a loader may put boot data there (QEMU
 * puts the memory map at 0x5a8). Every mapping is writable and user-accessible so that code and
 * data can be reached from CPL 3 (usermode_call).
 */
#include <public/arch-x86/xen.h>
#include <public/elfnote.h>
#include <guest/x86.h>

/*
 * The PVH note. The descriptor is 8 bytes as in Linux (loaders accept 4 or 8), and the note is
 * 4-byte aligned: QEMU's PVH loader computes the descriptor's offset from the PT_NOTE
 * segment's alignment, which must therefore be 4.
 */
    .pushsection .note.Xen, "a", @note
    .balign 4
    .long 4                         /* namesz: "Xen" and its NUL. */
    .long 8                         /* descsz */
    .long XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .balign 4
    .quad pvh_start32
    .balign 4
    .popsection

    .section .text.head, "ax", @progbits
    .code32
    .globl pvh_start32
pvh_start32:
    cld
    cli
    /* .bss is about to be cleared; boot_start_info lives in .data. */
    mov %ebx, boot_start_info

    /* The loader's GDT may be gone already, and its selectors are unspecified. */
    lgdt gdt_desc
    ljmp $GDT_KERNEL_CS32, $1f
1:  mov $GDT_KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs

    /* The loader zeroes p_memsz beyond p_filesz, but a test kernel should not depend on it. */
    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    shr $2, %ecx
    xor %eax, %eax
    rep stosl
    mov $boot_stack_top, %esp

    /* Without long mode there is nothing a test kernel can do: say so on the debug port. */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode

    /* PML4[0] -> PDPT; PDPT[0..3] -> four page directories covering 4 GiB. */
    mov $(boot_pdpt + PTE_P + PTE_W + PTE_U), %eax
    mov %eax, boot_pml4
    mov $(boot_pd + PTE_P + PTE_W + PTE_U), %eax
    xor %ecx, %ecx
2:  mov %eax, boot_pdpt(, %ecx, 8)
    add $PAGE_SIZE, %eax
    inc %ecx
    cmp $4, %ecx
    jb 2b

    /* 2048 identity-mapped 2 MiB pages (the high halves of the entries stay 0). */
    mov $(PTE_P + PTE_W + PTE_U + PTE_PS), %eax
    xor %ecx, %ecx
3:  mov %eax, boot_pd(, %ecx, 8)
    add $0x200000, %eax
    inc %ecx
    cmp $2048, %ecx
    jb 3b

    /* ...except the first, replaced by 512 identity-mapped 4 KiB pages. */
    mov $(boot_pt + PTE_P + PTE_W + PTE_U), %eax
    mov %eax, boot_pd
    mov $(PTE_P + PTE_W + PTE_U), %eax
    xor %ecx, %ecx
4:  mov %eax, boot_pt(, %ecx, 8)
    add $PAGE_SIZE, %eax
    inc %ecx
    cmp $512, %ecx
    jb 4b

    /*
     * Long mode (AMD APM vol. 2, 14.6.1): CR4.PAE, CR3, EFER.LME, then CR0.PG. CR0.WP makes
     * read-only mappings apply to ring 0 as well, which the bad-pointer tests rely on.
     */
    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $X86_CR4_PAE, %eax
    mov %eax, %cr4
    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    wrmsr
    mov %cr0, %eax
    or $(X86_CR0_PG + X86_CR0_WP + X86_CR0_PE), %eax
    mov %eax, %cr0
    ljmp $GDT_KERNEL_CS64, $start64

no_long_mode:
    mov $no_long_mode_msg, %esi
    mov $(no_long_mode_end - no_long_mode_msg), %ecx
    mov $XEN_HVM_DEBUGCONS_IOPORT, %dx
    rep outsb
5:  hlt
    jmp 5b

    .code64
start64:
    mov $GDT_KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    mov $boot_stack_top, %rsp
    xor %ebp, %ebp
    mov boot_start_info(%rip), %edi
    call lib_start
    ud2

    .section .rodata
no_long_mode_msg:
    .ascii "Test kernel: this CPU has no long mode\n"
no_long_mode_end:

    .data
    .balign 4
boot_start_info:
    .long 0

/*
 * The GDT (selectors in guest/x86.h). Descriptor layout: AMD APM vol. 2, 4.8. Access bytes:
 * 0x9a code DPL 0, 0x92 data DPL 0, 0xf2 data DPL 3, 0xfa code DPL 3; flags 0xa = G + L
 * (64-bit code), 0xc = G + D (32-bit). The TSS descriptor is filled in by traps_init().
 */
    .balign 16
    .globl gdt
gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit code, DPL 0 */
    .quad 0x00cf92000000ffff        /* 0x10: data, DPL 0 */
    .quad 0x00cf9a000000ffff        /* 0x18: 32-bit code, DPL 0 */
    .quad 0x00cff2000000ffff        /* 0x20: data, DPL 3 */
    .quad 0x00affa000000ffff        /* 0x28: 64-bit code, DPL 3 */
    .quad 0, 0                      /* 0x30: 64-bit TSS (16 bytes) */
gdt_end:

/* LGDT operand; 32-bit LGDT reads the low 4 bytes of the base, which is all there is. */
    .balign 8
    .word 0, 0, 0
gdt_desc:
    .word gdt_end - gdt - 1
    .quad gdt

    .section .bss, "aw", @nobits
    .balign PAGE_SIZE
    .globl boot_pml4, boot_pt
boot_pml4:
    .skip PAGE_SIZE
boot_pdpt:
    .skip PAGE_SIZE
boot_pd:
    .skip 4 * PAGE_SIZE
boot_pt:
    .skip PAGE_SIZE
boot_stack:
    .skip 4 * PAGE_SIZE
boot_stack_top:
