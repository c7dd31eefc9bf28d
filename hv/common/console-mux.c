/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Serial input, the console focus and the console poll timer (hv/console-mux.h).
 *
 * Input is polled, not interrupt driven: a timer on CPU 0 reads the UART every POLL_PERIOD
 * while someone is typing, and every IDLE_POLL_PERIOD once nothing came for ACTIVE_TIME (each
 * poll interrupts whatever guest runs on CPU 0, an exit that under emulation costs it far more
 * than the poll itself; a first keystroke waits at most IDLE_POLL_PERIOD).
 * An IRQ would need the I/O APIC to route ISA IRQ 4 (every pin is masked today) and a receive
 * handler that only buffers bytes and defers the rest to a softirq, since delivering input
 * takes the ring and event locks, which are not IRQ-safe. Polling needs none of it, runs where
 * those locks may be taken, and is what Xen itself does for a UART without a usable IRQ. The cost: on real hardware a 16-byte receive FIFO at 115200 baud
 * overflows when input is pasted faster than one FIFO per poll; typing is far slower. QEMU
 * holds input back until the FIFO has room, so nothing is lost there. The same timer drains
 * every ring, so output a guest writes without notifying (or while its notification raced
 * with a drain) still appears.
 */
#include <hv/console-domain.h>
#include <hv/console-mux.h>
#include <hv/console-ring.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/printk.h>
#include <hv/time.h>
#include <hv/timer.h>

#define POLL_PERIOD      MILLISECS(10)
#define IDLE_POLL_PERIOD MILLISECS(50)
#define ACTIVE_TIME      SECONDS(2)
#define SWITCH_CODE      0x01 /* Ctrl-A */
#define SWITCH_COUNT     3
#define MAX_POLL_READ    256 /* UART bytes taken per poll: a stuck UART cannot hold CPU 0. */
#define FOCUS_HV         DOMID_XEN

static DEFINE_SPINLOCK(mux_lock); /* The list, the focus and the input state below. */
static struct domain *consoles;   /* Served consoles, in domain id order. */
static domid_t focus = FOCUS_HV;
static bool focus_given;          /* The first console has taken the focus once. */
static unsigned int switch_codes; /* Ctrl-As held back: they may be the start of a switch. */
static char pending[64];          /* Input for the focus not yet written to its ring. */
static size_t nr_pending;
static struct timer poll_timer;

static void announce_focus(void)
{
    if (focus == FOCUS_HV) {
        printk("console: *** Serial input to Xenolith (type 'CTRL-a' three times to switch "
               "input)\n");
    } else {
        printk("console: *** Serial input to DOM%u (type 'CTRL-a' three times to switch "
               "input)\n",
               focus);
    }
}

static struct domain *find_console(domid_t id)
{
    for (struct domain *d = consoles; d; d = d->console_ring.next) {
        if (d->domain_id == id) {
            return d;
        }
    }
    return NULL;
}

/* Write held input to the focus. Pre: mux lock. */
static void flush_pending(void)
{
    struct domain *d = find_console(focus);

    if (d && nr_pending) {
        console_ring_input(d, pending, nr_pending);
    }
    nr_pending = 0;
}

/* The next holder of the focus after the current one: hypervisor, domains, hypervisor... */
static void switch_focus(void)
{
    struct domain *d = focus == FOCUS_HV ? consoles : find_console(focus);

    if (focus != FOCUS_HV && d) {
        d = d->console_ring.next;
    }
    flush_pending();
    WRITE_ONCE(focus, d ? d->domain_id : FOCUS_HV);
    announce_focus();
    if (d) {
        domain_console_show_partial(d); /* Its prompt, if it waits at one. */
    }
}

/* The hypervisor's own keys, when it has the focus: kept to what helps when a guest hangs. */
static void debug_key(char c)
{
    char state[96];

    switch (c) {
    case 'h':
        printk("console: keys: 'h' this help, 'c' list the domain consoles\n");
        break;
    case 'c':
        for (struct domain *d = consoles; d; d = d->console_ring.next) {
            console_ring_describe(d, state, sizeof(state));
            printk("console: DOM%u (%s): %s\n", d->domain_id, d->name, state);
        }
        break;
    default:
        break; /* Anything else is ignored, as Xen ignores unbound keys. */
    }
}

static void deliver(char c)
{
    if (focus == FOCUS_HV) {
        debug_key(c);
        return;
    }
    if (nr_pending == sizeof(pending)) {
        flush_pending();
    }
    pending[nr_pending++] = c;
}

/* One byte from the UART. Ctrl-As are held back until it is clear whether they switch. */
static void serial_rx(char c)
{
    if (c == SWITCH_CODE) {
        if (++switch_codes == SWITCH_COUNT) {
            switch_codes = 0;
            switch_focus();
        }
        return;
    }
    for (; switch_codes; switch_codes--) {
        deliver(SWITCH_CODE);
    }
    deliver(c);
}

static void poll(void *data)
{
    static s_time_t last_input;
    s_time_t now = NOW();

    (void)data;
    spin_lock(&mux_lock);
    for (unsigned int i = 0; i < MAX_POLL_READ; i++) {
        int c = console_getc();

        if (c < 0) {
            break;
        }
        serial_rx((char)c);
        last_input = now;
    }
    flush_pending();
    for (struct domain *d = consoles; d; d = d->console_ring.next) {
        console_ring_drain(d);
    }
    spin_unlock(&mux_lock);
    set_timer(&poll_timer, now + (now - last_input < ACTIVE_TIME ? POLL_PERIOD : IDLE_POLL_PERIOD));
}

bool console_mux_has_focus(const struct domain *d)
{
    return READ_ONCE(focus) == d->domain_id;
}

void console_mux_init(void)
{
    init_timer(&poll_timer, poll, NULL, 0);
    set_timer(&poll_timer, NOW() + POLL_PERIOD);
}

void console_mux_add(struct domain *d)
{
    struct domain **p;

    spin_lock(&mux_lock);
    for (p = &consoles; *p && (*p)->domain_id < d->domain_id; p = &(*p)->console_ring.next) {
    }
    d->console_ring.next = *p;
    *p = d;
    if (!focus_given) {
        focus_given = true;
        WRITE_ONCE(focus, d->domain_id);
        announce_focus();
    }
    spin_unlock(&mux_lock);
}

void console_mux_remove(struct domain *d)
{
    struct domain **p;

    spin_lock(&mux_lock);
    for (p = &consoles; *p && *p != d; p = &(*p)->console_ring.next) {
    }
    if (*p) {
        *p = d->console_ring.next;
    }
    if (focus == d->domain_id) {
        nr_pending = 0;
        WRITE_ONCE(focus, FOCUS_HV);
        announce_focus();
    }
    spin_unlock(&mux_lock);
}
