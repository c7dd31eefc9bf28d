/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn-hostile: the event channel and vcpu_info requests a hostile guest makes (guest-abi.md
 * 3.3, 5.5). Each must fail with exactly the error Xen returns and change nothing: afterwards
 * the domain still runs and its legitimate channel still carries every notification.
 *
 * Two domains, told about each other on the command line (`role=server|client peer=<domid>
 * [rounds=<n>]`). The server binds its watchdog VIRQ_TIMER (port 1), offers port 2 to itself
 * and port 3 to the client; the client binds port 3 (so it knows ports 2 and 3 exist) and then
 * tries what it must not: binding port 2 (not offered to it), port 3 again (already bound), a
 * VIRQ port, ports and domains that do not exist; allocating, querying and resetting in the
 * server's domain; sending on and closing the server's port numbers, which are free in its own
 * table. Both then check the single-domain cases: bad VIRQs, vCPUs and ports; running out of
 * ports (-ENOSPC at Xen's default limit, port 1023) and getting one back by closing; and
 * VCPUOP_register_vcpu_info with a misaligned offset, one crossing the page end and frames
 * outside RAM, before a good registration that the final ping-pong then runs on.
 *
 * Error codes are Xen's (xen/common/event_channel.c, xen/common/domain.c of Xen 4.17, the
 * version Xenolith reports): a port number that is free, reserved or out of range is -EINVAL;
 * a domain id with no domain is -ESRCH, looked up before anything else; naming another domain
 * without privilege is -EPERM (XSM_TARGET); a vCPU that does not exist is -ENOENT, except that a
 * global VIRQ on a vCPU other than 0 is -EINVAL first.
 */
#include <guest/pv.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define UPCALL_VECTOR   0xf3
#define TIMER_PORT      1 /* The watchdog's VIRQ_TIMER: the first port either side binds. */
#define SELF_OFFER_PORT 2 /* Server: offered to the server itself, never to the client. */
#define SERVER_PORT     3 /* Server: offered to the client; the legitimate channel. */
#define CLIENT_PORT     2 /* The client's end of it. */
#define FREE_PORT       20 /* In the first bucket of ports (Xen: 32 or more), never allocated here. */
#define MAX_PORT        1023 /* Xen's default max_evtchn_port for a guest (xl max_event_channels). */
#define BAD_PORT        100000
#define NO_DOMAIN       1000 /* A domain id below DOMID_FIRST_RESERVED that nothing uses. */
#define TICK_NS         50000000ULL
#define WAIT_TICKS      200 /* 10 s without the awaited event is a failure. */

static uint8_t shared_page[PAGE_SIZE] __page_aligned;
static struct shared_info *const shared = (struct shared_info *)shared_page;
/* Where vcpu_info[0] will move to (VCPUOP_register_vcpu_info). */
static uint8_t vcpu_info_page[PAGE_SIZE] __page_aligned;
static struct vcpu_info *volatile vi; /* Where vCPU 0's vcpu_info is now. */

static volatile unsigned long received; /* Events on the legitimate channel. */
static volatile unsigned long ticks;    /* Watchdog VIRQ_TIMER events. */
static evtchn_port_t my_port;           /* Our end of the legitimate channel. */
static unsigned int checks;             /* Hostile calls whose result was checked. */

/* The upcall: only ports of word 0 matter (this test raises no other). */
void hostile_upcall(void);
void hostile_upcall(void)
{
    vi->evtchn_upcall_pending = 0;
    __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_ACQ_REL);
    if (__atomic_fetch_and(&shared->evtchn_pending[0], ~(1UL << my_port), __ATOMIC_ACQ_REL) &
        (1UL << my_port)) {
        received++;
    }
    if (__atomic_fetch_and(&shared->evtchn_pending[0], ~(1UL << TIMER_PORT), __ATOMIC_ACQ_REL) &
        (1UL << TIMER_PORT)) {
        ticks++;
    }
}
INTERRUPT_ENTRY(hostile_entry, hostile_upcall);

/* ---- Hypercall wrappers: one line each at the call sites ---- */

