/* SPDX-License-Identifier: MIT */
/*
 * The core of the Xen guest ABI as Xenolith implements it: hypercall numbers, special domain
 * ids, console_io commands, and the shared_info page with its per-vCPU vcpu_info and pvclock
 * time records. Names, values and x86-64 layouts are Xen's (xen/include/public/xen.h), so
 * unmodified Xen guests work; the text is Xenolith's own.
 *
 * Calling convention (guest-abi.md 2.6): in 64-bit mode the hypercall number is in RAX and up
 * to five arguments in RDI, RSI, RDX, R10, R8; the result comes back in RAX, negative values
 * being -XEN_E* errors (public/errno.h). Argument registers are clobbered. Hypercalls made at
 * CPL > 0 fail with -XEN_EPERM. Pointer arguments and handles are guest-virtual addresses in
 * the caller's current address space; a bad one yields -XEN_EFAULT.
 *
 * The hypercall numbers and other plain constants are usable from assembly; the C types are
 * hidden from it.
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include "arch-x86/xen.h"

/*
 * Hypercall numbers. Many are PV-only or obsolete and fail with -XEN_ENOSYS for a PVH guest;
 * they are listed because the number space is fixed and the hypercall page has a stub for
 * every number below 128. Numbers 43-47 and 56 and above are unassigned.
 */
#define __HYPERVISOR_set_trap_table                0 /* PV only. */
#define __HYPERVISOR_mmu_update                    1 /* PV only. */
#define __HYPERVISOR_set_gdt                       2 /* PV only. */
#define __HYPERVISOR_stack_switch                  3 /* PV only. */
#define __HYPERVISOR_set_callbacks                 4 /* PV only. */
#define __HYPERVISOR_fpu_taskswitch                5 /* PV only. */
#define __HYPERVISOR_sched_op_compat               6 /* Obsolete form of sched_op. */
#define __HYPERVISOR_platform_op                   7
#define __HYPERVISOR_set_debugreg                  8  /* PV only. */
#define __HYPERVISOR_get_debugreg                  9  /* PV only. */
#define __HYPERVISOR_update_descriptor             10 /* PV only. */
#define __HYPERVISOR_memory_op                     12
#define __HYPERVISOR_multicall                     13
#define __HYPERVISOR_update_va_mapping             14 /* PV only. */
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16 /* Obsolete form of event_channel_op. */
#define __HYPERVISOR_xen_version                   17
#define __HYPERVISOR_console_io                    18
#define __HYPERVISOR_physdev_op_compat             19 /* Obsolete form of physdev_op. */
#define __HYPERVISOR_grant_table_op                20
#define __HYPERVISOR_vm_assist                     21
#define __HYPERVISOR_update_va_mapping_otherdomain 22 /* PV only. */
#define __HYPERVISOR_iret                          23 /* PV only; UD2 in the hypercall page. */
#define __HYPERVISOR_vcpu_op                       24
#define __HYPERVISOR_set_segment_base              25 /* PV only. */
#define __HYPERVISOR_mmuext_op                     26 /* PV only. */
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32
#define __HYPERVISOR_physdev_op                    33
#define __HYPERVISOR_hvm_op                        34
#define __HYPERVISOR_sysctl                        35
#define __HYPERVISOR_domctl                        36
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_tmem_op                       38 /* Removed from Xen; always -ENOSYS. */
#define __HYPERVISOR_argo_op                       39
#define __HYPERVISOR_xenpmu_op                     40
#define __HYPERVISOR_dm_op                         41
#define __HYPERVISOR_hypfs_op                      42
/* Eight numbers reserved for each architecture; x86 uses arch_0 for machine-check (mca). */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55

/*
 * Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq. "Per-vCPU" VIRQs are
 * bound once per vCPU; the others ("global") once per domain, on vCPU 0.
 */
#define VIRQ_TIMER      0  /* Per-vCPU: a timer set with VCPUOP/set_timer_op expired. */
#define VIRQ_DEBUG      1  /* Per-vCPU: request to dump debug state. */
#define VIRQ_CONSOLE    2  /* Global: input on the hypervisor console (hardware domain). */
#define VIRQ_DOM_EXC    3  /* Global: some domain crashed or shut down (control domain). */
#define VIRQ_TBUF       4  /* Global: trace records available. */
#define VIRQ_DEBUGGER   6  /* Global: a domain paused for a debugger. */
#define VIRQ_XENOPROF   7  /* Per-vCPU: profiling sample available. */
#define VIRQ_CON_RING   8  /* Global: hypervisor console ring has data. */
#define VIRQ_PCPU_STATE 9  /* Global: a physical CPU changed state. */
#define VIRQ_MEM_EVENT  10 /* Global: a memory event occurred. */
#define VIRQ_ARGO       11 /* Per-domain: Argo message notification. */
#define VIRQ_ENOMEM     12 /* Global: the hypervisor heap is low. */
#define VIRQ_XENPMU     13 /* Per-vCPU: performance counter interrupt. */
#define VIRQ_ARCH_0     16 /* 16-23 are architecture-specific. */
#define NR_VIRQS        24

