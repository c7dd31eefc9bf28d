/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * version: every sub-operation of xen_version a guest uses (guest-abi.md 2.8, 3.2). Linux
 * prints XENVER_version and XENVER_extraversion in its banner (it prints the extraversion
 * buffer even when the call fails, so garbage there shows in every boot log), decides on
 * xenstore features from the major version, and takes its whole PVH configuration from
 * XENVER_get_features: a missing auto_translated_physmap bit sends it down PV paths, a stray
 * hvm_pirqs bit reroutes every interrupt.
 *
 * Each string result lands in a buffer followed by a canary, so a hypervisor that copies more
 * than the ABI's fixed size is caught, and each must be NUL-terminated within its size.
 */
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "version: xen_version sub-operations";

#define CANARY      64
#define CANARY_BYTE 0xa5

/* A result buffer of up to 1024 bytes plus its canary. */
static char buf[1024 + CANARY];

/* Calls xen_version(cmd) into buf; checks the result, the NUL and the canary. */
static bool get_string(const char *name, unsigned int cmd, size_t size)
{
    long rc;
    size_t len;

    memset(buf, CANARY_BYTE, sizeof(buf));
    rc = hypercall_xen_version(cmd, buf);
    if (rc != 0) {
        test_failure("%s returned %ld, expected 0", name, rc);
        return false;
    }
    len = strnlen(buf, size);
    if (len == size) {
        test_failure("%s: no NUL within its %zu bytes", name, size);
        return false;
    }
    if (mem_first_not(buf + size, CANARY_BYTE, CANARY) != CANARY) {
        test_failure("%s wrote beyond its %zu bytes", name, size);
        return false;
    }
    return true;
}

static void check_version(void)
{
    struct cpuid_regs r;
    long rc = hypercall_xen_version(XENVER_version, NULL);
    long rc2;

    if (rc < 0) {
        test_failure("XENVER_version returned %ld", rc);
        return;
    }
    printf("version: XENVER_version: %ld.%ld\n", rc >> 16, rc & 0xffff);
    if ((rc >> 16) < 4) {
        test_failure("XENVER_version: major %ld, expected >= 4 (Linux needs it)", rc >> 16);
    }
    cpuid(xen_cpuid_base() + 1, &r);
    if ((uint32_t)rc != r.eax) {
        test_failure("XENVER_version %#lx differs from CPUID %#x EAX %#x", rc, xen_cpuid_base() + 1,
                     r.eax);
    }
    /* The argument of XENVER_version is ignored, whatever it is. */
    rc2 = hypercall_xen_version(XENVER_version, (void *)0x8000000000000000ULL);
    if (rc2 != rc) {
        test_failure("XENVER_version with a junk argument returned %ld", rc2);
    }
}

static void check_strings(void)
{
    const struct xen_compile_info *ci = (const void *)buf;

    if (get_string("XENVER_extraversion", XENVER_extraversion, XEN_EXTRAVERSION_LEN)) {
        printf("version: XENVER_extraversion: \"%s\"\n", buf);
    }
    if (get_string("XENVER_compile_info", XENVER_compile_info, sizeof(*ci))) {
        if (strnlen(ci->compiler, sizeof(ci->compiler)) == sizeof(ci->compiler) ||
            strnlen(ci->compile_by, sizeof(ci->compile_by)) == sizeof(ci->compile_by) ||
            strnlen(ci->compile_domain, sizeof(ci->compile_domain)) == sizeof(ci->compile_domain) ||
            strnlen(ci->compile_date, sizeof(ci->compile_date)) == sizeof(ci->compile_date)) {
            test_failure("XENVER_compile_info: a field lacks its NUL");
        } else {
            printf("version: XENVER_compile_info: \"%s\" \"%s\" \"%s\" \"%s\"\n", ci->compiler,
                   ci->compile_by, ci->compile_domain, ci->compile_date);
        }
    }
    if (get_string("XENVER_capabilities", XENVER_capabilities, XEN_CAPABILITIES_INFO_LEN)) {
        printf("version: XENVER_capabilities: \"%s\"\n", buf);
        if (!strstr(buf, "hvm-3.0-x86_64")) {
            test_failure("XENVER_capabilities lacks \"hvm-3.0-x86_64\"");
        }
    }
    if (get_string("XENVER_changeset", XENVER_changeset, XEN_CHANGESET_INFO_LEN)) {
        printf("version: XENVER_changeset: \"%s\"\n", buf);
    }
}

