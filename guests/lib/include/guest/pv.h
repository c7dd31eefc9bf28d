/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Paravirtual helpers for test kernels: mapping shared_info, reading pvclock system time,
 * and routing event upcalls to a handler (guest-abi.md 3.3-3.5).
 */
#ifndef GUEST_PV_H
#define GUEST_PV_H

#include <guest/lib.h>
#include <public/xen.h>

/* RDTSC ordered after earlier loads. */
uint64_t tsc_ordered(void);

/* Map the shared_info page at the page-aligned `page` of the kernel. Returns the hypercall's result. */
long shared_info_map(void *page);

/* System time in ns from a vcpu_time_info, with the version retry protocol. */
uint64_t pvclock_ns(const struct vcpu_time_info *t);

/*
 * Route the event upcall to IDT vector `vector` with `entry` as its raw handler (which must
 * preserve registers and IRETQ) and set HVM_PARAM_CALLBACK_IRQ. Returns the hypercall's result.
 */
long upcall_vector_set(unsigned int vector, void (*entry)(void));

#endif /* GUEST_PV_H */
