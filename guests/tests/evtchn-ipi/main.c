/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * evtchn-ipi: event channel IPIs between the vCPUs of one domain (guest-abi.md 3.5, 3.6, 3.10),
 * the way Linux's SMP kernel uses them. Every vCPU gets an IPI port bound to it
 * (EVTCHNOP_bind_ipi, issued from vCPU 0 as Linux does before it starts a CPU); the secondary
 * vCPUs start (VCPUOP_initialise, VCPUOP_up) and the vCPUs pass a token around a ring, vCPU 0
 * to 1 to ... to 0, `rounds` times (command line `rounds=<n>`, default 10000). Each vCPU halts
 * between tokens and is woken only by its upcall. Because exactly one token circulates, every
 * vCPU must receive exactly `rounds` events: a lost one stops the ring (vCPU 0's watchdog timer
 * reports it), a spurious one shows as a count ahead of the token.
 *
 * The 2-level state is per vCPU: each reads its own selector and upcall flag in
 * shared_info->vcpu_info[id] and takes only the ports bound to it (as Linux's per-CPU masks
 * do). vCPU 1 has its own upcall vector (HVMOP_set_evtchn_upcall_vector), the others use
 * HVM_PARAM_CALLBACK_IRQ's: each upcall checks it came on the vector meant for its vCPU.
 *
 * Then EVTCHNOP_bind_vcpu moves a loopback interdomain port to vCPU 1, which must take its
 * next event, and back to vCPU 0. Errors are Xen's (xen/arch/x86/hvm/hvm.c, event_channel.c):
 * an upcall vector below 0x10 is -EINVAL, checked before the vCPU; a vCPU that does not exist
 * -ENOENT; IPI and per-vCPU VIRQ ports cannot move (-EINVAL), nor go to a missing vCPU (-ENOENT).
 */
#include <guest/pv.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define MAX_VCPUS     4
#define GLOBAL_VECTOR 0xf3 /* HVM_PARAM_CALLBACK_IRQ: vCPUs other than 1. */
#define OWN_VECTOR    0xf4 /* vCPU 1's own upcall vector. */
#define STACK_SIZE    8192
#define NR_PORTS      64 /* Ports this test uses are all below 64: word 0 of the bitmaps. */
#define TICK_NS       50000000ULL
#define STALL_TICKS   40 /* 2 s without the token coming back is a lost event. */

static uint8_t shared_page[PAGE_SIZE] __page_aligned;
static struct shared_info *const shared = (struct shared_info *)shared_page;
static uint8_t stacks[MAX_VCPUS][STACK_SIZE] __aligned(16);

static unsigned int nr_vcpus;
static uint64_t rounds = 10000;
static evtchn_port_t ipi[MAX_VCPUS];      /* ipi[k] is bound to (raised on) vCPU k. */
static evtchn_port_t timer_port;          /* vCPU 0's watchdog. */
static volatile uint64_t mine[MAX_VCPUS]; /* Ports each vCPU takes, as Linux's per-CPU masks. */

static volatile unsigned long got[NR_PORTS];         /* Events taken per port. */
static volatile unsigned int taken_by[NR_PORTS];     /* The vCPU that last took each port. */
static volatile unsigned long upcalls[MAX_VCPUS][2]; /* Per vCPU: [0] global, [1] own vector. */
static volatile unsigned long wrong_vector;          /* Upcalls on a vector not for that vCPU. */
static volatile unsigned long ahead;                 /* Tokens seen before they were sent. */
static volatile unsigned long onto_hlt;              /* Upcalls that returned onto the HLT. */
static volatile bool online[MAX_VCPUS], done;
static unsigned int checks;

/* The vCPU we run on: secondary vCPUs run on stacks[id], vCPU 0 on the framework's stack. */
static unsigned int this_vcpu(void)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0), base = (uintptr_t)stacks;

    return sp - base < sizeof(stacks) ? (unsigned int)((sp - base) / STACK_SIZE) : 0;
}

/* The HLT of halt_once(): an upcall must never return onto it (see ipi_upcall). */
void halt_insn(void);

