/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console ring of a boot-time domain, served by the hypervisor (hv/console-ring.h has the
 * design and the rules for guest-written indices).
 */
#include <hv/console-domain.h>
#include <hv/console-mux.h>
#include <hv/console-ring.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/page-alloc.h>
#include <hv/printk.h>
#include <hv/pvh-loader.h>
#include <hv/string.h>
#include <public/hvm/params.h>

#define CHUNK 128 /* Bytes copied out of the ring per domain_console_write(). */

static void ring_send(struct domain *d, evtchn_port_t port);

/* The guest broke the protocol: stop serving its ring, and say so once. Pre: ring lock. */
static void ring_broken(struct domain *d, struct console_ring *r, const char *index,
                        XENCONS_RING_IDX distance, size_t size)
{
    r->broken = true;
    __atomic_store_n(&r->intf->connection, XENCONSOLE_DISCONNECTED, __ATOMIC_RELAXED);
    domain_console_flush(d);
    pr_err("console: d%u: ring protocol error: %s is %#x bytes away, the ring holds %zu; "
           "console disconnected\n",
           d->domain_id, index, distance, size);
}

/* Copy `n` bytes of `out` from our consumer index on to the domain's console. */
static void copy_out(struct domain *d, struct console_ring *r, XENCONS_RING_IDX n)
{
    volatile struct xencons_interface *intf = r->intf;
    char chunk[CHUNK];

    while (n) {
        size_t len = MIN((size_t)n, sizeof(chunk));

        for (size_t i = 0; i < len; i++) {
            chunk[i] = intf->out[MASK_XENCONS_IDX(r->out_cons + i, intf->out)];
        }
        domain_console_write(d, chunk, len);
        r->out_cons += (XENCONS_RING_IDX)len;
        n -= (XENCONS_RING_IDX)len;
    }
}

/* One pass over `out`. The guest's out_prod is read once. Pre: ring lock. */
static void drain_locked(struct domain *d, struct console_ring *r)
{
    XENCONS_RING_IDX prod = __atomic_load_n(&r->intf->out_prod, __ATOMIC_ACQUIRE);
    XENCONS_RING_IDX avail = prod - r->out_cons;

    if (r->broken || avail == 0) {
        return;
    }
    if (avail > sizeof(r->intf->out)) {
        ring_broken(d, r, "out_prod", avail, sizeof(r->intf->out));
        return;
    }
    copy_out(d, r, avail);
    if (console_mux_has_focus(d)) {
        domain_console_show_partial(d); /* A prompt waits for input without a newline. */
    }
    /* The bytes are copied before the guest may overwrite them. */
    __atomic_store_n(&r->intf->out_cons, r->out_cons, __ATOMIC_RELEASE);
    evtchn_hypervisor_notify(d, r->port, ring_send);
}

void console_ring_drain(struct domain *d)
{
    struct console_ring *r = &d->console_ring;

    if (!r->intf) {
        return;
    }
    spin_lock(&r->lock);
    drain_locked(d, r);
    spin_unlock(&r->lock);
}

/* EVTCHNOP_send on the console port: from the guest's own vCPU. */
static void ring_send(struct domain *d, evtchn_port_t port)
{
    (void)port;
    console_ring_drain(d);
}

/* How many of `len` input bytes fit in `in`; 0 after a protocol error. Pre: ring lock. */
static size_t input_space(struct domain *d, struct console_ring *r, size_t len)
{
    XENCONS_RING_IDX cons = __atomic_load_n(&r->intf->in_cons, __ATOMIC_ACQUIRE);
    XENCONS_RING_IDX used = r->in_prod - cons;
    size_t room;

    if (used > sizeof(r->intf->in)) {
        ring_broken(d, r, "in_cons", used, sizeof(r->intf->in));
        return 0;
    }
    room = MIN(len, sizeof(r->intf->in) - used);
    if (room < len && !r->dropping) {
        printk("console: d%u does not read its input: dropping what does not fit\n", d->domain_id);
    }
    r->dropping = room < len;
    return room;
}

void console_ring_input(struct domain *d, const char *buf, size_t len)
{
    struct console_ring *r = &d->console_ring;
    size_t n;

    if (!r->intf) {
        return;
    }
    spin_lock(&r->lock);
    n = r->broken ? 0 : input_space(d, r, len);
    for (size_t i = 0; i < n; i++) {
        r->intf->in[MASK_XENCONS_IDX(r->in_prod + i, r->intf->in)] = buf[i];
    }
    if (n) {
        r->in_prod += (XENCONS_RING_IDX)n;
        /* The bytes are visible before the index that covers them. */
        __atomic_store_n(&r->intf->in_prod, r->in_prod, __ATOMIC_RELEASE);
        evtchn_hypervisor_notify(d, r->port, ring_send);
    }
    spin_unlock(&r->lock);
}

void console_ring_describe(struct domain *d, char *buf, size_t size)
{
    struct console_ring *r = &d->console_ring;

    spin_lock(&r->lock);
    /* The guest's indices are only shown: whatever they are, they are just numbers here. */
    snprintf(buf, size, "port %u%s, out %#x/%#x, in %#x/%#x (cons/prod)%s%s", r->port,
             evtchn_port_is_pending(d, r->port) ? " pending" : "", r->out_cons,
             READ_ONCE(r->intf->out_prod), READ_ONCE(r->intf->in_cons), r->in_prod,
             r->broken ? ", disconnected" : "", r->dropping ? ", input full" : "");
    spin_unlock(&r->lock);
}

/* The page, zeroed, mapped at PVH_CONSOLE_GFN. */
static int map_page(struct domain *d, struct console_ring *r)
{
    mfn_t mfn = alloc_pages(0);
    int rc;

    if (mfn_eq(mfn, INVALID_MFN)) {
        return -ENOMEM;
    }
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
    rc = arch_domain_map_frame(d, _gfn(PVH_CONSOLE_GFN), mfn);
    if (rc) {
        free_pages(mfn, 0);
        return rc;
    }
    r->mfn = mfn;
    r->intf = mfn_to_virt(mfn);
    return 0;
}

int console_ring_setup(struct domain *d)
{
    struct console_ring *r = &d->console_ring;
    int rc;

    spin_lock_init(&r->lock);
    rc = map_page(d, r);
    if (rc) {
        return rc;
    }
    rc = evtchn_alloc_hypervisor_port(d, ring_send, &r->port);
    if (rc) {
        arch_domain_unmap_frame(d, _gfn(PVH_CONSOLE_GFN), r->mfn);
        free_pages(r->mfn, 0);
        r->intf = NULL;
        return rc;
    }
    d->hvm_params[HVM_PARAM_CONSOLE_PFN] = PVH_CONSOLE_GFN;
    d->hvm_params[HVM_PARAM_CONSOLE_EVTCHN] = r->port;
    console_mux_add(d);
    return 0;
}

void console_ring_teardown(struct domain *d)
{
    struct console_ring *r = &d->console_ring;

    if (!r->intf) {
        return;
    }
    console_mux_remove(d);
    /* What the guest wrote without notifying before it ended still gets printed. */
    console_ring_drain(d);
    r->intf = NULL;
    /* No vCPU of d runs: nothing reaches the page through d's p2m, which goes away later. */
    free_pages(r->mfn, 0);
}
