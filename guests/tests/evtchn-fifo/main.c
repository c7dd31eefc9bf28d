/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn-fifo: the FIFO event channel ABI (guest-abi.md 5.6) from the guest's side. The test
 * registers vCPU 0's control block and one page of event words, binds IPI ports at several
 * priorities and consumes them the way Linux's drivers/xen/events/events_fifo.c does: READY
 * says which queues have events, each queue is followed from its head through the LINK fields,
 * and unlinking a word (clearing LINKED and LINK in one cmpxchg) tells the hypervisor that the
 * queue's tail is gone.
 *
 * What must hold: events raised while they cannot be delivered (interrupts off, or the port
 * masked and then unmasked) are consumed highest priority (0) first and in raise (or unmask)
 * order within a priority; raising a port that is still linked changes nothing, and raising it
 * again after it was consumed puts it at the end of its queue; a port whose priority changes
 * leaves its old queue intact; a closed port that is still linked is skipped and its number is
 * not reused until it is unlinked; a port pending in the 2-level bitmap when the domain
 * switches is raised again the FIFO way (Xen's setup_ports()); upcalls and VIRQ_TIMER work
 * through the queues. The error cases are Xen's (xen/common/event_fifo.c, event_channel.c):
 * set_priority before FIFO -ENOSYS, a bad priority or port -EINVAL; expand_array before
 * init_control -EOPNOTSUPP, a frame that is not RAM -EINVAL; init_control for a vCPU that does
 * not exist -ENOENT (checked first), a misaligned or page-crossing control block, a frame that
 * is not RAM, or a second registration -EINVAL.
 */
#include <guest/pv.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <public/event_channel.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define UPCALL_VECTOR 0xf3
#define CB_OFFSET     64 /* The control block's offset in its page: any 8-byte aligned one. */
#define NR_WORDS      (PAGE_SIZE / sizeof(event_word_t))
#define NR_PORTS      8 /* Ports of the ordering checks, one per entry of `prios`. */
#define MAX_EVENTS    32
#define BAD_PORT      100000

#define PENDING (1U << EVTCHN_FIFO_PENDING)
#define MASKED  (1U << EVTCHN_FIFO_MASKED)
#define LINKED  (1U << EVTCHN_FIFO_LINKED)
#define BUSY    (1U << EVTCHN_FIFO_BUSY)

static uint8_t shared_page[PAGE_SIZE] __page_aligned;
static struct shared_info *const shared = (struct shared_info *)shared_page;
static uint8_t cb_page[PAGE_SIZE] __page_aligned;
static struct evtchn_fifo_control_block *const cb =
    (struct evtchn_fifo_control_block *)(cb_page + CB_OFFSET);
static event_word_t words[NR_WORDS] __page_aligned; /* The one page of the event array. */

/* Priorities of ports[i]: two ports share 0, 3 and 9, so FIFO order within one shows too. */
static const uint8_t prios[NR_PORTS] = {9, 3, 9, 0, 3, 15, 7, 0};
static evtchn_port_t ports[NR_PORTS];
static evtchn_port_t extra[3]; /* Default priority: the re-raise and priority-move checks. */

/* The consumer's state, as Linux keeps it: where each queue continues (0: read the head). */
static evtchn_port_t cursor[EVTCHN_FIFO_MAX_QUEUES];
/* Consumed events, in order, and the count (reset by whoever checks them). */
static evtchn_port_t consumed[MAX_EVENTS];
static volatile unsigned int nr_consumed;
static volatile unsigned int upcalls;
static unsigned int checks;

/* ---- The consumer (events_fifo.c's consume_one_event and handle_events) ---- */

/* Clear LINKED and LINK in one step; returns the LINK the word had: the next port, or 0. */
static evtchn_port_t unlink_word(event_word_t *w)
{
    event_word_t old = __atomic_load_n(w, __ATOMIC_ACQUIRE);

    while (!__atomic_compare_exchange_n(w, &old, old & ~(LINKED | EVTCHN_FIFO_LINK_MASK), false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    }
    return old & EVTCHN_FIFO_LINK_MASK;
}

/* Take the first event of queue q; when the queue ends, clear q in *ready. */
static void consume_one(unsigned int q, uint32_t *ready)
{
    evtchn_port_t port = cursor[q] ? cursor[q] : __atomic_load_n(&cb->head[q], __ATOMIC_ACQUIRE);
    evtchn_port_t next;

    if (port == 0 || port >= NR_WORDS) {
        test_failure("queue %u is ready but its head is port %u", q, port);
        *ready &= ~(1U << q);
        cursor[q] = 0;
        return;
    }
    next = unlink_word(&words[port]);
    if (!next) {
        *ready &= ~(1U << q);
    }
    cursor[q] = next;
    /* Handle it if pending and not masked; the handler's ack clears PENDING. */
    if ((__atomic_load_n(&words[port], __ATOMIC_ACQUIRE) & (PENDING | MASKED)) == PENDING) {
        __atomic_fetch_and(&words[port], ~PENDING, __ATOMIC_ACQ_REL);
        if (nr_consumed < MAX_EVENTS) {
            consumed[nr_consumed] = port;
        }
        nr_consumed++;
    }
}

/*
 * Consume up to `max` events, highest priority first. Queues left ready when we stop early are
 * put back in READY (the guest owns clearing READY bits, so it may also restore them).
 */
static void consume(unsigned int max)
{
    uint32_t ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_ACQ_REL);
    unsigned int start = nr_consumed;

    while (ready && nr_consumed - start < max) {
        consume_one((unsigned int)__builtin_ctz(ready), &ready);
        ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_ACQ_REL);
    }
    if (ready) {
        __atomic_fetch_or(&cb->ready, ready, __ATOMIC_ACQ_REL);
    }
}

