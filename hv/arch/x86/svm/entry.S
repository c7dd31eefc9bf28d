/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svm_vmrun(vmcb_pa, regs, host_vmcb_pa): enter the guest once.
 *
 * VMRUN itself saves and restores only part of the host state (AMD APM vol. 2, 15.5.1); the
 * rest (FS, GS, TR, LDTR, KernelGSBase, the SYSCALL/SYSENTER MSRs) is switched with VMLOAD and
 * VMSAVE: guest state in from the guest's VMCB, out after the exit, then the host's back from
 * this CPU's host VMCB. General registers other than RAX and RSP are not in the VMCB; they
 * move between the CPU and struct guest_regs here.
 *
 * Pre: GIF is clear (CLGI), so nothing interrupts the switch.
 */
#define REG_RAX 0x00
#define REG_RBX 0x08
#define REG_RCX 0x10
#define REG_RDX 0x18
#define REG_RSI 0x20
#define REG_RDI 0x28
#define REG_RBP 0x30
#define REG_R8  0x40
#define REG_R9  0x48
#define REG_R10 0x50
#define REG_R11 0x58
#define REG_R12 0x60
#define REG_R13 0x68
#define REG_R14 0x70
#define REG_R15 0x78

        .text
        .globl  svm_vmrun
svm_vmrun:
        push    %rbp
        push    %rbx
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        push    %rdx                    /* host VMCB */
        push    %rsi                    /* struct guest_regs * */

        mov     %rdi, %rax
        mov     REG_RBX(%rsi), %rbx
        mov     REG_RCX(%rsi), %rcx
        mov     REG_RDX(%rsi), %rdx
        mov     REG_RDI(%rsi), %rdi
        mov     REG_RBP(%rsi), %rbp
        mov     REG_R8(%rsi), %r8
        mov     REG_R9(%rsi), %r9
        mov     REG_R10(%rsi), %r10
        mov     REG_R11(%rsi), %r11
        mov     REG_R12(%rsi), %r12
        mov     REG_R13(%rsi), %r13
        mov     REG_R14(%rsi), %r14
        mov     REG_R15(%rsi), %r15
        mov     REG_RSI(%rsi), %rsi

        vmload  %rax
        vmrun   %rax
        vmsave  %rax

        push    %rsi                    /* The guest's RSI, while RSI finds the save area. */
        mov     8(%rsp), %rsi
        mov     %rbx, REG_RBX(%rsi)
        mov     %rcx, REG_RCX(%rsi)
        mov     %rdx, REG_RDX(%rsi)
        mov     %rdi, REG_RDI(%rsi)
        mov     %rbp, REG_RBP(%rsi)
        mov     %r8, REG_R8(%rsi)
        mov     %r9, REG_R9(%rsi)
        mov     %r10, REG_R10(%rsi)
        mov     %r11, REG_R11(%rsi)
        mov     %r12, REG_R12(%rsi)
        mov     %r13, REG_R13(%rsi)
        mov     %r14, REG_R14(%rsi)
        mov     %r15, REG_R15(%rsi)
        pop     %rax
        mov     %rax, REG_RSI(%rsi)

        pop     %rsi
        pop     %rax                    /* host VMCB */
        vmload  %rax

        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbx
        pop     %rbp
        ret