/*
 * The upcall on either vector (`frame` is the interrupt frame, RIP first): clear the flag and
 * selector, then take our own ports. STI; HLT waits with the HLT in STI's interrupt shadow, so
 * an interrupt can only arrive once the HLT has run, returning after it. Returning onto the
 * HLT instead means the upcall came inside the shadow: the vCPU would halt again with its
 * event already taken (a lost wake-up), so that is counted as a failure.
 */
void ipi_upcall(unsigned long own_vector, const uint64_t *frame);
void ipi_upcall(unsigned long own_vector, const uint64_t *frame)
{
    unsigned int k = this_vcpu();
    struct vcpu_info *vi = &shared->vcpu_info[k];

    upcalls[k][own_vector]++;
    if ((k == 1) != (own_vector != 0)) {
        wrong_vector++;
    }
    if (frame[0] == (uint64_t)halt_insn) {
        onto_hlt++;
    }
    vi->evtchn_upcall_pending = 0;
    __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_ACQ_REL);
    for (;;) {
        unsigned long ready = __atomic_load_n(&shared->evtchn_pending[0], __ATOMIC_ACQUIRE) &
                              ~shared->evtchn_mask[0] & mine[k];
        unsigned int port;

        if (!ready) {
            break;
        }
        port = (unsigned int)__builtin_ctzl(ready);
        if (__atomic_fetch_and(&shared->evtchn_pending[0], ~(1UL << port), __ATOMIC_ACQ_REL) &
            (1UL << port)) {
            taken_by[port] = k;
            got[port]++;
        }
    }
}
INTERRUPT_ENTRY_ARG(global_entry, ipi_upcall, 0);
INTERRUPT_ENTRY_ARG(own_entry, ipi_upcall, 1);

/* ---- Hypercall wrappers ---- */

static long evtchn(unsigned int cmd, void *arg)
{
    return hypercall_event_channel_op(cmd, arg);
}

static long send_port(evtchn_port_t port)
{
    return evtchn(EVTCHNOP_send, &(struct evtchn_send){.port = port});
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    return evtchn(EVTCHNOP_bind_vcpu, &(struct evtchn_bind_vcpu){.port = port, .vcpu = vcpu});
}

static long set_own_vector(uint32_t vcpu, uint8_t vector)
{
    struct xen_hvm_evtchn_upcall_vector op = {.vcpu = vcpu, .vector = vector};

    return hypercall_hvm_op(HVMOP_set_evtchn_upcall_vector, &op);
}

#define EXPECT(call, want) expect_rc(#call, (long)(call), (long)(want), #want)

static void expect_rc(const char *what, long rc, long want, const char *want_text)
{
    checks++;
    if (rc != want) {
        test_failure("%s gave %ld, expected %s", what, rc, want_text);
    }
}

/* ---- Setup on vCPU 0 ---- */

static unsigned int count_vcpus(void)
{
    unsigned int n = 0;

    while (n < 64 && hypercall_vcpu_op(VCPUOP_is_up, n, NULL) >= 0) {
        n++;
    }
    return n;
}

/* A port bound to vCPU k (IPI), or the watchdog's VIRQ_TIMER on vCPU 0. */
static evtchn_port_t bind_port(unsigned int cmd, void *arg, evtchn_port_t *port, unsigned int k)
{
    long rc = evtchn(cmd, arg);

    if (rc || *port == 0 || *port >= NR_PORTS) {
        test_error("binding a port for vCPU %u gave %ld, port %u", k, rc, *port);
        test_exit();
    }
    mine[k] |= 1UL << *port;
    return *port;
}

static void setup(void)
{
    struct vcpu_set_periodic_timer pt = {.period_ns = TICK_NS};
    struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};

    if (shared_info_map(shared_page) || upcall_vector_set(GLOBAL_VECTOR, global_entry)) {
        test_error("cannot map shared_info or set the callback vector");
        test_exit();
    }
    idt_set_interrupt_gate(OWN_VECTOR, own_entry);
    for (unsigned int k = 0; k < nr_vcpus; k++) {
        struct evtchn_bind_ipi bi = {.vcpu = k};

        ipi[k] = bind_port(EVTCHNOP_bind_ipi, &bi, &bi.port, k);
    }
    timer_port = bind_port(EVTCHNOP_bind_virq, &bv, &bv.port, 0);
    if (hypercall_vcpu_op(VCPUOP_set_periodic_timer, 0, &pt)) {
        test_error("cannot start the watchdog timer");
    }
}

