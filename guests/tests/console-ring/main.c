/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console-ring: the PV console a boot-time domain gets from the hypervisor (guest-abi.md 3.7),
 * used the way Linux's hvc_xen uses it and nothing else: HVM_PARAM_CONSOLE_PFN and
 * HVM_PARAM_CONSOLE_EVTCHN, the xencons_interface rings and EVTCHNOP_send. Without it hvc0
 * does not exist and a Linux domain has no console to log in on.
 *
 * Output lines start with "ring: " so the system test can tell them from console_io lines.
 * Modes (cmdline `mode=`):
 *   echo     (default) a few lines, a burst larger than the ring written without notifying
 *            (the ring must fill, and SCHEDOP_yield must let the hypervisor's poll empty it),
 *            then `lines=N` (default 1) input lines, each after a prompt "ring> " without a
 *            newline, echoed upper-cased: "ring: echo TEXT".
 *   none     the domain has console=no: both parameters must be 0.
 *   corrupt  out_prod - out_cons = 0xFFFFFF00, then send: the hypervisor must disconnect the
 *            console without reading outside the ring and without touching out_cons.
 *   corrupt-in  in_cons far beyond in_prod: the next input must disconnect the console.
 *   deaf     never reads input: typed text must not hold up other domains.
 */
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/io/console.h>
#include <public/sched.h>

#include <guest/peer.h>
#include <guest/test.h>

const char test_title[] = "console-ring: the PV console ring and its event channel";

#define CONSOLE_GFN  0xFEFFFULL /* Where Xenolith (like Xen) puts it: docs/domains.md. */
#define BURST_LINES  64
#define WAIT_SECONDS 120
#define TICKS(s)     ((s) * (1000000000ULL / PEER_TICK_NS))

static volatile struct xencons_interface *intf;
static evtchn_port_t port;
static unsigned long full_waits; /* Times the output ring was full. */

static uint64_t get_param(uint32_t index, long *rc)
{
    struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};

    *rc = hypercall_hvm_op(HVMOP_get_param, &p);
    return p.value;
}

static void notify(void)
{
    struct evtchn_send s = {.port = port};
    long rc = hypercall_event_channel_op(EVTCHNOP_send, &s);

    if (rc) {
        test_failure("EVTCHNOP_send on the console port %u returned %ld", port, rc);
    }
}

/* Copy what fits of `s` into `out`; as hvc_xen: data, barrier, then the index. */
static size_t ring_put(const char *s, size_t len)
{
    XENCONS_RING_IDX cons = __atomic_load_n(&intf->out_cons, __ATOMIC_ACQUIRE);
    XENCONS_RING_IDX prod = intf->out_prod;
    size_t n = 0;

    while (n < len && prod - cons < sizeof(intf->out)) {
        intf->out[MASK_XENCONS_IDX(prod++, intf->out)] = s[n++];
    }
    __atomic_store_n(&intf->out_prod, prod, __ATOMIC_RELEASE);
    return n;
}

/* Write all of `s`; yield while the ring is full (hvc_xen's loop). false after a failure. */
static bool ring_write(const char *s, size_t len, bool send)
{
    unsigned long start = peer_ticks();

    while (len) {
        size_t n = ring_put(s, len);

        if (send) {
            notify();
        }
        if (n == 0) {
            full_waits++;
            if (peer_ticks() - start > TICKS(10)) {
                test_failure("the output ring stayed full for 10 s (out_cons %#x out_prod %#x)",
                             intf->out_cons, intf->out_prod);
                return false;
            }
            hypercall_sched_op(SCHEDOP_yield, NULL);
        }
        s += n;
        len -= n;
    }
    return true;
}

static bool ring_printf(bool send, const char *fmt, ...) __printf(2, 3);
static bool ring_printf(bool send, const char *fmt, ...)
{
    char line[128];
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    return ring_write(line, (size_t)MIN(len, (int)sizeof(line) - 1), send);
}

/* The parameters, checked; false after a report. */
static bool find_ring(void)
{
    long rc1, rc2;
    uint64_t pfn = get_param(HVM_PARAM_CONSOLE_PFN, &rc1);
    uint64_t evtchn = get_param(HVM_PARAM_CONSOLE_EVTCHN, &rc2);

    printf("console-ring: HVM_PARAM_CONSOLE_PFN %#lx (rc %ld), HVM_PARAM_CONSOLE_EVTCHN %lu "
           "(rc %ld)\n",
           (unsigned long)pfn, rc1, (unsigned long)evtchn, rc2);
    if (rc1 || rc2 || pfn != CONSOLE_GFN || evtchn == 0 || evtchn >= 64) {
        test_failure("want the ring at GFN %#llx and a port in 1..63", CONSOLE_GFN);
        return false;
    }
    intf = (volatile struct xencons_interface *)(uintptr_t)(pfn << PAGE_SHIFT);
    port = (evtchn_port_t)evtchn;
    if (intf->out_cons != intf->out_prod || intf->in_cons != intf->in_prod) {
        test_failure("the ring does not start empty");
        return false;
    }
    return true;
}

/* Lines a line-based checker can verify: a number and 40 letters that depend on it. */
static bool burst(void)
{
    char letters[41];

    for (unsigned int i = 0; i < BURST_LINES; i++) {
        for (unsigned int k = 0; k < 40; k++) {
            letters[k] = (char)('a' + (i + k) % 26);
        }
        letters[40] = '\0';
        if (!ring_printf(false, "ring: burst %03u %s\n", i, letters)) {
            return false;
        }
    }
    notify();
    printf("console-ring: burst of %u lines written, the ring was full %lu times\n", BURST_LINES,
           full_waits);
    if (full_waits == 0) {
        test_failure("the burst never filled the ring: the full-ring path was not tested");
    }
    return true;
}

