/* SPDX-License-Identifier: MIT */
/*
 * domctl(op): control of one domain by a privileged (control) domain. This is Xenolith's
 * control ABI, kept to the shape of Xen's (xen/include/public/domctl.h, interface version
 * 0x15 of Xen 4.17, the version Xenolith reports) so that a toolstack written against Xen's
 * maps onto it: the same command numbers, structure layouts and field meanings, for the
 * commands implemented here (their layouts are unchanged up to Xen 4.19's 0x17). Only what
 * Xenolith implements is defined; every other command fails with -XEN_ENOSYS.
 *
 * `op` points to a struct xen_domctl, read in full and written back in full on success (the
 * OUT fields of the command's union member change, nothing else). 32-bit and 64-bit callers
 * share the layout: 64-bit fields are 8-byte aligned and handles are 8 bytes in both.
 *
 * Errors common to every command, checked in this order:
 *   -XEN_EFAULT  `op` (or a handle inside it) is not readable/writable guest memory;
 *   -XEN_EPERM   the caller is not a privileged domain (boot option privileged=yes);
 *   -XEN_EACCES  interface_version is not XEN_DOMCTL_INTERFACE_VERSION;
 *   -XEN_ENOSYS  cmd is not one of the commands below;
 *   -XEN_ESRCH   `domain` names no live domain (DOMID_SELF is not accepted, as in Xen);
 *   -XEN_EINVAL  a field is out of range (each command lists which).
 * A failed call changes nothing.
 */
#ifndef XEN_PUBLIC_DOMCTL_H
#define XEN_PUBLIC_DOMCTL_H

#include "xen.h"

/*
 * Bumped whenever a layout or meaning below changes; Xen 4.17's value while the layouts are
 * Xen's.
 */
#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

#ifndef __ASSEMBLER__

/*
 * A bitmap in the caller's memory (Xen declares it in xen.h for its tools). Bit n is bit
 * (n % 8) of byte n / 8. `nr_bits` is the number of valid bits the buffer holds; IN bitmaps
 * may be any size up to XEN_DOMCTL_CPUMAP_MAX_BITS (bits for CPUs that do not exist are
 * ignored), OUT bitmaps are filled to nr_bits, with zeros past the last CPU.
 */
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8) bitmap; /* 0 */
    uint32_t nr_bits;                  /* 8 */
};
_Static_assert(sizeof(struct xenctl_bitmap) == 16, "xenctl_bitmap size");
_Static_assert(offsetof(struct xenctl_bitmap, nr_bits) == 8, "xenctl_bitmap.nr_bits");

/* Xenolith's bound on xenctl_bitmap.nr_bits (Xen's NR_CPUS ceiling); more is -XEN_EINVAL. */
#define XEN_DOMCTL_CPUMAP_MAX_BITS 4096

/*
 * XEN_DOMCTL_getdomaininfo: OUT everything below about `domain`, which must exist
 * (-XEN_ESRCH otherwise, as from Xen 4.18; Xen 4.17 answered with the next domain above).
 * Xenolith fills domain, flags (hvm_guest, hap, shutdown with its code, paused, blocked,
 * running), tot_pages, max_pages, shared_info_frame, cpu_time (ns used by all its vCPUs,
 * including runs in progress), nr_online_vcpus and max_vcpu_id; the other fields are 0.
 */
#define XEN_DOMINF_dying         (1U << 0)
#define XEN_DOMINF_hvm_guest     (1U << 1)
#define XEN_DOMINF_shutdown      (1U << 2)
#define XEN_DOMINF_paused        (1U << 3)
#define XEN_DOMINF_blocked       (1U << 4)
#define XEN_DOMINF_running       (1U << 5)
#define XEN_DOMINF_debugged      (1U << 6)
#define XEN_DOMINF_xs_domain     (1U << 7)
#define XEN_DOMINF_hap           (1U << 8)
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16
#define XEN_INVALID_MAX_VCPU_ID  (~0U)

/* x86's part of the domain configuration (Xen's arch-x86/xen.h); reported as 0. */
struct xen_arch_domainconfig {
    uint32_t emulation_flags; /* 0 */
    uint32_t misc_flags;      /* 4 */
};

struct xen_domctl_getdomaininfo {
    domid_t domain;                    /* 0: also echoed in xen_domctl.domain. */
    uint32_t flags;                    /* 4: XEN_DOMINF_* */
    uint64_t tot_pages;                /* 8 */
    uint64_t max_pages;                /* 16 */
    uint64_t outstanding_pages;        /* 24 */
    uint64_t shr_pages;                /* 32 */
    uint64_t paged_pages;              /* 40 */
    uint64_t shared_info_frame;        /* 48: GFN of shared_info, or ~0 if not mapped. */
    uint64_t cpu_time;                 /* 56: ns, all vCPUs. */
    uint32_t nr_online_vcpus;          /* 64 */
    uint32_t max_vcpu_id;              /* 68 */
    uint32_t ssidref;                  /* 72 */
    uint8_t handle[16];                /* 76: xen_domain_handle_t. */
    uint32_t cpupool;                  /* 92 */
    uint8_t gpaddr_bits;               /* 96 */
    uint8_t pad2[7];                   /* 97 */
    struct xen_arch_domainconfig arch; /* 104 */
};
_Static_assert(sizeof(struct xen_domctl_getdomaininfo) == 112, "getdomaininfo size");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, cpu_time) == 56, "getdomaininfo.cpu_time");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, handle) == 76, "getdomaininfo.handle");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, arch) == 104, "getdomaininfo.arch");

