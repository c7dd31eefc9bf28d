/* SPDX-License-Identifier: MIT */
/*
 * The x86-64 part of the guest ABI: how guest handles are represented, the frame-number and
 * register-sized integer types, and the architecture-specific pieces of the shared_info page.
 * Included by xen.h; include that instead.
 *
 * Only the x86-64 (LP64) layouts are defined. A 32-bit guest uses Xen's separate "compat"
 * layouts, which Xenolith translates inside the hypervisor and never shares as C types, so
 * compiling these headers for anything but x86-64 is an error rather than a silent mismatch.
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_H
#define XEN_PUBLIC_ARCH_X86_XEN_H

#if !defined(__x86_64__)
#error "include/public describes the x86-64 guest ABI only"
#endif

/*
 * Guest handles. A handle is a guest-virtual address carried inside a hypercall argument
 * structure. On x86-64 it is 8 bytes with 8-byte alignment, exactly the size of a pointer.
 *
 * The handle is a union so that both sides read it naturally: a guest stores a pointer of the
 * right type through `.p` (set_xen_guest_handle), while the hypervisor, for which the value is
 * an untrusted address in someone else's address space, only ever reads the raw number `.q`
 * and hands it to its guest-copy layer; it never dereferences `.p`. Xen's own headers have only
 * `.p`; the extra member changes neither size nor layout.
 *
 * DEFINE_XEN_GUEST_HANDLE(name) declares the handle types for `name` and `const name`;
 * XEN_GUEST_HANDLE(name) names the type in a structure.
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                                                     \
    typedef union {                                                                                \
        type *p;                                                                                   \
        uint64_t q;                                                                                \
    } __guest_handle_##name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)                                                      \
    ___DEFINE_XEN_GUEST_HANDLE(name, type);                                                        \
    ___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)      __guest_handle_##name
#define XEN_GUEST_HANDLE(name)        __XEN_GUEST_HANDLE(name)
/* On x86-64 the "always 64-bit" handle of the control interfaces is the same type. */
#define XEN_GUEST_HANDLE_64(name)    XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name) XEN_GUEST_HANDLE(name)

/* Store a guest pointer in a handle (guest side). */
#define set_xen_guest_handle_raw(hnd, val)                                                         \
    do {                                                                                           \
        (hnd).p = (val);                                                                           \
    } while (0)
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)

/* vcpu_info slots in shared_info: vCPUs with higher ids must register their own area. */
#define XEN_LEGACY_MAX_VCPUS 32

/*
 * The hypervisor's reserved part of the 64-bit address space in Xen's PV ABI. A PVH guest owns
 * its whole address space, but the range is still the value older Xen reported through
 * XENVER_platform_parameters, and a natural place to aim hostile pointers at.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000

/* Port of the HVM debug console: bytes written there are logged by the hypervisor. */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

#ifndef __ASSEMBLER__

#include <stddef.h>
#include <stdint.h>

#define HYPERVISOR_VIRT_START ((uint64_t)__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END   ((uint64_t)__HYPERVISOR_VIRT_END)

/*
 * A guest frame number. The ABI calls it "pfn" for historical reasons; for a translated (PVH)
 * guest it is always a guest-physical frame number (GPA >> 12).
 */
typedef uint64_t xen_pfn_t;

/* A register-sized unsigned integer ("unsigned long" in Xen's x86-64 headers). */
typedef uint64_t xen_ulong_t;

/*
 * Architecture part of each vcpu_info. Only PV guests use cr2 (the faulting address of a
 * virtualised page fault); it stays in the layout so that vcpu_info keeps its 64 bytes.
 */
struct arch_vcpu_info {
    uint64_t cr2; /* 0: PV only. */
    uint64_t pad; /* 8: keeps sizeof(struct vcpu_info) at 64. */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;
_Static_assert(sizeof(struct arch_vcpu_info) == 16, "arch_vcpu_info size");
_Static_assert(offsetof(struct arch_vcpu_info, pad) == 8, "arch_vcpu_info.pad");

/*
 * Architecture part of shared_info. Every field describes a PV guest's physical-to-machine
 * table; a PVH guest ignores them and the hypervisor leaves them zero.
 */
struct arch_shared_info {
    uint64_t max_pfn;                     /* 0: highest PV pfn + 1. */
    xen_pfn_t pfn_to_mfn_frame_list_list; /* 8: frame of the PV p2m's top-level list. */
    uint64_t nmi_reason;                  /* 16: PV virtual NMI reason bits. */
    uint64_t p2m_cr3;                     /* 24: cr3 of a virtually mapped PV p2m. */
    uint64_t p2m_vaddr;                   /* 32: its virtual address. */
    uint64_t p2m_generation;              /* 40: bumped on every change to it. */
};
typedef struct arch_shared_info arch_shared_info_t;
_Static_assert(sizeof(struct arch_shared_info) == 48, "arch_shared_info size");
_Static_assert(offsetof(struct arch_shared_info, p2m_generation) == 40, "arch_shared_info.p2m_gen");

#endif /* !__ASSEMBLER__ */

#endif /* XEN_PUBLIC_ARCH_X86_XEN_H */
