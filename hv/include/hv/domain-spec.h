/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time domains described on boot-module command lines (docs/domains.md):
 *
 *     -initrd "vmlinux domain=web mem=512M vcpus=2 ramdisk=1 cmdline=\"console=hvc0 quiet\",
 *              initrd.img"
 *
 * domain_spec_parse() turns one module's command line into a struct domain_spec. Whether the
 * specs fit together (unique names, ramdisks that exist and are not kernels) depends on all
 * modules, so the caller parses every module first, then calls the two check helpers.
 * Command lines come from the bootloader: every length and number is bounded and checked,
 * and problems are reported in words, never by overflowing something.
 *
 * Context of every function: any (boot, in practice); none allocates or locks.
 */
#ifndef HV_DOMAIN_SPEC_H
#define HV_DOMAIN_SPEC_H

#include <hv/compiler.h>
#include <hv/types.h>

#define DOMAIN_NAME_MAX      32   /* Name: 1-31 characters of [A-Za-z0-9_.-], plus the NUL. */
#define DOMAIN_CMDLINE_MAX   1024 /* Kernel command line: up to 1023 characters, plus the NUL. */
#define DOMAIN_SPEC_LINE_MAX 4096 /* Longest module command line looked at. */

#define DOMAIN_MEM_MIN        (2ULL << 20)
#define DOMAIN_MEM_MAX        (64ULL << 30)
#define DOMAIN_MEM_DEFAULT    (64ULL << 20)
#define DOMAIN_VCPUS_MAX      64
#define DOMAIN_WEIGHT_MAX     65535
#define DOMAIN_WEIGHT_DEFAULT 256 /* Xen's credit scheduler default. */

#define DOMAIN_NO_RAMDISK 0xFFFFFFFFU /* domain_spec.ramdisk without ramdisk=. */

/* Other key=value options, kept for later features: at most this many, this long. */
#define DOMAIN_SPEC_MAX_EXTRAS 16
#define DOMAIN_SPEC_KEY_MAX    32  /* Key: 1-31 characters of [A-Za-z0-9_.-], plus the NUL. */
#define DOMAIN_SPEC_VALUE_MAX  128 /* Value: up to 127 characters, plus the NUL. */

enum domain_spec_kind {
    DOMAIN_SPEC_NONE, /* No domain= option: not a domain kernel (a ramdisk, say). */
    DOMAIN_SPEC_OK,   /* A valid domain spec. */
    DOMAIN_SPEC_BAD,  /* Meant as a domain kernel (domain= present) but invalid. */
};

struct domain_spec_extra {
    char key[DOMAIN_SPEC_KEY_MAX];
    char value[DOMAIN_SPEC_VALUE_MAX];
};

struct domain_spec {
    enum domain_spec_kind kind;
    char name[DOMAIN_NAME_MAX];       /* domain= */
    uint64_t mem;                     /* mem=, bytes, a multiple of 4 KiB. */
    unsigned int vcpus;               /* vcpus=, 1 .. DOMAIN_VCPUS_MAX. */
    unsigned int ramdisk;             /* ramdisk=, a boot-module index, or DOMAIN_NO_RAMDISK. */
    char cmdline[DOMAIN_CMDLINE_MAX]; /* cmdline=, "" when absent. */
    unsigned int weight;              /* weight=, 1 .. 65535. */
    unsigned int cap;                 /* cap=, percent of one CPU, 0 (none) .. 100 * vcpus. */
    bool console;                     /* console=, the hypervisor serves its console ring. */
    bool privileged;                  /* privileged=, may control other domains (domctl). */
    unsigned int nr_extras;
    struct domain_spec_extra extras[DOMAIN_SPEC_MAX_EXTRAS];
};

/*
 * Parse one boot module's command line `modline` (NULL counts as empty) into *out.
 * The first token is ignored when it has no '=' (loaders pass the file name there). A line
 * without a domain= option is not a domain; a line that cannot be split into tokens
 * (unterminated quote, overlong) counts as one when it contains "domain=".
 * Defaults: mem 64M, vcpus 1, no ramdisk, empty cmdline, weight 256, cap 0, console yes,
 * privileged no.
 * Returns:
 *   0  a valid spec, out->kind = DOMAIN_SPEC_OK;
 *   1  not a domain module, out->kind = DOMAIN_SPEC_NONE, the rest of *out is defaults;
 *   <0 a bad spec, out->kind = DOMAIN_SPEC_BAD, with err (errlen bytes, may be NULL/0) naming
 *      the problem, e.g. "mem=12Q: not a size"; -EINVAL for bad syntax or values, -ERANGE for
 *      numbers out of range, -E2BIG for overlong input, -EEXIST for a repeated option.
 * A full extras list drops the option with a warning (pr_warn) but is no error.
 */
int __must_check domain_spec_parse(const char *modline, struct domain_spec *out, char *err,
                                   size_t errlen);

/*
 * Check that specs[idx]'s name is not used by an earlier DOMAIN_SPEC_OK entry of
 * specs[0 .. nr) (an array parallel to the boot modules), so that the first module wins.
 * Returns 0 (also when specs[idx] is not DOMAIN_SPEC_OK), or -EEXIST with err naming the
 * other module. Pre: idx < nr.
 */
int __must_check domain_spec_check_name(const struct domain_spec *specs, unsigned int nr,
                                        unsigned int idx, char *err, size_t errlen);

/*
 * Check specs[idx]'s ramdisk= against the boot modules specs[0 .. nr): the index must exist
 * and name a module that is not a domain kernel (DOMAIN_SPEC_NONE; a bad spec still counts as
 * a kernel). Several domains may share a ramdisk.
 * Returns 0 (also without ramdisk= or when specs[idx] is not DOMAIN_SPEC_OK), -ENOENT for a
 * missing module or -EINVAL for a kernel, with err saying which. Pre: idx < nr.
 */
int __must_check domain_spec_check_ramdisk(const struct domain_spec *specs, unsigned int nr,
                                           unsigned int idx, char *err, size_t errlen);

#endif /* HV_DOMAIN_SPEC_H */
