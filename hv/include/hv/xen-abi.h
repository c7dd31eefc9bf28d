/* SPDX-License-Identifier: GPL-2.0-only */
/* The version of Xen's interface Xenolith implements and reports to guests. */
#ifndef HV_XEN_ABI_H
#define HV_XEN_ABI_H

/* Guests see Xen 4.17: Linux enables features by version (4.x: XS_RESET_WATCHES). */
#define XEN_ABI_MAJOR 4
#define XEN_ABI_MINOR 17

#endif /* HV_XEN_ABI_H */