void fifo_upcall(void);
void fifo_upcall(void)
{
    upcalls++;
    shared->vcpu_info[0].evtchn_upcall_pending = 0;
    consume(MAX_EVENTS);
}
INTERRUPT_ENTRY(fifo_entry, fifo_upcall);

/* ---- Hypercall wrappers ---- */

static long evtchn(unsigned int cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

static long send_port(evtchn_port_t port)
{
    return evtchn(EVTCHNOP_send, &(struct evtchn_send){.port = port});
}

static long unmask_port(evtchn_port_t port)
{
    return evtchn(EVTCHNOP_unmask, &(struct evtchn_unmask){.port = port});
}

static long close_port(evtchn_port_t port)
{
    return evtchn(EVTCHNOP_close, &(struct evtchn_close){.port = port});
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
    return evtchn(EVTCHNOP_set_priority,
                  &(struct evtchn_set_priority){.port = port, .priority = prio});
}

static long expand_array(uint64_t gfn)
{
    return evtchn(EVTCHNOP_expand_array, &(struct evtchn_expand_array){.array_gfn = gfn});
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu, uint8_t *link_bits)
{
    struct evtchn_init_control ic = {.control_gfn = gfn, .offset = offset, .vcpu = vcpu};
    long rc = evtchn(EVTCHNOP_init_control, &ic);

    if (link_bits) {
        *link_bits = ic.link_bits;
    }
    return rc;
}

/* A new IPI port on vCPU 0, or 0 after reporting the failure. */
static evtchn_port_t new_ipi(void)
{
    struct evtchn_bind_ipi b = {.vcpu = 0};
    long rc = evtchn(EVTCHNOP_bind_ipi, &b);

    if (rc || b.port == 0 || b.port >= NR_WORDS) {
        test_error("bind_ipi gave %ld, port %u", rc, b.port);
        return 0;
    }
    return b.port;
}

#define EXPECT(call, want) expect_rc(#call, (long)(call), (long)(want), #want)

static void expect_rc(const char *what, long rc, long want, const char *want_text)
{
    checks++;
    if (rc != want) {
        test_failure("%s gave %ld (%#lx), expected %s", what, rc, rc, want_text);
    }
}

static uint64_t gfn_of(const void *p)
{
    return (uint64_t)p >> PAGE_SHIFT;
}

static uint64_t hole_gfn(void)
{
    uint64_t hole = memmap_find_hole(PAGE_SIZE, 1ULL << 32);

    if (!hole) {
        test_error("no hole in the memory map below 4 GiB");
    }
    return hole >> PAGE_SHIFT;
}

/* Check that the events consumed since the last call were exactly want[0..n). */
static void expect_order(const char *what, const evtchn_port_t *want, unsigned int n)
{
    unsigned int got = nr_consumed;
    bool same = got == n;

    for (unsigned int i = 0; same && i < n; i++) {
        same = consumed[i] == want[i];
    }
    checks++;
    if (!same) {
        char buf[160];
        int len = snprintf(buf, sizeof(buf), "%s: got %u event(s) [", what, got);

        for (unsigned int i = 0; i < got && i < MAX_EVENTS && len < (int)sizeof(buf); i++) {
            len +=
                snprintf(buf + len, sizeof(buf) - (size_t)len, "%s%u", i ? " " : "", consumed[i]);
        }
        test_failure("%s], expected %u starting with port %u", buf, n, n ? want[0] : 0);
    }
    nr_consumed = 0;
}

/* ---- Setup: the 2-level errors, then the switch to FIFO ---- */

/* Before init_control the FIFO operations do not exist yet. */
static evtchn_port_t before_fifo(void)
{
    evtchn_port_t early = new_ipi();

    EXPECT(set_priority(early, 0), -XEN_ENOSYS);
    EXPECT(expand_array(gfn_of(words)), -XEN_EOPNOTSUPP);
    /* Pending in the 2-level bitmap when the domain switches (interrupts are off). */
    EXPECT(send_port(early), 0);
    return early;
}

static void init_control_checks(void)
{
    uint64_t gfn = gfn_of(cb_page);
    uint8_t link_bits = 0;

    EXPECT(init_control(gfn, CB_OFFSET, 1, NULL), -XEN_ENOENT);
    EXPECT(init_control(gfn, 4, 1, NULL), -XEN_ENOENT); /* The vCPU is checked first. */
    EXPECT(init_control(gfn, 4, 0, NULL), -XEN_EINVAL);
    EXPECT(init_control(gfn, PAGE_SIZE - 64, 0, NULL), -XEN_EINVAL); /* 72 bytes do not fit. */
    EXPECT(init_control(gfn, PAGE_SIZE, 0, NULL), -XEN_EINVAL);
    EXPECT(init_control(gfn, 0xffffffff, 0, NULL), -XEN_EINVAL);
    EXPECT(init_control(hole_gfn(), 0, 0, NULL), -XEN_EINVAL);
    EXPECT(init_control(~0ULL, 0, 0, NULL), -XEN_EINVAL);
    /* None of that switched the domain. */
    EXPECT(expand_array(gfn_of(words)), -XEN_EOPNOTSUPP);
    EXPECT(init_control(gfn, CB_OFFSET, 0, &link_bits), 0);
    EXPECT(link_bits, EVTCHN_FIFO_LINK_BITS);
    EXPECT(init_control(gfn, CB_OFFSET, 0, NULL), -XEN_EINVAL);
}

/* Words start MASKED, as Linux initialises every page it adds. */
static void add_event_page(void)
{
    for (unsigned int i = 0; i < NR_WORDS; i++) {
        words[i] = MASKED;
    }
    EXPECT(expand_array(hole_gfn()), -XEN_EINVAL);
    EXPECT(expand_array(~0ULL), -XEN_EINVAL);
    EXPECT(expand_array(gfn_of(words)), 0);
}

/* The port pending at the switch is pending now (masked, so not linked) and queues on unmask. */
static void check_early_port(evtchn_port_t early)
{
    EXPECT(words[early], PENDING | MASKED);
    EXPECT(unmask_port(early), 0);
    EXPECT(words[early], PENDING | LINKED);
    EXPECT(cb->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
    EXPECT(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], early);
    consume(MAX_EVENTS);
    expect_order("the port pending at the switch", &early, 1);
}

static void bind_ports(void)
{
    for (unsigned int i = 0; i < NR_PORTS; i++) {
        ports[i] = new_ipi();
        EXPECT(set_priority(ports[i], prios[i]), 0);
        EXPECT(unmask_port(ports[i]), 0);
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(extra); i++) {
        extra[i] = new_ipi();
        EXPECT(unmask_port(extra[i]), 0);
    }
    EXPECT(set_priority(ports[0], EVTCHN_FIFO_PRIORITY_MIN + 1), -XEN_EINVAL);
    EXPECT(set_priority(ports[0], 0xffffffff), -XEN_EINVAL);
    EXPECT(set_priority(BAD_PORT, 0), -XEN_EINVAL);
    EXPECT(set_priority(0xffffffff, 0), -XEN_EINVAL);
}

/* ---- Ordering ---- */

/* ports[] sorted by priority; ties in `order` (the order they were raised or unmasked). */
static unsigned int priority_order(const unsigned int *order, evtchn_port_t *out)
{
    unsigned int n = 0;

    for (unsigned int q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++) {
        for (unsigned int i = 0; i < NR_PORTS; i++) {
            if (prios[order[i]] == q) {
                out[n++] = ports[order[i]];
            }
        }
    }
    return n;
}

static uint32_t ready_bits(void)
{
    uint32_t bits = 0;

    for (unsigned int i = 0; i < NR_PORTS; i++) {
        bits |= 1U << prios[i];
    }
    return bits;
}

/* Raised with interrupts off: all queued, consumed by priority, FIFO within one. */
static void check_raise_order(void)
{
    static const unsigned int order[NR_PORTS] = {0, 1, 2, 3, 4, 5, 6, 7};
    evtchn_port_t want[NR_PORTS];
    unsigned int n = priority_order(order, want);

    shared->vcpu_info[0].evtchn_upcall_pending = 0;
    for (unsigned int i = 0; i < NR_PORTS; i++) {
        EXPECT(send_port(ports[i]), 0);
    }
    for (unsigned int i = 0; i < NR_PORTS; i++) {
        EXPECT(words[ports[i]] & ~EVTCHN_FIFO_LINK_MASK, PENDING | LINKED);
    }
    EXPECT(cb->ready, ready_bits());
    EXPECT(shared->vcpu_info[0].evtchn_upcall_pending, 1);
    consume(MAX_EVENTS);
    expect_order("raised with interrupts off", want, n);
}

/* Masked ports stay pending but unqueued; unmasking queues them in unmask order. */
static void check_unmask_order(void)
{
    static const unsigned int order[NR_PORTS] = {7, 6, 5, 4, 3, 2, 1, 0};
    evtchn_port_t want[NR_PORTS];
    unsigned int n = priority_order(order, want);

    for (unsigned int i = 0; i < NR_PORTS; i++) {
        __atomic_fetch_or(&words[ports[i]], MASKED, __ATOMIC_ACQ_REL);
        EXPECT(send_port(ports[i]), 0);
        EXPECT(words[ports[i]], PENDING | MASKED);
    }
    EXPECT(cb->ready, 0);
    for (unsigned int i = 0; i < NR_PORTS; i++) {
        EXPECT(unmask_port(ports[order[i]]), 0);
    }
    EXPECT(cb->ready, ready_bits());
    consume(MAX_EVENTS);
    expect_order("unmasked in reverse order", want, n);
}

/* A raise of a linked port changes nothing; after it is consumed it joins the queue's end. */
static void check_reraise(void)
{
    evtchn_port_t a = extra[0], b = extra[1], c = extra[2];
    const evtchn_port_t first[] = {a}, rest[] = {b, c, a};

    EXPECT(send_port(a), 0);
    EXPECT(send_port(b), 0);
    EXPECT(send_port(c), 0);
    EXPECT(send_port(a), 0);
    EXPECT(words[a] & EVTCHN_FIFO_LINK_MASK, b);
    consume(1);
    expect_order("the first of a, b, c, a", first, 1);
    EXPECT(send_port(a), 0);
    EXPECT(words[c] & EVTCHN_FIFO_LINK_MASK, a);
    consume(MAX_EVENTS);
    expect_order("b, c and a raised again", rest, 3);
}

/*
 * A port keeps its place when its priority changes while it is queued; its next raise goes to
 * the new queue, and the old queue must not link anything behind it there (Xen remembers the
 * port's last queue and forgets that queue's tail). extra[0] is queue 7's last tail.
 */
static void check_priority_move(void)
{
    evtchn_port_t a = extra[0], b = extra[1];
    const evtchn_port_t stays[] = {b, a}, moved[] = {a, b};

    EXPECT(send_port(b), 0);
    EXPECT(send_port(a), 0);
    EXPECT(set_priority(a, 2), 0);
    consume(MAX_EVENTS);
    expect_order("a moved to priority 2 while queued at 7", stays, 2);
    EXPECT(send_port(a), 0);
    EXPECT(send_port(b), 0);
    EXPECT(cb->ready, (1U << 2) | (1U << EVTCHN_FIFO_PRIORITY_DEFAULT));
    EXPECT(cb->head[2], a);
    EXPECT(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], b);
    EXPECT(words[a] & EVTCHN_FIFO_LINK_MASK, 0);
    consume(MAX_EVENTS);
    expect_order("a at priority 2, b at 7", moved, 2);
    EXPECT(set_priority(a, EVTCHN_FIFO_PRIORITY_DEFAULT), 0);
}

