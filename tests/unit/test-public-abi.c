/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest ABI headers of include/public, on the host: every header is included (so each one
 * also builds with a hosted compiler and the full warning set), and the sizes, field offsets
 * and constants that Xen's guests depend on are checked again at run time. The headers'
 * _Static_asserts stop a wrong layout from compiling; this test names the fields in its
 * report and also covers values (hypercall numbers, magic numbers, flags) that a static
 * assert on a layout would not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <public/errno.h>
#include <public/xen.h>
#include <public/arch-x86/xen.h>
#include <public/arch-x86/cpuid.h>
#include <public/domctl.h>
#include <public/elfnote.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/hvm/start_info.h>
#include <public/io/console.h>

/* One expected layout fact: the value the compiler computed, the value Xen's ABI fixes. */
struct fact {
    const char *what;
    size_t got;
    size_t want;
};

#define SIZE(type, n)                                                                              \
    {                                                                                              \
#type, sizeof(type), (n)                                                                   \
    }
#define OFF(type, field, n)                                                                        \
    {                                                                                              \
#type "." #field, offsetof(type, field), (n)                                               \
    }
#define VAL(name, n)                                                                               \
    {                                                                                              \
#name, (size_t)(name), (size_t)(n)                                                         \
    }

static void check_facts(const struct fact *facts, size_t count)
{
    size_t i;
    int bad = 0;

    for (i = 0; i < count; i++) {
        if (facts[i].got != facts[i].want) {
            print_error("%s: %zu, want %zu\n", facts[i].what, facts[i].got, facts[i].want);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

#define CHECK(facts) check_facts(facts, sizeof(facts) / sizeof(facts[0]))

static void test_xen_h(void **state)
{
    static const struct fact facts[] = {
        SIZE(domid_t, 2),
        SIZE(xen_pfn_t, 8),
        SIZE(xen_ulong_t, 8),
        SIZE(XEN_GUEST_HANDLE(void), 8),
        SIZE(XEN_GUEST_HANDLE(char), 8),
        SIZE(struct multicall_entry, 64),
        OFF(struct multicall_entry, result, 8),
        OFF(struct multicall_entry, args, 16),
        SIZE(struct vcpu_time_info, 32),
        OFF(struct vcpu_time_info, version, 0),
        OFF(struct vcpu_time_info, tsc_timestamp, 8),
        OFF(struct vcpu_time_info, system_time, 16),
        OFF(struct vcpu_time_info, tsc_to_system_mul, 24),
        OFF(struct vcpu_time_info, tsc_shift, 28),
        OFF(struct vcpu_time_info, flags, 29),
        SIZE(struct arch_vcpu_info, 16),
        SIZE(struct vcpu_info, 64),
        OFF(struct vcpu_info, evtchn_upcall_pending, 0),
        OFF(struct vcpu_info, evtchn_upcall_mask, 1),
        OFF(struct vcpu_info, evtchn_pending_sel, 8),
        OFF(struct vcpu_info, arch, 16),
        OFF(struct vcpu_info, time, 32),
        SIZE(struct arch_shared_info, 48),
        SIZE(struct shared_info, 3136),
        OFF(struct shared_info, vcpu_info[1], 64),
        OFF(struct shared_info, evtchn_pending, 2048),
        OFF(struct shared_info, evtchn_mask, 2560),
        OFF(struct shared_info, wc_version, 3072),
        OFF(struct shared_info, wc_sec, 3076),
        OFF(struct shared_info, wc_nsec, 3080),
        OFF(struct shared_info, wc_sec_hi, 3084),
        OFF(struct shared_info, arch, 3088),
        OFF(struct shared_info, arch.p2m_generation, 3128),
        VAL(__HYPERVISOR_memory_op, 12),
        VAL(__HYPERVISOR_multicall, 13),
        VAL(__HYPERVISOR_set_timer_op, 15),
        VAL(__HYPERVISOR_xen_version, 17),
        VAL(__HYPERVISOR_console_io, 18),
        VAL(__HYPERVISOR_grant_table_op, 20),
        VAL(__HYPERVISOR_vm_assist, 21),
        VAL(__HYPERVISOR_iret, 23),
        VAL(__HYPERVISOR_vcpu_op, 24),
        VAL(__HYPERVISOR_sched_op, 29),
        VAL(__HYPERVISOR_event_channel_op, 32),
        VAL(__HYPERVISOR_physdev_op, 33),
        VAL(__HYPERVISOR_hvm_op, 34),
        VAL(__HYPERVISOR_sysctl, 35),
        VAL(__HYPERVISOR_domctl, 36),
        VAL(__HYPERVISOR_hypfs_op, 42),
        VAL(__HYPERVISOR_arch_0, 48),
        VAL(__HYPERVISOR_arch_7, 55),
        VAL(CONSOLEIO_write, 0),
        VAL(CONSOLEIO_read, 1),
        VAL(DOMID_SELF, 0x7FF0),
        VAL(DOMID_IO, 0x7FF1),
        VAL(DOMID_XEN, 0x7FF2),
        VAL(DOMID_COW, 0x7FF3),
        VAL(DOMID_INVALID, 0x7FF4),
        VAL(DOMID_ANY, 0x7FF5),
        VAL(DOMID_IDLE, 0x7FFF),
        VAL(VIRQ_TIMER, 0),
        VAL(VIRQ_DEBUG, 1),
        VAL(NR_VIRQS, 24),
        VAL(SIF_PRIVILEGED, 1),
        VAL(SIF_INITDOMAIN, 2),
        VAL(XEN_LEGACY_MAX_VCPUS, 32),
        VAL(VMASST_TYPE_runstate_update_flag, 5),
    };

    (void)state;
    CHECK(facts);
}

/* A guest stores a pointer through .p; the hypervisor reads the same 8 bytes as .q. */
static void test_guest_handle(void **state)
{
    static char buffer[16];
    struct xen_memory_map map = {0};

    (void)state;
    set_xen_guest_handle(map.buffer, buffer);
    assert_int_equal(map.buffer.q, (uint64_t)(uintptr_t)buffer);
    assert_int_equal(_Alignof(XEN_GUEST_HANDLE(void)), 8);
}

static void test_version_features(void **state)
{
    static const struct fact facts[] = {
        SIZE(xen_extraversion_t, 16),
        SIZE(struct xen_compile_info, 144),
        OFF(struct xen_compile_info, compile_by, 64),
        OFF(struct xen_compile_info, compile_domain, 80),
        OFF(struct xen_compile_info, compile_date, 112),
        SIZE(xen_capabilities_info_t, 1024),
        SIZE(xen_changeset_info_t, 64),
        SIZE(struct xen_platform_parameters, 8),
        SIZE(struct xen_feature_info, 8),
        OFF(struct xen_feature_info, submap, 4),
        SIZE(xen_commandline_t, 1024),
        OFF(struct xen_varbuf, buf, 4),
        VAL(XENVER_version, 0),
        VAL(XENVER_extraversion, 1),
        VAL(XENVER_compile_info, 2),
        VAL(XENVER_capabilities, 3),
        VAL(XENVER_changeset, 4),
        VAL(XENVER_platform_parameters, 5),
        VAL(XENVER_get_features, 6),
        VAL(XENVER_pagesize, 7),
        VAL(XENVER_guest_handle, 8),
        VAL(XENVER_commandline, 9),
        VAL(XENVER_build_id, 10),
        VAL(XENVER_commandline2, 14),
        VAL(XENFEAT_writable_page_tables, 0),
        VAL(XENFEAT_auto_translated_physmap, 2),
        VAL(XENFEAT_hvm_callback_vector, 8),
        VAL(XENFEAT_hvm_safe_pvclock, 9),
        VAL(XENFEAT_hvm_pirqs, 10),
        VAL(XENFEAT_dom0, 11),
        VAL(XENFEAT_not_direct_mapped, 16),
        VAL(XENFEAT_dm_msix_all_writes, 20),
        VAL(XENFEAT_NR_SUBMAPS, 1),
    };

    (void)state;
    CHECK(facts);
}

static void test_cpuid_elfnote(void **state)
{
    static const struct fact facts[] = {
        VAL(XEN_CPUID_FIRST_LEAF, 0x40000000),
        VAL(XEN_CPUID_LEAF(4), 0x40000004),
        VAL(XEN_CPUID_SIGNATURE_EBX, 0x566e6558),
        VAL(XEN_CPUID_SIGNATURE_ECX, 0x65584d4d),
        VAL(XEN_CPUID_SIGNATURE_EDX, 0x4d4d566e),
        VAL(XEN_CPUID_MAX_NUM_LEAVES, 5),
        VAL(XEN_HVM_CPUID_VCPU_ID_PRESENT, 1 << 3),
        VAL(XEN_HVM_CPUID_DOMID_PRESENT, 1 << 4),
        VAL(XEN_HVM_CPUID_UPCALL_VECTOR, 1 << 6),
        VAL(XEN_ELFNOTE_ENTRY, 1),
        VAL(XEN_ELFNOTE_XEN_VERSION, 5),
        VAL(XEN_ELFNOTE_GUEST_OS, 6),
        VAL(XEN_ELFNOTE_FEATURES, 10),
        VAL(XEN_ELFNOTE_SUPPORTED_FEATURES, 17),
        VAL(XEN_ELFNOTE_PHYS32_ENTRY, 18),
        VAL(XEN_ELFNOTE_PHYS32_RELOC, 19),
    };
    /* The signature registers spell "XenVMMXenVMM" in EBX, ECX, EDX order. */
    const uint32_t sig[3] = {XEN_CPUID_SIGNATURE_EBX, XEN_CPUID_SIGNATURE_ECX,
                             XEN_CPUID_SIGNATURE_EDX};

    (void)state;
    CHECK(facts);
    assert_memory_equal(sig, "XenVMMXenVMM", 12);
}

static void test_sched_vcpu(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct sched_shutdown, 4),
        SIZE(struct sched_poll, 24),
        OFF(struct sched_poll, nr_ports, 8),
        OFF(struct sched_poll, timeout, 16),
        SIZE(struct sched_remote_shutdown, 8),
        OFF(struct sched_remote_shutdown, reason, 4),
        SIZE(struct sched_watchdog, 8),
        VAL(SCHEDOP_yield, 0),
        VAL(SCHEDOP_block, 1),
        VAL(SCHEDOP_shutdown, 2),
        VAL(SCHEDOP_poll, 3),
        VAL(SCHEDOP_remote_shutdown, 4),
        VAL(SCHEDOP_shutdown_code, 5),
        VAL(SCHEDOP_watchdog, 6),
        VAL(SHUTDOWN_poweroff, 0),
        VAL(SHUTDOWN_reboot, 1),
        VAL(SHUTDOWN_suspend, 2),
        VAL(SHUTDOWN_crash, 3),
        VAL(SHUTDOWN_watchdog, 4),
        VAL(SHUTDOWN_soft_reset, 5),
        SIZE(struct vcpu_runstate_info, 48),
        OFF(struct vcpu_runstate_info, state_entry_time, 8),
        OFF(struct vcpu_runstate_info, time, 16),
        SIZE(struct vcpu_register_runstate_memory_area, 8),
        SIZE(struct vcpu_set_periodic_timer, 8),
        SIZE(struct vcpu_set_singleshot_timer, 16),
        OFF(struct vcpu_set_singleshot_timer, flags, 8),
        SIZE(struct vcpu_register_vcpu_info, 16),
        OFF(struct vcpu_register_vcpu_info, offset, 8),
        OFF(struct vcpu_register_vcpu_info, rsvd, 12),
        SIZE(struct vcpu_register_time_memory_area, 8),
        VAL(VCPUOP_register_runstate_memory_area, 5),
        VAL(VCPUOP_set_periodic_timer, 6),
        VAL(VCPUOP_stop_periodic_timer, 7),
        VAL(VCPUOP_set_singleshot_timer, 8),
        VAL(VCPUOP_stop_singleshot_timer, 9),
        VAL(VCPUOP_register_vcpu_info, 10),
        VAL(VCPUOP_register_vcpu_time_memory_area, 13),
        VAL(RUNSTATE_offline, 3),
    };

    (void)state;
    CHECK(facts);
    assert_true(XEN_RUNSTATE_UPDATE == 0x8000000000000000ULL);
}

static void test_memory(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct xen_memory_reservation, 32),
        OFF(struct xen_memory_reservation, nr_extents, 8),
        OFF(struct xen_memory_reservation, extent_order, 16),
        OFF(struct xen_memory_reservation, mem_flags, 20),
        OFF(struct xen_memory_reservation, domid, 24),
        SIZE(struct xen_add_to_physmap, 24),
        OFF(struct xen_add_to_physmap, size, 2),
        OFF(struct xen_add_to_physmap, space, 4),
        OFF(struct xen_add_to_physmap, idx, 8),
        OFF(struct xen_add_to_physmap, gpfn, 16),
        SIZE(struct xen_add_to_physmap_batch, 32),
        OFF(struct xen_add_to_physmap_batch, u, 6),
        OFF(struct xen_add_to_physmap_batch, gpfns, 16),
        OFF(struct xen_add_to_physmap_batch, errs, 24),
        SIZE(struct xen_remove_from_physmap, 16),
        SIZE(struct xen_memory_map, 16),
        OFF(struct xen_memory_map, buffer, 8),
        SIZE(struct xen_foreign_memory_map, 24),
        SIZE(struct e820entry, 20),
        OFF(struct e820entry, size, 8),
        OFF(struct e820entry, type, 16),
        VAL(XENMEM_increase_reservation, 0),
        VAL(XENMEM_decrease_reservation, 1),
        VAL(XENMEM_current_reservation, 3),
        VAL(XENMEM_populate_physmap, 6),
        VAL(XENMEM_add_to_physmap, 7),
        VAL(XENMEM_memory_map, 9),
        VAL(XENMEM_remove_from_physmap, 15),
        VAL(XENMEM_add_to_physmap_batch, 23),
        VAL(XENMEM_acquire_resource, 28),
        VAL(XENMAPSPACE_shared_info, 0),
        VAL(XENMAPSPACE_grant_table, 1),
        VAL(XENMAPSPACE_gmfn, 2),
        VAL(XENMAPSPACE_gmfn_range, 3),
        VAL(XENMAPSPACE_gmfn_foreign, 4),
    };
    /* The memory map buffer is an array of packed 20-byte records. */
    struct e820entry map[2];

    (void)state;
    CHECK(facts);
    assert_int_equal((char *)&map[1] - (char *)&map[0], 20);
}

