/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall table. Numbers are Xen's (public/xen.h); what is not in the table returns
 * -ENOSYS, as Xen does for hypercalls a guest type does not have.
 */
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/grant-table.h>
#include <hv/hypercall.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <public/xen.h>

static const hypercall_fn hypercall_table[] = {
    [__HYPERVISOR_memory_op] = do_memory_op,
    [__HYPERVISOR_xen_version] = do_xen_version,
    [__HYPERVISOR_console_io] = do_console_io,
    [__HYPERVISOR_vcpu_op] = do_vcpu_op,
    [__HYPERVISOR_sched_op] = do_sched_op,
    [__HYPERVISOR_hvm_op] = do_hvm_op,
    [__HYPERVISOR_event_channel_op] = do_event_channel_op,
    [__HYPERVISOR_set_timer_op] = do_set_timer_op,
    [__HYPERVISOR_grant_table_op] = do_grant_table_op,
    [__HYPERVISOR_domctl] = do_domctl,
};

bool hypercall_preempt_check(void)
{
    return softirq_pending(smp_processor_id()) != 0;
}

long hypercall_dispatch(struct vcpu *v, unsigned long nr, unsigned long args[HYPERCALL_MAX_ARGS])
{
    hypercall_fn fn = nr < ARRAY_SIZE(hypercall_table) ? hypercall_table[nr] : NULL;

    if (!fn) {
        if (!v->domain->warned_unknown_hypercall) {
            v->domain->warned_unknown_hypercall = true;
            pr_warn("hypercall: d%u made unknown hypercall %lu: -ENOSYS (logged once)\n",
                    v->domain->domain_id, nr);
        }
        return -ENOSYS;
    }
    return fn(v, args);
}
