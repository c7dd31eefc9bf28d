/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Mode and privilege transitions of the test-kernel framework: the exception entry stubs, the
 * unwinding of exc_call_catch, the round trip to CPL 3 of usermode_call, and the round trip to
 * compatibility mode of compat_call. Register state shared with C is described in internal.h.
 */
#include <guest/x86.h>

    .text
    .code64

/*
 * One stub per exception vector. The CPU pushes an error code for vectors 8, 10-14, 17, 21,
 * 29 and 30 (AMD APM vol. 2, 8.2; Intel SDM vol. 3, 6.15); the other stubs push a 0 in its
 * place so that every frame has the same shape, then the vector.
 */
.macro EXC_STUB vec
    .balign 16
exc_stub_\vec:
    .if (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
    .else
    push $0
    .endif
    push $\vec
    jmp exception_common
.endm

    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    EXC_STUB \v
    .endr

/*
 * Save the general registers below the vector (struct cpu_regs), call do_exception(regs), and
 * return through whatever it left in the frame. The stack is 16-byte aligned at the call: the
 * CPU aligns RSP before pushing its 5-word frame, and 2 + 15 words follow.
 */
exception_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    /* Coming from CPL 3, DS and ES may be null (the CPU clears them on the way up). */
    mov $GDT_KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %rsp, %rdi
    cld
    call do_exception
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    iretq

/*
 * int exc_call_catch(void (*fn)(void *), void *arg)
 *
 * The frame: the callee-saved registers and the enclosing frame's address, pushed here, with
 * exc_catch_rsp pointing at it while fn runs. do_exception unwinds to exc_catch_resume with
 * RSP = that frame and EAX = the vector; a normal return arrives there with EAX = -1.
 */
    .globl exc_call_catch
exc_call_catch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    push exc_catch_rsp(%rip)
    mov %rsp, exc_catch_rsp(%rip)
    mov %rdi, %rax
    mov %rsi, %rdi
    call *%rax
    mov $-1, %eax
    .globl exc_catch_resume
exc_catch_resume:
    pop exc_catch_rsp(%rip)
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

/*
 * uint64_t usermode_call(uint64_t (*fn)(void *), void *arg)
 *
 * IRETQ to CPL 3 at usermode_trampoline with the user stack, interrupts off. The trampoline
 * calls fn and comes back with INT USER_EXIT_VECTOR (a DPL 3 gate), which lands on the TSS's
 * RSP0 stack at usermode_exit_entry; that restores the kernel stack saved here and returns
 * fn's result.
 */
    .globl usermode_call
usermode_call:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, usermode_saved_rsp(%rip)
    push $GDT_USER_DS
    lea user_stack_top(%rip), %rax
    push %rax
    push $2                         /* RFLAGS: IF = 0, IOPL = 0. */
    push $GDT_USER_CS64
    lea usermode_trampoline(%rip), %rax
    push %rax
    iretq

usermode_trampoline:
    mov %rdi, %rax
    mov %rsi, %rdi
    call *%rax
    mov %rax, %rdi
    int $USER_EXIT_VECTOR
    ud2

    .globl usermode_exit_entry
usermode_exit_entry:
    cmpq $0, usermode_saved_rsp(%rip)
    je 1f
    mov $GDT_KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %rdi, %rax
    mov usermode_saved_rsp(%rip), %rsp
    movq $0, usermode_saved_rsp(%rip)
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret
    /* INT USER_EXIT_VECTOR outside usermode_call: report it like an exception. */
1:  push $0
    push $USER_EXIT_VECTOR
    jmp exception_common

/*
 * uint32_t compat_call(uint32_t target, const struct compat_regs *regs)
 *
 * Far return into the 32-bit code segment (AMD APM vol. 2, 14.1: a code segment with L = 0,
 * D = 1 runs in compatibility mode), load the registers, call target, far jump back to the
 * 64-bit segment. The upper halves of the registers and R8-R15 are undefined after the round
 * trip, so everything that must survive is kept in memory or on the stack, and RSP is
 * reloaded from memory.
 */
    .globl compat_call
compat_call:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, compat_saved_rsp(%rip)
    mov %edi, compat_target(%rip)
    mov %rsi, compat_regs_ptr(%rip)
    /* 32-bit code addresses memory through DS, which a trip to CPL 3 may have cleared. */
    mov $GDT_KERNEL_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    push $GDT_KERNEL_CS32
    lea compat_entry(%rip), %rax
    push %rax
    lretq

    .code32
compat_entry:
    mov compat_regs_ptr, %ebp
    mov 4(%ebp), %ebx
    mov 8(%ebp), %ecx
    mov 12(%ebp), %edx
    mov 16(%ebp), %esi
    mov 20(%ebp), %edi
    mov 0(%ebp), %eax
    mov 24(%ebp), %ebp
    call *compat_target
    mov %eax, compat_result
    ljmp $GDT_KERNEL_CS64, $compat_return

/* Raw 32-bit hypercall instructions, called with EAX = hypercall number. */
    .globl compat_vmmcall_stub, compat_vmcall_stub
compat_vmmcall_stub:
    vmmcall
    ret
compat_vmcall_stub:
    vmcall
    ret

    .code64
compat_return:
    mov compat_saved_rsp(%rip), %rsp
    mov compat_result(%rip), %eax
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

    .section .rodata
    .balign 8
    .globl exception_stubs
exception_stubs:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad exc_stub_\v
    .endr

    .data
    .balign 8
    .globl exc_catch_rsp, usermode_saved_rsp
exc_catch_rsp:
    .quad 0
usermode_saved_rsp:
    .quad 0
compat_saved_rsp:
    .quad 0
compat_regs_ptr:
    .quad 0
compat_target:
    .long 0
compat_result:
    .long 0

    .section .bss, "aw", @nobits
    .balign PAGE_SIZE
user_stack:
    .skip 2 * PAGE_SIZE
user_stack_top:
