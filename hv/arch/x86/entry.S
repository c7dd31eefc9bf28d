/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry: one stub per vector pushes a zero error code where the CPU
 * does not push one (AMD APM vol. 2, 8.2), then the vector, then joins common code that saves
 * the general registers into a struct cpu_user_regs and calls do_irq_or_trap().
 */
#include <asm/regs.h>

/* Vectors for which the CPU pushes an error code: #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
                        (v) == 29 || (v) == 30)

        .text
        .balign 16
common_entry:
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        cld
        mov     %rsp, %rdi
        /* Make the saved frame the start of the backtrace chain. */
        mov     REGS_SIZE - 5*8(%rsp), %rax     /* Interrupted RIP, for the frame record. */
        push    %rax
        push    %rbp
        mov     %rsp, %rbp
        call    do_irq_or_trap
        add     $16, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $16, %rsp                       /* Vector and error code. */
        iretq

/* The stubs, 16 bytes apart so the IDT can be filled by arithmetic. */
        .balign 16
        .globl  entry_stubs
entry_stubs:
        vector = 0
        .rept   256
        .balign 16
        .if HAS_ERRCODE(vector)
        .else
        push    $0
        .endif
        push    $vector
        jmp     common_entry
        vector = vector + 1
        .endr
