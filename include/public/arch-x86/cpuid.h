/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor CPUID leaves (guest-abi.md 2.5). Xen publishes its leaves at a base that is
 * 0x40000000 or a multiple of 0x100 above it (Xen moves them to 0x40000100 when it also
 * emulates Hyper-V); a guest scans 0x40000000, 0x40000100, ... 0x4000ff00 for the signature
 * "XenVMMXenVMM" and uses the first base whose leaf 0 reports at least base + 2. Leaf numbers
 * below are offsets from that base. Constants only, so assembly can use it too.
 *
 * base + 0: EAX = the largest leaf (base + XEN_CPUID_MAX_NUM_LEAVES for current Xen);
 *           EBX, ECX, EDX = the signature.
 * base + 1: EAX = major << 16 | minor, the version also returned by XENVER_version;
 *           EBX-EDX = 0.
 * base + 2: EAX = number of hypercall pages (1); EBX = the MSR through which the guest asks
 *           for the hypercall page (write the page's GPA); ECX = XEN_CPUID_FEAT1_*, EDX = 0.
 * base + 3: time. Subleaf 0: EAX = XEN_CPUID_TSC_* flags, EBX = XEN_CPUID_TSC_MODE_*, ECX =
 *           guest TSC kHz, EDX = incarnation (migration count). Subleaf 1: EAX/EBX = TSC
 *           offset low/high, ECX = tsc-to-ns multiplier, EDX = shift. Subleaf 2: EAX = host
 *           TSC kHz. All zero is acceptable to Linux.
 * base + 4: HVM features, subleaf 0: EAX = XEN_HVM_CPUID_* flags; EBX = this vCPU's id when
 *           XEN_HVM_CPUID_VCPU_ID_PRESENT; ECX = the domain id when XEN_HVM_CPUID_DOMID_PRESENT.
 * base + 5: PV only: EBX[7:0] = machine address width. Zero for PVH.
 */
#ifndef XEN_PUBLIC_ARCH_X86_CPUID_H
#define XEN_PUBLIC_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/* "XenV", "MMXe", "nVMM" as little-endian register contents. */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e

/* The largest leaf offset current Xen reports. */
#define XEN_CPUID_MAX_NUM_LEAVES 5

/* base + 2, ECX: PV guests may use MMU_PT_UPDATE_PRESERVE_AD. */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD  (1U << 0)

/* base + 3, subleaf 0, EAX. */
#define XEN_CPUID_TSC_EMULATED       (1U << 0) /* RDTSC is emulated. */
#define XEN_CPUID_HOST_TSC_RELIABLE  (1U << 1) /* The host TSC is known to be reliable. */
#define XEN_CPUID_RDTSCP_INSTR_AVAIL (1U << 2) /* RDTSCP is available. */

/* base + 3, subleaf 0, EBX: the domain's TSC mode. */
#define XEN_CPUID_TSC_MODE_DEFAULT        (0)  /* Emulate only if needed. */
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE (1U) /* Always emulate. */
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE  (2U) /* Never emulate. */
#define XEN_CPUID_TSC_MODE_PVRDTSCP       (3U) /* Never emulate, TSC_AUX support (obsolete). */

/* base + 4, subleaf 0, EAX. */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1U << 0) /* xAPIC register accesses are virtualised. */
#define XEN_HVM_CPUID_X2APIC_VIRT      (1U << 1) /* x2APIC MSR accesses are virtualised. */
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1U << 2) /* Foreign mappings have IOMMU entries. */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1U << 3) /* EBX holds the vCPU id. */
#define XEN_HVM_CPUID_DOMID_PRESENT    (1U << 4) /* ECX holds the domain id. */
#define XEN_HVM_CPUID_EXT_DEST_ID      (1U << 5) /* 15-bit MSI/IO-APIC destination ids. */
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1U << 6) /* Per-vCPU upcall vectors work fully. */

/* base + 5, subleaf 0, EBX. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffU << 0)

#endif /* XEN_PUBLIC_ARCH_X86_CPUID_H */
