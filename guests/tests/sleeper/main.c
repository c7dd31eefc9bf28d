/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sleeper: an event-driven vCPU that sleeps until a single-shot timer 1 ms ahead fires, over
 * and over (`wakeups=`, default 2000), and measures how late it runs after each deadline:
 * from the deadline (pvclock system time) to the moment its upcall handler runs. Started next
 * to CPU hogs, it shows whether the scheduler lets a vCPU that wakes from an event preempt
 * CPU-bound ones promptly (issue #7: the median must stay below one time slice, 10 ms).
 * It prints the median, 99th percentile and maximum in microseconds; make bench reads them.
 */
#include <guest/pv.h>
#include <guest/stats.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define UPCALL_VECTOR 0xf3
#define MAX_WAKEUPS   20000
#define SLICE_NS      10000000ULL /* The scheduler's time slice (hv/include/hv/sched-fair.h). */

static uint8_t shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct shared_info *const shared = (struct shared_info *)shared_page;
static uint64_t latency_us[MAX_WAKEUPS];
static volatile uint64_t woken_at; /* pvclock ns when the last timer upcall ran; 0 before. */
static unsigned int timer_port;

void sleeper_upcall(void);
void sleeper_upcall(void)
{
    struct vcpu_info *vi = &shared->vcpu_info[0];

    vi->evtchn_upcall_pending = 0;
    __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_ACQ_REL);
    if (__atomic_fetch_and(&shared->evtchn_pending[0], ~(1UL << timer_port), __ATOMIC_ACQ_REL) &
        (1UL << timer_port)) {
        woken_at = pvclock_ns(&vi->time);
    }
}
INTERRUPT_ENTRY(sleeper_entry, sleeper_upcall);

static bool setup(void)
{
    struct evtchn_bind_virq bv = {.virq = VIRQ_TIMER, .vcpu = 0};

    if (shared_info_map(shared_page) || upcall_vector_set(UPCALL_VECTOR, sleeper_entry) ||
        hypercall_event_channel_op(EVTCHNOP_bind_virq, &bv)) {
        test_error("cannot map shared_info, set the upcall vector or bind VIRQ_TIMER");
        return false;
    }
    timer_port = bv.port;
    return true;
}

/* One sleep: arm the timer 1 ms ahead, block until its upcall, return how late it ran (ns). */
static bool sleep_once(uint64_t *late)
{
    uint64_t deadline = pvclock_ns(&shared->vcpu_info[0].time) + 1000000;
    struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = deadline};

    woken_at = 0;
    if (hypercall_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t)) {
        test_error("VCPUOP_set_singleshot_timer failed");
        return false;
    }
    while (!woken_at) {
        __asm__ __volatile__("sti; hlt; cli" ::: "memory"); /* Blocks in the hypervisor. */
    }
    if (woken_at < deadline) {
        test_failure("woken %lu ns before the deadline", (unsigned long)(deadline - woken_at));
        return false;
    }
    *late = woken_at - deadline;
    return true;
}

const char test_title[] = "sleeper: wake-up latency of a 1 ms timer";

void test_main(void)
{
    uint64_t wakeups = 2000, late;
    unsigned int n;

    cmdline_get_u64("wakeups", &wakeups);
    if (wakeups == 0 || wakeups > MAX_WAKEUPS) {
        test_error("wakeups= must be 1..%u", MAX_WAKEUPS);
        return;
    }
    n = (unsigned int)wakeups;
    if (!setup()) {
        return;
    }
    for (unsigned int i = 0; i < n; i++) {
        if (!sleep_once(&late)) {
            return;
        }
        latency_us[i] = late / 1000;
    }
    sort_u64(latency_us, n);
    printf("sleeper: %u wakeups, latency median %lu us, p99 %lu us, max %lu us\n", n,
           (unsigned long)latency_us[n / 2], (unsigned long)latency_us[(n * 99) / 100],
           (unsigned long)latency_us[n - 1]);
    if (latency_us[n / 2] * 1000ULL >= SLICE_NS) {
        test_failure("median wake-up latency %lu us is not below one time slice",
                     (unsigned long)latency_us[n / 2]);
        return;
    }
    test_success();
}