/*
 * console_io(cmd, count, buf). CONSOLEIO_write: write `count` bytes from the guest buffer
 * `buf` to the hypervisor console; returns 0 (Xen) or another non-negative value. CONSOLEIO_read:
 * copy up to `count` pending input bytes into `buf`; returns the number copied. Any other
 * command fails with -XEN_ENOSYS.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* vm_assist(cmd, type): opt in to (or out of) optional hypervisor behaviour. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_writable_pagetables  2 /* PV only. */
#define VMASST_TYPE_runstate_update_flag 5 /* Set XEN_RUNSTATE_UPDATE while rewriting runstate. */

/*
 * Domain ids. Ordinary domains are numbered below DOMID_FIRST_RESERVED; the values from there
 * up are names with special meanings and never identify a real domain.
 */
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U /* The calling domain, wherever a domain id is IN. */
#define DOMID_IO             0x7FF1U /* Owner of I/O memory (MMIO) pages. */
#define DOMID_XEN            0x7FF2U /* Owner of the hypervisor's pages. */
#define DOMID_COW            0x7FF3U /* Owner of shared copy-on-write pages. */
#define DOMID_INVALID        0x7FF4U /* Owner unknown, or "no domain". */
#define DOMID_ANY            0x7FF5U /* Any domain may use it (unbound ports, grants). */
#define DOMID_IDLE           0x7FFFU /* The idle domain. */
#define DOMID_MASK           0x7FFFU /* Valid domain ids fit in these bits. */

/*
 * Flags of hvm_start_info.flags (and of the PV start_info): what the domain may do. Both are
 * clear for an ordinary domU.
 */
#define SIF_PRIVILEGED (1U << 0) /* The domain is privileged (may control others). */
#define SIF_INITDOMAIN (1U << 1) /* The domain is the initial control (hardware) domain. */

/* Flags of vcpu_time_info.flags. */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1U << 0) /* TSC is synchronised and invariant: no clamp. */
#define XEN_PVCLOCK_GUEST_STOPPED  (1U << 1) /* The domain was paused; guest clears it. */

#ifndef __ASSEMBLER__

#include <stddef.h>
#include <stdint.h>

typedef uint16_t domid_t;

