/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (guest-abi.md 3.5, 3.6, 5.5-5.7): the port table, every operation of
 * event_channel_op, VIRQ delivery and domain teardown (hv/common/event-channel.c), and the two
 * guest-visible ABIs that say where a port's pending and mask state lives: 2-level bitmaps in
 * shared_info (event-2l.c) and FIFO queues in guest pages (event-fifo.c).
 *
 * A port is a small number local to a domain. It is in one state (enum evtchn_state), has a
 * notify vCPU (the only vCPU a raise of that port marks) and, with FIFO, a priority. Port 0 is
 * reserved and never handed out.
 *
 * Locking. Each domain has two locks, in this order:
 *   - the event lock (evtchn_domain.lock): port allocation, port states and bindings. An
 *     operation that involves two domains (bind_interdomain, closing an interdomain port)
 *     holds both event locks, taken lower domain id first, so two such operations on the same
 *     pair cannot deadlock;
 *   - the raise lock (evtchn_domain.raise_lock): everything a raise reads or writes (notify
 *     vCPU, priority, virq_to_port, the ABI in use, FIFO pages, control blocks and queue
 *     tails). Taken with interrupts disabled, so VIRQs may be raised from any context; it is a
 *     leaf among event locks: whoever holds a raise lock takes no other event or raise lock.
 *     What operations change (notify vCPU, priority, virq_to_port, the ABI, FIFO pages and
 *     control blocks) is written with both locks held, so readers may hold either; what only
 *     raises change (FIFO queue tails, a port's last queue, deferred raises) needs the raise
 *     lock to be read too.
 * Below both: vcpu_mark_events_pending() (scheduler locks, arch_vcpu_kick) is called with a
 * raise lock held and interrupts disabled. Above both: the global lookup lock (event-channel.c),
 * held only around domain_by_id() and by teardown while it marks the domain dying.
 *
 * Lifetime rule (why a sender needs no reference on the peer): the peer pointer of an
 * interdomain port stays valid while the port's own domain's event lock is held, because the
 * peer's teardown must take that lock to disconnect the port before the peer is freed. So
 * EVTCHNOP_send raises the peer's port under the sender's event lock alone. Code that must
 * drop its lock while using another domain (closing an interdomain port, operations naming a
 * domain id) takes a reference (evtchn_domain.refs), which teardown waits for before it frees
 * anything.
 *
 * Every word of guest memory (shared_info bitmaps, vcpu_info, FIFO event words and control
 * blocks) is hostile: it is only touched with atomic operations, and no value read from it is
 * ever used as an index or pointer (the FIFO queue tails the hypervisor needs are its own).
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include <hv/compiler.h>
#include <hv/spinlock.h>
#include <hv/types.h>
#include <public/event_channel.h>
#include <public/xen.h>

/*
 * Only pointers to these: hv/domain.h may include this header to embed struct evtchn_domain
 * in struct domain.
 */
struct domain;
struct vcpu;

#define EVTCHNS_PER_BUCKET      64   /* Ports per allocation unit of the port table. */
#define EVTCHN_DEFAULT_MAX_PORT 1023 /* Xen's default limit for a guest (xl event_channels). */
#define EVTCHN_MAX_PORT         (EVTCHN_FIFO_NR_CHANNELS - 1) /* What any domain may reach. */

/* Port states. ECS_* numbering is internal; status reports EVTCHNSTAT_* values. */
enum evtchn_state {
    ECS_FREE,        /* Not in use. */
    ECS_RESERVED,    /* Port 0: never allocated. */
    ECS_UNBOUND,     /* Waits for the domain u.unbound_dom to bind it. */
    ECS_INTERDOMAIN, /* Connected to u.interdomain.port of u.interdomain.peer. */
    ECS_VIRQ,        /* Bound to VIRQ u.virq. */
    ECS_IPI,         /* Raised by its own domain's EVTCHNOP_send. */
    ECS_HYPERVISOR,  /* Its other end is a backend in the hypervisor: u.hypervisor.fn. */
};

/*
 * The consumer of a port whose other end the hypervisor serves (the console of a boot-time
 * domain): called on EVTCHNOP_send to that port, after the event lock was dropped, from the
 * sending vCPU's hypercall. It may notify the port back (evtchn_hypervisor_notify).
 */
typedef void (*evtchn_hypervisor_fn)(struct domain *d, evtchn_port_t port);

/* One port. Fields marked (R) are protected by the raise lock; the others by the event lock. */
struct evtchn {
    uint8_t state;         /* enum evtchn_state */
    uint8_t priority;      /* (R) FIFO queue of the next raise, 0 (highest) .. 15. */
    uint8_t last_priority; /* (R) FIFO: the queue the port was last linked on is */
    uint16_t last_vcpu;    /* (R) ... (last_vcpu, last_priority); kept when the port is freed. */
    uint16_t notify_vcpu;  /* (R) The vCPU its raises mark. */
    bool fifo_deferred;    /* (R) FIFO: raised while its event word page was missing. */
    union {
        domid_t unbound_dom; /* ECS_UNBOUND: the domain allowed to bind it. */
        struct {
            struct domain *peer; /* ECS_INTERDOMAIN: the other end (may be this domain). */
            evtchn_port_t port;
        } interdomain;
        uint32_t virq; /* ECS_VIRQ */
        struct {
            evtchn_hypervisor_fn fn; /* ECS_HYPERVISOR: called on send. */
        } hypervisor;
    } u;
};

/* Per-vCPU event state; every field (R). */
struct evtchn_vcpu {
    evtchn_port_t virq_to_port[NR_VIRQS];            /* Global VIRQs live in vCPU 0's table. */
    struct evtchn_fifo_control_block *fifo_cb;       /* Guest's control block, or NULL. */
    evtchn_port_t fifo_tail[EVTCHN_FIFO_MAX_QUEUES]; /* Last port linked per queue, 0: none. */
};

struct evtchn_fifo; /* FIFO-only domain state (event-fifo.c). */

/*
 * All per-domain event state. The domain layer embeds one in struct domain (`d->evtchn`) and
 * returns it from domain_evtchn(); evtchn_domain_init() fills it.
 */
struct evtchn_domain {
    spinlock_t lock;          /* The event lock. */
    spinlock_t raise_lock;    /* The raise lock (see the top of this file). */
    struct evtchn **bucket;   /* nr_buckets pointers; bucket i holds ports 64i .. 64i+63. */
    unsigned int nr_buckets;  /* Enough for max_port. */
    unsigned int valid_ports; /* Ports below this have a struct evtchn (published release). */
    unsigned int max_port;    /* Highest port this domain may allocate. */
    struct evtchn_vcpu *vcpu; /* One per vCPU (d->max_vcpus). */
    struct evtchn_fifo *fifo; /* (R) NULL: the 2-level ABI is in use. */
    unsigned int refs;        /* References held across unlocked windows (atomic). */
    bool dying;               /* Set by teardown: no new ports, no new lookups. */
};

/*
 * ---- Provided by the domain/arch layer ----
 * Functions the event code calls and the rest of the hypervisor implements (host unit tests
 * implement them in tests/unit/shim/event-shim.c). The event code also uses domain_by_id()
 * (hv/domain.h), d->shared_info, v->vcpu_info and vcpu_mark_events_pending() (hv/shared-info.h).
 */

/* `d`'s event state: `&d->evtchn` once struct domain embeds it. Context: any. */
struct evtchn_domain *domain_evtchn(struct domain *d);

/*
 * Map the RAM page at guest frame `gfn` of `d` for the hypervisor to read and write, holding
 * a reference that keeps the frame from being freed or reused until the matching unmap, even
 * if the guest removes it from its physmap meanwhile. Returns the page's (page-aligned)
 * address, or NULL when `gfn` is not `d`'s ordinary RAM (MMIO, grant, foreign, absent, out of
 * range). Each call is a separate mapping. Context: hypercall, no event lock held.
 */
void *evtchn_map_guest_frame(struct domain *d, uint64_t gfn);

/*
 * Drop a mapping from evtchn_map_guest_frame(); `va` is the address it returned. Context:
 * hypercall or domain teardown, no event lock held.
 */
void evtchn_unmap_guest_frame(struct domain *d, void *va);

/*
 * True when `d` may operate on other domains' event channels (alloc_unbound, status, reset
 * with a `dom` other than itself): the control domain. Context: any.
 */
bool evtchn_domain_is_privileged(const struct domain *d);

/* ---- The event channel interface ---- */

/*
 * Set up `d`'s event state: port 0 reserved, 2-level ABI, ports up to `max_port` (capped at
 * EVTCHN_MAX_PORT; EVTCHN_DEFAULT_MAX_PORT for an ordinary guest). Pre: d->vcpu and
 * d->max_vcpus are set, d is not yet findable with domain_by_id(). Returns 0 or -ENOMEM
 * (nothing is left allocated). Context: domain creation.
 */
int evtchn_domain_init(struct domain *d, unsigned int max_port);

/*
 * Close every port of `d` (the peers of its interdomain ports become unbound, offered to d's
 * id, as in Xen), unmap FIFO pages, wait for references other CPUs hold, free the state.
 * Pre: domain_by_id() no longer finds `d` (it is unlinked), none of its vCPUs runs, no timer
 * or other code will send it VIRQs again; d->vcpu and d->shared_info are still there. Safe
 * after a failed or skipped evtchn_domain_init(). Context: domain destruction, no locks held.
 */
void evtchn_domain_teardown(struct domain *d);

/*
 * The event_channel_op hypercall (number 32): args[0] is the EVTCHNOP_* command, args[1] the
 * guest-virtual address of its argument structure (public/event_channel.h). Returns 0 or a
 * negative errno: -EFAULT for a bad address, -ENOSYS for unknown commands, bind_pirq and
 * reset_cont. OUT fields are copied back on success only. Context: hypercall from `v`.
 */
long do_event_channel_op(struct vcpu *v, unsigned long *args);

/*
 * Raise per-vCPU VIRQ `virq` (VIRQ_TIMER, VIRQ_DEBUG, ...) on `v`, if its domain bound it on
 * `v`; otherwise nothing. Pre: `v`'s domain was initialised and not torn down. Context: any,
 * including interrupt handlers (timer expiry calls evtchn_send_virq(v, VIRQ_TIMER)).
 */
void evtchn_send_virq(struct vcpu *v, unsigned int virq);

/* Raise global VIRQ `virq` (VIRQ_DOM_EXC, VIRQ_CONSOLE, ...) of `d`, if bound. As above. */
void evtchn_send_global_virq(struct domain *d, unsigned int virq);

/*
 * Allocate in `d` a port that domain `remote_dom` may bind (the domain builder's console and
 * xenstore ports). Returns 0 and the port in *port, -ENOSPC, -ENOMEM or -EINVAL (d is dying).
 * Context: any but interrupts; no event lock held.
 */
int evtchn_alloc_unbound_port(struct domain *d, domid_t remote_dom, evtchn_port_t *port);

/*
 * Allocate in `d` a port whose other end is the hypervisor itself: EVTCHNOP_send on it calls
 * `fn`. The guest may close it like any port; it then stops calling `fn` and
 * evtchn_hypervisor_notify() stops raising it. Returns as evtchn_alloc_unbound_port().
 */
int evtchn_alloc_hypervisor_port(struct domain *d, evtchn_hypervisor_fn fn, evtchn_port_t *port);

/*
 * The hypervisor end notifies the guest: raise `port` of `d` if it is still the hypervisor
 * port with consumer `fn` (the guest may have closed it, and the number may have been reused
 * for something else). Returns 0 or -EINVAL. Context: as evtchn_alloc_unbound_port().
 */
int evtchn_hypervisor_notify(struct domain *d, evtchn_port_t port, evtchn_hypervisor_fn fn);

/*
 * Raise `port` of `d` on its notify vCPU whatever it is bound to (for backends the hypervisor
 * serves itself, such as boot-time domains' consoles). Returns 0, or -EINVAL for a closed or
 * invalid port. Context: as evtchn_alloc_unbound_port().
 */
int evtchn_notify(struct domain *d, evtchn_port_t port);

/*
 * True when `port` of `d` is pending, masked or not (SCHEDOP_poll); false for an invalid port.
 * Context: any.
 */
bool evtchn_port_is_pending(struct domain *d, evtchn_port_t port);

/*
 * The operations of event_channel_op, for the calling domain `d`, on the decoded argument
 * structure (OUT fields are written on success). Each returns 0 or a negative errno as
 * guest-abi.md 5.5 lists: -EINVAL bad port, state or value; -ENOENT bad vCPU; -ESRCH no such
 * domain; -EPERM another domain without privilege; -ENOSPC no free port; -EEXIST VIRQ already
 * bound; -ENOMEM. Validation is complete before any state changes. Context: hypercall, no
 * event lock held.
 */
int evtchn_alloc_unbound(struct domain *d, struct evtchn_alloc_unbound *op);
int evtchn_bind_interdomain(struct domain *d, struct evtchn_bind_interdomain *op);
int evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *op);
int evtchn_bind_ipi(struct domain *d, struct evtchn_bind_ipi *op);
int evtchn_bind_vcpu(struct domain *d, const struct evtchn_bind_vcpu *op);
int evtchn_close(struct domain *d, evtchn_port_t port);
int evtchn_send(struct domain *d, evtchn_port_t port);
int evtchn_status(struct domain *d, struct evtchn_status *op);
int evtchn_unmask(struct domain *d, evtchn_port_t port);
/* Close every port of `dom` (soft reset) and return it to the 2-level ABI. */
int evtchn_reset(struct domain *d, domid_t dom);