/* Take one input byte, waiting for it; -1 after a failure. */
static int input_byte(void)
{
    unsigned long start = peer_ticks();

    for (;;) {
        XENCONS_RING_IDX cons = intf->in_cons;

        if (cons != __atomic_load_n(&intf->in_prod, __ATOMIC_ACQUIRE)) {
            char c = intf->in[MASK_XENCONS_IDX(cons, intf->in)];

            __atomic_store_n(&intf->in_cons, cons + 1, __ATOMIC_RELEASE);
            notify(); /* As hvc_xen: the backend may wait for room. */
            return (unsigned char)c;
        }
        if (peer_ticks() - start > TICKS(WAIT_SECONDS)) {
            test_failure("no input for %u s", WAIT_SECONDS);
            return -1;
        }
        peer_idle();
    }
}

/*
 * Prompt "ring> " (no newline: the hypervisor shows it while this domain has the focus), read
 * one line, end the prompt's line and echo the text upper-cased through the ring.
 */
static bool echo_line(void)
{
    unsigned long events = peer_events(port);
    char line[81];
    size_t len = 0;
    int c;

    if (!ring_printf(true, "ring> ")) {
        return false;
    }
    while ((c = input_byte()) >= 0) {
        if ((c == '\r' || c == '\n') && len) {
            break;
        }
        if (c >= ' ' && c < 0x7f && len < sizeof(line) - 1) {
            line[len++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        }
    }
    if (c < 0) {
        return false;
    }
    line[len] = '\0';
    if (peer_events(port) == events) {
        test_failure("input arrived without an event on the console port");
    }
    return ring_printf(true, "\nring: echo %s\n", line);
}

static void mode_echo(void)
{
    uint64_t lines = 1;

    cmdline_get_u64("lines", &lines);
    if (!ring_printf(true, "ring: hello through the console ring\n") ||
        !ring_printf(true, "ring: second line, port %u\n", port) || !burst()) {
        return;
    }
    ring_printf(true, "ring: burst done\n");
    for (uint64_t i = 0; i < lines; i++) {
        printf("console-ring: waiting for input line %lu of %lu\n", (unsigned long)i + 1,
               (unsigned long)lines);
        if (!echo_line()) {
            return;
        }
    }
    if (!test_failed()) {
        test_success();
    }
}

/* A broken index: the hypervisor must disconnect without reading outside the ring. */
static void mode_corrupt(void)
{
    volatile char *page = (volatile char *)intf;
    XENCONS_RING_IDX cons = intf->out_cons;

    ring_printf(true, "ring: before the corruption\n");
    /* Bait: were `in` or the rest of the page ever printed, these letters would show. */
    for (size_t i = 0; i < sizeof(intf->in); i++) {
        intf->in[i] = 'Y';
    }
    for (size_t i = sizeof(struct xencons_interface); i < PAGE_SIZE; i++) {
        page[i] = 'X';
    }
    cons = intf->out_cons;
    intf->out_prod = cons + 0xFFFFFF00U;
    notify();
    printf("console-ring: out_prod set to out_cons + 0xFFFFFF00, sent; out_cons %#x -> %#x, "
           "connection %u\n",
           cons, intf->out_cons, intf->connection);
    if (intf->out_cons != cons || intf->connection != XENCONSOLE_DISCONNECTED) {
        test_failure("want out_cons unchanged and the console disconnected");
    }
    notify(); /* Sends on a disconnected console are harmless too. */
    printf("console-ring: the domain still runs after corrupting its ring\n");
    if (!test_failed()) {
        test_success();
    }
}

static void mode_corrupt_in(void)
{
    unsigned long start = peer_ticks();

    intf->in_cons = intf->in_prod + 0x12345U;
    printf("console-ring: in_cons set to in_prod + 0x12345, waiting for input\n");
    while (intf->connection != XENCONSOLE_DISCONNECTED) {
        if (peer_ticks() - start > TICKS(WAIT_SECONDS)) {
            test_failure("input never disconnected the console");
            return;
        }
        peer_idle();
    }
    printf("console-ring: console disconnected, in_prod %#x\n", intf->in_prod);
    if (intf->in_prod != 0) {
        test_failure("the hypervisor wrote input although in_cons was broken");
        return;
    }
    test_success();
}

static void mode_deaf(void)
{
    ring_printf(true, "ring: deaf, never reading input\n");
    printf("Test expects: no result (never reads its input)\n");
    for (;;) {
        peer_idle();
    }
}

static void mode_none(void)
{
    long rc1, rc2;
    uint64_t pfn = get_param(HVM_PARAM_CONSOLE_PFN, &rc1);
    uint64_t evtchn = get_param(HVM_PARAM_CONSOLE_EVTCHN, &rc2);

    printf("console-ring: console=no: PFN %#lx, EVTCHN %lu\n", (unsigned long)pfn,
           (unsigned long)evtchn);
    if (rc1 || rc2 || pfn || evtchn) {
        test_failure("want both parameters 0 (rc %ld %ld)", rc1, rc2);
        return;
    }
    test_success();
}

void test_main(void)
{
    char mode[16] = "echo";

    cmdline_get_str("mode", mode, sizeof(mode));
    if (!strcmp(mode, "none")) {
        mode_none();
        return;
    }
    if (!peer_init() || !find_ring()) {
        return;
    }
    if (!strcmp(mode, "echo")) {
        mode_echo();
    } else if (!strcmp(mode, "corrupt")) {
        mode_corrupt();
    } else if (!strcmp(mode, "corrupt-in")) {
        mode_corrupt_in();
    } else if (!strcmp(mode, "deaf")) {
        mode_deaf();
    } else {
        test_error("unknown mode '%s'", mode);
    }
}
