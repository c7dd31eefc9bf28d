/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console ring served by the hypervisor (hv/common/console-ring.c), on the real event
 * channels and the event shim's domains: setup publishes the page and a hypervisor-served port,
 * a send drains `out` (also across the wrap of the free-running indices) and notifies, input
 * fills `in` and drops what does not fit, and every hostile index the guest can write (out_prod
 * or in_cons more than a ring away, in either direction) disconnects the console without
 * reading or writing outside the rings and without touching the hypervisor's indices. The page
 * comes from the shim's arena, so ASan sees any access outside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/console-domain.h>
#include <hv/console-mux.h>
#include <hv/console-ring.h>
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/mm.h>
#include <hv/page-alloc.h>
#include <hv/pvh-loader.h>
#include <public/hvm/params.h>

#include "shim/shim.h"

struct domain *ev_domain_create(domid_t id, unsigned int nr_vcpus, unsigned int max_port);
void ev_assert_unlocked(struct domain *d);
void ev_reset(void);
void ev_cleanup(void);

#define ARENA_MFN 0x100

/* ---- Fakes for what console-ring.c calls outside the event code ---- */

static char written[8192]; /* What reached domain_console_write(). */
static size_t nr_written;
static int pages_out, mux_members, frame_maps;
static bool page_used;

void domain_console_write(struct domain *d, const char *buf, size_t len)
{
    (void)d;
    assert_true(nr_written + len <= sizeof(written));
    memcpy(written + nr_written, buf, len);
    nr_written += len;
}

void domain_console_flush(struct domain *d)
{
    (void)d;
}

void domain_console_show_partial(struct domain *d)
{
    (void)d;
}

void console_mux_add(struct domain *d)
{
    (void)d;
    mux_members++;
}

void console_mux_remove(struct domain *d)
{
    (void)d;
    mux_members--;
}

bool console_mux_has_focus(const struct domain *d)
{
    (void)d;
    return true;
}

mfn_t alloc_pages(unsigned int order)
{
    assert_int_equal(order, 0);
    if (page_used) {
        return INVALID_MFN;
    }
    page_used = true;
    pages_out++;
    memset(mfn_to_virt(_mfn(ARENA_MFN)), 0xa5, PAGE_SIZE); /* Must be zeroed by the setup. */
    return _mfn(ARENA_MFN);
}

void free_pages(mfn_t mfn, unsigned int order)
{
    assert_int_equal(mfn_x(mfn), ARENA_MFN);
    assert_int_equal(order, 0);
    page_used = false;
    pages_out--;
}

int arch_domain_map_frame(struct domain *d, gfn_t gfn, mfn_t mfn)
{
    (void)d;
    assert_int_equal(gfn_x(gfn), PVH_CONSOLE_GFN);
    assert_int_equal(mfn_x(mfn), ARENA_MFN);
    frame_maps++;
    return 0;
}

int arch_domain_unmap_frame(struct domain *d, gfn_t gfn, mfn_t mfn)
{
    (void)d;
    (void)gfn;
    (void)mfn;
    frame_maps--;
    return 0;
}

/* ---- Fixture ---- */

static struct domain *d1;
static struct xencons_interface *intf;

static int setup(void **state)
{
    (void)state;
    shim_reset();
    ev_reset();
    shim_arena_init(ARENA_MFN, 1);
    nr_written = 0;
    pages_out = mux_members = frame_maps = 0;
    page_used = false;
    d1 = ev_domain_create(1, 1, EVTCHN_DEFAULT_MAX_PORT);
    assert_int_equal(console_ring_setup(d1), 0);
    intf = d1->console_ring.intf;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    console_ring_teardown(d1);
    assert_int_equal(pages_out, 0);
    assert_int_equal(mux_members, 0);
    ev_cleanup();
    shim_arena_fini();
    return 0;
}