/*
 * Closing a queued port clears PENDING but leaves it LINKED: the consumer skips it, and its
 * number is not handed out again until it has been unlinked (Xen's evtchn_is_busy()).
 */
static void check_close_linked(void)
{
    evtchn_port_t victim = ports[5], other = ports[3], busy, again;
    const evtchn_port_t only[] = {other};

    EXPECT(send_port(victim), 0);
    EXPECT(send_port(other), 0);
    EXPECT(close_port(victim), 0);
    EXPECT(words[victim] & (PENDING | LINKED), LINKED);
    busy = new_ipi();
    checks++;
    if (busy == victim) {
        test_failure("port %u was reused while still linked", victim);
    }
    consume(MAX_EVENTS);
    expect_order("a closed port on its queue", only, 1);
    again = new_ipi();
    EXPECT(again, victim);
    ports[5] = again;
    EXPECT(set_priority(again, prios[5]), 0);
    EXPECT(unmask_port(again), 0);
    EXPECT(close_port(busy), 0);
}

/* ---- Upcalls ---- */

/* Wait with interrupts on until `upcalls` passes `before`; the event is already due. */
static bool take_upcall(unsigned int before)
{
    for (unsigned int i = 0; i < 1000 && upcalls == before; i++) {
        __asm__ __volatile__("sti; nop; nop; cli" ::: "memory");
    }
    return upcalls != before;
}

