/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op(cmd, vcpuid, arg): per-vCPU state of the calling domain: bringing vCPUs up and down,
 * timers, and the guest areas the hypervisor keeps up to date (vcpu_info, runstate, time).
 * `vcpuid` names the target vCPU; `arg` points to the structure named for each command (or is
 * ignored). Errors common to all commands: -XEN_ENOENT (no such vCPU), -XEN_EFAULT (bad `arg`),
 * -XEN_EINVAL (bad field), -XEN_ENOSYS (unknown command).
 */
#ifndef XEN_PUBLIC_VCPU_H
#define XEN_PUBLIC_VCPU_H

#include "xen.h"

/*
 * VCPUOP_initialise: set the initial register state of a vCPU that has not run yet (for an
 * HVM/PVH domain: struct vcpu_hvm_context, defined with the secondary-vCPU support). -XEN_EEXIST
 * if already initialised.
 */
#define VCPUOP_initialise 0

/* VCPUOP_up: start an initialised vCPU. VCPUOP_down: stop it. `arg` ignored for both. */
#define VCPUOP_up   1
#define VCPUOP_down 2

/* VCPUOP_is_up: `arg` ignored; returns 1 if the vCPU is up, 0 if it is down. */
#define VCPUOP_is_up 3

/* VCPUOP_get_runstate_info: OUT `arg` -> struct vcpu_runstate_info, a snapshot. */
#define VCPUOP_get_runstate_info 4

/*
 * Where a vCPU's time went. state_entry_time and time[] are system time in ns; time[s] is the
 * total spent in state s. While the hypervisor rewrites the area it sets XEN_RUNSTATE_UPDATE
 * in state_entry_time, if the guest enabled VMASST_TYPE_runstate_update_flag.
 */
#define RUNSTATE_running  0 /* Running on a physical CPU. */
#define RUNSTATE_runnable 1 /* Ready but not running (time here is "steal"). */
#define RUNSTATE_blocked  2 /* Waiting for an event. */
#define RUNSTATE_offline  3 /* Down, or paused by the toolstack. */

#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_runstate_info {
    int32_t state;             /* 0: RUNSTATE_* */
    uint64_t state_entry_time; /* 8: when it entered that state. */
    uint64_t time[4];          /* 16: time in each state. */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);
_Static_assert(sizeof(struct vcpu_runstate_info) == 48, "vcpu_runstate_info size");
_Static_assert(offsetof(struct vcpu_runstate_info, state_entry_time) == 8, "runstate.entry_time");
_Static_assert(offsetof(struct vcpu_runstate_info, time) == 16, "vcpu_runstate_info.time");

/*
 * VCPUOP_register_runstate_memory_area: IN `arg` -> this structure. From now on the hypervisor
 * keeps a struct vcpu_runstate_info at the guest-virtual address `addr` current (it is
 * rewritten whenever the vCPU changes state). Address 0 unregisters it.
 */
#define VCPUOP_register_runstate_memory_area 5

struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        uint64_t p;
    } addr; /* 0: IN guest-virtual address of the area. */
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);
_Static_assert(sizeof(struct vcpu_register_runstate_memory_area) == 8, "register_runstate size");

/*
 * VCPUOP_set_periodic_timer: IN `arg` -> struct vcpu_set_periodic_timer; send VIRQ_TIMER to
 * the vCPU every period_ns (-XEN_EINVAL below 1 ms). VCPUOP_stop_periodic_timer: `arg`
 * ignored. HVM/PVH vCPUs start without a periodic timer.
 */
#define VCPUOP_set_periodic_timer  6
#define VCPUOP_stop_periodic_timer 7

struct vcpu_set_periodic_timer {
    uint64_t period_ns; /* 0: IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);
_Static_assert(sizeof(struct vcpu_set_periodic_timer) == 8, "vcpu_set_periodic_timer size");

/*
 * VCPUOP_set_singleshot_timer: IN `arg` -> struct vcpu_set_singleshot_timer; send VIRQ_TIMER
 * once, at system time timeout_abs_ns. A deadline already past fires at once, unless
 * VCPU_SSHOTTMR_future is set, which makes it fail with -XEN_ETIME instead.
 * VCPUOP_stop_singleshot_timer: `arg` ignored. Both apply only to the calling vCPU itself.
 */
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9

#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns; /* 0: IN absolute system time in ns. */
    uint32_t flags;          /* 8: IN VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16, "vcpu_set_singleshot_timer size");
_Static_assert(offsetof(struct vcpu_set_singleshot_timer, flags) == 8, "singleshot_timer.flags");

/*
 * VCPUOP_register_vcpu_info: IN `arg` -> struct vcpu_register_vcpu_info. Move the vCPU's
 * vcpu_info from its shared_info slot to the 64 bytes at byte `offset` of guest frame `mfn`.
 * The area may not cross a page (-XEN_EINVAL); a second registration fails with -XEN_EBUSY.
 * The hypervisor copies the current contents over and then marks every selector bit pending,
 * so no event is lost in the move.
 */
#define VCPUOP_register_vcpu_info 10

struct vcpu_register_vcpu_info {
    uint64_t mfn;    /* 0: IN guest frame number (the name is historical). */
    uint32_t offset; /* 8: IN byte offset within that frame. */
    uint32_t rsvd;   /* 12: IN 0. */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16, "vcpu_register_vcpu_info size");
_Static_assert(offsetof(struct vcpu_register_vcpu_info, offset) == 8, "register_vcpu_info.off");

/* VCPUOP_send_nmi: `arg` ignored; inject an NMI into the vCPU (PV only). */
#define VCPUOP_send_nmi 11

/*
 * VCPUOP_get_physid: OUT `arg` -> struct vcpu_get_physid, the physical CPU's APIC id (bits
 * 0-31) and ACPI id (bits 32-63). Hardware domain only.
 */
#define VCPUOP_get_physid 12

struct vcpu_get_physid {
    uint64_t phys_id; /* 0: OUT */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
_Static_assert(sizeof(struct vcpu_get_physid) == 8, "vcpu_get_physid size");

/*
 * VCPUOP_register_vcpu_time_memory_area: IN `arg` -> this structure. Keep a second copy of the
 * vCPU's vcpu_time_info at guest-virtual `addr`, updated together with the primary one (Linux
 * maps it into user space for the vDSO clock). Optional; -XEN_ENOSYS is acceptable.
 */
#define VCPUOP_register_vcpu_time_memory_area 13

DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        uint64_t p;
    } addr; /* 0: IN guest-virtual address of the area. */
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);
_Static_assert(sizeof(struct vcpu_register_time_memory_area) == 8, "register_time_area size");

/*
 * VCPUOP_register_runstate_phys_area, VCPUOP_register_vcpu_time_phys_area: as the two
 * "memory_area" commands, but `addr` is a guest-physical address (newer Xen, XENFEAT_18/19).
 */
#define VCPUOP_register_runstate_phys_area  14
#define VCPUOP_register_vcpu_time_phys_area 15

#endif /* XEN_PUBLIC_VCPU_H */
