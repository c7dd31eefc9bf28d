/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * event_channel_op: decode the guest's argument structure, run the operation and copy OUT
 * fields back (guest-abi.md 5.5, 5.6). Also the operations that only read or update a bound
 * port (status, bind_vcpu, unmask, the poll check); those that allocate or free ports are in
 * event-channel.c, the FIFO ones in event-fifo.c.
 */
#include <hv/bug.h>
#include <hv/errno.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/guest-access.h>

int evtchn_bind_vcpu(struct domain *d, const struct evtchn_bind_vcpu *op)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    struct evtchn *chn;
    int rc = -EINVAL;

    if (op->vcpu >= d->max_vcpus) {
        return -ENOENT;
    }
    spin_lock(&ed->lock);
    chn = evtchn_from_port(ed, op->port);
    /* IPIs and per-vCPU VIRQs belong to their vCPU; Linux ignores the error. */
    if (chn && (chn->state == ECS_UNBOUND || chn->state == ECS_INTERDOMAIN ||
                chn->state == ECS_HYPERVISOR ||
                (chn->state == ECS_VIRQ && evtchn_virq_is_global(chn->u.virq)))) {
        unsigned long flags = spin_lock_irqsave(&ed->raise_lock);

        chn->notify_vcpu = (uint16_t)op->vcpu;
        spin_unlock_irqrestore(&ed->raise_lock, flags);
        rc = 0;
    }
    spin_unlock(&ed->lock);
    return rc;
}

/* Fill op->status, vcpu and u from `chn`. Pre: the port's event lock held. */
static void describe_port(const struct evtchn *chn, struct evtchn_status *op)
{
    static const uint8_t stat[] = {
        [ECS_FREE] = EVTCHNSTAT_closed,
        [ECS_RESERVED] = EVTCHNSTAT_closed,
        [ECS_UNBOUND] = EVTCHNSTAT_unbound,
        [ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
        [ECS_VIRQ] = EVTCHNSTAT_virq,
        [ECS_IPI] = EVTCHNSTAT_ipi,
        [ECS_HYPERVISOR] = EVTCHNSTAT_interdomain,
    };

    op->status = stat[chn->state];
    op->vcpu = chn->notify_vcpu;
    op->u.interdomain.dom = 0;
    op->u.interdomain.port = 0;
    if (chn->state == ECS_UNBOUND) {
        op->u.unbound.dom = chn->u.unbound_dom;
    } else if (chn->state == ECS_INTERDOMAIN) {
        op->u.interdomain.dom = chn->u.interdomain.peer->domain_id;
        op->u.interdomain.port = chn->u.interdomain.port;
    } else if (chn->state == ECS_HYPERVISOR) {
        op->u.interdomain.dom = DOMID_XEN; /* The backend is the hypervisor itself. */
    } else if (chn->state == ECS_VIRQ) {
        op->u.virq = chn->u.virq;
    }
}

int evtchn_status(struct domain *d, struct evtchn_status *op)
{
    struct evtchn *chn;
    struct domain *t;
    int rc = evtchn_get_domain(d, op->dom, true, &t);

    if (rc) {
        return rc;
    }
    spin_lock(&domain_evtchn(t)->lock);
    chn = evtchn_from_port(domain_evtchn(t), op->port);
    if (chn) {
        describe_port(chn, op);
    } else {
        rc = -EINVAL;
    }
    spin_unlock(&domain_evtchn(t)->lock);
    evtchn_put_domain(t);
    return rc;
}

int evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    unsigned long flags = spin_lock_irqsave(&ed->raise_lock);
    struct evtchn *chn = evtchn_from_port(ed, port);

    if (chn && ed->fifo) {
        evtchn_fifo_unmask(d, port, chn, d->vcpu[chn->notify_vcpu]);
    } else if (chn) {
        evtchn_2l_unmask(d, port, d->vcpu[chn->notify_vcpu]);
    }
    spin_unlock_irqrestore(&ed->raise_lock, flags);
    return chn ? 0 : -EINVAL;
}

bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port)
{
    struct evtchn_domain *ed = domain_evtchn(d);
    unsigned long flags = spin_lock_irqsave(&ed->raise_lock);
    bool pending = false;

    if (evtchn_from_port(ed, port)) {
        pending = ed->fifo ? evtchn_fifo_is_pending(d, port) : evtchn_2l_is_pending(d, port);
    }
    spin_unlock_irqrestore(&ed->raise_lock, flags);
    return pending;
}

