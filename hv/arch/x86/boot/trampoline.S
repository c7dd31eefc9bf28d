/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Application processor start-up code, copied to TRAMPOLINE_BASE by smp_boot_cpus(). A SIPI
 * starts the AP in real mode at CS = TRAMPOLINE_BASE >> 4, IP = 0 (AMD APM vol. 2, 16.4.4 and
 * the INIT/SIPI sequence). It switches to protected mode, enables long mode with the page
 * table the boot CPU stored in tramp_cr3 (which maps this page 1:1 and the image at its
 * virtual address), and jumps to ap_start64 in the image.
 *
 * The boot CPU fills tramp_cr3, tramp_stack and tramp_cpu before each SIPI; APs start one at
 * a time, so one set of fields is enough.
 */
#include <asm/config.h>
#include <asm/smp.h>

#define TADDR(sym) (TRAMPOLINE_BASE + ((sym) - trampoline_start))

        .section .rodata.trampoline, "a", @progbits
        .globl trampoline_start, trampoline_end
        .globl tramp_cr3, tramp_stack, tramp_cpu
        .code16
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        lgdtl   tramp_gdt_desc - trampoline_start
        mov     %cr0, %eax
        or      $1, %eax
        mov     %eax, %cr0
        ljmpl   $HV_CS32, $TADDR(tramp32)

        .code32
tramp32:
        mov     $HV_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %cr4, %eax
        or      $((1 << 5) | (1 << 7)), %eax    /* PAE, PGE */
        mov     %eax, %cr4
        mov     TADDR(tramp_cr3), %eax
        mov     %eax, %cr3
        mov     $0xc0000080, %ecx               /* EFER */
        rdmsr
        or      $(1 << 8), %eax                 /* LME */
        or      TADDR(tramp_efer_nx), %eax      /* NXE when the boot CPU uses it */
        wrmsr
        mov     %cr0, %eax
        or      $((1 << 31) | (1 << 16)), %eax  /* PG, WP */
        mov     %eax, %cr0
        ljmp    $HV_CS64, $TADDR(tramp64)

        .code64
tramp64:
        mov     TADDR(tramp_stack), %rsp
        mov     TADDR(tramp_cpu), %edi
        movabs  $ap_start64, %rax
        jmp     *%rax

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00af9b000000ffff              /* 0x08: 64-bit code */
        .quad   0x00cf93000000ffff              /* 0x10: data */
        .quad   0x00cf9b000000ffff              /* 0x18: 32-bit code */
tramp_gdt_end:
tramp_gdt_desc:
        .short  tramp_gdt_end - tramp_gdt - 1
        .long   TADDR(tramp_gdt)
        .balign 8
tramp_cr3:      .quad 0
tramp_stack:    .quad 0
tramp_cpu:      .long 0
tramp_efer_nx:  .long 0
        .globl tramp_efer_nx
trampoline_end:

        .text
/* On the final page tables' image mapping; RSP = the AP's stack, EDI = its CPU number. */
ap_start64:
        movabs  $idle_pg_table_maddr, %rax
        mov     (%rax), %rax
        mov     %rax, %cr3
        xor     %ebp, %ebp
        call    __start_secondary
1:      hlt
        jmp     1b