static void test_hvm(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct hvm_start_info, 56),
        OFF(struct hvm_start_info, version, 4),
        OFF(struct hvm_start_info, flags, 8),
        OFF(struct hvm_start_info, nr_modules, 12),
        OFF(struct hvm_start_info, modlist_paddr, 16),
        OFF(struct hvm_start_info, cmdline_paddr, 24),
        OFF(struct hvm_start_info, rsdp_paddr, 32),
        OFF(struct hvm_start_info, memmap_paddr, 40),
        OFF(struct hvm_start_info, memmap_entries, 48),
        OFF(struct hvm_start_info, reserved, 52),
        SIZE(struct hvm_modlist_entry, 32),
        OFF(struct hvm_modlist_entry, size, 8),
        OFF(struct hvm_modlist_entry, cmdline_paddr, 16),
        SIZE(struct hvm_memmap_table_entry, 24),
        OFF(struct hvm_memmap_table_entry, type, 16),
        OFF(struct hvm_memmap_table_entry, reserved, 20),
        VAL(XEN_HVM_START_MAGIC_VALUE, 0x336ec578),
        VAL(XEN_HVM_MEMMAP_TYPE_RAM, 1),
        VAL(XEN_HVM_MEMMAP_TYPE_RESERVED, 2),
        VAL(XEN_HVM_MEMMAP_TYPE_ACPI, 3),
        VAL(XEN_HVM_MEMMAP_TYPE_NVS, 4),
        VAL(XEN_HVM_MEMMAP_TYPE_PMEM, 7),
        SIZE(struct xen_hvm_param, 16),
        OFF(struct xen_hvm_param, index, 4),
        OFF(struct xen_hvm_param, value, 8),
        SIZE(struct xen_hvm_pagetable_dying, 16),
        SIZE(struct xen_hvm_get_time, 8),
        SIZE(struct xen_hvm_evtchn_upcall_vector, 8),
        OFF(struct xen_hvm_evtchn_upcall_vector, vector, 4),
        VAL(HVMOP_set_param, 0),
        VAL(HVMOP_get_param, 1),
        VAL(HVMOP_pagetable_dying, 9),
        VAL(HVMOP_set_evtchn_upcall_vector, 23),
        VAL(HVM_PARAM_CALLBACK_IRQ, 0),
        VAL(HVM_PARAM_STORE_PFN, 1),
        VAL(HVM_PARAM_STORE_EVTCHN, 2),
        VAL(HVM_PARAM_CONSOLE_PFN, 17),
        VAL(HVM_PARAM_CONSOLE_EVTCHN, 18),
        VAL(HVM_PARAM_CALLBACK_TYPE_GSI, 0),
        VAL(HVM_PARAM_CALLBACK_TYPE_PCI_INTX, 1),
        VAL(HVM_PARAM_CALLBACK_TYPE_VECTOR, 2),
        VAL(HVM_NR_PARAMS, 39),
    };
    /* The value Linux writes to HVM_PARAM_CALLBACK_IRQ: type "vector" in bits 63:56, 0xF3. */
    uint64_t linux_callback = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | 0xF3;

    (void)state;
    CHECK(facts);
    assert_true(linux_callback == 0x02000000000000F3ULL);
    assert_true((linux_callback & HVM_PARAM_CALLBACK_IRQ_TYPE_MASK) >> 56 == 2);
    /* "xEn3" with bit 7 of 'E' set, little-endian. */
    assert_memory_equal(&(uint32_t){XEN_HVM_START_MAGIC_VALUE}, "x\xc5n3", 4);
}

