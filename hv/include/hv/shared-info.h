/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The per-domain shared_info page and each vCPU's vcpu_info (guest-abi.md 3.3): where the
 * hypervisor publishes event-pending state and time for the guest.
 *
 * shared_info is a hypervisor-owned frame allocated with the domain; the guest maps it where
 * it likes (XENMEM_add_to_physmap). A vCPU's vcpu_info starts in its shared_info slot (vCPUs
 * 0-31) and may move once to guest memory (VCPUOP_register_vcpu_info).
 */
#ifndef HV_SHARED_INFO_H
#define HV_SHARED_INFO_H

#include <hv/domain.h>

struct shared_info;
struct vcpu_info;

/* Allocate and clear `d`'s shared_info and point every vCPU at its slot. -ENOMEM on failure. */
int shared_info_init(struct domain *d);
void shared_info_teardown(struct domain *d);

/*
 * XENMAPSPACE_shared_info: map the page at guest frame `gfn`, moving it if it was mapped
 * elsewhere. Returns 0, -EINVAL (gfn outside the guest-physical space) or -ENOMEM.
 */
int shared_info_map(struct domain *d, uint64_t gfn);

/* XENMEM_remove_from_physmap of the shared_info gfn: 0, or -ENOENT when it is not mapped. */
int shared_info_unmap(struct domain *d);

/*
 * VCPUOP_register_vcpu_info for vCPU `target` of `d`: the 64 bytes at `offset` of guest frame
 * `gfn` become its vcpu_info. Returns 0, -EINVAL (crosses a page, not 8-byte aligned, not RAM,
 * bad rsvd), -EBUSY (registered before).
 */
int vcpu_info_register(struct domain *d, struct vcpu *target, uint64_t gfn, uint32_t offset);

/*
 * Mark an event upcall pending for `v` (evtchn_upcall_pending = 1); when it was clear, kick
 * `v` so the upcall is delivered: woken if it waits, made to exit if it runs elsewhere.
 * Context: any.
 */
void vcpu_mark_events_pending(struct vcpu *v);

/*
 * The running vCPU `v` waits for an event upcall (HLT with interrupts on, SCHEDOP_block): it
 * blocks unless one is already pending. Blocking comes first and the check second, so an
 * upcall marked in between (which wakes it) is not lost either.
 */
void vcpu_block_for_events(struct vcpu *v);

/* True when `v` has an upcall pending (its vcpu_info says so). */
bool vcpu_upcall_pending(const struct vcpu *v);

/*
 * Publish current time in `v`'s vcpu_info (pvclock, guest-abi.md 3.4) with the seqlock
 * protocol. Call before the vCPU first runs, when it changes CPU, and periodically.
 */
void vcpu_time_update(struct vcpu *v);

/* Publish the wall-clock time of system time zero in `d`'s shared_info. */
void domain_wallclock_update(struct domain *d);

/*
 * The arch side (hv/arch/x86): make `v` notice new work: an IPI when it runs on another CPU.
 * Context: any.
 */
void arch_vcpu_kick(struct vcpu *v);

/*
 * The arch side: one consistent sample of the guest's TSC (host TSC plus the domain's offset)
 * and of system time, and the pvclock scale from TSC ticks to ns.
 */
void arch_time_sample(const struct domain *d, uint64_t *guest_tsc, s_time_t *system_time);
void arch_pvclock_scale(uint32_t *mul, int8_t *shift);
/* Seconds since the Unix epoch at system time zero (from the RTC), and whether it is valid. */
bool arch_wallclock_at_boot(uint64_t *sec, uint32_t *nsec);

#endif /* HV_SHARED_INFO_H */
