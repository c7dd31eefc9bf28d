/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn-pingpong: an interdomain event channel between two domains, exercised as a strict
 * ping-pong: the client sends, the server answers, `rounds` times (command line:
 * `role=server|client peer=<domid> rounds=<n>`). Each side sleeps in HLT until its upcall, so
 * the hypervisor's whole path is used: send, 2-level raise, kick or wake of the peer's vCPU,
 * upcall injection. Because the exchange alternates, every notification must arrive exactly
 * once: a lost one hangs the test, a spurious one is counted. The client reports the median
 * round-trip time in TSC cycles (make bench uses it).
 *
 * The server's channel is the first port it allocates after the watchdog's (port 2); the client
 * binds to it, retrying until the server has allocated it. Binding raises the client's new
 * port once (Xen does, so nothing sent before the bind is lost); the client takes that event
 * before it starts.
 */
#include <guest/pv.h>
#include <guest/stats.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define UPCALL_VECTOR 0xf3
#define SERVER_PORT   2 /* Port 1 is the watchdog timer's, bound first. */
#define SAMPLES       1001

static uint8_t shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct shared_info *const shared = (struct shared_info *)shared_page;
static volatile unsigned long received;
static volatile unsigned long ticks; /* Watchdog VIRQ_TIMER events. */
static unsigned int my_port, timer_port;
static uint64_t samples[SAMPLES];

void pp_upcall(void);
void pp_upcall(void)
{
    shared->vcpu_info[0].evtchn_upcall_pending = 0;
    __atomic_exchange_n(&shared->vcpu_info[0].evtchn_pending_sel, 0, __ATOMIC_ACQ_REL);
    if (__atomic_fetch_and(&shared->evtchn_pending[0], ~(1UL << my_port), __ATOMIC_ACQ_REL) &
        (1UL << my_port)) {
        received++;
    }
    if (__atomic_fetch_and(&shared->evtchn_pending[0], ~(1UL << timer_port), __ATOMIC_ACQ_REL) &
        (1UL << timer_port)) {
        ticks++;
    }
}
INTERRUPT_ENTRY(pp_entry, pp_upcall);

static void setup(void)
{
    struct xen_add_to_physmap a = {.domid = DOMID_SELF,
                                   .space = XENMAPSPACE_shared_info,
                                   .gpfn = (uint64_t)shared_page >> PAGE_SHIFT};
    struct xen_hvm_param p = {.domid = DOMID_SELF,
                              .index = HVM_PARAM_CALLBACK_IRQ,
                              .value =
                                  ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << 56) | UPCALL_VECTOR};

    if (hypercall_memory_op(XENMEM_add_to_physmap, &a) || hypercall_hvm_op(HVMOP_set_param, &p)) {
        test_error("cannot map shared_info or set the callback vector");
    }
    idt_set_interrupt_gate(UPCALL_VECTOR, pp_entry);
    {
        struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
        struct vcpu_set_periodic_timer pt = {.period_ns = 50000000};

        if (hypercall_event_channel_op(EVTCHNOP_bind_virq, &bv) ||
            hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt)) {
            test_error("cannot start the watchdog timer");
        }
        timer_port = bv.port;
    }
}

/* Sleep until `n` events have arrived. A periodic watchdog timer turns a lost notification
 * into a reported failure instead of a silent hang. */
static bool wait_received(unsigned long n)
{
    unsigned long start = ticks;

    while (received < n) {
        if (ticks - start > 40) {
            test_failure("no event for 2 s: have %lu of %lu, pending %#lx, sel %#lx, upcall %u",
                         received, n, shared->evtchn_pending[0],
                         shared->vcpu_info[0].evtchn_pending_sel,
                         shared->vcpu_info[0].evtchn_upcall_pending);
            return false;
        }
        __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    }
    return true;
}

static void notify(void)
{
    struct evtchn_send s = {.port = my_port};

    hypercall_event_channel_op(EVTCHNOP_send, &s);
}

static void server(uint64_t peer, uint64_t rounds)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = (domid_t)peer};
    long rc = hypercall_event_channel_op(EVTCHNOP_alloc_unbound, &au);

    if (rc || au.port != SERVER_PORT) {
        test_error("alloc_unbound gave %ld, port %u (expected %u)", rc, au.port, SERVER_PORT);
        return;
    }
    my_port = au.port;
    /* Every ping gets its answer before the next is sent, so none can merge with another. */
    for (uint64_t i = 1; i <= rounds; i++) {
        if (!wait_received(i)) {
            return;
        }
        notify();
    }
    printf("pingpong: server answered %lu pings\n", (unsigned long)rounds);
}

static void client(uint64_t peer, uint64_t rounds)
{
    struct evtchn_bind_interdomain bi = {.remote_dom = (domid_t)peer, .remote_port = SERVER_PORT};
    unsigned int tries = 0;

    while (hypercall_event_channel_op(EVTCHNOP_bind_interdomain, &bi) && ++tries < 100000) {
        hypercall_sched_op(SCHEDOP_yield, NULL); /* The server has not allocated it yet. */
    }
    if (tries >= 100000) {
        test_error("could not bind to the server's port");
        return;
    }
    my_port = bi.local_port;
    /* Binding raises the new local port once (so nothing sent before is lost): take it. */
    if (!wait_received(1)) {
        return;
    }
    for (uint64_t i = 1; i <= rounds; i++) {
        uint64_t t0 = tsc_ordered();

        notify();
        if (!wait_received(i + 1)) {
            return;
        }
        samples[(i - 1) % SAMPLES] = tsc_ordered() - t0;
    }
    sort_u64(samples, rounds < SAMPLES ? (unsigned int)rounds : SAMPLES);
    printf("pingpong: %lu round trips, median %lu cycles, max of the last %u %lu cycles, %lu "
           "watchdog ticks\n",
           (unsigned long)rounds, (unsigned long)samples[(rounds < SAMPLES ? rounds : SAMPLES) / 2],
           SAMPLES, (unsigned long)samples[(rounds < SAMPLES ? rounds : SAMPLES) - 1], ticks);
}

const char test_title[] = "evtchn-pingpong: interdomain event ping-pong";

void test_main(void)
{
    char role[16];
    uint64_t peer = 0, rounds = 1000;

    if (!cmdline_get_str("role", role, sizeof(role)) || !cmdline_get_u64("peer", &peer)) {
        test_error("needs role=server|client and peer=<domid> on the command line");
        return;
    }
    cmdline_get_u64("rounds", &rounds);
    setup();
    if (!strcmp(role, "server")) {
        server(peer, rounds);
    } else {
        client(peer, rounds);
    }
    /* Strict alternation: nothing may be left pending or have arrived twice. */
    if (shared->evtchn_pending[0] & (1UL << my_port)) {
        test_failure("a spurious event is pending at the end");
    }
    test_success();
}
