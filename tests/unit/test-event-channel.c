/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels with the 2-level ABI (hv/common/event-channel.c, event-channel-op.c,
 * event-2l.c): the port table and its limits, every operation and its permission checks,
 * raise/mask/unmask/selector semantics exactly as guest-abi.md 3.6 states them, close on
 * either end of an interdomain channel, reset, teardown, and the hypercall's decoding. After
 * every operation no event lock may be left held (the shim fails a test that would spin).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/hypercall.h>

#include "shim/shim.h"

/* The fixture of tests/unit/shim/event-shim.c. */
struct domain *ev_domain_create(domid_t id, unsigned int nr_vcpus, unsigned int max_port);
void ev_domain_destroy(struct domain *d);
void ev_domain_set_privileged(struct domain *d, bool privileged);
unsigned int ev_kicks(struct domain *d, unsigned int vcpu);
void ev_fail_alloc_after(int n);
void ev_assert_unlocked(struct domain *d);
void ev_reset(void);
void ev_cleanup(void);

static struct domain *d0, *d1, *d2; /* d0 is the privileged control domain. */

static int setup(void **state)
{
    (void)state;
    shim_reset();
    ev_reset();
    d0 = ev_domain_create(0, 1, EVTCHN_MAX_PORT);
    d1 = ev_domain_create(1, 2, EVTCHN_DEFAULT_MAX_PORT);
    d2 = ev_domain_create(2, 2, EVTCHN_DEFAULT_MAX_PORT);
    ev_domain_set_privileged(d0, true);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ev_cleanup();
    return 0;
}

/* ---- Guest's view of the 2-level state ---- */

