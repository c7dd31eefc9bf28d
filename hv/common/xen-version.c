/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen_version: what the hypervisor is and offers. Guests see the Xen interface version
 * Xenolith implements (4.17); the extra version and changeset say it is Xenolith.
 */
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <hv/string.h>
#include <hv/xen-abi.h>
#include <public/features.h>
#include <public/version.h>

/* The features of a PVH domU (guest-abi.md 3.2); only submap 0 exists. */
#define PVH_FEATURES                                                                               \
    ((1U << XENFEAT_writable_page_tables) | (1U << XENFEAT_auto_translated_physmap) |              \
     (1U << XENFEAT_hvm_callback_vector) | (1U << XENFEAT_hvm_safe_pvclock) |                      \
     (1U << XENFEAT_not_direct_mapped))

static long copy_string_out(struct vcpu *v, uint64_t gva, const char *s, size_t size)
{
    char buf[1024];

    if (size > sizeof(buf)) {
        return -EINVAL;
    }
    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(v, gva, buf, size) ? -EFAULT : 0;
}

static long get_features(struct vcpu *v, uint64_t gva)
{
    struct xen_feature_info fi;

    if (copy_from_guest(v, &fi, gva, sizeof(fi))) {
        return -EFAULT;
    }
    if (fi.submap_idx != 0) {
        return -EINVAL;
    }
    fi.submap = PVH_FEATURES;
    return copy_to_guest(v, gva, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long compile_info(struct vcpu *v, uint64_t gva)
{
    struct xen_compile_info ci;

    memset(&ci, 0, sizeof(ci));
    strlcpy(ci.compiler, "gcc", sizeof(ci.compiler));
    strlcpy(ci.compile_by, "xenolith", sizeof(ci.compile_by));
    strlcpy(ci.compile_domain, "xenolith", sizeof(ci.compile_domain));
    strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
    return copy_to_guest(v, gva, &ci, sizeof(ci)) ? -EFAULT : 0;
}

long do_xen_version(struct vcpu *v, unsigned long *args)
{
    uint64_t arg = args[1];

    switch (args[0]) {
    case XENVER_version:
        return (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
    case XENVER_extraversion:
        return copy_string_out(v, arg, ".0-xenolith", sizeof(xen_extraversion_t));
    case XENVER_compile_info:
        return compile_info(v, arg);
    case XENVER_capabilities:
        return copy_string_out(v, arg, "hvm-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p",
                               sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string_out(v, arg, "xenolith " XENOLITH_VERSION, sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters: {
        struct xen_platform_parameters pp = {.virt_start = 0};

        /* HVM guests own their whole address space: no hypervisor hole. */
        return copy_to_guest(v, arg, &pp, sizeof(pp)) ? -EFAULT : 0;
    }
    case XENVER_get_features:
        return get_features(v, arg);
    case XENVER_pagesize:
        return PAGE_SIZE;
    case XENVER_guest_handle: {
        uint8_t handle[16] = {0};

        return copy_to_guest(v, arg, handle, sizeof(handle)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