/* HVMOP_set_evtchn_upcall_vector: Xen checks the vector, then the vCPU. Then vCPU 1's. */
static void upcall_vector_checks(void)
{
    EXPECT(set_own_vector(1, 0x0f), -XEN_EINVAL);
    EXPECT(set_own_vector(1, 0), -XEN_EINVAL);
    EXPECT(set_own_vector(nr_vcpus, OWN_VECTOR), -XEN_ENOENT);
    EXPECT(set_own_vector(0xffffffff, OWN_VECTOR), -XEN_ENOENT);
    EXPECT(set_own_vector(0xffffffff, 0x0f), -XEN_EINVAL);
    EXPECT(set_own_vector(1, OWN_VECTOR), 0);
}

/* IPI and per-vCPU VIRQ ports stay with their vCPU; no port goes to a missing vCPU. */
static void bind_vcpu_checks(void)
{
    EXPECT(bind_vcpu(ipi[1], 0), -XEN_EINVAL);
    EXPECT(bind_vcpu(ipi[0], 1), -XEN_EINVAL);
    EXPECT(bind_vcpu(timer_port, 1), -XEN_EINVAL);
    EXPECT(bind_vcpu(ipi[0], nr_vcpus), -XEN_ENOENT);
    EXPECT(bind_vcpu(ipi[0], 0xffffffff), -XEN_ENOENT);
}

/* ---- The ring ---- */

/* Wait for an upcall. One copy, so its HLT has one address (halt_insn). */
__attribute__((noinline)) static void halt_once(void)
{
    __asm__ __volatile__("sti\n.globl halt_insn\nhalt_insn: hlt\ncli" ::: "memory");
}

/* A secondary vCPU: wait for the token `rounds` times and pass it on; then serve until done. */
static void secondary(unsigned int k)
{
    evtchn_port_t next = ipi[(k + 1) % nr_vcpus];

    online[k] = true;
    for (uint64_t i = 1; i <= rounds; i++) {
        while (got[ipi[k]] < i) {
            halt_once();
        }
        if (got[ipi[k]] != i) {
            ahead++;
        }
        send_port(next);
    }
    while (!done) {
        halt_once(); /* The upcall still takes whatever is bound to us (bind_vcpu below). */
    }
}

/* vCPU 0: wait for `n` tokens, reporting a stall of STALL_TICKS watchdog ticks and ending. */
static void wait_token(unsigned long n)
{
    unsigned long start = got[timer_port];

    while (got[ipi[0]] < n) {
        if (got[timer_port] - start > STALL_TICKS) {
            test_failure("the token is lost: round %lu, counts %lu %lu %lu %lu, pending %#lx", n,
                         got[ipi[0]], got[ipi[1]], nr_vcpus > 2 ? got[ipi[2]] : 0,
                         nr_vcpus > 3 ? got[ipi[3]] : 0, shared->evtchn_pending[0]);
            test_exit();
        }
        halt_once();
    }
}

static void start_secondaries(void)
{
    long rc;

    for (unsigned int k = 1; k < nr_vcpus; k++) {
        if ((rc = vcpu_start(k, secondary, stacks[k] + STACK_SIZE))) {
            test_error("starting vCPU %u: %ld", k, rc);
            test_exit();
        }
    }
    for (unsigned int k = 1; k < nr_vcpus; k++) {
        while (!online[k]) {
            __asm__ __volatile__("pause");
        }
    }
}

static void run_ring(void)
{
    uint64_t t0 = tsc_ordered();

    for (uint64_t i = 1; i <= rounds; i++) {
        send_port(ipi[1]);
        wait_token(i);
        if (got[ipi[0]] != i) {
            ahead++;
        }
    }
    checks++;
    if (ahead) {
        test_failure("%lu times a vCPU had more events than tokens sent to it", ahead);
    }
    for (unsigned int k = 0; k < nr_vcpus; k++) {
        checks++;
        if (got[ipi[k]] != rounds) {
            test_failure("vCPU %u took %lu events for %lu tokens", k, got[ipi[k]],
                         (unsigned long)rounds);
        }
    }
    printf("ipi: %lu tokens around %u vCPUs, %lu TSC cycles per hop\n", (unsigned long)rounds,
           nr_vcpus, (unsigned long)((tsc_ordered() - t0) / (rounds * nr_vcpus)));
}

