/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Runstate reporting. The guest copy is rewritten when the vCPU is next entered after a state
 * change, through the vCPU's own page tables; that is when the guest can look at it.
 */
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/printk.h>
#include <hv/runstate.h>
#include <hv/sched.h>
#include <public/vcpu.h>

void vcpu_runstate_info(struct vcpu *v, struct vcpu_runstate_info *info)
{
    s_time_t entry, time[4];
    int state;

    vcpu_runstate_get(v, &state, &entry, time);
    info->state = state;
    info->state_entry_time = (uint64_t)entry;
    for (unsigned int i = 0; i < 4; i++) {
        info->time[i] = (uint64_t)time[i];
    }
}

void vcpu_runstate_publish(struct vcpu *v)
{
    struct vcpu_runstate_info info;

    v->runstate_dirty = false;
    vcpu_runstate_info(v, &info);
    if (copy_to_guest(v, v->runstate_gva, &info, sizeof(info))) {
        pr_debug("runstate: d%uv%u area %#lx no longer writable; unregistered\n",
                 v->domain->domain_id, v->vcpu_id, (unsigned long)v->runstate_gva);
        v->runstate_gva = 0;
    }
}

long vcpu_op_runstate(struct vcpu *caller, struct vcpu *target, unsigned int cmd, uint64_t arg)
{
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info info;

    if (cmd == VCPUOP_get_runstate_info) {
        vcpu_runstate_info(target, &info);
        return copy_to_guest(caller, arg, &info, sizeof(info)) ? -EFAULT : 0;
    }
    if (copy_from_guest(caller, &area, arg, sizeof(area))) {
        return -EFAULT;
    }
    target->runstate_gva = area.addr.p;
    if (target == caller && area.addr.p) {
        /* Written now, so a bad address fails the registration itself. */
        vcpu_runstate_info(target, &info);
        if (copy_to_guest(caller, area.addr.p, &info, sizeof(info))) {
            target->runstate_gva = 0;
            return -EFAULT;
        }
    }
    target->runstate_dirty = true;
    return 0;
}
