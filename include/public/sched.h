/* SPDX-License-Identifier: MIT */
/*
 * sched_op(cmd, arg): give up the CPU, wait for events, and end the domain. `arg` points to
 * the structure named for each command (or is ignored). Errors: -XEN_EFAULT (bad `arg`),
 * -XEN_EINVAL (bad field), -XEN_EPERM (not allowed), -XEN_ENOSYS (unknown command).
 */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#include "event_channel.h"

/* SCHEDOP_yield: let other vCPUs run; this one stays runnable. `arg` ignored. */
#define SCHEDOP_yield 0

/*
 * SCHEDOP_block: sleep until an event is pending for this vCPU. A PVH guest uses HLT with
 * interrupts enabled instead. `arg` ignored.
 */
#define SCHEDOP_block 1

/*
 * SCHEDOP_shutdown: end the calling domain with the reason in struct sched_shutdown. Does not
 * return, except that SHUTDOWN_suspend returns once the domain is resumed. The first reason
 * recorded for a domain is the one reported.
 */
#define SCHEDOP_shutdown 2

/*
 * SCHEDOP_poll: block until one of the listed ports of the caller is pending or the timeout
 * (absolute system time in ns, 0 for none) passes. Returns 0 either way; -XEN_EINVAL for a
 * bad port.
 */
#define SCHEDOP_poll 3

/* SCHEDOP_remote_shutdown: end another domain (privileged callers only). */
#define SCHEDOP_remote_shutdown 4

/* SCHEDOP_shutdown_code: record the reason a later shutdown will report, without ending. */
#define SCHEDOP_shutdown_code 5

/* SCHEDOP_watchdog: create, feed or destroy a domain watchdog (struct sched_watchdog). */
#define SCHEDOP_watchdog 6

/* SCHEDOP_pin_override: temporarily pin the vCPU to a physical CPU (hardware domain only). */
#define SCHEDOP_pin_override 7

/* Shutdown reasons. */
#define SHUTDOWN_poweroff   0 /* The domain finished; destroy it. */
#define SHUTDOWN_reboot     1 /* Destroy it and start it again. */
#define SHUTDOWN_suspend    2 /* Save its state for a later resume. */
#define SHUTDOWN_crash      3 /* The guest crashed. */
#define SHUTDOWN_watchdog   4 /* Its watchdog expired; restart it. */
#define SHUTDOWN_soft_reset 5 /* Reset its state in place (kexec). */
#define SHUTDOWN_MAX        5 /* The largest defined reason. */

/* Argument of SCHEDOP_shutdown and SCHEDOP_shutdown_code. */
struct sched_shutdown {
    uint32_t reason; /* 0: IN SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown size");

/* Argument of SCHEDOP_poll. */
struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports; /* 0: IN array of nr_ports ports. */
    uint32_t nr_ports;                     /* 8: IN */
    uint64_t timeout;                      /* 16: IN absolute system time (ns), 0 = none. */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll size");
_Static_assert(offsetof(struct sched_poll, nr_ports) == 8, "sched_poll.nr_ports");
_Static_assert(offsetof(struct sched_poll, timeout) == 16, "sched_poll.timeout");

/* Argument of SCHEDOP_remote_shutdown. */
struct sched_remote_shutdown {
    domid_t domain_id; /* 0: IN the domain to end. */
    uint32_t reason;   /* 4: IN SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);
_Static_assert(sizeof(struct sched_remote_shutdown) == 8, "sched_remote_shutdown size");
_Static_assert(offsetof(struct sched_remote_shutdown, reason) == 4, "remote_shutdown.reason");

/*
 * Argument of SCHEDOP_watchdog. id 0 with a timeout creates a watchdog and returns its id;
 * a non-zero id with a timeout feeds it; a non-zero id with timeout 0 destroys it. When a
 * watchdog is not fed within `timeout` seconds the domain is shut down with SHUTDOWN_watchdog.
 */
struct sched_watchdog {
    uint32_t id;      /* 0: IN */
    uint32_t timeout; /* 4: IN seconds */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);
_Static_assert(sizeof(struct sched_watchdog) == 8, "sched_watchdog size");

#endif /* XEN_PUBLIC_SCHED_H */
