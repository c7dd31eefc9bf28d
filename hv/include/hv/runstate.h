/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's view of a vCPU's runstate (guest-abi.md 3.4): VCPUOP_get_runstate_info and the
 * area registered with VCPUOP_register_runstate_memory_area, which Linux reads for steal time.
 */
#ifndef HV_RUNSTATE_H
#define HV_RUNSTATE_H

#include <hv/domain.h>

/* Fill a struct vcpu_runstate_info (public/vcpu.h) for `v`. */
struct vcpu_runstate_info;
void vcpu_runstate_info(struct vcpu *v, struct vcpu_runstate_info *info);

/*
 * Write `v`'s runstate to its registered guest area. Pre: `v` is about to run on this CPU (its
 * page tables are the ones the address is meant for). An address that stopped being valid
 * unregisters the area rather than failing the vCPU.
 */
void vcpu_runstate_publish(struct vcpu *v);

/* VCPUOP_register_runstate_memory_area and VCPUOP_get_runstate_info. */
long vcpu_op_runstate(struct vcpu *caller, struct vcpu *target, unsigned int cmd, uint64_t arg);

#endif /* HV_RUNSTATE_H */