/*
 * The FIFO operations (event-fifo.c). init_control: -ENOENT bad vCPU, -EINVAL bad offset,
 * frame or second registration; OUT link_bits. expand_array: -EOPNOTSUPP before init_control,
 * -EINVAL bad frame, -ENOSPC past max_port or 128 pages. set_priority: -EINVAL bad port or
 * priority, -ENOSYS with the 2-level ABI.
 */
int evtchn_init_control(struct domain *d, struct evtchn_init_control *op);
int evtchn_expand_array(struct domain *d, const struct evtchn_expand_array *op);
int evtchn_set_priority(struct domain *d, const struct evtchn_set_priority *op);

/* ---- Between the event-*.c files; not for other callers ---- */

/*
 * The domain the caller `caller` names with `dom` (DOMID_SELF and its own id mean itself),
 * with a reference that keeps it from being freed: drop it with evtchn_put_domain(). A domain
 * that does not exist, is not initialised or is being torn down gives -ESRCH; when
 * `privileged` is set, naming another domain without evtchn_domain_is_privileged() gives
 * -EPERM. Context: no event lock held.
 */
int evtchn_get_domain(struct domain *caller, domid_t dom, bool privileged, struct domain **out);
void evtchn_put_domain(struct domain *d);

/*
 * Per-vCPU VIRQs are Xen's four; every other number below NR_VIRQS is global (x86 treats its
 * arch VIRQs, VIRQ_MCA among them, as global too).
 */