/* Argument sizes per command; 0 means -ENOSYS (bind_pirq, reset_cont, unknown). */
static const uint8_t op_size[] = {
    [EVTCHNOP_bind_interdomain] = sizeof(struct evtchn_bind_interdomain),
    [EVTCHNOP_bind_virq] = sizeof(struct evtchn_bind_virq),
    [EVTCHNOP_close] = sizeof(struct evtchn_close),
    [EVTCHNOP_send] = sizeof(struct evtchn_send),
    [EVTCHNOP_status] = sizeof(struct evtchn_status),
    [EVTCHNOP_alloc_unbound] = sizeof(struct evtchn_alloc_unbound),
    [EVTCHNOP_bind_ipi] = sizeof(struct evtchn_bind_ipi),
    [EVTCHNOP_bind_vcpu] = sizeof(struct evtchn_bind_vcpu),
    [EVTCHNOP_unmask] = sizeof(struct evtchn_unmask),
    [EVTCHNOP_reset] = sizeof(struct evtchn_reset),
    [EVTCHNOP_init_control] = sizeof(struct evtchn_init_control),
    [EVTCHNOP_expand_array] = sizeof(struct evtchn_expand_array),
    [EVTCHNOP_set_priority] = sizeof(struct evtchn_set_priority),
};

/* Commands with OUT fields, copied back on success. */
#define OUT_OPS                                                                                    \
    ((1U << EVTCHNOP_bind_interdomain) | (1U << EVTCHNOP_bind_virq) | (1U << EVTCHNOP_status) |    \
     (1U << EVTCHNOP_alloc_unbound) | (1U << EVTCHNOP_bind_ipi) | (1U << EVTCHNOP_init_control))

/* Room for the largest argument structure. */
#define OP_BUF_WORDS 3
BUILD_BUG_ON(sizeof(struct evtchn_status) > OP_BUF_WORDS * 8);
BUILD_BUG_ON(sizeof(struct evtchn_init_control) > OP_BUF_WORDS * 8);

static int run_op(struct domain *d, unsigned long cmd, void *op)
{
    switch (cmd) {
    case EVTCHNOP_bind_interdomain:
        return evtchn_bind_interdomain(d, op);
    case EVTCHNOP_bind_virq:
        return evtchn_bind_virq(d, op);
    case EVTCHNOP_close:
        return evtchn_close(d, *(evtchn_port_t *)op);
    case EVTCHNOP_send:
        return evtchn_send(d, *(evtchn_port_t *)op);
    case EVTCHNOP_status:
        return evtchn_status(d, op);
    case EVTCHNOP_alloc_unbound:
        return evtchn_alloc_unbound(d, op);
    case EVTCHNOP_bind_ipi:
        return evtchn_bind_ipi(d, op);
    case EVTCHNOP_bind_vcpu:
        return evtchn_bind_vcpu(d, op);
    case EVTCHNOP_unmask:
        return evtchn_unmask(d, *(evtchn_port_t *)op);
    case EVTCHNOP_reset:
        return evtchn_reset(d, *(domid_t *)op);
    case EVTCHNOP_init_control:
        return evtchn_init_control(d, op);
    case EVTCHNOP_expand_array:
        return evtchn_expand_array(d, op);
    case EVTCHNOP_set_priority:
        return evtchn_set_priority(d, op);
    default:
        ASSERT_UNREACHABLE();
        return -ENOSYS;
    }
}

long do_event_channel_op(struct vcpu *v, unsigned long *args)
{
    unsigned long cmd = args[0];
    size_t size = cmd < ARRAY_SIZE(op_size) ? op_size[cmd] : 0;
    uint64_t op[OP_BUF_WORDS];
    int rc;

    if (!size) {
        return -ENOSYS;
    }
    if (copy_from_guest(v, op, args[1], size)) {
        return -EFAULT;
    }
    rc = run_op(v->domain, cmd, op);
    /* As Xen: a failed copy-back after success is -EFAULT; undoing the operation is not worth it. */
    if (!rc && (OUT_OPS & (1U << cmd)) && copy_to_guest(v, args[1], op, size)) {
        rc = -EFAULT;
    }
    return rc;
}
