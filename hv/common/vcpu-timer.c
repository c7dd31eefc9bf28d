/* SPDX-License-Identifier: GPL-2.0-only */
/* Guest single-shot and periodic timers (hv/include/hv/vcpu-timer.h). */
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest-access.h>
#include <hv/time.h>
#include <hv/vcpu-timer.h>
#include <public/vcpu.h>

#define PERIOD_MIN  MILLISECS(1)        /* Xen refuses shorter periods. */
#define FAR_FUTURE  ((s_time_t)1 << 50) /* set_timer_op: beyond this means "soon". */
#define LEGACY_SOON MILLISECS(100)

static void singleshot_fired(void *data)
{
    evtchn_send_virq(data, VIRQ_TIMER);
}

static void periodic_fired(void *data)
{
    struct vcpu *v = data;
    s_time_t next = v->periodic_timer.expires + v->periodic_period;

    /* A late firing does not try to catch up with a burst. */
    if (next <= NOW()) {
        next = NOW() + v->periodic_period;
    }
    set_timer(&v->periodic_timer, next);
    evtchn_send_virq(v, VIRQ_TIMER);
}

void vcpu_timers_init(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_fired, v, v->processor);
    init_timer(&v->periodic_timer, periodic_fired, v, v->processor);
}

void vcpu_timers_kill(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        kill_timer(&d->vcpu[i]->singleshot_timer);
        kill_timer(&d->vcpu[i]->periodic_timer);
    }
}

static long set_singleshot(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_singleshot_timer t;

    if (copy_from_guest(v, &t, arg, sizeof(t))) {
        return -EFAULT;
    }
    if ((t.flags & VCPU_SSHOTTMR_future) && (s_time_t)t.timeout_abs_ns < NOW()) {
        return -ETIME;
    }
    set_timer(&v->singleshot_timer, (s_time_t)MIN(t.timeout_abs_ns, (uint64_t)STIME_MAX));
    return 0;
}

static long set_periodic(struct vcpu *caller, struct vcpu *target, uint64_t arg)
{
    struct vcpu_set_periodic_timer t;

    if (copy_from_guest(caller, &t, arg, sizeof(t))) {
        return -EFAULT;
    }
    if (t.period_ns < (uint64_t)PERIOD_MIN || t.period_ns > (uint64_t)SECONDS(3600)) {
        return -EINVAL;
    }
    target->periodic_period = (s_time_t)t.period_ns;
    set_timer(&target->periodic_timer, NOW() + target->periodic_period);
    return 0;
}

long vcpu_op_timer(struct vcpu *caller, struct vcpu *target, unsigned int cmd, uint64_t arg)
{
    switch (cmd) {
    case VCPUOP_set_singleshot_timer:
        return caller == target ? set_singleshot(caller, arg) : -EINVAL;
    case VCPUOP_stop_singleshot_timer:
        if (caller != target) {
            return -EINVAL; /* Only a vCPU's own single-shot timer (as Xen). */
        }
        stop_timer(&target->singleshot_timer);
        return 0;
    case VCPUOP_set_periodic_timer:
        return set_periodic(caller, target, arg);
    case VCPUOP_stop_periodic_timer:
        stop_timer(&target->periodic_timer);
        return 0;
    default:
        return -ENOSYS;
    }
}

long do_set_timer_op(struct vcpu *v, unsigned long *args)
{
    s_time_t timeout = (s_time_t)args[0];

    if (timeout == 0) {
        stop_timer(&v->singleshot_timer);
        return 0;
    }
    /* As Xen: nonsense deadlines (negative, absurdly far) mean "in a little while". */
    if (timeout < 0 || timeout > NOW() + FAR_FUTURE) {
        timeout = NOW() + LEGACY_SOON;
    }
    set_timer(&v->singleshot_timer, timeout);
    return 0;
}
