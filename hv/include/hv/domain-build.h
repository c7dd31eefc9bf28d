/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time domains ("dom0-less" start): every boot module whose command line has domain=
 * becomes a PVH domain (docs/domains.md). A bad spec or image is reported by name and only
 * that domain is skipped.
 */
#ifndef HV_DOMAIN_BUILD_H
#define HV_DOMAIN_BUILD_H

#include <hv/bootinfo.h>

/*
 * Build and start the domains described by the boot modules. Returns how many started.
 * Context: boot CPU, after the scheduler and the HVM backend are up. The modules' memory is
 * given to the page allocator afterwards (domains have copies).
 */
unsigned int build_boot_domains(const struct boot_info *bi);

#endif /* HV_DOMAIN_BUILD_H */
