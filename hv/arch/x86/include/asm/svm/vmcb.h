/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Virtual Machine Control Block: AMD APM vol. 2, appendix B ("Layout of VMCB"). Every
 * field carries its byte offset; the build checks them.
 */
#ifndef X86_SVM_VMCB_H
#define X86_SVM_VMCB_H

#include <hv/types.h>

/* Intercept vector 3 (offset 0x00c). */
#define INTERCEPT_INTR        (1U << 0)
#define INTERCEPT_NMI         (1U << 1)
#define INTERCEPT_SMI         (1U << 2)
#define INTERCEPT_INIT        (1U << 3)
#define INTERCEPT_VINTR       (1U << 4)
#define INTERCEPT_CR0_SEL     (1U << 5)
#define INTERCEPT_RDTSC       (1U << 14)
#define INTERCEPT_RDPMC       (1U << 15)
#define INTERCEPT_PUSHF       (1U << 16)
#define INTERCEPT_POPF        (1U << 17)
#define INTERCEPT_CPUID       (1U << 18)
#define INTERCEPT_RSM         (1U << 19)
#define INTERCEPT_IRET        (1U << 20)
#define INTERCEPT_INTN        (1U << 21)
#define INTERCEPT_INVD        (1U << 22)
#define INTERCEPT_PAUSE       (1U << 23)
#define INTERCEPT_HLT         (1U << 24)
#define INTERCEPT_INVLPG      (1U << 25)
#define INTERCEPT_INVLPGA     (1U << 26)
#define INTERCEPT_IOIO_PROT   (1U << 27)
#define INTERCEPT_MSR_PROT    (1U << 28)
#define INTERCEPT_TASK_SWITCH (1U << 29)
#define INTERCEPT_FERR_FREEZE (1U << 30)
#define INTERCEPT_SHUTDOWN    (1U << 31)
/* Intercept vector 4 (offset 0x010). */
#define INTERCEPT_VMRUN       (1U << 0)
#define INTERCEPT_VMMCALL     (1U << 1)
#define INTERCEPT_VMLOAD      (1U << 2)
#define INTERCEPT_VMSAVE      (1U << 3)
#define INTERCEPT_STGI        (1U << 4)
#define INTERCEPT_CLGI        (1U << 5)
#define INTERCEPT_SKINIT      (1U << 6)
#define INTERCEPT_RDTSCP      (1U << 7)
#define INTERCEPT_ICEBP       (1U << 8)
#define INTERCEPT_WBINVD      (1U << 9)
#define INTERCEPT_MONITOR     (1U << 10)
#define INTERCEPT_MWAIT       (1U << 11)
#define INTERCEPT_MWAIT_ARMED (1U << 12)
#define INTERCEPT_XSETBV      (1U << 13)
#define INTERCEPT_RDPRU       (1U << 14)

/* TLB control (offset 0x05c). */
#define TLB_CONTROL_NONE       0
#define TLB_CONTROL_FLUSH_ALL  1
#define TLB_CONTROL_FLUSH_ASID 3

/* V_INTR fields (offset 0x060). */
#define VINTR_TPR_MASK     0xffULL
#define VINTR_IRQ          (1ULL << 8)
#define VINTR_PRIO_SHIFT   16
#define VINTR_IGN_TPR      (1ULL << 20)
#define VINTR_MASKING      (1ULL << 24)
#define VINTR_VECTOR_SHIFT 32

/* Event injection (offset 0x0a8) and EXITINTINFO (offset 0x088). */
#define EVENTINJ_VECTOR_MASK    0xffU
#define EVENTINJ_TYPE_INTR      (0U << 8)
#define EVENTINJ_TYPE_NMI       (2U << 8)
#define EVENTINJ_TYPE_EXCEPTION (3U << 8)
#define EVENTINJ_TYPE_SWINT     (4U << 8)
#define EVENTINJ_EV             (1U << 11) /* Error code valid. */
#define EVENTINJ_VALID          (1U << 31)

/* Nested paging control (offset 0x090). */
#define NP_ENABLE (1ULL << 0)