static void check_platform_parameters(void)
{
    struct {
        struct xen_platform_parameters p;
        uint8_t canary[CANARY];
    } out;
    long rc;

    memset(&out, CANARY_BYTE, sizeof(out));
    rc = hypercall_xen_version(XENVER_platform_parameters, &out);
    if (rc != 0) {
        test_failure("XENVER_platform_parameters returned %ld", rc);
        return;
    }
    printf("version: XENVER_platform_parameters: virt_start %#lx\n", out.p.virt_start);
    /* Current Xen says 0 to HVM/PVH guests; older Xen said HYPERVISOR_VIRT_START. */
    if (out.p.virt_start != 0 && out.p.virt_start != HYPERVISOR_VIRT_START) {
        test_failure("XENVER_platform_parameters: virt_start %#lx, expected 0", out.p.virt_start);
    }
    if (mem_first_not(out.canary, CANARY_BYTE, CANARY) != CANARY) {
        test_failure("XENVER_platform_parameters wrote beyond its 8 bytes");
    }
}

static void check_features(void)
{
    /* Bits that must be clear for a PVH guest (guest-abi.md 3.2). */
    static const unsigned int must_be_clear[] = {
        XENFEAT_writable_descriptor_tables, XENFEAT_supervisor_mode_kernel,
        XENFEAT_mmu_pt_update_preserve_ad,  XENFEAT_highmem_assist,
        XENFEAT_gnttab_map_avail_bits,      XENFEAT_hvm_pirqs,
    };
    struct xen_feature_info fi = {.submap_idx = 0, .submap = 0xdeadbeef};
    bool dom0 = start_info_valid() && (start_info->flags & SIF_INITDOMAIN);
    unsigned int i;
    long rc;

    rc = hypercall_xen_version(XENVER_get_features, &fi);
    if (rc != 0) {
        test_failure("XENVER_get_features(0) returned %ld", rc);
        return;
    }
    printf("version: XENVER_get_features: submap 0 = %#x\n", fi.submap);
    if (fi.submap_idx != 0) {
        test_failure("XENVER_get_features changed submap_idx to %u", fi.submap_idx);
    }
    if (!(fi.submap & (1U << XENFEAT_auto_translated_physmap))) {
        test_failure("XENVER_get_features: auto_translated_physmap (bit 2) is clear");
    }
    for (i = 0; i < ARRAY_SIZE(must_be_clear); i++) {
        if (fi.submap & (1U << must_be_clear[i])) {
            test_failure("XENVER_get_features: bit %u is set for a PVH guest", must_be_clear[i]);
        }
    }
    if (!!(fi.submap & (1U << XENFEAT_dom0)) != dom0) {
        test_failure("XENVER_get_features: dom0 bit %s, but SIF_INITDOMAIN is %s",
                     dom0 ? "clear" : "set", dom0 ? "set" : "clear");
    }

    /* Only submap 0 exists. */
    fi.submap_idx = XENFEAT_NR_SUBMAPS;
    rc = hypercall_xen_version(XENVER_get_features, &fi);
    if (rc != -XEN_EINVAL) {
        test_failure("XENVER_get_features(%u) returned %ld, expected %d", XENFEAT_NR_SUBMAPS, rc,
                     -XEN_EINVAL);
    }
    fi.submap_idx = 0xffffffff;
    rc = hypercall_xen_version(XENVER_get_features, &fi);
    if (rc != -XEN_EINVAL) {
        test_failure("XENVER_get_features(0xffffffff) returned %ld, expected %d", rc, -XEN_EINVAL);
    }
}

static void check_misc(void)
{
    long rc = hypercall_xen_version(XENVER_pagesize, NULL);

    printf("version: XENVER_pagesize: %ld\n", rc);
    if (rc != PAGE_SIZE) {
        test_failure("XENVER_pagesize returned %ld, expected %d", rc, PAGE_SIZE);
    }
    rc = hypercall_xen_version(0x7fff, NULL);
    if (rc != -XEN_ENOSYS) {
        test_failure("xen_version(0x7fff) returned %ld, expected %d", rc, -XEN_ENOSYS);
    }
}

void test_main(void)
{
    check_version();
    check_strings();
    check_platform_parameters();
    check_features();
    check_misc();
    if (!test_failed()) {
        test_success();
    }
}