static void check_upcall_order(void)
{
    static const unsigned int order[NR_PORTS] = {5, 0, 2, 7, 1, 6, 4, 3};
    evtchn_port_t want[NR_PORTS];
    unsigned int n = priority_order(order, want), before = upcalls;

    for (unsigned int i = 0; i < NR_PORTS; i++) {
        EXPECT(send_port(ports[order[i]]), 0);
    }
    checks++;
    if (!take_upcall(before)) {
        test_failure("no upcall for %u queued events", NR_PORTS);
    }
    expect_order("consumed in the upcall", want, n);
    EXPECT(shared->vcpu_info[0].evtchn_upcall_pending, 0);
}

/*
 * VIRQ_TIMER at priority 0, as Linux binds it, from a single-shot timer: polled with interrupts
 * off (bounded by system time, so a lost event fails instead of hanging), then taken by the upcall.
 */
static void check_timer(void)
{
    struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct vcpu_set_singleshot_timer st = {0};
    const struct vcpu_time_info *t = &shared->vcpu_info[0].time;
    unsigned int before = upcalls;

    if (evtchn(EVTCHNOP_bind_virq, &bv) || bv.port >= NR_WORDS) {
        test_failure("bind_virq(VIRQ_TIMER) failed");
        return;
    }
    EXPECT(set_priority(bv.port, 0), 0);
    EXPECT(unmask_port(bv.port), 0);
    st.timeout_abs_ns = pvclock_ns(t) + 1000000;
    EXPECT(hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st), 0);
    while (!(__atomic_load_n(&words[bv.port], __ATOMIC_ACQUIRE) & PENDING) &&
           pvclock_ns(t) < st.timeout_abs_ns + 2000000000ULL) {
        __asm__ __volatile__("pause");
    }
    EXPECT(words[bv.port] & ~EVTCHN_FIFO_LINK_MASK, PENDING | LINKED);
    EXPECT(cb->head[0], bv.port);
    take_upcall(before);
    expect_order("VIRQ_TIMER", &bv.port, 1);
}

/* Nothing may be left pending or queued once everything was consumed. */
static void check_quiet(void)
{
    for (unsigned int i = 0; i < NR_PORTS; i++) {
        EXPECT(words[ports[i]] & (PENDING | LINKED | BUSY), 0);
    }
    EXPECT(cb->ready, 0);
}

const char test_title[] = "evtchn-fifo: FIFO event channels: priorities, queue order, errors";

void test_main(void)
{
    evtchn_port_t early;

    if (shared_info_map(shared_page) || upcall_vector_set(UPCALL_VECTOR, fifo_entry)) {
        test_error("cannot map shared_info or set the callback vector");
        return;
    }
    early = before_fifo();
    init_control_checks();
    add_event_page();
    check_early_port(early);
    bind_ports();
    check_raise_order();
    check_unmask_order();
    check_reraise();
    check_priority_move();
    check_close_linked();
    check_upcall_order();
    check_timer();
    check_quiet();
    printf("fifo: %u checks, %u upcalls\n", checks, upcalls);
    test_success();
}
