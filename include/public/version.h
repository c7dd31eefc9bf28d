/* SPDX-License-Identifier: MIT */
/*
 * xen_version(cmd, arg): what the hypervisor is and what it offers. Every command is allowed
 * to every domain. Unless stated otherwise a command returns 0 on success, -XEN_EFAULT when
 * `arg` cannot be written, and an unknown command returns -XEN_ENOSYS.
 *
 * The string results are fixed-size character arrays that the hypervisor copies whole; the
 * text is NUL-terminated inside the array and the bytes after the NUL are zero.
 */
#ifndef XEN_PUBLIC_VERSION_H
#define XEN_PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

/*
 * XENVER_version: `arg` is ignored; returns (major << 16) | minor, the same value as CPUID
 * leaf base + 1. Linux requires major >= 4 for some xenstore features.
 */
#define XENVER_version 0

/* XENVER_extraversion: OUT `arg` -> xen_extraversion_t, the version suffix (e.g. "-rc1"). */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* XENVER_compile_info: OUT `arg` -> struct xen_compile_info, four strings about the build. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];       /* 0: compiler name and version. */
    char compile_by[16];     /* 64: user who built it. */
    char compile_domain[32]; /* 80: that user's domain. */
    char compile_date[32];   /* 112: date of the build. */
};
typedef struct xen_compile_info xen_compile_info_t;
_Static_assert(sizeof(struct xen_compile_info) == 144, "xen_compile_info size");
_Static_assert(offsetof(struct xen_compile_info, compile_by) == 64, "compile_info.compile_by");
_Static_assert(offsetof(struct xen_compile_info, compile_domain) == 80, "compile_info.domain");
_Static_assert(offsetof(struct xen_compile_info, compile_date) == 112, "compile_info.date");

/*
 * XENVER_capabilities: OUT `arg` -> xen_capabilities_info_t, a space-separated list of the
 * guest kinds the hypervisor can run, such as "hvm-3.0-x86_64" (64-bit HVM/PVH guests).
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* XENVER_changeset: OUT `arg` -> xen_changeset_info_t, the source revision of the build. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/*
 * XENVER_platform_parameters: OUT `arg` -> struct xen_platform_parameters. virt_start is the
 * start of the hypervisor's reserved virtual range for a PV guest; current Xen reports 0 to
 * HVM/PVH guests, which own their whole address space (older Xen: HYPERVISOR_VIRT_START).
 */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start; /* 0: OUT */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;
_Static_assert(sizeof(struct xen_platform_parameters) == 8, "xen_platform_parameters size");

/*
 * XENVER_get_features: IN/OUT `arg` -> struct xen_feature_info. The guest names a 32-bit
 * submap; the hypervisor returns its XENFEAT_* bits (features.h). A submap_idx of
 * XENFEAT_NR_SUBMAPS or more fails with -XEN_EINVAL.
 */
#define XENVER_get_features 6
struct xen_feature_info {
    uint32_t submap_idx; /* 0: IN which submap (bits 32 * idx .. 32 * idx + 31). */
    uint32_t submap;     /* 4: OUT the feature bits. */
};
typedef struct xen_feature_info xen_feature_info_t;
_Static_assert(sizeof(struct xen_feature_info) == 8, "xen_feature_info size");
_Static_assert(offsetof(struct xen_feature_info, submap) == 4, "xen_feature_info.submap");

/* XENVER_pagesize: `arg` is ignored; returns the page size in bytes (4096 on x86). */
#define XENVER_pagesize 7

/* XENVER_guest_handle: OUT `arg` -> 16 bytes, the domain's handle (UUID) from the toolstack. */
#define XENVER_guest_handle 8

/* XENVER_commandline: OUT `arg` -> xen_commandline_t, the hypervisor command line. */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * Variable-length forms of the string commands (newer Xen). IN `len` is the size of buf; OUT
 * buf holds the data, not NUL-terminated, and the return value is its length. A buffer too
 * small fails with -XEN_ENOBUFS; a NULL handle asks for the length only.
 */
#define XENVER_build_id      10
#define XENVER_extraversion2 11
#define XENVER_capabilities2 12
#define XENVER_changeset2    13
#define XENVER_commandline2  14
struct xen_varbuf {
    uint32_t len;        /* 0: IN size of buf in bytes. */
    unsigned char buf[]; /* 4: OUT the data. */
};
typedef struct xen_varbuf xen_varbuf_t;
_Static_assert(offsetof(struct xen_varbuf, buf) == 4, "xen_varbuf.buf");

#endif /* XEN_PUBLIC_VERSION_H */
