/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event channel ABI (hv/common/event-fifo.c, guest-abi.md 5.6): control block and
 * event array registration and their errors, queue order and priorities, masking, the tail
 * the guest consumed meanwhile, ports that move between queues, raises that wait for their
 * page, the switch from 2-level, ports still LINKED not being reused, hostile words, reset and
 * teardown. The guest side is Linux's consumer (drivers/xen/events/events_fifo.c), modelled
 * here; two tests run it, or a thread scribbling on every shared word, concurrently with the
 * hypervisor code, as a real guest would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <pthread.h>
#include <sched.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>

#include "shim/shim.h"

/* The fixture of tests/unit/shim/event-shim.c. */
struct domain *ev_domain_create(domid_t id, unsigned int nr_vcpus, unsigned int max_port);
void ev_domain_destroy(struct domain *d);
unsigned int ev_kicks(struct domain *d, unsigned int vcpu);
void *ev_frame(uint64_t gfn);
unsigned int ev_frame_maps(void);
void ev_fail_alloc_after(int n);
void ev_assert_unlocked(struct domain *d);
void ev_reset(void);
void ev_cleanup(void);

#define P(bit)    (1U << EVTCHN_FIFO_##bit)
#define LINK(w)   ((w)&EVTCHN_FIFO_LINK_MASK)
#define CB_OFFSET 64

/* Guest frames: vCPU v's control block at 20 * id + v, event array page i at 100 + 128 * (id - 1) + i. */
static uint64_t cb_gfn(struct domain *d, unsigned int v)
{
    return 20 * d->domain_id + v;
}

static uint64_t array_gfn(struct domain *d, unsigned int i)
{
    return 100 + 128 * (d->domain_id - 1U) + i;
}

static struct evtchn_fifo_control_block *cb(struct domain *d, unsigned int v)
{
    return (void *)((char *)ev_frame(cb_gfn(d, v)) + CB_OFFSET);
}

static event_word_t *word(struct domain *d, evtchn_port_t p)
{
    return (event_word_t *)ev_frame(array_gfn(d, p / 1024)) + p % 1024;
}

static int init_control(struct domain *d, unsigned int v, uint64_t gfn, uint32_t offset)
{
    struct evtchn_init_control op = {.control_gfn = gfn, .offset = offset, .vcpu = v};
    int rc = evtchn_init_control(d, &op);

    ev_assert_unlocked(d);
    if (!rc) {
        assert_int_equal(op.link_bits, EVTCHN_FIFO_LINK_BITS);
    }
    return rc;
}

static int expand(struct domain *d, uint64_t gfn)
{
    struct evtchn_expand_array op = {.array_gfn = gfn};
    int rc = evtchn_expand_array(d, &op);

    ev_assert_unlocked(d);
    return rc;
}

static int set_priority(struct domain *d, evtchn_port_t port, unsigned int priority)
{
    struct evtchn_set_priority op = {.port = port, .priority = priority};

    return evtchn_set_priority(d, &op);
}

/* A FIFO domain: control blocks for the first `cbs` vCPUs, `pages` event array pages. */
static struct domain *fifo_domain(domid_t id, unsigned int vcpus, unsigned int cbs,
                                  unsigned int pages)
{
    struct domain *d = ev_domain_create(id, vcpus, EVTCHN_MAX_PORT);

    for (unsigned int v = 0; v < cbs; v++) {
        assert_int_equal(init_control(d, v, cb_gfn(d, v), CB_OFFSET), 0);
    }
    for (unsigned int i = 0; i < pages; i++) {
        assert_int_equal(expand(d, array_gfn(d, i)), 0);
    }
    return d;
}

static evtchn_port_t ipi(struct domain *d, unsigned int vcpu)
{
    struct evtchn_bind_ipi op = {.vcpu = vcpu};

    assert_int_equal(evtchn_bind_ipi(d, &op), 0);
    return op.port;
}

/* ---- Linux's consumer ---- */

struct guest {
    struct domain *d;
    unsigned int vcpu;
    evtchn_port_t head[EVTCHN_FIFO_MAX_QUEUES]; /* Where it is in each queue; 0: read HEAD. */
    uint32_t ready;                             /* Its copy of READY. */
    bool bad;                                   /* Saw a port it never bound. */
};

