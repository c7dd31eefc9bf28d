/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one way the hypervisor touches guest memory (architecture.md: "Guest memory is accessed
 * only through one layer"). Guest-virtual addresses go through the guest's own page tables
 * and then the p2m; guest-physical ones through the p2m only. Every address that is not
 * present, not permitted, not canonical, or not the domain's RAM gives -EFAULT; nothing a
 * guest passes can make the hypervisor fault.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <hv/domain.h>
#include <hv/types.h>

/*
 * Copy `len` bytes from/to guest-virtual `gva` in `v`'s current address space, with
 * supervisor-mode permissions (writes honour CR0.WP). Pre: `v` is the calling CPU's vCPU and
 * is not running. Returns 0 or -EFAULT (the copy may then be partly done).
 */
int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len);
int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len);

/* Copy from/to guest-physical memory of `d` (RAM only). Returns 0 or -EFAULT. */
int copy_from_gpa(struct domain *d, void *dst, uint64_t gpa, size_t len);
int copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, size_t len);
int zero_gpa(struct domain *d, uint64_t gpa, size_t len);

/* Fetch up to `len` instruction bytes at `v`'s CS:RIP; returns how many could be read. */
size_t fetch_guest_insn(struct vcpu *v, uint8_t *buf, size_t len);

#endif /* HV_GUEST_ACCESS_H */