static bool pending(struct domain *d, evtchn_port_t p)
{
    return (d->shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static void set_mask(struct domain *d, evtchn_port_t p)
{
    d->shared_info->evtchn_mask[p / 64] |= 1UL << (p % 64);
}

static bool masked(struct domain *d, evtchn_port_t p)
{
    return (d->shared_info->evtchn_mask[p / 64] >> (p % 64)) & 1;
}

static uint64_t sel(struct domain *d, unsigned int v)
{
    return d->vcpu[v]->vcpu_info->evtchn_pending_sel;
}

static bool upcall(struct domain *d, unsigned int v)
{
    return d->vcpu[v]->vcpu_info->evtchn_upcall_pending;
}

/* What Linux does in its upcall handler before scanning: clear the flag and the selector. */
static void guest_ack(struct domain *d, unsigned int v)
{
    d->vcpu[v]->vcpu_info->evtchn_upcall_pending = 0;
    d->vcpu[v]->vcpu_info->evtchn_pending_sel = 0;
}

static void guest_clear(struct domain *d, evtchn_port_t p)
{
    d->shared_info->evtchn_pending[p / 64] &= ~(1UL << (p % 64));
}

/* ---- Shorthands that must succeed ---- */

static evtchn_port_t unbound(struct domain *d, domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound op = {.dom = dom, .remote_dom = remote};

    assert_int_equal(evtchn_alloc_unbound(d, &op), 0);
    ev_assert_unlocked(d);
    return op.port;
}

static evtchn_port_t connect(struct domain *d, domid_t rdom, evtchn_port_t rport)
{
    struct evtchn_bind_interdomain op = {.remote_dom = rdom, .remote_port = rport};

    assert_int_equal(evtchn_bind_interdomain(d, &op), 0);
    ev_assert_unlocked(d);
    return op.local_port;
}

static evtchn_port_t ipi(struct domain *d, unsigned int vcpu)
{
    struct evtchn_bind_ipi op = {.vcpu = vcpu};

    assert_int_equal(evtchn_bind_ipi(d, &op), 0);
    return op.port;
}

static int virq(struct domain *d, unsigned int n, unsigned int vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq op = {.virq = n, .vcpu = vcpu};
    int rc = evtchn_bind_virq(d, &op);

    ev_assert_unlocked(d);
    if (port) {
        *port = op.port;
    }
    return rc;
}

static struct evtchn_status status(struct domain *d, domid_t dom, evtchn_port_t port, int rc)
{
    struct evtchn_status op = {.dom = dom, .port = port};

    assert_int_equal(evtchn_status(d, &op), rc);
    return op;
}

static int bind_vcpu(struct domain *d, evtchn_port_t port, unsigned int vcpu)
{
    struct evtchn_bind_vcpu op = {.port = port, .vcpu = vcpu};

    return evtchn_bind_vcpu(d, &op);
}

/* d1:port <-> d2:port, connected the way the toolstack does it; pending state cleared. */
static void pair(evtchn_port_t *p1, evtchn_port_t *p2)
{
    *p1 = unbound(d1, DOMID_SELF, 2);
    *p2 = connect(d2, 1, *p1);
    guest_clear(d2, *p2);
    guest_ack(d2, 0);
}

static void test_port_zero_and_table(void **state)
{
    (void)state;
    assert_int_equal(status(d1, DOMID_SELF, 0, 0).status, EVTCHNSTAT_closed);
    assert_int_equal(status(d1, DOMID_SELF, 63, 0).status, EVTCHNSTAT_closed);
    status(d1, DOMID_SELF, 64, -EINVAL); /* Beyond the table's first bucket. */
    status(d1, DOMID_SELF, 0xffffffff, -EINVAL);
    assert_int_equal(evtchn_send(d1, 0), -EINVAL);
    assert_int_equal(evtchn_close(d1, 0), -EINVAL);
    assert_int_equal(evtchn_unmask(d1, 1U << 20), -EINVAL);
    assert_int_equal(ipi(d1, 0), 1); /* The lowest free port, never 0. */
    ev_assert_unlocked(d1);
}

static void test_alloc_unbound_permissions(void **state)
{
    struct evtchn_alloc_unbound op = {.dom = 2, .remote_dom = 1};
    evtchn_port_t p = unbound(d1, DOMID_SELF, 2);
    struct evtchn_status st = status(d1, 1, p, 0);

    (void)state;
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 2);
    assert_int_equal(st.vcpu, 0);
    /* Only the control domain allocates in, or looks into, another domain. */
    assert_int_equal(evtchn_alloc_unbound(d1, &op), -EPERM);
    op.dom = 77;
    assert_int_equal(evtchn_alloc_unbound(d1, &op), -ESRCH);
    assert_int_equal(evtchn_alloc_unbound(d0, &op), -ESRCH);
    status(d2, 1, p, -EPERM);
    assert_int_equal(status(d0, 1, p, 0).u.unbound.dom, 2);
    /* DOMID_SELF as remote_dom is the caller, not `dom`. */
    p = unbound(d0, 2, DOMID_SELF);
    assert_int_equal(status(d2, DOMID_SELF, p, 0).u.unbound.dom, 0);
    p = unbound(d0, 2, 1);
    assert_int_equal(status(d0, 2, p, 0).u.unbound.dom, 1);
    ev_assert_unlocked(d0);
    ev_assert_unlocked(d2);
}

static void test_bind_interdomain(void **state)
{
    evtchn_port_t p1 = unbound(d1, DOMID_SELF, 2), p2;
    struct evtchn_status st;

    (void)state;
    p2 = connect(d2, 1, p1);
    st = status(d1, DOMID_SELF, p1, 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 2);
    assert_int_equal(st.u.interdomain.port, p2);
    st = status(d2, DOMID_SELF, p2, 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 1);
    assert_int_equal(st.u.interdomain.port, p1);
    /* The new local port is raised at once; the remote one is not. */
    assert_true(pending(d2, p2));
    assert_true(upcall(d2, 0));
    assert_int_equal(ev_kicks(d2, 0), 1);
    assert_false(pending(d1, p1));
    ev_assert_unlocked(d1);
}

static void test_bind_interdomain_errors(void **state)
{
    struct domain *d3 = ev_domain_create(3, 1, 16);
    evtchn_port_t offered = unbound(d1, DOMID_SELF, 2), mine = ipi(d1, 0), lp, rp;
    struct evtchn_bind_interdomain op = {.remote_dom = 1, .remote_port = offered};

    (void)state;
    /* Binding another domain's port without an offer. */
    assert_int_equal(evtchn_bind_interdomain(d3, &op), -EINVAL);
    op.remote_port = mine;
    assert_int_equal(evtchn_bind_interdomain(d2, &op), -EINVAL);
    op.remote_port = 1U << 20;
    assert_int_equal(evtchn_bind_interdomain(d2, &op), -EINVAL);
    op.remote_dom = 9;
    assert_int_equal(evtchn_bind_interdomain(d2, &op), -ESRCH);
    op.remote_dom = DOMID_XEN;
    assert_int_equal(evtchn_bind_interdomain(d2, &op), -ESRCH);
    /* Once bound it is no longer offered. */
    connect(d2, 1, offered);
    op.remote_dom = 1;
    op.remote_port = offered;
    assert_int_equal(evtchn_bind_interdomain(d2, &op), -EINVAL);
    /* Loopback: DOMID_SELF and the own id both work. */
    rp = unbound(d1, DOMID_SELF, DOMID_SELF);
    lp = connect(d1, DOMID_SELF, rp);
    guest_clear(d1, lp);
    assert_int_equal(evtchn_send(d1, lp), 0);
    assert_true(pending(d1, rp));
    assert_int_equal(evtchn_send(d1, rp), 0);
    assert_true(pending(d1, lp));
    rp = unbound(d1, 1, 1);
    connect(d1, 1, rp);
    ev_assert_unlocked(d1);
    ev_assert_unlocked(d2);
    ev_assert_unlocked(d3);
}

static void test_send(void **state)
{
    evtchn_port_t p1, p2, ip, vp;

    (void)state;
    pair(&p1, &p2);
    assert_int_equal(bind_vcpu(d2, p2, 1), 0);
    assert_int_equal(evtchn_send(d1, p1), 0);
    /* Raised on the peer port's notify vCPU only. */
    assert_true(pending(d2, p2));
    assert_true(upcall(d2, 1));
    assert_false(upcall(d2, 0));
    assert_int_equal(sel(d2, 1), 1UL << (p2 / 64));
    assert_int_equal(sel(d2, 0), 0);
    assert_false(pending(d1, p1));
    ip = ipi(d1, 1);
    assert_int_equal(evtchn_send(d1, ip), 0);
    assert_true(pending(d1, ip));
    assert_true(upcall(d1, 1));
    /* Unbound: dropped silently. VIRQ, free and unknown ports: -EINVAL. */
    vp = unbound(d1, DOMID_SELF, 2);
    assert_int_equal(evtchn_send(d1, vp), 0);
    assert_false(pending(d1, vp));
    assert_int_equal(virq(d1, VIRQ_DEBUG, 0, &vp), 0);
    assert_int_equal(evtchn_send(d1, vp), -EINVAL);
    assert_int_equal(evtchn_send(d1, 40), -EINVAL);
    assert_int_equal(evtchn_send(d1, 1U << 16), -EINVAL);
    /* A port number that is bound in d1 means nothing in d2, which does not own it. */
    assert_int_equal(evtchn_send(d2, ip), -EINVAL);
    ev_assert_unlocked(d1);
    ev_assert_unlocked(d2);
}

static void test_close_both_ends(void **state)
{
    evtchn_port_t p1, p2, again;
    struct evtchn_status st;

    (void)state;
    pair(&p1, &p2);
    /* The closer's port is freed; the peer's becomes unbound, offered to the closer. */
    assert_int_equal(evtchn_close(d1, p1), 0);
    ev_assert_unlocked(d1);
    ev_assert_unlocked(d2);
    assert_int_equal(status(d1, DOMID_SELF, p1, 0).status, EVTCHNSTAT_closed);
    st = status(d2, DOMID_SELF, p2, 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 1);
    assert_int_equal(evtchn_send(d2, p2), 0);
    assert_int_equal(ev_kicks(d1, 0), 0);
    assert_int_equal(evtchn_close(d1, p1), -EINVAL);
    /* So the closer may connect again; then the other end closes (lower id first this time). */
    again = connect(d1, 2, p2);
    assert_int_equal(status(d2, DOMID_SELF, p2, 0).u.interdomain.port, again);
    assert_int_equal(evtchn_close(d2, p2), 0);
    ev_assert_unlocked(d1);
    ev_assert_unlocked(d2);
    st = status(d1, DOMID_SELF, again, 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 2);
    /* Closing clears the pending bit, so a new binding starts quiet. */
    assert_true(pending(d1, again));
    assert_int_equal(evtchn_close(d1, again), 0);
    assert_false(pending(d1, again));
    /* Loopback close. */
    p1 = unbound(d1, DOMID_SELF, DOMID_SELF);
    p2 = connect(d1, DOMID_SELF, p1);
    assert_int_equal(evtchn_close(d1, p1), 0);
    assert_int_equal(status(d1, DOMID_SELF, p2, 0).status, EVTCHNSTAT_unbound);
    ev_assert_unlocked(d1);
}

static void test_bind_virq(void **state)
{
    evtchn_port_t t0, t1, g;
    struct evtchn_status st;

    (void)state;
    assert_int_equal(virq(d1, VIRQ_TIMER, 0, &t0), 0);
    assert_int_equal(virq(d1, VIRQ_TIMER, 1, &t1), 0);
    assert_int_not_equal(t0, t1);
    assert_int_equal(virq(d1, VIRQ_TIMER, 1, NULL), -EEXIST);
    assert_int_equal(virq(d1, VIRQ_DOM_EXC, 1, NULL), -EINVAL); /* Global: vCPU 0 only. */
    assert_int_equal(virq(d1, NR_VIRQS, 0, NULL), -EINVAL);
    assert_int_equal(virq(d1, VIRQ_TIMER, 2, NULL), -ENOENT);
    assert_int_equal(virq(d1, VIRQ_DEBUG, 0xffffffff, NULL), -ENOENT);
    st = status(d1, DOMID_SELF, t1, 0);
    assert_int_equal(st.status, EVTCHNSTAT_virq);
    assert_int_equal(st.u.virq, VIRQ_TIMER);
    assert_int_equal(st.vcpu, 1);
    /* Timer expiry on vCPU 1 raises its own port there. */
    evtchn_send_virq(d1->vcpu[1], VIRQ_TIMER);
    assert_true(pending(d1, t1));
    assert_false(pending(d1, t0));
    assert_true(upcall(d1, 1));
    assert_false(upcall(d1, 0));
    assert_int_equal(bind_vcpu(d1, t1, 0), -EINVAL); /* Per-vCPU VIRQs stay. */
    evtchn_send_virq(d1->vcpu[0], VIRQ_DEBUG);       /* Not bound: nothing. */
    assert_int_equal(ev_kicks(d1, 0), 0);
    /* A global VIRQ can move with bind_vcpu and is raised where it now is. */
    assert_int_equal(virq(d1, VIRQ_DOM_EXC, 0, &g), 0);
    assert_int_equal(bind_vcpu(d1, g, 1), 0);
    guest_ack(d1, 1);
    evtchn_send_global_virq(d1, VIRQ_DOM_EXC);
    assert_true(pending(d1, g));
    assert_true(upcall(d1, 1));
    assert_int_equal(status(d1, DOMID_SELF, g, 0).vcpu, 1);
    /* Closed, it is not delivered any more, and can be bound again. */
    assert_int_equal(evtchn_close(d1, t1), 0);
    guest_ack(d1, 1);
    evtchn_send_virq(d1->vcpu[1], VIRQ_TIMER);
    assert_false(upcall(d1, 1));
    assert_int_equal(virq(d1, VIRQ_TIMER, 1, NULL), 0);
    ev_assert_unlocked(d1);
}

static void test_every_virq_number(void **state)
{
    (void)state;
    /* Linux BUGs on any failure but -EEXIST: every number below 24 binds (on vCPU 0). */
    for (unsigned int n = 0; n < NR_VIRQS; n++) {
        assert_int_equal(virq(d1, n, 0, NULL), 0);
        assert_int_equal(virq(d1, n, 0, NULL), -EEXIST);
    }
}

static void test_bind_ipi_and_vcpu(void **state)
{
    evtchn_port_t p, u;

    (void)state;
    struct evtchn_bind_ipi op = {.vcpu = 2};

    assert_int_equal(evtchn_bind_ipi(d1, &op), -ENOENT);
    p = ipi(d1, 1);
    assert_int_equal(status(d1, DOMID_SELF, p, 0).status, EVTCHNSTAT_ipi);
    assert_int_equal(status(d1, DOMID_SELF, p, 0).vcpu, 1);
    assert_int_equal(bind_vcpu(d1, p, 0), -EINVAL);
    u = unbound(d1, DOMID_SELF, 2);
    assert_int_equal(bind_vcpu(d1, u, 5), -ENOENT);
    assert_int_equal(bind_vcpu(d1, 600, 1), -EINVAL);
    assert_int_equal(bind_vcpu(d1, 30, 1), -EINVAL); /* Free. */
    assert_int_equal(bind_vcpu(d1, u, 1), 0);
    assert_int_equal(status(d1, DOMID_SELF, u, 0).vcpu, 1);
    ev_assert_unlocked(d1);
}

static void test_2l_raise_mask_unmask(void **state)
{
    evtchn_port_t a = ipi(d1, 0), b = ipi(d1, 0), m = ipi(d1, 0);

    (void)state;
    /* Raise: pending bit, then the selector bit of its word, then the upcall. */
    assert_int_equal(evtchn_send(d1, a), 0);
    assert_true(pending(d1, a));
    assert_int_equal(sel(d1, 0), 1);
    assert_true(upcall(d1, 0));
    assert_int_equal(ev_kicks(d1, 0), 1);
    /* Already pending: stop there, even though the guest cleared the rest. */
    guest_ack(d1, 0);
    assert_int_equal(evtchn_send(d1, a), 0);
    assert_int_equal(sel(d1, 0), 0);
    assert_false(upcall(d1, 0));
    /* Selector already set: no new upcall. */
    guest_clear(d1, a);
    d1->vcpu[0]->vcpu_info->evtchn_pending_sel = 1;
    assert_int_equal(evtchn_send(d1, b), 0);
    assert_true(pending(d1, b));
    assert_false(upcall(d1, 0));
    assert_int_equal(ev_kicks(d1, 0), 1);
    /* Masked: pending only. */
    guest_ack(d1, 0);
    set_mask(d1, m);
    assert_int_equal(evtchn_send(d1, m), 0);
    assert_true(pending(d1, m));
    assert_int_equal(sel(d1, 0), 0);
    assert_false(upcall(d1, 0));
    /* Unmask re-raises a pending port: mask cleared, selector and upcall set. */
    assert_int_equal(evtchn_unmask(d1, m), 0);
    assert_false(masked(d1, m));
    assert_int_equal(sel(d1, 0), 1);
    assert_true(upcall(d1, 0));
    assert_int_equal(ev_kicks(d1, 0), 2);
    /* Unmasking a port that was not masked does nothing, even when pending. */
    guest_ack(d1, 0);
    assert_int_equal(evtchn_unmask(d1, m), 0);
    assert_false(upcall(d1, 0));
    /* Unmasking a masked port that is not pending only clears the mask. */
    guest_clear(d1, m);
    set_mask(d1, m);
    assert_int_equal(evtchn_unmask(d1, m), 0);
    assert_false(masked(d1, m));
    assert_false(upcall(d1, 0));
    ev_assert_unlocked(d1);
}

static void test_2l_selector_word_and_vcpu(void **state)
{
    evtchn_port_t p = 0;
    struct domain *big = ev_domain_create(5, 34, EVTCHN_DEFAULT_MAX_PORT);

    (void)state;
    for (unsigned int i = 0; i < 70; i++) {
        p = ipi(d1, 1);
    }
    assert_int_equal(p, 70);
    assert_int_equal(evtchn_send(d1, p), 0);
    assert_int_equal(sel(d1, 1), 1UL << 1); /* Port 70 lives in word 1. */
    assert_int_equal(sel(d1, 0), 0);
    /* A vCPU above the legacy slots without a registered vcpu_info: pending bit only. */
    p = ipi(big, 33);
    assert_int_equal(evtchn_send(big, p), 0);
    assert_true(pending(big, p));
    assert_int_equal(ev_kicks(big, 33), 0);
    ev_assert_unlocked(big);
}

static void test_port_exhaustion(void **state)
{
    struct domain *small = ev_domain_create(6, 1, 5), *none = ev_domain_create(7, 1, 0);
    struct evtchn_bind_interdomain bi = {.remote_dom = 1};
    struct evtchn_bind_ipi op = {.vcpu = 0};
    evtchn_port_t offer = unbound(d1, DOMID_SELF, 6);

    (void)state;
    for (evtchn_port_t p = 1; p <= 5; p++) {
        assert_int_equal(ipi(small, 0), p);
    }
    assert_int_equal(evtchn_bind_ipi(small, &op), -ENOSPC);
    assert_int_equal(virq(small, VIRQ_TIMER, 0, NULL), -ENOSPC);
    bi.remote_port = offer;
    assert_int_equal(evtchn_bind_interdomain(small, &bi), -ENOSPC);
    assert_int_equal(status(d1, DOMID_SELF, offer, 0).status, EVTCHNSTAT_unbound);
    assert_int_equal(evtchn_bind_ipi(none, &op), -ENOSPC);
    /* A closed port is reused, lowest first. */
    assert_int_equal(evtchn_close(small, 3), 0);
    assert_int_equal(connect(small, 1, offer), 3);
    ev_assert_unlocked(small);
    ev_assert_unlocked(none);
}

static void test_port_table_growth(void **state)
{
    struct evtchn_bind_ipi op = {.vcpu = 0};

    (void)state;
    /* max_port 1023: 1023 ports over 16 buckets, then no more. */
    for (evtchn_port_t p = 1; p <= EVTCHN_DEFAULT_MAX_PORT; p++) {
        assert_int_equal(ipi(d1, p % 2), p);
    }
    assert_int_equal(evtchn_bind_ipi(d1, &op), -ENOSPC);
    assert_int_equal(status(d1, DOMID_SELF, 1023, 0).vcpu, 1);
    /* The 2-level ABI reaches 4095 whatever the domain's limit. */
    for (evtchn_port_t p = 1; p < EVTCHN_2L_NR_CHANNELS; p++) {
        assert_int_equal(ipi(d0, 0), p);
    }
    assert_int_equal(evtchn_bind_ipi(d0, &op), -ENOSPC);
    ev_assert_unlocked(d0);
}

static void test_out_of_memory(void **state)
{
    struct evtchn_bind_ipi op = {.vcpu = 0};
    struct evtchn_domain *ed = domain_evtchn(d2);

    (void)state;
    for (evtchn_port_t p = 1; p < EVTCHNS_PER_BUCKET; p++) {
        ipi(d2, 0);
    }
    /* Port 64 needs a new bucket. */
    ev_fail_alloc_after(0);
    assert_int_equal(evtchn_bind_ipi(d2, &op), -ENOMEM);
    status(d2, DOMID_SELF, 64, -EINVAL);
    ev_fail_alloc_after(-1);
    assert_int_equal(ipi(d2, 0), 64);
    /* A failed init leaves nothing allocated, and teardown after it is harmless. */
    evtchn_domain_teardown(d2);
    for (int n = 0; n < 3; n++) {
        ev_fail_alloc_after(n);
        assert_int_equal(evtchn_domain_init(d2, 100), -ENOMEM);
        assert_null(ed->bucket);
        assert_null(ed->vcpu);
        evtchn_domain_teardown(d2);
    }
    ev_fail_alloc_after(-1);
    assert_int_equal(evtchn_domain_init(d2, 100), 0);
    ev_assert_unlocked(d2);
}

static void test_teardown(void **state)
{
    evtchn_port_t p1, p2, offer, lo;
    struct evtchn_status st;
    struct evtchn_alloc_unbound op = {.dom = 2, .remote_dom = 0};
    struct evtchn_bind_interdomain bi = {.remote_dom = 2};

    (void)state;
    pair(&p1, &p2);
    offer = unbound(d2, DOMID_SELF, 1);
    ipi(d2, 1);
    virq(d2, VIRQ_TIMER, 1, NULL);
    virq(d2, VIRQ_CONSOLE, 0, NULL);
    lo = unbound(d2, DOMID_SELF, DOMID_SELF);
    connect(d2, DOMID_SELF, lo);
    ev_domain_destroy(d2);
    /* d1's end is left unbound, offered to the dead domain's id, with no reference to it. */
    st = status(d1, DOMID_SELF, p1, 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 2);
    assert_int_equal(evtchn_send(d1, p1), 0);
    bi.remote_port = offer;
    assert_int_equal(evtchn_bind_interdomain(d1, &bi), -ESRCH);
    assert_int_equal(evtchn_alloc_unbound(d0, &op), -ESRCH);
    status(d0, 2, 1, -ESRCH);
    assert_int_equal(domain_evtchn(d1)->refs, 0);
    assert_int_equal(domain_evtchn(d0)->refs, 0);
    ev_assert_unlocked(d1);
}

static void test_reset(void **state)
{
    evtchn_port_t p1, p2, t;

    (void)state;
    pair(&p1, &p2);
    virq(d1, VIRQ_TIMER, 0, &t);
    assert_int_equal(evtchn_reset(d1, 2), -EPERM);
    assert_int_equal(evtchn_reset(d1, 66), -ESRCH);
    assert_int_equal(evtchn_reset(d1, DOMID_SELF), 0);
    ev_assert_unlocked(d1);
    assert_int_equal(status(d1, DOMID_SELF, p1, 0).status, EVTCHNSTAT_closed);
    assert_int_equal(status(d1, DOMID_SELF, t, 0).status, EVTCHNSTAT_closed);
    assert_int_equal(status(d2, DOMID_SELF, p2, 0).status, EVTCHNSTAT_unbound);
    /* The VIRQ can be bound again: the reset forgot it. */
    assert_int_equal(virq(d1, VIRQ_TIMER, 0, NULL), 0);
    /* The control domain resets another domain. */
    assert_int_equal(evtchn_reset(d0, 2), 0);
    assert_int_equal(status(d2, DOMID_SELF, p2, 0).status, EVTCHNSTAT_closed);
    assert_int_equal(domain_evtchn(d2)->refs, 0);
}

static void test_notify_and_poll(void **state)
{
    evtchn_port_t u = unbound(d1, DOMID_SELF, DOMID_XEN), m = ipi(d1, 0);

    (void)state;
    /* A hypervisor-served backend raises its port; SCHEDOP_poll sees masked ports too. */
    assert_false(evtchn_port_is_pending(d1, u));
    assert_int_equal(evtchn_notify(d1, u), 0);
    assert_true(evtchn_port_is_pending(d1, u));
    assert_true(upcall(d1, 0));
    set_mask(d1, m);
    assert_int_equal(evtchn_send(d1, m), 0);
    assert_true(evtchn_port_is_pending(d1, m));
    assert_false(evtchn_port_is_pending(d1, 1U << 20));
    assert_int_equal(evtchn_notify(d1, 40), -EINVAL);
    assert_int_equal(evtchn_notify(d1, 0), -EINVAL);
    ev_assert_unlocked(d1);
}

static unsigned int hv_sends;
static struct domain *hv_sender;

/* A hypervisor backend's consumer: records the send, then notifies back as a backend does. */
static void hv_consumer(struct domain *d, evtchn_port_t port)
{
    hv_sends++;
    hv_sender = d;
    ev_assert_unlocked(d); /* Called after the event lock was dropped. */
    assert_int_equal(evtchn_hypervisor_notify(d, port, hv_consumer), 0);
}

static void other_consumer(struct domain *d, evtchn_port_t port)
{
    (void)d;
    (void)port;
}

static void test_hypervisor_port(void **state)
{
    evtchn_port_t p;

    (void)state;
    hv_sends = 0;
    assert_int_equal(evtchn_alloc_hypervisor_port(d1, hv_consumer, &p), 0);
    assert_int_equal(status(d1, DOMID_SELF, p, 0).status, EVTCHNSTAT_interdomain);
    assert_int_equal(status(d1, DOMID_SELF, p, 0).u.interdomain.dom, DOMID_XEN);
    /* A send calls the consumer, which raises the port back. */
    assert_false(pending(d1, p));
    assert_int_equal(evtchn_send(d1, p), 0);
    assert_int_equal(hv_sends, 1);
    assert_ptr_equal(hv_sender, d1);
    assert_true(pending(d1, p));
    /* Only the consumer that owns the port may notify it. */
    assert_int_equal(evtchn_hypervisor_notify(d1, p, other_consumer), -EINVAL);
    /* Closed by the guest (and reused for an IPI): no more calls, no more raises. */
    assert_int_equal(evtchn_close(d1, p), 0);
    assert_int_equal(evtchn_hypervisor_notify(d1, p, hv_consumer), -EINVAL);
    assert_int_equal(ipi(d1, 0), p);
    assert_int_equal(evtchn_hypervisor_notify(d1, p, hv_consumer), -EINVAL);
    assert_int_equal(evtchn_send(d1, p), 0);
    assert_int_equal(hv_sends, 1);
    ev_assert_unlocked(d1);
}

static long hypercall(struct domain *d, unsigned long cmd, void *arg)
{
    unsigned long args[HYPERCALL_MAX_ARGS] = {cmd, (unsigned long)arg};
    long rc = do_event_channel_op(d->vcpu[0], args);

    ev_assert_unlocked(d);
    return rc;
}

static void test_hypercall_decoding(void **state)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = 2};
    struct evtchn_bind_virq bv = {.virq = 30, .vcpu = 0, .port = 0xdead};
    struct evtchn_status st = {.dom = DOMID_SELF};
    struct evtchn_bind_ipi bi = {.vcpu = 1};
    struct evtchn_send send;
    struct evtchn_bind_vcpu bvc;

    (void)state;
    assert_int_equal(hypercall(d1, EVTCHNOP_alloc_unbound, &au), 0);
    assert_int_equal(au.port, 1);
    st.port = au.port;
    assert_int_equal(hypercall(d1, EVTCHNOP_status, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 2);
    assert_int_equal(hypercall(d1, EVTCHNOP_bind_ipi, &bi), 0);
    assert_int_equal(bi.port, 2);
    send.port = bi.port;
    assert_int_equal(hypercall(d1, EVTCHNOP_send, &send), 0);
    assert_true(pending(d1, bi.port));
    bvc = (struct evtchn_bind_vcpu){.port = au.port, .vcpu = 1};
    assert_int_equal(hypercall(d1, EVTCHNOP_bind_vcpu, &bvc), 0);
    /* A failing operation copies nothing back. */
    assert_int_equal(hypercall(d1, EVTCHNOP_bind_virq, &bv), -EINVAL);
    assert_int_equal(bv.port, 0xdead);
    assert_int_equal(hypercall(d1, EVTCHNOP_close, &send), 0);
    assert_int_equal(hypercall(d1, EVTCHNOP_close, &send), -EINVAL);
    assert_int_equal(hypercall(d1, EVTCHNOP_unmask, &send), 0);
    assert_int_equal(hypercall(d1, EVTCHNOP_set_priority, &bvc), -ENOSYS);
    /* Bad addresses, unknown and unimplemented commands. */
    assert_int_equal(hypercall(d1, EVTCHNOP_status, (void *)16), -EFAULT);
    assert_int_equal(hypercall(d1, EVTCHNOP_bind_pirq, &bi), -ENOSYS);
    assert_int_equal(hypercall(d1, 14, &bi), -ENOSYS); /* reset_cont */
    assert_int_equal(hypercall(d1, 99, &bi), -ENOSYS);
    assert_int_equal(hypercall(d1, ~0UL, &bi), -ENOSYS);
    st = (struct evtchn_status){.dom = 2, .port = 1};
    assert_int_equal(hypercall(d1, EVTCHNOP_status, &st), -EPERM);
    assert_int_equal(hypercall(d1, EVTCHNOP_reset, &(struct evtchn_reset){.dom = 1}), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_port_zero_and_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_unbound_permissions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bind_interdomain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bind_interdomain_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_send, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_both_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bind_virq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_virq_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bind_ipi_and_vcpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_2l_raise_mask_unmask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_2l_selector_word_and_vcpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_port_exhaustion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_port_table_growth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_teardown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notify_and_poll, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hypervisor_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hypercall_decoding, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