static long evtchn(unsigned int cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

static long send_port(evtchn_port_t port)
{
    return evtchn(EVTCHNOP_send, &(struct evtchn_send){.port = port});
}

static long close_port(evtchn_port_t port)
{
    return evtchn(EVTCHNOP_close, &(struct evtchn_close){.port = port});
}

static long unmask_port(evtchn_port_t port)
{
    return evtchn(EVTCHNOP_unmask, &(struct evtchn_unmask){.port = port});
}

static long reset_domain(domid_t dom)
{
    return evtchn(EVTCHNOP_reset, &(struct evtchn_reset){.dom = dom});
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    return evtchn(EVTCHNOP_bind_vcpu, &(struct evtchn_bind_vcpu){.port = port, .vcpu = vcpu});
}

static long bind_ipi(uint32_t vcpu)
{
    return evtchn(EVTCHNOP_bind_ipi, &(struct evtchn_bind_ipi){.vcpu = vcpu});
}

static long bind_virq(uint32_t virq, uint32_t vcpu)
{
    return evtchn(EVTCHNOP_bind_virq, &(struct evtchn_bind_virq){.virq = virq, .vcpu = vcpu});
}

static long bind_interdomain(domid_t dom, evtchn_port_t port, evtchn_port_t *local)
{
    struct evtchn_bind_interdomain b = {.remote_dom = dom, .remote_port = port};
    long rc = evtchn(EVTCHNOP_bind_interdomain, &b);

    if (local) {
        *local = b.local_port;
    }
    return rc;
}

static long alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = {.dom = dom, .remote_dom = remote};
    long rc = evtchn(EVTCHNOP_alloc_unbound, &a);

    if (port) {
        *port = a.port;
    }
    return rc;
}

static long port_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){.dom = dom, .port = port};
    return evtchn(EVTCHNOP_status, st);
}

static long status_of(domid_t dom, evtchn_port_t port)
{
    struct evtchn_status st;

    return port_status(dom, port, &st);
}

static long register_vcpu_info(unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
    struct vcpu_register_vcpu_info r = {.mfn = gfn, .offset = offset};

    return hypercall_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &r);
}

/* Check a call's exact result; the text of the call is the failure message. */
#define EXPECT(call, want) expect_rc(#call, (call), (want), #want)

static void expect_rc(const char *what, long rc, long want, const char *want_text)
{
    checks++;
    if (rc != want) {
        test_failure("%s gave %ld, expected %s (%ld)", what, rc, want_text, want);
    }
}

/* ---- Setup and waiting ---- */

static void setup(void)
{
    struct vcpu_set_periodic_timer pt = {.period_ns = TICK_NS};
    struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};

    vi = &shared->vcpu_info[0];
    if (shared_info_map(shared_page) || upcall_vector_set(UPCALL_VECTOR, hostile_entry)) {
        test_error("cannot map shared_info or set the callback vector");
    }
    if (evtchn(EVTCHNOP_bind_virq, &bv) || bv.port != TIMER_PORT ||
        hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt)) {
        test_error("cannot start the watchdog timer on port %u", TIMER_PORT);
    }
}

/* Halt until `n` events came on the legitimate channel; false after WAIT_TICKS without. */
static bool wait_received(unsigned long n)
{
    unsigned long start = ticks;

    while (received < n) {
        if (ticks - start > WAIT_TICKS) {
            test_failure("no event for 10 s: have %lu of %lu, pending %#lx", received, n,
                         shared->evtchn_pending[0]);
            return false;
        }
        __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    }
    return true;
}

/* ---- The server's ports and the client's attempts on them ---- */

static void server_ports(domid_t peer)
{
    evtchn_port_t self_offer = 0, offer = 0;

    if (alloc_unbound(DOMID_SELF, DOMID_SELF, &self_offer) || self_offer != SELF_OFFER_PORT ||
        alloc_unbound(DOMID_SELF, peer, &offer) || offer != SERVER_PORT) {
        test_error("server ports are %u and %u, expected %u and %u", self_offer, offer,
                   SELF_OFFER_PORT, SERVER_PORT);
    }
    my_port = SERVER_PORT;
}