static void test_event_channel(void **state)
{
    static const struct fact facts[] = {
        SIZE(evtchn_port_t, 4),
        SIZE(struct evtchn_alloc_unbound, 8),
        OFF(struct evtchn_alloc_unbound, remote_dom, 2),
        OFF(struct evtchn_alloc_unbound, port, 4),
        SIZE(struct evtchn_bind_interdomain, 12),
        OFF(struct evtchn_bind_interdomain, remote_port, 4),
        OFF(struct evtchn_bind_interdomain, local_port, 8),
        SIZE(struct evtchn_bind_virq, 12),
        OFF(struct evtchn_bind_virq, port, 8),
        SIZE(struct evtchn_bind_pirq, 12),
        SIZE(struct evtchn_bind_ipi, 8),
        SIZE(struct evtchn_close, 4),
        SIZE(struct evtchn_send, 4),
        SIZE(struct evtchn_status, 24),
        OFF(struct evtchn_status, status, 8),
        OFF(struct evtchn_status, vcpu, 12),
        OFF(struct evtchn_status, u, 16),
        OFF(struct evtchn_status, u.interdomain.port, 20),
        SIZE(struct evtchn_bind_vcpu, 8),
        SIZE(struct evtchn_unmask, 4),
        SIZE(struct evtchn_reset, 2),
        SIZE(struct evtchn_init_control, 24),
        OFF(struct evtchn_init_control, offset, 8),
        OFF(struct evtchn_init_control, vcpu, 12),
        OFF(struct evtchn_init_control, link_bits, 16),
        SIZE(struct evtchn_expand_array, 8),
        SIZE(struct evtchn_set_priority, 8),
        SIZE(struct evtchn_fifo_control_block, 72),
        OFF(struct evtchn_fifo_control_block, head, 8),
        VAL(EVTCHNOP_bind_interdomain, 0),
        VAL(EVTCHNOP_bind_virq, 1),
        VAL(EVTCHNOP_close, 3),
        VAL(EVTCHNOP_send, 4),
        VAL(EVTCHNOP_status, 5),
        VAL(EVTCHNOP_alloc_unbound, 6),
        VAL(EVTCHNOP_bind_ipi, 7),
        VAL(EVTCHNOP_bind_vcpu, 8),
        VAL(EVTCHNOP_unmask, 9),
        VAL(EVTCHNOP_reset, 10),
        VAL(EVTCHNOP_init_control, 11),
        VAL(EVTCHNOP_expand_array, 12),
        VAL(EVTCHNOP_set_priority, 13),
        VAL(EVTCHN_2L_NR_CHANNELS, 4096),
        VAL(EVTCHN_FIFO_NR_CHANNELS, 131072),
    };

    (void)state;
    CHECK(facts);
}

