/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 2-level event channel ABI (guest-abi.md 3.3, 3.6): one pending and one mask bit per
 * port in shared_info (64 words of 64 bits, 4096 ports), and in each vCPU's vcpu_info a
 * selector with one bit per pending word plus the upcall-pending flag.
 *
 * The guest changes all of these words concurrently (it clears pending and selector bits,
 * owns the mask bits), so every update is an atomic read-modify-write, and the steps happen in
 * the order Linux relies on: pending before mask test, selector before upcall. Indexes come
 * from hypervisor-validated port numbers only.
 */
#include <hv/bitmap.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/shared-info.h>

/*
 * The shared_info page, or NULL for a port the 2-level ABI cannot name (a domain back from
 * FIFO after a reset may still hold port numbers above 4095 in its table).
 */
static struct shared_info *shared_info_for(const struct domain *d, evtchn_port_t port)
{
    if (port >= EVTCHN_2L_NR_CHANNELS) {
        return NULL;
    }
    return d->shared_info;
}

/*
 * Set the selector bit of `port`'s word in v's vcpu_info; mark an upcall only on that bit's
 * 0 -> 1 transition, since a set bit means the guest has yet to scan the word. A vCPU without
 * a vcpu_info (above the 32 legacy slots, not registered yet) gets nothing here: registering
 * one sets every selector bit and marks an upcall (guest-abi.md 3.3).
 */
static void set_selector(struct vcpu *v, evtchn_port_t port)
{
    struct vcpu_info *vi = __atomic_load_n(&v->vcpu_info, __ATOMIC_ACQUIRE);

    if (vi && !test_and_set_bit(port / BITS_PER_LONG, &vi->evtchn_pending_sel)) {
        vcpu_mark_events_pending(v);
    }
}

void evtchn_2l_set_pending(struct domain *d, evtchn_port_t port, struct vcpu *v)
{
    struct shared_info *si = shared_info_for(d, port);

    /* Already pending: the guest has been (or will be) told about it. */
    if (!si || test_and_set_bit(port, si->evtchn_pending)) {
        return;
    }
    /* Masked: the guest looks at pending bits itself when it unmasks. */
    if (test_bit(port, si->evtchn_mask)) {
        return;
    }
    set_selector(v, port);
}

void evtchn_2l_clear_pending(struct domain *d, evtchn_port_t port)
{
    struct shared_info *si = shared_info_for(d, port);

    if (si) {
        clear_bit(port, si->evtchn_pending);
    }
}

void evtchn_2l_unmask(struct domain *d, evtchn_port_t port, struct vcpu *v)
{
    struct shared_info *si = shared_info_for(d, port);

    /*
     * Only a mask bit that was set can have hidden a raise: re-raise then, if the port is
     * still pending. The order (clear mask, then test pending) pairs with set_pending's
     * (set pending, then test mask), so a raise racing with the unmask is never lost.
     */
    if (si && test_and_clear_bit(port, si->evtchn_mask) && test_bit(port, si->evtchn_pending)) {
        set_selector(v, port);
    }
}

bool evtchn_2l_is_pending(const struct domain *d, evtchn_port_t port)
{
    const struct shared_info *si = shared_info_for(d, port);

    return si && test_bit(port, si->evtchn_pending);
}
