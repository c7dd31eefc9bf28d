/* SPDX-License-Identifier: MIT */
/*
 * Feature bits reported by XENVER_get_features (version.h): bit n of submap 0 is XENFEAT n.
 * They tell a guest which optional behaviours the hypervisor provides for it; guest-abi.md
 * 3.2 lists the values Xenolith reports for a PVH domain. Constants only.
 */
#ifndef XEN_PUBLIC_FEATURES_H
#define XEN_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables       0  /* Guest page tables may be written directly. */
#define XENFEAT_writable_descriptor_tables 1  /* PV: GDT/LDT may be written directly. */
#define XENFEAT_auto_translated_physmap    2  /* The hypervisor translates guest frames (PVH). */
#define XENFEAT_supervisor_mode_kernel     3  /* PV: kernel runs in ring 0. */
#define XENFEAT_pae_pgdir_above_4gb        4  /* PV: PAE page directories may be above 4 GiB. */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* PV: MMU_PT_UPDATE_PRESERVE_AD available. */
#define XENFEAT_highmem_assist             6  /* PV: highmem assistance available. */
#define XENFEAT_gnttab_map_avail_bits      7  /* PV: grant map may set the PTE's avail bits. */
#define XENFEAT_hvm_callback_vector        8  /* Events may be delivered on an IDT vector. */
#define XENFEAT_hvm_safe_pvclock           9  /* The pvclock is usable by an HVM/PVH guest. */
#define XENFEAT_hvm_pirqs                  10 /* Interrupts are routed as PIRQs over events. */
#define XENFEAT_dom0                       11 /* The guest is the hardware domain. */
#define XENFEAT_grant_map_identity         12 /* ARM: grant maps are identity mapped. */
#define XENFEAT_memory_op_vnode_supported  13 /* XENMEM_get_vnumainfo is available. */
#define XENFEAT_ARM_SMCCC_supported        14 /* ARM: SMCCC calls are supported. */
#define XENFEAT_linux_rsdp_unrestricted    15 /* Guest note only: RSDP may be anywhere. */
#define XENFEAT_not_direct_mapped          16 /* Guest memory is not 1:1 with machine memory. */
#define XENFEAT_direct_mapped              17 /* Guest memory is 1:1 with machine memory. */
#define XENFEAT_runstate_phys_area         18 /* VCPUOP_register_runstate_phys_area exists. */
#define XENFEAT_vcpu_time_phys_area        19 /* VCPUOP_register_vcpu_time_phys_area exists. */
#define XENFEAT_dm_msix_all_writes         20 /* Device models see every MSI-X write. */

/* Number of 32-bit submaps XENVER_get_features accepts (indices 0 .. NR_SUBMAPS - 1). */
#define XENFEAT_NR_SUBMAPS 1

#endif /* XEN_PUBLIC_FEATURES_H */