static inline bool evtchn_virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF && virq != VIRQ_XENPMU;
}

/*
 * The struct evtchn of `port`, or NULL when the port table does not reach it. Needs no lock:
 * buckets are published before valid_ports grows and are freed only by teardown.
 */
static inline struct evtchn *evtchn_from_port(const struct evtchn_domain *ed, evtchn_port_t port)
{
    if (port >= __atomic_load_n(&ed->valid_ports, __ATOMIC_ACQUIRE)) {
        return NULL;
    }
    return &ed->bucket[port / EVTCHNS_PER_BUCKET][port % EVTCHNS_PER_BUCKET];
}

/*
 * 2-level ABI (event-2l.c), on d->shared_info; ports >= 4096 are ignored. Pre: raise lock.
 * set_pending raises `port` on `v` (guest-abi.md 3.6); unmask clears the mask bit and re-raises
 * on `v` if the port is pending.
 */
void evtchn_2l_set_pending(struct domain *d, evtchn_port_t port, struct vcpu *v);
void evtchn_2l_clear_pending(struct domain *d, evtchn_port_t port);
void evtchn_2l_unmask(struct domain *d, evtchn_port_t port, struct vcpu *v);
bool evtchn_2l_is_pending(const struct domain *d, evtchn_port_t port);

/*
 * FIFO ABI (event-fifo.c). Pre: domain_evtchn(d)->fifo set, raise lock held (for is_pending
 * and is_busy either lock will do). set_pending queues `port` (state `chn`) on `v` at
 * chn->priority (guest-abi.md 5.6); unmask clears MASKED and re-raises if PENDING; is_busy is
 * true while the port's word is LINKED, when the port must not be reused.
 */
void evtchn_fifo_set_pending(struct domain *d, evtchn_port_t port, struct evtchn *chn,
                             struct vcpu *v);
void evtchn_fifo_clear_pending(struct domain *d, evtchn_port_t port);
void evtchn_fifo_unmask(struct domain *d, evtchn_port_t port, struct evtchn *chn, struct vcpu *v);
bool evtchn_fifo_is_pending(struct domain *d, evtchn_port_t port);
bool evtchn_fifo_is_busy(struct domain *d, evtchn_port_t port);

/*
 * Leave the FIFO ABI: forget control blocks and queues, unmap every guest page, return to
 * 2-level. Nothing happens with the 2-level ABI. Context: no event lock held.
 */
void evtchn_fifo_destroy(struct domain *d);

#endif /* HV_EVENT_H */
