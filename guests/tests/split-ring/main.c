/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * split-ring: a miniature split driver between two domains, the pattern of every Xen PV
 * device (guest-abi.md 4.7, 5.1-5.5). Command line:
 * `role=front|back peer=<domid> [requests=1000000] [notify=needed|always]`.
 *
 * The frontend grants one ring page to the backend at REF_RING and allocates an unbound event
 * channel for it (PEER_PORT); the backend binds, maps the ring into a hole of its physmap and
 * answers every request {id, value} with {id, 2 * value + 1}. The ring is a single page of
 * request/response slots with producer and consumer indexes, in the layout of Xen's ring.h
 * (written here from the protocol, not copied): the frontend produces requests and consumes
 * responses in the same slots, the backend the other way round.
 *
 * Notifications follow Xen's event-index protocol (notify=needed): a producer notifies only
 * if the consumer asked to be woken at an index it has just passed, and a consumer about to
 * sleep first publishes the index it wants to be woken at, then looks once more. With
 * notify=always every push notifies. Either way every response is checked, and a side that
 * has nothing to do sleeps in HLT until an event: a watchdog tick (every 50 ms) that finds
 * work which no notification announced is counted as a late notification if it arrives by the
 * next tick, and fails the test as a lost one if it does not.
 *
 * At the end the backend unmaps the ring and the frontend checks that it can revoke the grant.
 */
#include <guest/grant.h>
#include <guest/peer.h>
#include <guest/test.h>
#include <public/grant_table.h>

#define REF_RING  8
#define RING_SIZE 256 /* Slots: a power of two that fits the page after the header. */
#define STUCK_NS  5000000000ULL
#define SEED      0x72696e67ULL

struct ring_req {
    uint32_t id, value;
};

struct ring_rsp {
    uint32_t id, value;
};

/* The shared page. Indexes run freely and wrap at 2^32; slot = index % RING_SIZE. */
struct ring_shared {
    uint32_t req_prod, req_event;      /* Written by the frontend; req_event by the backend. */
    uint32_t rsp_prod, rsp_event;      /* Written by the backend; rsp_event by the frontend. */
    uint64_t req_sent_ns, rsp_sent_ns; /* When the last notification for each was sent. */
    uint8_t pad[32];
    union {
        struct ring_req req;
        struct ring_rsp rsp;
    } slot[RING_SIZE];
};
_Static_assert(sizeof(struct ring_shared) <= PAGE_SIZE, "the ring fits one page");

static uint8_t ring_page[PAGE_SIZE] __page_aligned;
static domid_t peer;
static bool always_notify;
static unsigned long notifications, late_wakeups, lost_wakeups, rescued_wakeups;
static uint64_t max_latency_ns; /* From a notification's send to the wake-up it caused. */
static uint64_t max_send_ns;    /* The longest EVTCHNOP_send. */

/* One direction of the ring, seen from either end. */
struct ring_dir {
    uint32_t *prod;    /* The producer's index. */
    uint32_t *event;   /* Where the consumer wants its next notification. */
    uint64_t *sent_ns; /* System time of the producer's last notification. */
};