/* ---- Moving a port's notifications with EVTCHNOP_bind_vcpu ---- */

/* Send on `from` and wait (bounded by the watchdog) for `to` to be taken once more. */
static bool deliver(evtchn_port_t from, evtchn_port_t to)
{
    unsigned long want = got[to] + 1, start = got[timer_port];

    send_port(from);
    while (got[to] < want && got[timer_port] - start <= STALL_TICKS) {
        halt_once();
    }
    return got[to] == want;
}

/* A loopback channel: sending on `b` raises `a`, which moves to vCPU 1 and back. */
static void check_bind_vcpu(void)
{
    struct evtchn_alloc_unbound au = {.dom = DOMID_SELF, .remote_dom = DOMID_SELF};
    struct evtchn_bind_interdomain bi = {.remote_dom = DOMID_SELF};
    evtchn_port_t a, b;

    a = bind_port(EVTCHNOP_alloc_unbound, &au, &au.port, 0);
    bi.remote_port = a;
    b = bind_port(EVTCHNOP_bind_interdomain, &bi, &bi.local_port, 0);
    EXPECT(deliver(b, a) && taken_by[a] == 0, true);
    /* As Linux does: the port joins vCPU 1's mask, then the hypervisor moves it. */
    mine[1] |= 1UL << a;
    mine[0] &= ~(1UL << a);
    EXPECT(bind_vcpu(a, 1), 0);
    EXPECT(deliver(b, a) && taken_by[a] == 1, true);
    EXPECT(deliver(b, a) && taken_by[a] == 1, true);
    mine[0] |= 1UL << a;
    mine[1] &= ~(1UL << a);
    EXPECT(bind_vcpu(a, 0), 0);
    EXPECT(deliver(b, a) && taken_by[a] == 0, true);
    printf("ipi: loopback port %u moved to vCPU 1 and back, %lu events\n", a, got[a]);
}

/* Tell the secondaries to stop (an IPI wakes each) and wait until they are down. */
static void stop_secondaries(void)
{
    done = true;
    for (unsigned int k = 1; k < nr_vcpus; k++) {
        unsigned long start = got[timer_port];

        send_port(ipi[k]);
        while (hypercall_vcpu_op(VCPUOP_is_up, k, NULL) != 0) {
            if (got[timer_port] - start > STALL_TICKS) {
                test_failure("vCPU %u did not go down", k);
                return;
            }
            halt_once();
        }
    }
}

static void check_vectors(void)
{
    checks++;
    if (wrong_vector || upcalls[1][1] == 0) {
        test_failure("%lu upcalls came on the wrong vector; vCPU 1 had %lu on its own",
                     wrong_vector, upcalls[1][1]);
    }
    checks++;
    if (onto_hlt) {
        test_failure("%lu upcalls came in STI's interrupt shadow and returned onto the HLT",
                     onto_hlt);
    }
    for (unsigned int k = 0; k < nr_vcpus; k++) {
        printf("ipi: vCPU %u: %lu upcalls on 0xf3, %lu on 0xf4\n", k, upcalls[k][0], upcalls[k][1]);
    }
}

const char test_title[] = "evtchn-ipi: event channel IPIs around the vCPUs of one domain";

void test_main(void)
{
    nr_vcpus = count_vcpus();
    cmdline_get_u64("rounds", &rounds);
    if (nr_vcpus < 2 || nr_vcpus > MAX_VCPUS) {
        test_error("needs 2 to %u vCPUs (vcpus= in the domain spec), has %u", MAX_VCPUS, nr_vcpus);
        return;
    }
    setup();
    upcall_vector_checks();
    bind_vcpu_checks();
    start_secondaries();
    run_ring();
    check_bind_vcpu();
    stop_secondaries();
    check_vectors();
    printf("ipi: %u checks\n", checks);
    test_success();
}