/* Bind the server's offer, retrying until it exists; take the event binding raises. */
static void client_bind(domid_t peer)
{
    unsigned int tries = 0;
    long rc;

    while ((rc = bind_interdomain(peer, SERVER_PORT, &my_port)) && ++tries < 100000) {
        hypercall_sched_op(SCHEDOP_yield, NULL); /* The server has not allocated it yet. */
    }
    if (rc || my_port != CLIENT_PORT) {
        test_error("binding the server's port gave %ld, local port %u", rc, my_port);
        return;
    }
    wait_received(1);
}

/* What the client may not do to the server (guest-abi.md 5.5). */
static void cross_domain_checks(domid_t peer)
{
    EXPECT(bind_interdomain(peer, SELF_OFFER_PORT, NULL), -XEN_EINVAL);
    EXPECT(bind_interdomain(peer, SERVER_PORT, NULL), -XEN_EINVAL);
    EXPECT(bind_interdomain(peer, TIMER_PORT, NULL), -XEN_EINVAL);
    EXPECT(bind_interdomain(peer, 0, NULL), -XEN_EINVAL);
    EXPECT(bind_interdomain(peer, BAD_PORT, NULL), -XEN_EINVAL);
    EXPECT(bind_interdomain(peer, 0xffffffff, NULL), -XEN_EINVAL);
    EXPECT(bind_interdomain(DOMID_SELF, CLIENT_PORT, NULL), -XEN_EINVAL);
    EXPECT(bind_interdomain(NO_DOMAIN, SERVER_PORT, NULL), -XEN_ESRCH);
    EXPECT(bind_interdomain(DOMID_INVALID, SERVER_PORT, NULL), -XEN_ESRCH);
    EXPECT(alloc_unbound(peer, DOMID_SELF, NULL), -XEN_EPERM);
    EXPECT(alloc_unbound(NO_DOMAIN, DOMID_SELF, NULL), -XEN_ESRCH);
    EXPECT(status_of(peer, SERVER_PORT), -XEN_EPERM);
    EXPECT(status_of(NO_DOMAIN, SERVER_PORT), -XEN_ESRCH);
    EXPECT(reset_domain(peer), -XEN_EPERM);
    EXPECT(reset_domain(NO_DOMAIN), -XEN_ESRCH);
    /* The server's port numbers name nothing in our own table. */
    EXPECT(send_port(SERVER_PORT), -XEN_EINVAL);
    EXPECT(close_port(SERVER_PORT), -XEN_EINVAL);
    EXPECT(unmask_port(BAD_PORT), -XEN_EINVAL);
}

/* Our end is still connected to the server's port 3 after all that. */
static void check_channel_intact(domid_t peer)
{
    struct evtchn_status st;
    long rc = port_status(DOMID_SELF, my_port, &st);

    if (rc || st.status != EVTCHNSTAT_interdomain || st.u.interdomain.dom != peer ||
        st.u.interdomain.port != SERVER_PORT) {
        test_failure("our channel changed: status %ld, state %u, peer d%u port %u", rc, st.status,
                     st.u.interdomain.dom, st.u.interdomain.port);
    }
}

/* ---- What one domain may not do to itself ---- */

static void virq_and_vcpu_checks(void)
{
    EXPECT(bind_virq(NR_VIRQS, 0), -XEN_EINVAL);
    EXPECT(bind_virq(0xffffffff, 0), -XEN_EINVAL);
    EXPECT(bind_virq(VIRQ_TIMER, 1), -XEN_ENOENT);
    EXPECT(bind_virq(VIRQ_TIMER, 0xffffffff), -XEN_ENOENT);
    EXPECT(bind_virq(VIRQ_DOM_EXC, 1), -XEN_EINVAL); /* Global VIRQs: vCPU 0 only. */
    EXPECT(bind_virq(VIRQ_TIMER, 0), -XEN_EEXIST);   /* The watchdog has it. */
    EXPECT(bind_ipi(1), -XEN_ENOENT);
    EXPECT(bind_ipi(0xffffffff), -XEN_ENOENT);
    EXPECT(bind_vcpu(my_port, 1), -XEN_ENOENT);
    EXPECT(bind_vcpu(BAD_PORT, 1), -XEN_ENOENT);   /* The vCPU is checked first. */
    EXPECT(bind_vcpu(TIMER_PORT, 0), -XEN_EINVAL); /* A per-vCPU VIRQ stays on its vCPU. */
    EXPECT(bind_vcpu(FREE_PORT, 0), -XEN_EINVAL);
    EXPECT(bind_vcpu(BAD_PORT, 0), -XEN_EINVAL);
}