static bool port_pending(void)
{
    evtchn_port_t p = d1->console_ring.port;

    return (d1->shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static void clear_port(void)
{
    evtchn_port_t p = d1->console_ring.port;

    d1->shared_info->evtchn_pending[p / 64] &= ~(1UL << (p % 64));
}

/* The guest's side: copy `s` into `out` from out_prod on, and send. */
static void guest_write(const char *s)
{
    for (size_t i = 0; s[i]; i++) {
        intf->out[MASK_XENCONS_IDX(intf->out_prod + i, intf->out)] = s[i];
    }
    intf->out_prod += (XENCONS_RING_IDX)strlen(s);
    assert_int_equal(evtchn_send(d1, d1->console_ring.port), 0);
    ev_assert_unlocked(d1);
}

static bool written_is(const char *s)
{
    return nr_written == strlen(s) && !memcmp(written, s, nr_written);
}

/* ---- Tests ---- */

static void test_setup_publishes_ring(void **state)
{
    struct evtchn_status st = {.dom = DOMID_SELF, .port = d1->console_ring.port};
    static const char zero[PAGE_SIZE];

    (void)state;
    assert_int_equal(d1->hvm_params[HVM_PARAM_CONSOLE_PFN], PVH_CONSOLE_GFN);
    assert_int_equal(d1->hvm_params[HVM_PARAM_CONSOLE_EVTCHN], d1->console_ring.port);
    assert_int_not_equal(d1->console_ring.port, 0);
    assert_memory_equal(intf, zero, PAGE_SIZE); /* The allocator's page was dirty. */
    assert_int_equal(evtchn_status(d1, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, DOMID_XEN);
    assert_int_equal(mux_members, 1);
    assert_int_equal(frame_maps, 1);
}

static void test_send_drains_and_notifies(void **state)
{
    (void)state;
    guest_write("hello\n");
    assert_true(written_is("hello\n"));
    assert_int_equal(intf->out_cons, 6);
    assert_true(port_pending());
    /* A send with nothing new prints nothing and does not notify. */
    clear_port();
    assert_int_equal(evtchn_send(d1, d1->console_ring.port), 0);
    assert_true(written_is("hello\n"));
    assert_false(port_pending());
}

/* The indices are free-running: start just before 2^32 and cross it. */
static void test_wrapping_indices(void **state)
{
    char line[1500];

    (void)state;
    d1->console_ring.out_cons = 0xfffffc00U;
    intf->out_cons = intf->out_prod = 0xfffffc00U;
    memset(line, 'w', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    guest_write(line);
    assert_int_equal(nr_written, sizeof(line) - 1);
    assert_int_equal(intf->out_cons, (XENCONS_RING_IDX)(0xfffffc00U + sizeof(line) - 1));
    assert_false(d1->console_ring.broken);
    /* A full ring (exactly 2048 bytes) is legal. */
    nr_written = 0;
    intf->out_prod += sizeof(intf->out);
    console_ring_drain(d1);
    assert_int_equal(nr_written, sizeof(intf->out));
    assert_false(d1->console_ring.broken);
}

static void expect_disconnected(XENCONS_RING_IDX out_cons)
{
    assert_true(d1->console_ring.broken);
    assert_int_equal(intf->connection, XENCONSOLE_DISCONNECTED);
    assert_int_equal(intf->out_cons, out_cons);
    assert_true(shim_log_contains("ring protocol error"));
}

static void test_hostile_out_prod(void **state)
{
    static const XENCONS_RING_IDX bad[] = {2049, 0xffffff00U, 0xffffffffU, 0x80000000U};

    (void)state;
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        d1->console_ring.broken = false;
        intf->connection = XENCONSOLE_CONNECTED;
        intf->out_prod = d1->console_ring.out_cons + bad[i];
        assert_int_equal(evtchn_send(d1, d1->console_ring.port), 0);
        expect_disconnected(0);
        assert_int_equal(nr_written, 0);
        assert_int_equal(d1->console_ring.out_cons, 0);
    }
    /* Disconnected for good: a now sensible index is not served either. */
    intf->out_prod = 5;
    console_ring_drain(d1);
    assert_int_equal(nr_written, 0);
    /* Nor is input written any more. */
    console_ring_input(d1, "abc", 3);
    assert_int_equal(intf->in_prod, 0);
}

static void test_input(void **state)
{
    char flood[1500];

    (void)state;
    console_ring_input(d1, "ls\r", 3);
    assert_int_equal(intf->in_prod, 3);
    assert_memory_equal(intf->in, "ls\r", 3);
    assert_true(port_pending());
    /* A guest that does not read: what does not fit is dropped, once reported. */
    memset(flood, 'f', sizeof(flood));
    console_ring_input(d1, flood, sizeof(flood));
    assert_int_equal(intf->in_prod, sizeof(intf->in));
    assert_true(shim_log_contains("does not read its input"));
    shim_log_clear();
    console_ring_input(d1, "x", 1);
    assert_int_equal(intf->in_prod, sizeof(intf->in));
    assert_int_equal(shim_log_count(), 0);
    /* Once it reads, input flows again. */
    intf->in_cons = 100;
    console_ring_input(d1, "yz", 2);
    assert_int_equal(intf->in_prod, sizeof(intf->in) + 2);
    assert_int_equal(intf->in[MASK_XENCONS_IDX(sizeof(intf->in), intf->in)], 'y');
    assert_false(d1->console_ring.broken);
}

static void test_hostile_in_cons(void **state)
{
    (void)state;
    console_ring_input(d1, "ab", 2);
    intf->in_cons = 0x12345U; /* Beyond what was produced. */
    console_ring_input(d1, "cd", 2);
    assert_true(d1->console_ring.broken);
    assert_int_equal(intf->in_prod, 2);
    assert_int_equal(intf->in[2], 0);
    assert_true(shim_log_contains("in_cons"));
}

/* The guest closes its end and reuses the number: no calls to the ring, no raises. */
static void test_closed_port(void **state)
{
    evtchn_port_t p = d1->console_ring.port;
    struct evtchn_bind_ipi ipi = {.vcpu = 0};

    (void)state;
    assert_int_equal(evtchn_close(d1, p), 0);
    assert_int_equal(evtchn_bind_ipi(d1, &ipi), 0);
    assert_int_equal(ipi.port, p);
    clear_port();
    intf->out_prod = 3;
    memcpy(intf->out, "ok\n", 3);
    console_ring_drain(d1); /* The poll still prints it, */
    assert_true(written_is("ok\n"));
    assert_false(port_pending()); /* but the IPI port now there is not raised. */
    console_ring_input(d1, "q", 1);
    assert_false(port_pending());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_setup_publishes_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_send_drains_and_notifies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrapping_indices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_out_prod, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_in_cons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_port, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