static void test_grant_table(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct grant_entry_v1, 8),
        OFF(struct grant_entry_v1, domid, 2),
        OFF(struct grant_entry_v1, frame, 4),
        SIZE(union grant_entry_v2, 16),
        SIZE(struct gnttab_map_grant_ref, 32),
        OFF(struct gnttab_map_grant_ref, flags, 8),
        OFF(struct gnttab_map_grant_ref, ref, 12),
        OFF(struct gnttab_map_grant_ref, dom, 16),
        OFF(struct gnttab_map_grant_ref, status, 18),
        OFF(struct gnttab_map_grant_ref, handle, 20),
        OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24),
        SIZE(struct gnttab_unmap_grant_ref, 24),
        OFF(struct gnttab_unmap_grant_ref, handle, 16),
        OFF(struct gnttab_unmap_grant_ref, status, 20),
        SIZE(struct gnttab_setup_table, 24),
        OFF(struct gnttab_setup_table, status, 8),
        OFF(struct gnttab_setup_table, frame_list, 16),
        SIZE(struct gnttab_transfer, 24),
        SIZE(struct gnttab_copy, 40),
        OFF(struct gnttab_copy, source.domid, 8),
        OFF(struct gnttab_copy, source.offset, 10),
        OFF(struct gnttab_copy, dest, 16),
        OFF(struct gnttab_copy, len, 32),
        OFF(struct gnttab_copy, flags, 34),
        OFF(struct gnttab_copy, status, 36),
        SIZE(struct gnttab_query_size, 16),
        OFF(struct gnttab_query_size, max_nr_frames, 8),
        OFF(struct gnttab_query_size, status, 12),
        SIZE(struct gnttab_set_version, 4),
        SIZE(struct gnttab_get_status_frames, 16),
        SIZE(struct gnttab_get_version, 8),
        SIZE(struct gnttab_cache_flush, 16),
        VAL(GNTTABOP_map_grant_ref, 0),
        VAL(GNTTABOP_unmap_grant_ref, 1),
        VAL(GNTTABOP_setup_table, 2),
        VAL(GNTTABOP_copy, 5),
        VAL(GNTTABOP_query_size, 6),
        VAL(GNTTABOP_set_version, 8),
        VAL(GNTTABOP_get_version, 10),
        VAL(GNTTABOP_cache_flush, 12),
        VAL(GTF_permit_access, 1),
        VAL(GTF_readonly, 4),
        VAL(GTF_reading, 8),
        VAL(GTF_writing, 16),
        VAL(GNTMAP_host_map, 2),
        VAL(GNTMAP_readonly, 4),
    };

    (void)state;
    CHECK(facts);
    assert_int_equal(GNTST_bad_copy_arg, -10);
    assert_int_equal(GNTST_no_space, -13);
}