static void bad_port_checks(void)
{
    struct evtchn_status st;

    EXPECT(send_port(0), -XEN_EINVAL);
    EXPECT(send_port(FREE_PORT), -XEN_EINVAL);
    EXPECT(send_port(TIMER_PORT), -XEN_EINVAL); /* Only IPI and interdomain ports send. */
    EXPECT(send_port(MAX_PORT + 1), -XEN_EINVAL);
    EXPECT(send_port(0xffffffff), -XEN_EINVAL);
    EXPECT(close_port(0), -XEN_EINVAL);
    EXPECT(close_port(FREE_PORT), -XEN_EINVAL);
    EXPECT(close_port(0xffffffff), -XEN_EINVAL);
    EXPECT(unmask_port(0xffffffff), -XEN_EINVAL);
    EXPECT(status_of(DOMID_SELF, BAD_PORT), -XEN_EINVAL);
    EXPECT(status_of(DOMID_SELF, MAX_PORT + 1), -XEN_EINVAL);
    EXPECT(status_of(DOMID_SELF, 0xffffffff), -XEN_EINVAL);
    /* A free or reserved port inside the table is simply closed. */
    EXPECT(port_status(DOMID_SELF, FREE_PORT, &st), 0);
    EXPECT(st.status, EVTCHNSTAT_closed);
    EXPECT(port_status(DOMID_SELF, 0, &st), 0);
    EXPECT(st.status, EVTCHNSTAT_closed);
    EXPECT(port_status(DOMID_SELF, TIMER_PORT, &st), 0);
    EXPECT(st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER && st.vcpu == 0, 1);
}

/* Allocate every port left: ports first..MAX_PORT. Returns how many, or 0 on a failure. */
static unsigned int exhaust_ports(evtchn_port_t *first)
{
    unsigned int n = 0;
    evtchn_port_t port;
    long rc;

    while (!(rc = alloc_unbound(DOMID_SELF, DOMID_SELF, &port))) {
        if (n == 0) {
            *first = port;
        }
        if (port != *first + n) {
            test_failure("allocation %u gave port %u, expected %u", n, port, *first + n);
            return 0;
        }
        if (++n > MAX_PORT) {
            test_failure("more than %u ports could be allocated", MAX_PORT);
            return 0;
        }
    }
    EXPECT(rc, -XEN_ENOSPC);
    EXPECT(*first + n - 1, MAX_PORT);
    return n;
}

/* Running out of ports, Xen's way: -ENOSPC at max_evtchn_port, and closing frees one. */
static void exhaustion_checks(void)
{
    evtchn_port_t first = 0, port = 0, middle;
    unsigned int n = exhaust_ports(&first);

    if (!n) {
        return;
    }
    EXPECT(bind_ipi(0), -XEN_ENOSPC);
    EXPECT(bind_virq(VIRQ_DEBUG, 0), -XEN_ENOSPC);
    EXPECT(bind_interdomain(DOMID_SELF, first, NULL), -XEN_ENOSPC);
    middle = first + n / 2;
    EXPECT(close_port(middle), 0);
    EXPECT(close_port(middle), -XEN_EINVAL);
    EXPECT(alloc_unbound(DOMID_SELF, DOMID_SELF, &port), 0);
    EXPECT(port, middle); /* The lowest free port is reused. */
    EXPECT(alloc_unbound(DOMID_SELF, DOMID_SELF, NULL), -XEN_ENOSPC);
    for (evtchn_port_t p = first; p < first + n; p++) {
        if (close_port(p)) {
            test_failure("closing port %u of %u..%u failed", p, first, first + n - 1);
            return;
        }
    }
    EXPECT(alloc_unbound(DOMID_SELF, DOMID_SELF, &port), 0);
    EXPECT(port, first);
    EXPECT(close_port(port), 0);
    printf("hostile: ports %u..%u allocated, then -ENOSPC; all closed again\n", first, MAX_PORT);
}

