/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * events: 2-level event channels end to end (guest-abi.md 3.5-3.6, 5.5): upcalls on the
 * callback vector, VIRQ_TIMER from a single-shot timer (never early by pvclock) and from a
 * periodic one, an IPI to itself, masking and EVTCHNOP_unmask re-raising a pending port, a
 * loopback interdomain channel, and the error cases (unknown VIRQ, sending on a free port,
 * closing twice, a single-shot deadline in the past with VCPU_SSHOTTMR_future).
 */
#include <guest/pv.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define UPCALL_VECTOR 0xf3
#define MAX_PORTS     64

static uint8_t shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct shared_info *const shared = (struct shared_info *)shared_page;
volatile unsigned long upcalls;
static volatile unsigned long fired[MAX_PORTS];

/* The upcall: clear the flag first (so nothing raised during the scan is lost), then take
 * every pending, unmasked port of the first word (enough for this test's few ports). */
void upcall_scan(void);
void upcall_scan(void)
{
    struct vcpu_info *vi = &shared->vcpu_info[0];

    upcalls++;
    vi->evtchn_upcall_pending = 0;
    __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_ACQ_REL);
    for (;;) {
        unsigned long ready = shared->evtchn_pending[0] & ~shared->evtchn_mask[0];

        if (!ready) {
            break;
        }
        unsigned int port = (unsigned int)__builtin_ctzl(ready);

        __atomic_fetch_and(&shared->evtchn_pending[0], ~(1UL << port), __ATOMIC_ACQ_REL);
        if (port < MAX_PORTS) {
            fired[port]++;
        }
    }
}
INTERRUPT_ENTRY(upcall_entry, upcall_scan);

/* Halt with interrupts on until `port` has fired `count` times (bounded by wakeups). */
static bool wait_for(unsigned int port, unsigned long count)
{
    for (unsigned int i = 0; i < 100000 && fired[port] < count; i++) {
        __asm__ __volatile__("sti; hlt; cli" ::: "memory");
    }
    return fired[port] >= count;
}

static long evtchn_op(unsigned int cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

static void setup(void)
{
    if (shared_info_map(shared_page) || upcall_vector_set(UPCALL_VECTOR, upcall_entry)) {
        test_error("cannot map shared_info or set the callback vector");
    }
}

static void check_timers(void)
{
    struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};
    struct vcpu_set_singleshot_timer st = {0};
    struct vcpu_set_periodic_timer pt = {.period_ns = 1000000};
    uint64_t start, deadline, got;
    long rc;

    if ((rc = evtchn_op(EVTCHNOP_bind_virq, &bv)) || bv.port >= MAX_PORTS) {
        test_failure("bind_virq(VIRQ_TIMER) gave %ld, port %u", rc, bv.port);
        return;
    }
    deadline = pvclock_ns(&shared->vcpu_info[0].time) + 2000000;
    st.timeout_abs_ns = deadline;
    if ((rc = hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st))) {
        test_failure("set_singleshot_timer gave %ld", rc);
    }
    if (!wait_for(bv.port, 1) || (got = pvclock_ns(&shared->vcpu_info[0].time)) < deadline) {
        test_failure("single-shot VIRQ_TIMER: fired %lu, %ld ns after the deadline", fired[bv.port],
                     (long)(pvclock_ns(&shared->vcpu_info[0].time) - deadline));
    }
    st.timeout_abs_ns = pvclock_ns(&shared->vcpu_info[0].time) - 1000000;
    st.flags = VCPU_SSHOTTMR_future;
    if ((rc = hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st)) != -XEN_ETIME) {
        test_failure("a past deadline with VCPU_SSHOTTMR_future gave %ld, expected -ETIME", rc);
    }
    start = pvclock_ns(&shared->vcpu_info[0].time);
    if ((rc = hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt))) {
        test_failure("set_periodic_timer gave %ld", rc);
    }
    if (!wait_for(bv.port, 11) ||
        pvclock_ns(&shared->vcpu_info[0].time) - start < 10 * pt.period_ns) {
        test_failure("10 periodic ticks of 1 ms came in %lu ns",
                     (unsigned long)(pvclock_ns(&shared->vcpu_info[0].time) - start));
    }
    hypercall_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
    pt.period_ns = 1000;
    if ((rc = hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt)) != -XEN_EINVAL) {
        test_failure("a 1 us period gave %ld, expected -EINVAL", rc);
    }
    printf("events: VIRQ_TIMER on port %u: single-shot and %lu periodic ticks\n", bv.port,
           fired[bv.port] - 1);
}

static void check_ipi_and_mask(void)
{
    struct evtchn_bind_ipi bi = {.vcpu = 0};
    struct evtchn_send s;
    struct evtchn_unmask u;
    long rc;

    if ((rc = evtchn_op(EVTCHNOP_bind_ipi, &bi)) || bi.port >= MAX_PORTS) {
        test_failure("bind_ipi gave %ld", rc);
        return;
    }
    s.port = u.port = bi.port;
    evtchn_op(EVTCHNOP_send, &s);
    if (!wait_for(bi.port, 1)) {
        test_failure("an IPI to ourselves never arrived");
    }
    __atomic_fetch_or(&shared->evtchn_mask[0], 1UL << bi.port, __ATOMIC_ACQ_REL);
    evtchn_op(EVTCHNOP_send, &s);
    __asm__ __volatile__("sti; nop; nop; cli" ::: "memory");
    if (fired[bi.port] != 1 || !(shared->evtchn_pending[0] & (1UL << bi.port))) {
        test_failure("a masked port fired, or was not left pending");
    }
    if ((rc = evtchn_op(EVTCHNOP_unmask, &u)) || !wait_for(bi.port, 2)) {
        test_failure("EVTCHNOP_unmask (%ld) did not deliver the pending port", rc);
    }
}

static void check_loopback_and_errors(void)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
    struct evtchn_bind_virq bad = {.virq = 99, .vcpu = 0};
    struct evtchn_close c;
    struct evtchn_send s = {.port = 60};
    long rc;

    if ((rc = evtchn_op(EVTCHNOP_alloc_unbound, &au))) {
        test_failure("alloc_unbound gave %ld", rc);
        return;
    }
    bi.remote_port = au.port;
    if ((rc = evtchn_op(EVTCHNOP_bind_interdomain, &bi)) || bi.local_port >= MAX_PORTS) {
        test_failure("loopback bind_interdomain gave %ld", rc);
        return;
    }
    s.port = bi.local_port;
    evtchn_op(EVTCHNOP_send, &s);
    if (!wait_for(au.port, 1)) {
        test_failure("sending on the loopback channel did not raise its other end");
    }
    if ((rc = evtchn_op(EVTCHNOP_bind_virq, &bad)) != -XEN_EINVAL) {
        test_failure("bind_virq(99) gave %ld, expected -EINVAL", rc);
    }
    s.port = 60;
    if ((rc = evtchn_op(EVTCHNOP_send, &s)) >= 0) {
        test_failure("sending on free port 60 gave %ld", rc);
    }
    c.port = bi.local_port;
    if ((rc = evtchn_op(EVTCHNOP_close, &c)) || evtchn_op(EVTCHNOP_close, &c) >= 0) {
        test_failure("closing a port twice did not fail the second time");
    }
}

const char test_title[] = "events: upcalls, VIRQ_TIMER, IPIs, masking and loopback channels";

void test_main(void)
{
    setup();
    check_timers();
    check_ipi_and_mask();
    check_loopback_and_errors();
    printf("events: %lu upcalls in all\n", upcalls);
    test_success();
}