/* Full barrier: our index store must be visible before we read the other side's event index. */
static void mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static uint32_t load_acquire(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

/*
 * Publish a producer index and notify if the consumer asked to be woken at an index in
 * (old, new]: unsigned differences make the comparison correct across wrap-around.
 */
static void push(const struct ring_dir *d, uint32_t new)
{
    uint32_t old = *d->prod;

    if (old == new) {
        return;
    }
    __atomic_store_n(d->prod, new, __ATOMIC_RELEASE); /* The slots before the index. */
    mb();
    if (always_notify || (uint32_t)(new - load_acquire(d->event)) < (uint32_t)(new - old)) {
        uint64_t t0 = peer_now_ns();

        __atomic_store_n(d->sent_ns, t0, __ATOMIC_RELAXED);
        peer_notify();
        max_send_ns = MAX(max_send_ns, peer_now_ns() - t0);
        notifications++;
    }
}

/*
 * The watchdog woke us, and there was work no notification announced. On two CPUs the peer
 * may just be between publishing its index and notifying: then the notification comes soon
 * (late). One that has not come within a second (20 ticks: a host running QEMU's vCPU threads
 * can be that slow) is lost, which the hypervisor must never do.
 */
static void classify_missed(unsigned long before)
{
    unsigned long ticks = peer_ticks();

    while (peer_received() == before && peer_ticks() - ticks < 20) {
        peer_idle();
    }
    if (peer_received() != before) {
        late_wakeups++;
    } else {
        lost_wakeups++;
    }
}

/*
 * Nothing to do: ask to be woken at index `cons` + 1, look again, and sleep if there is still
 * nothing at `*prod`. Returns false after a test_failure() if nothing came for STUCK_NS.
 */
static bool wait_for_work(const struct ring_dir *d, uint32_t cons)
{
    uint64_t deadline = peer_now_ns() + STUCK_NS;

    __atomic_store_n(d->event, cons + 1, __ATOMIC_RELAXED);
    mb();
    while (load_acquire(d->prod) == cons) {
        unsigned long before = peer_received(), ticks = peer_ticks();

        if (peer_now_ns() > deadline) {
            test_failure("no progress for 5 s at index %u", cons);
            return false;
        }
        peer_idle();
        if (peer_received() == before && load_acquire(d->prod) != cons) {
            classify_missed(before);
        } else if (peer_received() != before) {
            /* Pvclock's system time is the same in every domain. */
            uint64_t sent = __atomic_load_n(d->sent_ns, __ATOMIC_RELAXED), now = peer_now_ns();

            max_latency_ns = MAX(max_latency_ns, now > sent ? now - sent : 0);
            /* Pending but not woken: only the watchdog's tick brought the upcall. */
            if (peer_ticks() != ticks && now - sent > PEER_TICK_NS / 2) {
                rescued_wakeups++;
            }
        }
    }
    return true;
}

static void print_events(const char *side)
{
    printf("split-ring: %s: %lu notifications sent, %lu received, %lu empty wake-ups\n", side,
           notifications, peer_received(), peer_empty_wakeups());
    printf("split-ring: %s: %lu late, %lu rescued by the watchdog, max wake-up %lu us\n", side,
           late_wakeups, rescued_wakeups, (unsigned long)(max_latency_ns / 1000));
    printf("split-ring: %s: %lu ms idle, longest send %lu us\n", side,
           (unsigned long)(peer_idle_ns() / 1000000), (unsigned long)(max_send_ns / 1000));
}

static void ring_dirs(struct ring_shared *r, struct ring_dir *req, struct ring_dir *rsp)
{
    *req = (struct ring_dir){&r->req_prod, &r->req_event, &r->req_sent_ns};
    *rsp = (struct ring_dir){&r->rsp_prod, &r->rsp_event, &r->rsp_sent_ns};
}

/* ---- Frontend ---- */

struct front {
    struct ring_shared *ring;
    struct ring_dir req, rsp;
    uint32_t req_prod, rsp_cons; /* Private copies: what we produced, what we consumed. */
    uint32_t total;
};

static uint32_t value_of(uint32_t id)
{
    return (uint32_t)peer_pattern(SEED, id);
}

static void front_produce(struct front *f)
{
    while (f->req_prod != f->total && (uint32_t)(f->req_prod - f->rsp_cons) < RING_SIZE) {
        struct ring_req *r = &f->ring->slot[f->req_prod % RING_SIZE].req;

        r->id = f->req_prod;
        r->value = value_of(f->req_prod);
        f->req_prod++;
    }
    push(&f->req, f->req_prod);
}

/* Consume and check the responses there are. Returns how many, or -1 after a failure. */
static long front_consume(struct front *f)
{
    uint32_t prod = load_acquire(&f->ring->rsp_prod);
    long n = 0;

    if ((uint32_t)(prod - f->rsp_cons) > (uint32_t)(f->req_prod - f->rsp_cons)) {
        test_failure("the backend produced %u responses to %u requests", prod - f->rsp_cons,
                     f->req_prod - f->rsp_cons);
        return -1;
    }
    for (; f->rsp_cons != prod; f->rsp_cons++, n++) {
        struct ring_rsp r = f->ring->slot[f->rsp_cons % RING_SIZE].rsp;

        if (r.id != f->rsp_cons || r.value != 2 * value_of(f->rsp_cons) + 1) {
            test_failure("response %u: id %u value %#x, expected value %#x", f->rsp_cons, r.id,
                         r.value, 2 * value_of(f->rsp_cons) + 1);
            return -1;
        }
    }
    return n;
}

static bool front_run(struct front *f)
{
    while (f->rsp_cons != f->total) {
        long got;

        front_produce(f);
        got = front_consume(f);
        if (got < 0) {
            return false;
        }
        if (got == 0 && !wait_for_work(&f->rsp, f->rsp_cons)) {
            return false;
        }
    }
    return true;
}

/* The backend unmaps when done: then, and only then, the grant can be revoked. */
static bool front_revoke(struct grant_entry_v1 *e)
{
    uint64_t deadline = peer_now_ns() + STUCK_NS;

    while (!gnttab_revoke(e)) {
        if (peer_now_ns() > deadline) {
            test_failure("the ring is still mapped 5 s after the last response: flags %#x",
                         gnttab_flags(e));
            return false;
        }
        peer_idle();
    }
    return true;
}

static void frontend(uint32_t total)
{
    struct grant_entry_v1 *table = gnttab_table_map_hole(1);
    uint64_t t0, ns, rate;
    struct front f = {.ring = (struct ring_shared *)ring_page, .total = total};

    if (!table) {
        return;
    }
    /* Both sides start at 0 and ask to be woken by the first item, as Xen's rings do. */
    f.ring->req_event = f.ring->rsp_event = 1;
    ring_dirs(f.ring, &f.req, &f.rsp);
    gnttab_grant(&table[REF_RING], peer, (uint64_t)ring_page >> PAGE_SHIFT, false);
    if (!peer_listen(peer)) {
        return;
    }
    t0 = peer_now_ns();
    if (!front_run(&f)) {
        return;
    }
    ns = peer_now_ns() - t0;
    rate = ns ? (uint64_t)total * 1000000000ULL / ns : 0;
    printf("split-ring: %u requests in %lu.%03lu s, %lu req/s (notify=%s)\n", total,
           (unsigned long)(ns / 1000000000), (unsigned long)(ns / 1000000 % 1000),
           (unsigned long)rate, always_notify ? "always" : "needed");
    print_events("front");
    front_revoke(&table[REF_RING]);
}

/* ---- Backend ---- */

struct back {
    struct ring_shared *ring;
    struct ring_dir req, rsp;
    uint32_t req_cons, rsp_prod; /* Private copies. */
};

/* Answer the requests there are. Returns how many, or -1 if the frontend overfilled the ring. */
static long back_serve(struct back *b)
{
    uint32_t prod = load_acquire(&b->ring->req_prod);
    long n = 0;

    /* The frontend is not trusted: more than a ring's worth outstanding is a broken ring. */
    if ((uint32_t)(prod - b->rsp_prod) > RING_SIZE) {
        test_failure("the frontend has %u requests outstanding in %u slots", prod - b->rsp_prod,
                     RING_SIZE);
        return -1;
    }
    for (; b->req_cons != prod; b->req_cons++, n++) {
        struct ring_req r = b->ring->slot[b->req_cons % RING_SIZE].req;
        struct ring_rsp *a = &b->ring->slot[b->rsp_prod++ % RING_SIZE].rsp;

        a->id = r.id;
        a->value = 2 * r.value + 1;
    }
    push(&b->rsp, b->rsp_prod);
    return n;
}

static void backend(uint32_t total)
{
    uint64_t hole = memmap_find_hole(2 << 20, 1ULL << 32);
    struct back b = {.ring = (struct ring_shared *)hole};
    grant_handle_t h;
    int st;

    if (!hole || !peer_connect(peer)) {
        return;
    }
    st = gnttab_map_one(peer, REF_RING, hole, GNTMAP_host_map, &h);
    if (st != GNTST_okay) {
        test_failure("mapping the ring: %s (%d)", gntst_name(st), st);
        return;
    }
    ring_dirs(b.ring, &b.req, &b.rsp);
    while (b.req_cons != total) {
        long n = back_serve(&b);

        if (n < 0 || (n == 0 && !wait_for_work(&b.req, b.req_cons))) {
            break;
        }
    }
    if ((st = gnttab_unmap_one(hole, h)) != GNTST_okay) {
        test_failure("unmapping the ring: %s (%d)", gntst_name(st), st);
    }
    peer_notify(); /* The frontend may be waiting to revoke the grant. */
    printf("split-ring: backend answered %u requests\n", b.req_cons);
    print_events("back");
}

const char test_title[] = "split-ring: a request/response ring between two domains";

void test_main(void)
{
    char role[16], notify[16] = "needed";
    uint64_t id, total = 1000000;

    if (!cmdline_get_str("role", role, sizeof(role)) || !cmdline_get_u64("peer", &id) ||
        id >= DOMID_FIRST_RESERVED) {
        test_error("needs role=front|back and peer=<domid> on the command line");
        return;
    }
    cmdline_get_u64("requests", &total);
    cmdline_get_str("notify", notify, sizeof(notify));
    if (total > UINT32_MAX || (strcmp(notify, "needed") && strcmp(notify, "always"))) {
        test_error("requests=0..2^32-1 and notify=needed|always, please");
        return;
    }
    peer = (domid_t)id;
    always_notify = !strcmp(notify, "always");
    if (!peer_init()) {
        return;
    }
    if (!strcmp(role, "front")) {
        frontend((uint32_t)total);
    } else if (!strcmp(role, "back")) {
        backend((uint32_t)total);
    } else {
        test_error("role=%s: want front or back", role);
        return;
    }
    if (lost_wakeups) {
        test_failure("%lu notifications lost: work was there, no event came", lost_wakeups);
    }
    if (!test_failed()) {
        test_success();
    }
}