/* The first guest frame above RAM below 4 GiB: no memory behind it. */
static uint64_t hole_gfn(void)
{
    uint64_t hole = memmap_find_hole(PAGE_SIZE, 1ULL << 32);

    if (!hole) {
        test_error("no hole in the memory map below 4 GiB");
    }
    return hole >> PAGE_SHIFT;
}

/*
 * VCPUOP_register_vcpu_info must refuse an area that is misaligned (Xen: alignof(xen_ulong_t))
 * or crosses the page end (offset > 4096 - 64), and a frame that is not RAM; Xen 4.17 says
 * -EINVAL to all of them (4.18 and later say -ENXIO to the first two). Then a good one, and a
 * second registration is -EBUSY (guest-abi.md 3.3, as Xen 4.18 and later; 4.17 said -EINVAL).
 */
static void vcpu_info_checks(void)
{
    uint64_t gfn = (uint64_t)vcpu_info_page >> PAGE_SHIFT;
    uint32_t last = PAGE_SIZE - sizeof(struct vcpu_info);

    EXPECT(register_vcpu_info(0, gfn, 4), -XEN_EINVAL);
    EXPECT(register_vcpu_info(0, gfn, 1), -XEN_EINVAL);
    EXPECT(register_vcpu_info(0, gfn, last + 8), -XEN_EINVAL);
    EXPECT(register_vcpu_info(0, gfn, PAGE_SIZE), -XEN_EINVAL);
    EXPECT(register_vcpu_info(0, gfn, 0xffffffff), -XEN_EINVAL);
    EXPECT(register_vcpu_info(0, hole_gfn(), 0), -XEN_EINVAL);
    EXPECT(register_vcpu_info(0, 1ULL << 40, 0), -XEN_EINVAL);
    EXPECT(register_vcpu_info(0, ~0ULL, 0), -XEN_EINVAL);
    EXPECT(register_vcpu_info(1, gfn, 0), -XEN_ENOENT);
    /* Interrupts are off: the upcall sees the new place before any event does. */
    vi = (struct vcpu_info *)(vcpu_info_page + last);
    EXPECT(register_vcpu_info(0, gfn, last), 0);
    EXPECT(register_vcpu_info(0, gfn, 0), -XEN_EBUSY);
}

/* ---- The legitimate channel, used after everything above ---- */

static void server_pongs(uint64_t rounds)
{
    for (uint64_t i = 1; i <= rounds; i++) {
        if (!wait_received(i)) {
            return;
        }
        send_port(my_port);
    }
}

static void client_pings(uint64_t rounds)
{
    /* received is 1: the event binding raised. */
    for (uint64_t i = 1; i <= rounds; i++) {
        send_port(my_port);
        if (!wait_received(i + 1)) {
            return;
        }
    }
}

const char test_title[] = "evtchn-hostile: refused event channel and vcpu_info requests";

void test_main(void)
{
    char role[16];
    uint64_t peer = 0, rounds = 100;
    bool server;

    if (!cmdline_get_str("role", role, sizeof(role)) || !cmdline_get_u64("peer", &peer)) {
        test_error("needs role=server|client and peer=<domid> on the command line");
        return;
    }
    cmdline_get_u64("rounds", &rounds);
    server = !strcmp(role, "server");
    setup();
    if (server) {
        server_ports((domid_t)peer);
    } else {
        client_bind((domid_t)peer);
        cross_domain_checks((domid_t)peer);
        check_channel_intact((domid_t)peer);
    }
    virq_and_vcpu_checks();
    bad_port_checks();
    exhaustion_checks();
    vcpu_info_checks();
    if (server) {
        server_pongs(rounds);
    } else {
        client_pings(rounds);
    }
    printf("hostile: %u refused or checked calls, then %lu events on the channel\n", checks,
           received);
    if (received != rounds + !server || (shared->evtchn_pending[0] & (1UL << my_port))) {
        test_failure("%lu events arrived for %lu rounds, or one is left pending", received,
                     (unsigned long)rounds);
    }
    test_success();
}