/*
 * XEN_DOMCTL_getvcpuinfo: IN vcpu (-XEN_EINVAL if >= the domain's vCPU count). OUT whether it
 * is online (up), blocked (waiting for an event), running (on a CPU now), the CPU time it has
 * used and `cpu`, the CPU it runs on or last ran on.
 */
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;     /* 0: IN */
    uint8_t online;    /* 4: OUT */
    uint8_t blocked;   /* 5: OUT */
    uint8_t running;   /* 6: OUT */
    uint64_t cpu_time; /* 8: OUT ns */
    uint32_t cpu;      /* 16: OUT */
};
_Static_assert(sizeof(struct xen_domctl_getvcpuinfo) == 24, "getvcpuinfo size");
_Static_assert(offsetof(struct xen_domctl_getvcpuinfo, cpu_time) == 8, "getvcpuinfo.cpu_time");
_Static_assert(offsetof(struct xen_domctl_getvcpuinfo, cpu) == 16, "getvcpuinfo.cpu");

/*
 * XEN_DOMCTL_setvcpuaffinity / XEN_DOMCTL_getvcpuaffinity: the CPUs a vCPU may run on (hard)
 * and prefers (soft). IN vcpu (-XEN_EINVAL if out of range) and flags: at least one of HARD and
 * SOFT (-XEN_EINVAL otherwise, or for unknown bits; FORCE is accepted and has no effect, as
 * there is no SCHEDOP_pin_override).
 * set: IN the maps named by flags. The effective hard affinity is the given map and the CPUs
 *   that exist; if that is empty, -XEN_EINVAL. The effective soft affinity is the given map
 *   within the (new) hard one; if that is empty the vCPU prefers all of its hard affinity.
 *   OUT the effective maps named by flags. When the call returns, the vCPU is not running on
 *   a CPU outside its new hard affinity (the call continues until it has moved off).
 * get: OUT the maps named by flags, as in effect (Xen returns them as given).
 * -XEN_EFAULT for a bitmap handle that cannot be read or written.
 */
#define XEN_VCPUAFFINITY_HARD  (1U << 0)
#define XEN_VCPUAFFINITY_SOFT  (1U << 1)
#define XEN_VCPUAFFINITY_FORCE (1U << 2)

struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;                    /* 0: IN */
    uint32_t flags;                   /* 4: IN XEN_VCPUAFFINITY_* */
    struct xenctl_bitmap cpumap_hard; /* 8: IN/OUT */
    struct xenctl_bitmap cpumap_soft; /* 24: IN/OUT */
};
_Static_assert(sizeof(struct xen_domctl_vcpuaffinity) == 40, "vcpuaffinity size");
_Static_assert(offsetof(struct xen_domctl_vcpuaffinity, cpumap_soft) == 24, "cpumap_soft");

/*
 * XEN_DOMCTL_scheduler_op: a domain's scheduling parameters. sched_id must be the running
 * scheduler's, XEN_SCHEDULER_CREDIT2 (Xenolith's weighted fair share has credit2's parameters),
 * else -XEN_EINVAL. cmd:
 *   putinfo  IN weight (1..65535; Xen's credit2 reads 0 as "unchanged", Xenolith refuses it)
 *            and cap (percent of one CPU, 0 = none, at most 100 per vCPU of the domain); both
 *            take effect at the next scheduling decision. -XEN_EINVAL out of range.
 *   getinfo  OUT weight and cap.
 *   putvcpuinfo, getvcpuinfo: per-vCPU parameters, which this scheduler does not have:
 *            -XEN_EINVAL, as Xen's credit2 answers.
 */
#define XEN_SCHEDULER_CREDIT  5
#define XEN_SCHEDULER_CREDIT2 6

#define XEN_DOMCTL_SCHEDOP_putinfo     0
#define XEN_DOMCTL_SCHEDOP_getinfo     1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3

struct xen_domctl_sched_credit {
    uint16_t weight; /* 0 */
    uint16_t cap;    /* 2 */
};

struct xen_domctl_sched_credit2 {
    uint16_t weight; /* 0 */
    uint16_t cap;    /* 2 */
};

struct xen_domctl_scheduler_op {
    uint32_t sched_id; /* 0: IN XEN_SCHEDULER_* */
    uint32_t cmd;      /* 4: IN XEN_DOMCTL_SCHEDOP_* */
    union {
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        uint64_t pad[2]; /* Xen's per-vCPU array form (u.v), not implemented. */
    } u;                 /* 8: IN/OUT */
};
_Static_assert(sizeof(struct xen_domctl_scheduler_op) == 24, "scheduler_op size");
_Static_assert(offsetof(struct xen_domctl_scheduler_op, u) == 8, "scheduler_op.u");

/* Command numbers (Xen's); only these are implemented. */
#define XEN_DOMCTL_getdomaininfo   5
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_getvcpuinfo     14
#define XEN_DOMCTL_scheduler_op    16
#define XEN_DOMCTL_getvcpuaffinity 25

struct xen_domctl {
    uint32_t cmd;               /* 0: XEN_DOMCTL_* */
    uint32_t interface_version; /* 4: XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;             /* 8: the target domain. */
    union {
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_scheduler_op scheduler_op;
        uint8_t pad[128];
    } u; /* 16 */
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);
_Static_assert(sizeof(struct xen_domctl) == 144, "xen_domctl size");
_Static_assert(offsetof(struct xen_domctl, domain) == 8, "xen_domctl.domain");
_Static_assert(offsetof(struct xen_domctl, u) == 16, "xen_domctl.u");

#endif /* __ASSEMBLER__ */

#endif /* XEN_PUBLIC_DOMCTL_H */