/* The control ABI: Xen 4.17's domctl layouts (interface version 0x15) for what is implemented. */
static void test_domctl(void **state)
{
    static const struct fact facts[] = {
        VAL(__HYPERVISOR_domctl, 36),
        VAL(XEN_DOMCTL_INTERFACE_VERSION, 0x15),
        SIZE(struct xen_domctl, 144),
        OFF(struct xen_domctl, interface_version, 4),
        OFF(struct xen_domctl, domain, 8),
        OFF(struct xen_domctl, u, 16),
        SIZE(struct xenctl_bitmap, 16),
        OFF(struct xenctl_bitmap, nr_bits, 8),
        SIZE(struct xen_domctl_getdomaininfo, 112),
        OFF(struct xen_domctl_getdomaininfo, flags, 4),
        OFF(struct xen_domctl_getdomaininfo, tot_pages, 8),
        OFF(struct xen_domctl_getdomaininfo, shared_info_frame, 48),
        OFF(struct xen_domctl_getdomaininfo, cpu_time, 56),
        OFF(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64),
        OFF(struct xen_domctl_getdomaininfo, max_vcpu_id, 68),
        OFF(struct xen_domctl_getdomaininfo, cpupool, 92),
        OFF(struct xen_domctl_getdomaininfo, gpaddr_bits, 96),
        OFF(struct xen_domctl_getdomaininfo, arch, 104),
        SIZE(struct xen_domctl_getvcpuinfo, 24),
        OFF(struct xen_domctl_getvcpuinfo, online, 4),
        OFF(struct xen_domctl_getvcpuinfo, blocked, 5),
        OFF(struct xen_domctl_getvcpuinfo, running, 6),
        OFF(struct xen_domctl_getvcpuinfo, cpu_time, 8),
        OFF(struct xen_domctl_getvcpuinfo, cpu, 16),
        SIZE(struct xen_domctl_vcpuaffinity, 40),
        OFF(struct xen_domctl_vcpuaffinity, flags, 4),
        OFF(struct xen_domctl_vcpuaffinity, cpumap_hard, 8),
        OFF(struct xen_domctl_vcpuaffinity, cpumap_soft, 24),
        SIZE(struct xen_domctl_scheduler_op, 24),
        OFF(struct xen_domctl_scheduler_op, cmd, 4),
        OFF(struct xen_domctl_scheduler_op, u.credit2.weight, 8),
        OFF(struct xen_domctl_scheduler_op, u.credit2.cap, 10),
        SIZE(struct xen_domctl_sched_credit, 4),
        VAL(XEN_DOMCTL_getdomaininfo, 5),
        VAL(XEN_DOMCTL_setvcpuaffinity, 9),
        VAL(XEN_DOMCTL_getvcpuinfo, 14),
        VAL(XEN_DOMCTL_scheduler_op, 16),
        VAL(XEN_DOMCTL_getvcpuaffinity, 25),
        VAL(XEN_SCHEDULER_CREDIT, 5),
        VAL(XEN_SCHEDULER_CREDIT2, 6),
        VAL(XEN_DOMCTL_SCHEDOP_putinfo, 0),
        VAL(XEN_DOMCTL_SCHEDOP_getinfo, 1),
        VAL(XEN_DOMCTL_SCHEDOP_putvcpuinfo, 2),
        VAL(XEN_DOMCTL_SCHEDOP_getvcpuinfo, 3),
        VAL(XEN_VCPUAFFINITY_HARD, 1),
        VAL(XEN_VCPUAFFINITY_SOFT, 2),
        VAL(XEN_VCPUAFFINITY_FORCE, 4),
        VAL(XEN_DOMINF_hvm_guest, 2),
        VAL(XEN_DOMINF_hap, 0x100),
        VAL(XEN_DOMINF_shutdownshift, 16),
        VAL(XEN_EACCES, 13),
        VAL(XEN_ESRCH, 3),
    };

    (void)state;
    CHECK(facts);
}

