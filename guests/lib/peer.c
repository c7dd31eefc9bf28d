/* SPDX-License-Identifier: GPL-2.0-only */
/* Two cooperating test kernels: event channel, upcalls and watchdog (guest/peer.h). */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/peer.h>
#include <guest/pv.h>
#include <guest/report.h>
#include <guest/traps.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>

static uint8_t shared_page[PAGE_SIZE] __page_aligned;
struct shared_info *const peer_shared = (struct shared_info *)shared_page;

static volatile unsigned long fired[64]; /* Events taken, per port of the first word. */
static unsigned int my_port, timer_port;
static unsigned long consumed;
static volatile unsigned long upcalls;
static unsigned long empty_wakeups; /* HLT returned, but no upcall ran. */
static uint64_t idle_ns;            /* System time spent in peer_idle(). */

/* Clear the upcall flag first, so that an event raised during the scan brings us back. */
void peer_upcall(void);
void peer_upcall(void)
{
    struct vcpu_info *vi = &peer_shared->vcpu_info[0];

    upcalls++;
    vi->evtchn_upcall_pending = 0;
    __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_ACQ_REL);
    for (;;) {
        unsigned long ready = peer_shared->evtchn_pending[0] & ~peer_shared->evtchn_mask[0];
        unsigned int port;

        if (!ready) {
            return;
        }
        port = (unsigned int)__builtin_ctzl(ready);
        __atomic_fetch_and(&peer_shared->evtchn_pending[0], ~(1UL << port), __ATOMIC_ACQ_REL);
        fired[port]++;
    }
}
INTERRUPT_ENTRY(peer_upcall_entry, peer_upcall);

bool peer_init(void)
{
    struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct vcpu_set_periodic_timer pt = {.period_ns = PEER_TICK_NS};

    if (shared_info_map(shared_page) || upcall_vector_set(PEER_UPCALL_VECTOR, peer_upcall_entry)) {
        test_error("cannot map shared_info or set the callback vector");
        return false;
    }
    if (hypercall_event_channel_op(EVTCHNOP_bind_virq, &bv) || bv.port >= 64 ||
        hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt)) {
        test_error("cannot start the watchdog timer");
        return false;
    }
    timer_port = bv.port;
    return true;
}

bool peer_listen(domid_t peer)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = peer};
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &au);

    if (rc || au.port != PEER_PORT) {
        test_error("alloc_unbound gave %ld, port %u (expected %u)", rc, au.port, PEER_PORT);
        return false;
    }
    my_port = au.port;
    return true;
}

bool peer_connect(domid_t peer)
{
    struct evtchn_bind_interdomain bi = {.remote_dom = peer, .remote_port = PEER_PORT};
    uint64_t deadline = peer_now_ns() + 10000000000ULL;

    while (hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &bi)) {
        if (peer_now_ns() > deadline) {
            test_error("could not bind to port %u of d%u for 10 s", PEER_PORT, peer);
            return false;
        }
        hypercall_sched_op(SCHEDOP_yield, NULL); /* The peer has not allocated it yet. */
    }
    if (bi.local_port >= 64) {
        test_error("bound to port %u, beyond the ports this framework watches", bi.local_port);
        return false;
    }
    my_port = bi.local_port;
    return peer_wait("the event of the bind", 2);
}

void peer_notify(void)
{
    struct evtchn_send s = {.port = my_port};

    hypercall_event_channel_op(EVTCHNOP_send, &s);
}

bool peer_wait(const char *what, unsigned int seconds)
{
    unsigned long ticks = fired[timer_port];

    consumed++;
    while (fired[my_port] < consumed) {
        /* Ticks, not pvclock: the watchdog itself must keep coming for the wait to end. */
        if (fired[timer_port] - ticks > seconds * (1000000000ULL / PEER_TICK_NS)) {
            test_failure("waited %u s for %s: %lu of %lu notifications, pending %#lx", seconds,
                         what, fired[my_port], consumed, peer_shared->evtchn_pending[0]);
            return false;
        }
        peer_idle();
    }
    return true;
}

unsigned long peer_received(void)
{
    return fired[my_port];
}

unsigned long peer_events(unsigned int port)
{
    return port < 64 ? fired[port] : 0;
}

unsigned long peer_ticks(void)
{
    return fired[timer_port];
}

unsigned long peer_consumed(void)
{
    return consumed;
}

void peer_idle(void)
{
    unsigned long before = upcalls;
    uint64_t t0 = peer_now_ns();

    __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    idle_ns += peer_now_ns() - t0;
    if (upcalls == before) {
        empty_wakeups++;
    }
}

uint64_t peer_idle_ns(void)
{
    return idle_ns;
}

unsigned long peer_empty_wakeups(void)
{
    return empty_wakeups;
}

uint64_t peer_now_ns(void)
{
    return pvclock_ns(&peer_shared->vcpu_info[0].time);
}

void peer_fill(void *p, size_t words, uint64_t seed, uint64_t first)
{
    volatile uint64_t *w = p;

    for (size_t k = 0; k < words; k++) {
        w[k] = peer_pattern(seed, first + k);
    }
}

size_t peer_check(const void *p, size_t words, uint64_t seed, uint64_t first)
{
    const volatile uint64_t *w = p;

    for (size_t k = 0; k < words; k++) {
        if (w[k] != peer_pattern(seed, first + k)) {
            return k;
        }
    }
    return words;
}