/* Clean bits (offset 0x0c0): set bits mean "unchanged since the last VMRUN on this CPU". */
#define VMCB_CLEAN_INTERCEPTS (1U << 0)
#define VMCB_CLEAN_IOPM       (1U << 1)
#define VMCB_CLEAN_ASID       (1U << 2)
#define VMCB_CLEAN_TPR        (1U << 3)
#define VMCB_CLEAN_NP         (1U << 4)
#define VMCB_CLEAN_CR         (1U << 5)
#define VMCB_CLEAN_DR         (1U << 6)
#define VMCB_CLEAN_DT         (1U << 7)
#define VMCB_CLEAN_SEG        (1U << 8)
#define VMCB_CLEAN_CR2        (1U << 9)
#define VMCB_CLEAN_LBR        (1U << 10)
#define VMCB_CLEAN_AVIC       (1U << 11)
#define VMCB_CLEAN_ALL        0xfffU

/* Exit codes (AMD APM vol. 2, appendix C). */
#define VMEXIT_CR0_READ       0x000
#define VMEXIT_CR0_WRITE      0x010
#define VMEXIT_EXCEPTION_BASE 0x040
#define VMEXIT_INTR           0x060
#define VMEXIT_NMI            0x061
#define VMEXIT_SMI            0x062
#define VMEXIT_INIT           0x063
#define VMEXIT_VINTR          0x064
#define VMEXIT_RDTSC          0x06e
#define VMEXIT_CPUID          0x072
#define VMEXIT_IRET           0x074
#define VMEXIT_RSM            0x073
#define VMEXIT_INVD           0x076
#define VMEXIT_PAUSE          0x077
#define VMEXIT_HLT            0x078
#define VMEXIT_INVLPGA        0x07a
#define VMEXIT_IOIO           0x07b
#define VMEXIT_MSR            0x07c
#define VMEXIT_TASK_SWITCH    0x07d
#define VMEXIT_FERR_FREEZE    0x07e
#define VMEXIT_SHUTDOWN       0x07f
#define VMEXIT_VMRUN          0x080
#define VMEXIT_VMMCALL        0x081
#define VMEXIT_VMLOAD         0x082
#define VMEXIT_VMSAVE         0x083
#define VMEXIT_STGI           0x084
#define VMEXIT_CLGI           0x085
#define VMEXIT_SKINIT         0x086
#define VMEXIT_RDTSCP         0x087
#define VMEXIT_ICEBP          0x088
#define VMEXIT_WBINVD         0x089
#define VMEXIT_MONITOR        0x08a
#define VMEXIT_MWAIT          0x08b
#define VMEXIT_MWAIT_ARMED    0x08c
#define VMEXIT_XSETBV         0x08d
#define VMEXIT_RDPRU          0x08e
#define VMEXIT_NPF            0x400
#define VMEXIT_INVALID        (-1LL)

/* EXITINFO1 bits of a nested page fault (AMD APM vol. 2, 15.25.6). */
#define NPF_PRESENT (1ULL << 0)
#define NPF_WRITE   (1ULL << 1)
#define NPF_USER    (1ULL << 2)
#define NPF_FETCH   (1ULL << 4)

/* EXITINFO1 bits of an IOIO intercept (AMD APM vol. 2, 15.10.2). */
#define IOIO_TYPE_IN    (1ULL << 0)
#define IOIO_STR        (1ULL << 2)
#define IOIO_REP        (1ULL << 3)
#define IOIO_SZ8        (1ULL << 4)
#define IOIO_SZ16       (1ULL << 5)
#define IOIO_SZ32       (1ULL << 6)
#define IOIO_PORT_SHIFT 16

struct vmcb_seg {
    uint16_t sel;
    uint16_t attr; /* Descriptor bits 40-47 and 52-55, packed into 12 bits. */
    uint32_t limit;
    uint64_t base;
} __attribute__((packed));
_Static_assert(sizeof(struct vmcb_seg) == 16, "VMCB segment layout");