static void test_console_errno(void **state)
{
    static const struct fact facts[] = {
        SIZE(struct xencons_interface, 3092),
        OFF(struct xencons_interface, out, 1024),
        OFF(struct xencons_interface, in_cons, 3072),
        OFF(struct xencons_interface, in_prod, 3076),
        OFF(struct xencons_interface, out_cons, 3080),
        OFF(struct xencons_interface, out_prod, 3084),
        OFF(struct xencons_interface, connection, 3088),
        VAL(XEN_EPERM, 1),
        VAL(XEN_EFAULT, 14),
        VAL(XEN_EINVAL, 22),
        VAL(XEN_ENOSYS, 38),
    };
    struct xencons_interface ring;

    (void)state;
    CHECK(facts);
    assert_int_equal(MASK_XENCONS_IDX(2049u, ring.out), 1);
    assert_int_equal(MASK_XENCONS_IDX(1025u, ring.in), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xen_h),
        cmocka_unit_test(test_guest_handle),
        cmocka_unit_test(test_version_features),
        cmocka_unit_test(test_cpuid_elfnote),
        cmocka_unit_test(test_sched_vcpu),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_hvm),
        cmocka_unit_test(test_event_channel),
        cmocka_unit_test(test_grant_table),
        cmocka_unit_test(test_domctl),
        cmocka_unit_test(test_console_errno),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