/* Handles of the primitive types the ABI passes by address. */
__DEFINE_XEN_GUEST_HANDLE(char, char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
__DEFINE_XEN_GUEST_HANDLE(int, int32_t);
__DEFINE_XEN_GUEST_HANDLE(uint, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(void, void);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/*
 * multicall(entries, count): run `count` hypercalls described by an array of these in one
 * transition. IN: op and args (unused arguments ignored). OUT: result, the return value of
 * that hypercall. The multicall itself returns 0 once every entry has been attempted.
 */
struct multicall_entry {
    xen_ulong_t op;      /* 0: IN hypercall number. */
    xen_ulong_t result;  /* 8: OUT its return value. */
    xen_ulong_t args[6]; /* 16: IN its arguments. */
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);
_Static_assert(sizeof(struct multicall_entry) == 64, "multicall_entry size");
_Static_assert(offsetof(struct multicall_entry, args) == 16, "multicall_entry.args");

/*
 * Per-vCPU pvclock parameters, written by the hypervisor, read by the guest. System time in
 * nanoseconds, as the guest computes it from a TSC value `tsc` it reads itself:
 *
 *     delta = tsc - tsc_timestamp, shifted left by tsc_shift (right if negative)
 *     now   = system_time + ((delta * tsc_to_system_mul) >> 32)
 *
 * Update protocol (a sequence lock): the writer makes `version` odd, updates the other fields,
 * then makes it even again, with write barriers between the steps; a reader retries while
 * `version` is odd or changed under it.
 */
struct vcpu_time_info {
    uint32_t version;           /* 0: odd while an update is in progress. */
    uint32_t pad0;              /* 4 */
    uint64_t tsc_timestamp;     /* 8: guest TSC at the last update. */
    uint64_t system_time;       /* 16: nanoseconds at that TSC value. */
    uint32_t tsc_to_system_mul; /* 24: 32.32 fixed-point ns per (shifted) TSC tick. */
    int8_t tsc_shift;           /* 28: power-of-two prescale of the TSC delta. */
    uint8_t flags;              /* 29: XEN_PVCLOCK_* */
    uint8_t pad1[2];            /* 30 */
};
typedef struct vcpu_time_info vcpu_time_info_t;
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info size");
_Static_assert(offsetof(struct vcpu_time_info, tsc_timestamp) == 8, "vcpu_time_info.tsc_ts");
_Static_assert(offsetof(struct vcpu_time_info, system_time) == 16, "vcpu_time_info.system_time");
_Static_assert(offsetof(struct vcpu_time_info, tsc_to_system_mul) == 24, "vcpu_time_info.mul");
_Static_assert(offsetof(struct vcpu_time_info, tsc_shift) == 28, "vcpu_time_info.tsc_shift");
_Static_assert(offsetof(struct vcpu_time_info, flags) == 29, "vcpu_time_info.flags");

/*
 * Per-vCPU event and time state: a slot in shared_info for vCPUs 0-31, or a 64-byte area the
 * guest registers with VCPUOP_register_vcpu_info.
 *
 * evtchn_upcall_pending is set by the hypervisor when an event is pending for this vCPU and
 * cleared by the guest before it scans the pending bitmaps, so no event slips between scan
 * and clear. evtchn_pending_sel has one bit per 64-port word of shared_info.evtchn_pending
 * that may hold pending, unmasked ports. evtchn_upcall_mask matters only to PV guests; a PVH
 * guest masks upcalls with RFLAGS.IF instead.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;  /* 0: hypervisor sets, guest clears. */
    uint8_t evtchn_upcall_mask;     /* 1: PV only. */
    uint8_t pad0[6];                /* 2 */
    xen_ulong_t evtchn_pending_sel; /* 8: hypervisor sets bits, guest clears them. */
    struct arch_vcpu_info arch;     /* 16 */
    struct vcpu_time_info time;     /* 32 */
};
typedef struct vcpu_info vcpu_info_t;
_Static_assert(sizeof(struct vcpu_info) == 64, "vcpu_info size");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, "vcpu_info.upcall_mask");
_Static_assert(offsetof(struct vcpu_info, evtchn_pending_sel) == 8, "vcpu_info.pending_sel");
_Static_assert(offsetof(struct vcpu_info, arch) == 16, "vcpu_info.arch");
_Static_assert(offsetof(struct vcpu_info, time) == 32, "vcpu_info.time");

/*
 * The shared_info page: one per domain, owned by the hypervisor, mapped by the guest with
 * XENMEM_add_to_physmap (space XENMAPSPACE_shared_info) at a frame of its choosing.
 *
 * evtchn_pending and evtchn_mask are the 2-level event channel bitmaps: 64 words of 64 bits,
 * 4096 ports. The hypervisor sets pending bits, the guest clears them; the guest owns the mask
 * bits. A pending bit that becomes set while its port is masked raises no upcall; the guest
 * must look for it when it unmasks.
 *
 * wc_* is the wall-clock time (seconds and nanoseconds since the Unix epoch) at system time
 * zero, published with the same odd/even protocol as vcpu_time_info, on wc_version.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS]; /* 0 */
    xen_ulong_t evtchn_pending[64];                   /* 2048 */
    xen_ulong_t evtchn_mask[64];                      /* 2560 */
    uint32_t wc_version;                              /* 3072: odd while updating. */
    uint32_t wc_sec;                                  /* 3076: low 32 bits of the seconds. */
    uint32_t wc_nsec;                                 /* 3080 */
    uint32_t wc_sec_hi;                               /* 3084: high 32 bits of the seconds. */
    struct arch_shared_info arch;                     /* 3088 */
};
typedef struct shared_info shared_info_t;
_Static_assert(sizeof(struct shared_info) == 3136, "shared_info size");
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "shared_info.pending");
_Static_assert(offsetof(struct shared_info, evtchn_mask) == 2560, "shared_info.mask");
_Static_assert(offsetof(struct shared_info, wc_version) == 3072, "shared_info.wc_version");
_Static_assert(offsetof(struct shared_info, wc_sec) == 3076, "shared_info.wc_sec");
_Static_assert(offsetof(struct shared_info, wc_nsec) == 3080, "shared_info.wc_nsec");
_Static_assert(offsetof(struct shared_info, wc_sec_hi) == 3084, "shared_info.wc_sec_hi");
_Static_assert(offsetof(struct shared_info, arch) == 3088, "shared_info.arch");

#endif /* !__ASSEMBLER__ */

#endif /* XEN_PUBLIC_XEN_H */