struct vmcb {
    /* Control area. */
    uint16_t cr_read_intercepts;   /* 0x000 */
    uint16_t cr_write_intercepts;  /* 0x002 */
    uint16_t dr_read_intercepts;   /* 0x004 */
    uint16_t dr_write_intercepts;  /* 0x006 */
    uint32_t exception_intercepts; /* 0x008 */
    uint32_t intercepts3;          /* 0x00c */
    uint32_t intercepts4;          /* 0x010 */
    uint32_t intercepts5;          /* 0x014 */
    uint8_t reserved1[0x03c - 0x018];
    uint16_t pause_filter_threshold; /* 0x03c */
    uint16_t pause_filter_count;     /* 0x03e */
    uint64_t iopm_base_pa;           /* 0x040 */
    uint64_t msrpm_base_pa;          /* 0x048 */
    uint64_t tsc_offset;             /* 0x050 */
    uint32_t guest_asid;             /* 0x058 */
    uint8_t tlb_control;             /* 0x05c */
    uint8_t reserved2[3];
    uint64_t vintr;            /* 0x060 */
    uint64_t interrupt_shadow; /* 0x068 */
    uint64_t exitcode;         /* 0x070 */
    uint64_t exitinfo1;        /* 0x078 */
    uint64_t exitinfo2;        /* 0x080 */
    uint64_t exitintinfo;      /* 0x088 */
    uint64_t np_control;       /* 0x090 */
    uint64_t avic_apic_bar;    /* 0x098 */
    uint64_t ghcb_pa;          /* 0x0a0 */
    uint64_t eventinj;         /* 0x0a8 */
    uint64_t n_cr3;            /* 0x0b0 */
    uint64_t virt_ext;         /* 0x0b8 */
    uint32_t clean_bits;       /* 0x0c0 */
    uint32_t reserved3;
    uint64_t next_rip;      /* 0x0c8 */
    uint8_t insn_len;       /* 0x0d0 */
    uint8_t insn_bytes[15]; /* 0x0d1 */
    uint8_t reserved4[0x400 - 0x0e0];
    /* State save area. */
    struct vmcb_seg es, cs, ss, ds, fs, gs; /* 0x400 */
    struct vmcb_seg gdtr, ldtr, idtr, tr;   /* 0x460 */
    uint8_t reserved5[0x4cb - 0x4a0];
    uint8_t cpl; /* 0x4cb */
    uint32_t reserved6;
    uint64_t efer; /* 0x4d0 */
    uint8_t reserved7[0x548 - 0x4d8];
    uint64_t cr4;    /* 0x548 */
    uint64_t cr3;    /* 0x550 */
    uint64_t cr0;    /* 0x558 */
    uint64_t dr7;    /* 0x560 */
    uint64_t dr6;    /* 0x568 */
    uint64_t rflags; /* 0x570 */
    uint64_t rip;    /* 0x578 */
    uint8_t reserved8[0x5d8 - 0x580];
    uint64_t rsp;                   /* 0x5d8 */
    uint64_t s_cet, ssp, isst_addr; /* 0x5e0 */
    uint64_t rax;                   /* 0x5f8 */
    uint64_t star;                  /* 0x600 */
    uint64_t lstar;                 /* 0x608 */
    uint64_t cstar;                 /* 0x610 */
    uint64_t sfmask;                /* 0x618 */
    uint64_t kernel_gs_base;        /* 0x620 */
    uint64_t sysenter_cs;           /* 0x628 */
    uint64_t sysenter_esp;          /* 0x630 */
    uint64_t sysenter_eip;          /* 0x638 */
    uint64_t cr2;                   /* 0x640 */
    uint8_t reserved9[0x668 - 0x648];
    uint64_t g_pat;                        /* 0x668 */
    uint64_t dbgctl;                       /* 0x670 */
    uint64_t br_from, br_to;               /* 0x678 */
    uint64_t last_excp_from, last_excp_to; /* 0x688 */
    uint8_t reserved10[0x1000 - 0x698];
} __attribute__((packed));

_Static_assert(sizeof(struct vmcb) == 0x1000, "VMCB is one page");
_Static_assert(__builtin_offsetof(struct vmcb, iopm_base_pa) == 0x040, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, guest_asid) == 0x058, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, vintr) == 0x060, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, exitcode) == 0x070, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, np_control) == 0x090, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, eventinj) == 0x0a8, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, n_cr3) == 0x0b0, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, clean_bits) == 0x0c0, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, next_rip) == 0x0c8, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, es) == 0x400, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, gdtr) == 0x460, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, tr) == 0x490, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, cpl) == 0x4cb, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, efer) == 0x4d0, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, cr4) == 0x548, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, rflags) == 0x570, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, rip) == 0x578, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, rsp) == 0x5d8, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, rax) == 0x5f8, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, kernel_gs_base) == 0x620, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, cr2) == 0x640, "VMCB layout");
_Static_assert(__builtin_offsetof(struct vmcb, g_pat) == 0x668, "VMCB layout");

#endif /* X86_SVM_VMCB_H */