/* Unlink the word atomically and return the next port in its queue. */
static evtchn_port_t clear_linked(event_word_t *w)
{
    event_word_t old = __atomic_load_n(w, __ATOMIC_ACQUIRE), new;

    do {
        new = old & ~(P(LINKED) | EVTCHN_FIFO_LINK_MASK);
    } while (!__atomic_compare_exchange_n(w, &old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE));
    return LINK(old);
}

/* consume_one_event(): returns the port handled, or 0 for an entry that was not pending. */
static evtchn_port_t consume_one(struct guest *g, unsigned int q, evtchn_port_t limit)
{
    evtchn_port_t port = g->head[q];
    event_word_t *w;

    if (!port) {
        port = __atomic_load_n(&cb(g->d, g->vcpu)->head[q], __ATOMIC_ACQUIRE);
    }
    if (port == 0 || port >= limit) {
        g->bad = true;
        g->ready &= ~(1U << q);
        return 0;
    }
    w = word(g->d, port);
    g->head[q] = clear_linked(w);
    if (!g->head[q]) {
        g->ready &= ~(1U << q);
    }
    if ((*w & P(PENDING)) && !(*w & P(MASKED))) {
        __atomic_fetch_and(w, ~P(PENDING), __ATOMIC_SEQ_CST); /* The irq chip's ack. */
        return port;
    }
    return 0;
}

/* One upcall: handle queues by priority until READY is empty; ports go to out[]. */
static unsigned int consume(struct guest *g, evtchn_port_t *out, unsigned int max,
                            evtchn_port_t limit)
{
    uint32_t *ready = &cb(g->d, g->vcpu)->ready;
    unsigned int n = 0;

    g->ready |= __atomic_exchange_n(ready, 0, __ATOMIC_SEQ_CST);
    for (unsigned int i = 0; g->ready && i < 100000; i++) {
        evtchn_port_t p = consume_one(g, (unsigned int)__builtin_ctz(g->ready), limit);

        if (p && n < max) {
            out[n++] = p;
        }
        g->ready |= __atomic_exchange_n(ready, 0, __ATOMIC_SEQ_CST);
    }
    return n;
}

static int setup(void **state)
{
    (void)state;
    shim_reset();
    ev_reset();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ev_cleanup(); /* Also checks every mapped frame was unmapped. */
    return 0;
}

