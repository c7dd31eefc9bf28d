/* SPDX-License-Identifier: MIT */
/*
 * Types of the ELF notes a Xen guest kernel carries to describe itself to the domain builder.
 * Each note has the name "Xen" (namesz 4, including the NUL) and one of these types. A PVH
 * kernel needs only XEN_ELFNOTE_PHYS32_ENTRY; most others describe PV kernels and may be
 * ignored for PVH (guest-abi.md 2.1). Constants only, so assembly can use it too.
 */
#ifndef XEN_PUBLIC_ELFNOTE_H
#define XEN_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO               0  /* Unused (padding). */
#define XEN_ELFNOTE_ENTRY              1  /* PV: virtual entry address. */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2  /* PV: virtual address of the hypercall page. */
#define XEN_ELFNOTE_VIRT_BASE          3  /* PV: virtual address of the image base. */
#define XEN_ELFNOTE_PADDR_OFFSET       4  /* PV: virtual minus physical offset. */
#define XEN_ELFNOTE_XEN_VERSION        5  /* String: the Xen interface version, "xen-3.0". */
#define XEN_ELFNOTE_GUEST_OS           6  /* String: the guest OS name, e.g. "linux". */
#define XEN_ELFNOTE_GUEST_VERSION      7  /* String: the guest OS version. */
#define XEN_ELFNOTE_LOADER             8  /* String: the loader protocol, "generic". */
#define XEN_ELFNOTE_PAE_MODE           9  /* String: PV PAE support ("yes", "bimodal"). */
#define XEN_ELFNOTE_FEATURES           10 /* String: '|'-separated XENFEAT names wanted. */
#define XEN_ELFNOTE_BSD_SYMTAB         11 /* String "yes": load the symbol table (BSD). */
#define XEN_ELFNOTE_HV_START_LOW       12 /* PV 32-bit: lowest hypervisor virtual address. */
#define XEN_ELFNOTE_L1_MFN_VALID       13 /* PV: mask and value of valid L1 entries. */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14 /* Value 1: supports SHUTDOWN_suspend cancellation. */
#define XEN_ELFNOTE_INIT_P2M           15 /* PV: virtual address of the initial p2m list. */
#define XEN_ELFNOTE_MOD_START_PFN      16 /* PV: module start given as a PFN. */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* 32-bit mask of XENFEAT bits the kernel supports. */
#define XEN_ELFNOTE_PHYS32_ENTRY       18 /* PVH: 32-bit physical entry address (4 or 8 bytes). */
#define XEN_ELFNOTE_PHYS32_RELOC       19 /* PVH: alignment and range for relocation. */
#define XEN_ELFNOTE_MAX                XEN_ELFNOTE_PHYS32_RELOC

#endif /* XEN_PUBLIC_ELFNOTE_H */