static void test_registration_errors(void **state)
{
    struct domain *d = ev_domain_create(1, 2, EVTCHN_DEFAULT_MAX_PORT);
    evtchn_port_t p = ipi(d, 0);

    (void)state;
    assert_int_equal(expand(d, array_gfn(d, 0)), -EOPNOTSUPP);
    assert_int_equal(set_priority(d, p, 0), -ENOSYS);
    assert_int_equal(init_control(d, 2, cb_gfn(d, 0), 0), -ENOENT);
    assert_int_equal(init_control(d, 0, cb_gfn(d, 0), 4), -EINVAL);
    assert_int_equal(init_control(d, 0, cb_gfn(d, 0), PAGE_SIZE - 64), -EINVAL);
    assert_int_equal(init_control(d, 0, 100000, 0), -EINVAL); /* Not RAM. */
    ev_fail_alloc_after(0);
    assert_int_equal(init_control(d, 0, cb_gfn(d, 0), 0), -ENOMEM);
    ev_fail_alloc_after(-1);
    assert_int_equal(ev_frame_maps(), 0);
    assert_int_equal(set_priority(d, p, 0), -ENOSYS); /* Still 2-level. */
    /* The last aligned offset that keeps the 72-byte block inside the page. */
    assert_int_equal(init_control(d, 0, cb_gfn(d, 0), PAGE_SIZE - 72), 0);
    assert_int_equal(init_control(d, 0, cb_gfn(d, 0), 0), -EINVAL); /* Registered before. */
    assert_int_equal(ev_frame_maps(), 1);
    assert_int_equal(expand(d, 100000), -EINVAL);
    assert_int_equal(expand(d, array_gfn(d, 0)), 0);
    /* max_port 1023 fits one page. */
    assert_int_equal(expand(d, array_gfn(d, 1)), -ENOSPC);
    assert_int_equal(ev_frame_maps(), 2);
    assert_int_equal(set_priority(d, p, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
    assert_int_equal(set_priority(d, 1000, 0), -EINVAL);
    assert_int_equal(set_priority(d, p, EVTCHN_FIFO_PRIORITY_MIN), 0);
}

static void test_array_limit(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 0);

    (void)state;
    for (unsigned int i = 0; i < 128; i++) {
        assert_int_equal(expand(d, array_gfn(d, i)), 0);
    }
    assert_int_equal(expand(d, array_gfn(d, 0)), -ENOSPC);
    assert_int_equal(ev_frame_maps(), 129);
    ev_domain_destroy(d);
    assert_int_equal(ev_frame_maps(), 0);
}

static void test_queue_order(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t a = ipi(d, 0), b = ipi(d, 0), c = ipi(d, 0), got[8];
    struct guest g = {.d = d};

    (void)state;
    assert_int_equal(evtchn_send(d, b), 0);
    assert_int_equal(evtchn_send(d, a), 0);
    assert_int_equal(evtchn_send(d, c), 0);
    assert_int_equal(evtchn_send(d, a), 0); /* Already queued: not twice. */
    assert_int_equal(cb(d, 0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
    assert_int_equal(*word(d, b), P(PENDING) | P(LINKED) | a);
    assert_int_equal(*word(d, a), P(PENDING) | P(LINKED) | c);
    assert_int_equal(*word(d, c), P(PENDING) | P(LINKED));
    assert_int_equal(cb(d, 0)->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
    assert_true(d->vcpu[0]->vcpu_info->evtchn_upcall_pending);
    assert_int_equal(ev_kicks(d, 0), 1);
    assert_int_equal(consume(&g, got, 8, 64), 3);
    assert_int_equal(got[0], b);
    assert_int_equal(got[1], a);
    assert_int_equal(got[2], c);
    assert_int_equal(*word(d, a) | *word(d, b) | *word(d, c), 0);
    assert_true(evtchn_port_is_pending(d, a) == false);
    ev_assert_unlocked(d);
}

static void test_priorities(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t a = ipi(d, 0), b = ipi(d, 0), c = ipi(d, 0), got[8];
    struct guest g = {.d = d};

    (void)state;
    assert_int_equal(set_priority(d, a, 3), 0);
    assert_int_equal(set_priority(d, b, EVTCHN_FIFO_PRIORITY_MAX), 0);
    evtchn_send(d, c);
    evtchn_send(d, a);
    evtchn_send(d, b);
    assert_int_equal(cb(d, 0)->ready, (1U << 0) | (1U << 3) | (1U << 7));
    assert_int_equal(cb(d, 0)->head[0], b);
    assert_int_equal(cb(d, 0)->head[3], a);
    assert_int_equal(cb(d, 0)->head[7], c);
    assert_int_equal(ev_kicks(d, 0), 1); /* One upcall: the guest had not taken it yet. */
    assert_int_equal(consume(&g, got, 8, 64), 3);
    assert_int_equal(got[0], b); /* Highest priority first. */
    assert_int_equal(got[1], a);
    assert_int_equal(got[2], c);
}

static void test_mask_and_unmask(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t p = ipi(d, 0);

    (void)state;
    *word(d, p) = P(MASKED);
    evtchn_send(d, p);
    assert_int_equal(*word(d, p), P(MASKED) | P(PENDING));
    assert_int_equal(cb(d, 0)->ready, 0);
    assert_int_equal(ev_kicks(d, 0), 0);
    assert_true(evtchn_port_is_pending(d, p)); /* SCHEDOP_poll counts it. */
    assert_int_equal(evtchn_unmask(d, p), 0);
    assert_int_equal(*word(d, p), P(PENDING) | P(LINKED));
    assert_int_equal(cb(d, 0)->head[7], p);
    assert_int_equal(ev_kicks(d, 0), 1);
    /* Unmasking what is not pending only clears MASKED. */
    *word(d, p) = P(MASKED);
    assert_int_equal(evtchn_unmask(d, p), 0);
    assert_int_equal(*word(d, p), 0);
}

static void test_consumed_tail(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t a = ipi(d, 0), b = ipi(d, 0), c = ipi(d, 0);

    (void)state;
    evtchn_send(d, a);
    evtchn_send(d, b);
    /* The guest unlinks a (its LINK says b) and the hypervisor appends c behind b. */
    assert_int_equal(clear_linked(word(d, a)), b);
    evtchn_send(d, c);
    assert_int_equal(LINK(*word(d, b)), c);
    /* The guest then consumes b and c: the queue is empty, so the next raise is a new head. */
    clear_linked(word(d, b));
    clear_linked(word(d, c));
    *word(d, a) = 0;
    cb(d, 0)->ready = 0;
    evtchn_send(d, a);
    assert_int_equal(cb(d, 0)->head[7], a);
    assert_int_equal(LINK(*word(d, c)), 0); /* Not linked behind the consumed tail. */
    assert_int_equal(cb(d, 0)->ready, 1U << 7);
}

static void test_requeue_same_port(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t p = ipi(d, 0), got[4];
    struct guest g = {.d = d};

    (void)state;
    for (unsigned int round = 1; round <= 3; round++) {
        evtchn_send(d, p);
        assert_int_equal(cb(d, 0)->head[7], p);
        assert_int_equal(LINK(*word(d, p)), 0); /* Never linked to itself. */
        assert_int_equal(ev_kicks(d, 0), round);
        assert_int_equal(consume(&g, got, 4, 64), 1);
        d->vcpu[0]->vcpu_info->evtchn_upcall_pending = 0;
    }
}

/*
 * A port consumed at the tail of one queue and raised on another must make the first queue
 * forget it: otherwise that queue's next event would be linked behind it, into the new queue.
 */
static void test_port_moves_between_queues(void **state)
{
    struct domain *d = fifo_domain(1, 2, 2, 1);
    evtchn_port_t p = ipi(d, 0), q = ipi(d, 0), u, got[4];
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
    struct evtchn_bind_vcpu bv = {.vcpu = 1};
    struct guest g = {.d = d};

    (void)state;
    /* Another priority: p was the consumed tail of queue 7, and is now queued on 2. */
    evtchn_send(d, p);
    assert_int_equal(consume(&g, got, 4, 64), 1);
    assert_int_equal(set_priority(d, p, 2), 0);
    evtchn_send(d, p);
    assert_int_equal(cb(d, 0)->head[2], p);
    evtchn_send(d, q);
    assert_int_equal(cb(d, 0)->head[7], q);
    assert_int_equal(LINK(*word(d, p)), 0);
    assert_int_equal(consume(&g, got, 4, 64), 2);
    /* Another vCPU: a loopback port u, raised on vCPU 0, consumed, moved to vCPU 1. */
    assert_int_equal(evtchn_alloc_unbound(d, &au), 0);
    u = au.port;
    bi.remote_port = u;
    assert_int_equal(evtchn_bind_interdomain(d, &bi), 0); /* Raises the new local port. */
    assert_int_equal(consume(&g, got, 4, 64), 1);
    evtchn_send(d, bi.local_port);
    assert_int_equal(cb(d, 0)->head[7], u);
    assert_int_equal(consume(&g, got, 4, 64), 1);
    bv.port = u;
    assert_int_equal(evtchn_bind_vcpu(d, &bv), 0);
    evtchn_send(d, bi.local_port);
    assert_int_equal(cb(d, 1)->head[7], u);
    evtchn_send(d, q);
    assert_int_equal(cb(d, 0)->head[7], q);
    assert_int_equal(LINK(*word(d, u)), 0);
    ev_assert_unlocked(d);
}

static void test_no_control_block(void **state)
{
    struct domain *d = fifo_domain(1, 2, 1, 1);
    evtchn_port_t p = ipi(d, 1);

    (void)state;
    /* Raised on a vCPU without a control block: pending, but on no queue. */
    evtchn_send(d, p);
    assert_int_equal(*word(d, p), P(PENDING));
    assert_int_equal(ev_kicks(d, 1), 0);
    /* Once it has one, the guest's unmask delivers it. */
    assert_int_equal(init_control(d, 1, cb_gfn(d, 1), CB_OFFSET), 0);
    assert_int_equal(evtchn_unmask(d, p), 0);
    assert_int_equal(cb(d, 1)->head[7], p);
    assert_int_equal(ev_kicks(d, 1), 1);
}

static void test_raise_waits_for_page(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t p = 0;

    (void)state;
    while (p < 1030) {
        p = ipi(d, 0);
    }
    evtchn_send(d, p);
    assert_false(evtchn_port_is_pending(d, p));
    assert_int_equal(cb(d, 0)->ready, 0);
    assert_int_equal(expand(d, array_gfn(d, 1)), 0);
    assert_int_equal(*word(d, p), P(PENDING) | P(LINKED));
    assert_int_equal(cb(d, 0)->head[7], p);
    assert_int_equal(*word(d, p - 1), 0);
    assert_int_equal(ev_kicks(d, 0), 1);
}

static void test_switch_from_2l(void **state)
{
    struct domain *d = ev_domain_create(1, 1, EVTCHN_MAX_PORT);
    evtchn_port_t p = ipi(d, 0), q = ipi(d, 0);

    (void)state;
    evtchn_send(d, p); /* 2-level: pending bit in shared_info. */
    assert_true(evtchn_port_is_pending(d, p));
    assert_int_equal(init_control(d, 0, cb_gfn(d, 0), CB_OFFSET), 0);
    assert_false(evtchn_port_is_pending(d, p)); /* No event word yet. */
    assert_int_equal(expand(d, array_gfn(d, 0)), 0);
    assert_int_equal(*word(d, p), P(PENDING) | P(LINKED));
    assert_int_equal(*word(d, q), 0);
    assert_int_equal(cb(d, 0)->head[7], p);
}

static void test_linked_port_not_reused(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t p = ipi(d, 0);

    (void)state;
    evtchn_send(d, p);
    assert_int_equal(evtchn_close(d, p), 0);
    assert_int_equal(*word(d, p), P(LINKED)); /* Pending cleared; still on the queue. */
    assert_int_not_equal(ipi(d, 0), p);
    clear_linked(word(d, p));
    assert_int_equal(ipi(d, 0), p);
}

static void test_hostile_words(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t a = ipi(d, 0), b = ipi(d, 0), c = ipi(d, 0);

    (void)state;
    /* Garbage heads, READY and reserved word, and a tail whose LINK and BUSY the guest set. */
    for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) {
        cb(d, 0)->head[q] = 0xffffffff;
    }
    cb(d, 0)->_rsvd = 0xffffffff;
    evtchn_send(d, a);
    assert_int_equal(cb(d, 0)->head[7], a);
    *word(d, a) |= P(BUSY) | EVTCHN_FIFO_LINK_MASK;
    evtchn_send(d, b);
    assert_int_equal(*word(d, a), P(PENDING) | P(LINKED) | b); /* BUSY cleared, LINK replaced. */
    /* Every flag set everywhere: nothing can be queued, nothing breaks. */
    for (unsigned int i = 0; i < 1024; i++) {
        *word(d, i) = 0xffffffff;
    }
    cb(d, 0)->ready = 0xffffffff;
    evtchn_send(d, c);
    assert_int_equal(evtchn_unmask(d, c), 0);
    assert_int_equal(set_priority(d, c, 1), 0);
    assert_true(evtchn_port_is_pending(d, c));
    /* A LINKED word is busy: allocation skips the whole page and moves on. */
    assert_int_equal(ipi(d, 0), 1024);
    assert_int_equal(evtchn_close(d, c), 0);
    ev_assert_unlocked(d);
}

static void test_reset_returns_to_2l(void **state)
{
    struct domain *d = fifo_domain(1, 1, 1, 1);
    evtchn_port_t p = ipi(d, 0);

    (void)state;
    evtchn_send(d, p);
    assert_int_equal(evtchn_reset(d, DOMID_SELF), 0);
    assert_int_equal(ev_frame_maps(), 0);
    assert_int_equal(set_priority(d, 1, 0), -ENOSYS);
    p = ipi(d, 0);
    evtchn_send(d, p);
    assert_true((d->shared_info->evtchn_pending[0] >> p) & 1);
    /* And FIFO can be set up again. */
    assert_int_equal(init_control(d, 0, cb_gfn(d, 0), CB_OFFSET), 0);
    assert_int_equal(expand(d, array_gfn(d, 0)), 0);
    assert_true(evtchn_port_is_pending(d, p));
}

/* ---- Concurrent guests ---- */

struct race {
    struct domain *d;
    evtchn_port_t limit;
    bool started;
    bool stop;
    unsigned long passes; /* Consumer loop iterations, so the producer can wait for it. */
    unsigned int handled[64];
    bool bad;
};

static void *consumer_thread(void *arg)
{
    struct race *r = arg;
    struct guest g = {.d = r->d};
    evtchn_port_t got[64];

    __atomic_store_n(&r->started, true, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        unsigned int n = consume(&g, got, 64, r->limit);

        for (unsigned int i = 0; i < n; i++) {
            r->handled[got[i]]++;
        }
        __atomic_fetch_add(&r->passes, 1, __ATOMIC_RELEASE);
    }
    r->bad = g.bad;
    return NULL;
}

/* Keep the two threads overlapping even when the host runs the consumer rarely. */
static void wait_for_consumer(struct race *r)
{
    unsigned long seen = __atomic_load_n(&r->passes, __ATOMIC_ACQUIRE);

    for (unsigned int i = 0; i < 100000 && __atomic_load_n(&r->passes, __ATOMIC_ACQUIRE) == seen;
         i++) {
        if (i % 64 == 63) {
            sched_yield();
        }
    }
}

static bool any_pending(struct domain *d, evtchn_port_t limit)
{
    for (evtchn_port_t p = 1; p < limit; p++) {
        if (__atomic_load_n(word(d, p), __ATOMIC_ACQUIRE) & (P(PENDING) | P(LINKED))) {
            return true;
        }
    }
    return false;
}

/* Linux consuming on another CPU while events are raised and moved between queues. */
static void test_concurrent_consumer(void **state)
{
    struct race r = {.d = fifo_domain(1, 1, 1, 1), .limit = 9};
    pthread_t t;

    (void)state;
    for (unsigned int i = 1; i < r.limit; i++) {
        assert_int_equal(ipi(r.d, 0), i);
    }
    assert_int_equal(pthread_create(&t, NULL, consumer_thread, &r), 0);
    while (!__atomic_load_n(&r.started, __ATOMIC_ACQUIRE)) {
        sched_yield();
    }
    for (unsigned int i = 0; i < 100000; i++) {
        evtchn_port_t p = 1 + i % (r.limit - 1);

        assert_int_equal(evtchn_send(r.d, p), 0);
        if (i % 997 == 0) {
            assert_int_equal(set_priority(r.d, p, (i / 997) % 16), 0);
        }
        /* A varying pause, so that raises land at every point of the consumer's work. */
        for (volatile unsigned int j = (i * 2654435761U) >> 26; j; j--) {
        }
        if (i % 16 == 15) {
            wait_for_consumer(&r);
        }
    }
    /* Bounded wait for the consumer to drain: a lost event would stay PENDING for ever. */
    for (unsigned int i = 0; i < 2000000 && any_pending(r.d, r.limit); i++) {
        sched_yield();
    }
    __atomic_store_n(&r.stop, true, __ATOMIC_RELEASE);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_false(any_pending(r.d, r.limit));
    assert_false(r.bad);
    for (unsigned int i = 1; i < r.limit; i++) {
        assert_true(r.handled[i] > 0);
    }
    ev_assert_unlocked(r.d);
}

static void *scribbler_thread(void *arg)
{
    struct race *r = arg;
    uint64_t x = 0x9e3779b97f4a7c15ULL;

    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        __atomic_store_n(word(r->d, x % 1024), (event_word_t)(x >> 32), __ATOMIC_RELAXED);
        __atomic_store_n(&cb(r->d, 0)->head[(x >> 8) % 16], (uint32_t)x, __ATOMIC_RELAXED);
        __atomic_store_n(&cb(r->d, 0)->ready, (uint32_t)(x >> 16), __ATOMIC_RELAXED);
    }
    return NULL;
}

/* A guest rewriting every shared word while its ports are raised, unmasked, moved, closed. */
static void test_concurrent_hostile_guest(void **state)
{
    struct race r = {.d = fifo_domain(1, 1, 1, 1)};
    evtchn_port_t ports[8];
    pthread_t t;

    (void)state;
    for (unsigned int i = 0; i < 8; i++) {
        ports[i] = ipi(r.d, 0);
    }
    assert_int_equal(pthread_create(&t, NULL, scribbler_thread, &r), 0);
    for (unsigned int i = 0; i < 200000; i++) {
        unsigned int k = i % 8;
        struct evtchn_bind_ipi op = {.vcpu = 0};

        evtchn_send(r.d, ports[k]);
        evtchn_unmask(r.d, ports[(k + 3) % 8]);
        set_priority(r.d, ports[(k + 5) % 8], i % 16);
        if (i % 101 == 0 && evtchn_close(r.d, ports[k]) == 0 && !evtchn_bind_ipi(r.d, &op)) {
            ports[k] = op.port; /* Busy words may push it past the first page. */
        }
    }
    __atomic_store_n(&r.stop, true, __ATOMIC_RELEASE);
    assert_int_equal(pthread_join(t, NULL), 0);
    ev_assert_unlocked(r.d);
    assert_int_equal(evtchn_reset(r.d, DOMID_SELF), 0);
    assert_int_equal(ev_frame_maps(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_registration_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_array_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priorities, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mask_and_unmask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_consumed_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requeue_same_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_port_moves_between_queues, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_control_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raise_waits_for_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_switch_from_2l, setup, teardown),
        cmocka_unit_test_setup_teardown(test_linked_port_not_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_returns_to_2l, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_consumer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_hostile_guest, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
