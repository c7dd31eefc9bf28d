/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shared-ring transport on the host: the daemon runs on its own thread with a test
 * backend that "maps" a page of this process and "binds" a pair of eventfds standing in for
 * the event channel; the test thread plays the guest through libxs's ring client. Covered:
 * INTRODUCE attaching the ring, requests and replies, messages larger than the ring, watch
 * events, pipelined requests that fill the response ring, the ring's error field on protocol
 * violations and bad indexes, and RELEASE detaching the ring.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define GUEST_DOMID 7
#define GUEST_GFN   4096

struct fixture {
    struct harness *h;
    struct xenstore_domain_interface *page;
    struct ring_eventfd efd; /* kick_fd: guest -> daemon; notify_fd: daemon -> guest. */
    struct ring_backend be;
    int attached, detached; /* Updated on the daemon thread. */
    struct xs_client *d0, *guest;
};

static int tb_attach(void *arg, unsigned int domid, int64_t gfn, unsigned int port,
                     struct ring_chan *ch)
{
    struct fixture *f = arg;

    (void)port;
    if (domid != GUEST_DOMID || gfn != GUEST_GFN) {
        return EFAULT; /* "Cannot map": the daemon must report a failure. */
    }
    ch->intf = f->page;
    ch->ev = &ring_eventfd_ops;
    ch->ev_arg = &f->efd;
    __atomic_add_fetch(&f->attached, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static void tb_detach(void *arg, unsigned int domid, struct ring_chan *ch)
{
    struct fixture *f = arg;

    (void)domid;
    (void)ch;
    __atomic_add_fetch(&f->detached, 1, __ATOMIC_SEQ_CST);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    f->page = calloc(1, 4096);
    f->efd.kick_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    f->efd.notify_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    assert_true(f->efd.kick_fd >= 0 && f->efd.notify_fd >= 0);
    f->be.attach = tb_attach;
    f->be.detach = tb_detach;
    f->be.arg = f;
    f->h = h_start(NULL, &f->be);
    f->d0 = h_client(f->h, 0);
    OK(xs_mkdir(f->d0, 0, "/local/domain/7"));
    OK(xs_set_perms(f->d0, 0, "/local/domain/7", "n7"));
    OK(xs_request(f->d0, XS_INTRODUCE, 0,
                  LIT("7\0"
                      "4096\0"
                      "9"),
                  NULL));
    assert_int_equal(__atomic_load_n(&f->attached, __ATOMIC_SEQ_CST), 1);
    f->guest = xs_open_ring(f->page, f->efd.kick_fd, f->efd.notify_fd);
    assert_non_null(f->guest);
    xs_set_timeout(f->guest, H_TIMEOUT_MS);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    h_check_store(f->d0);
    xs_close(f->guest);
    xs_close(f->d0);
    h_stop(f->h);
    /* Whatever happened, the ring is given back exactly once. */
    assert_int_equal(f->detached, 1);
    close(f->efd.kick_fd);
    close(f->efd.notify_fd);
    free(f->page);
    free(f);
    return 0;
}

static void test_basic_requests(void **state)
{
    struct fixture *f = *state;
    struct xs_msg *m;
    char **names;
    unsigned int n;

    assert_int_equal(f->page->server_features, XENSTORE_SERVER_FEATURE_ERROR |
                                                   XENSTORE_SERVER_FEATURE_WATCHDEPTH |
                                                   XENSTORE_SERVER_FEATURE_DOMID_ANY);
    OK(xs_request(f->guest, XS_GET_DOMAIN_PATH, 0, LIT("7"), &m));
    assert_string_equal(m->body, "/local/domain/7");
    xs_msg_free(m);
    OK(xs_write_str(f->guest, 0, "device/vbd/51712/state", "1"));
    h_expect_read(f->guest, 0, "device/vbd/51712/state", "1");
    h_expect_read(f->d0, 0, "/local/domain/7/device/vbd/51712/state", "1");
    OK(xs_directory(f->guest, 0, "device/vbd", &names, &n));
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "51712");
    free(names);
    /* The guest is not privileged. */
    ERR(xs_request(f->guest, XS_INTRODUCE, 0,
                   LIT("8\0"
                       "1\0"
                       "1"),
                   NULL),
        EACCES);
    ERR(xs_write_str(f->guest, 0, "/tool/x", "1"), EACCES);
    OK(xs_request(f->d0, XS_IS_DOMAIN_INTRODUCED, 0, LIT("7"), &m));
    assert_string_equal(m->body, "T");
    xs_msg_free(m);
}

static void test_large_messages(void **state)
{
    struct fixture *f = *state;
    char value[4000], *back;
    unsigned int len, i;

    for (i = 0; i < sizeof(value); i++) {
        value[i] = (char)('a' + i % 26);
    }
    /* Twice the ring size each way (within the node-size quota), so both rings wrap. */
    for (i = 0; i < 8; i++) {
        value[0] = (char)('0' + i);
        OK(xs_write(f->guest, 0, "big", value, 2000));
        OK(xs_read(f->guest, 0, "big", &back, &len));
        assert_int_equal(len, 2000);
        assert_memory_equal(back, value, 2000);
        free(back);
    }
    /* A full-size request still travels; the quota answers it. */
    ERR(xs_write(f->guest, 0, "big", value, sizeof(value)), ENOSPC);
    OK(xs_write(f->d0, 0, "/local/domain/7/big", value, sizeof(value)));
    OK(xs_read(f->guest, 0, "big", &back, &len));
    assert_int_equal(len, sizeof(value));
    free(back);
}

static void test_watch_over_ring(void **state)
{
    struct fixture *f = *state;

    OK(xs_watch(f->guest, "control/shutdown", "0xffff8880deadbeef"));
    h_expect_event(f->guest, "control/shutdown", "0xffff8880deadbeef");
    OK(xs_write_str(f->d0, 0, "/local/domain/7/control/shutdown", "poweroff"));
    h_expect_event(f->guest, "control/shutdown", "0xffff8880deadbeef");
    h_expect_read(f->guest, 0, "control/shutdown", "poweroff");
}

static void test_pipelined_fill_ring(void **state)
{
    struct fixture *f = *state;
    char value[300];
    struct xs_msg *m;
    uint32_t i;

    memset(value, 'x', sizeof(value));
    OK(xs_write(f->guest, 0, "v", value, sizeof(value)));
    /* Replies to 40 reads need 12 KiB: the daemon must wait for the guest to make room. */
    for (i = 1; i <= 40; i++) {
        OK(xs_send(f->guest, XS_READ, i, 0, LIT("v")));
    }
    for (i = 1; i <= 40; i++) {
        OK(xs_recv(f->guest, &m));
        assert_int_equal(m->hdr.type, XS_READ);
        assert_int_equal(m->hdr.req_id, i);
        assert_int_equal(m->hdr.len, sizeof(value));
        xs_msg_free(m);
    }
}

/* Wait until the daemon has set the ring's error field. */
static uint32_t wait_ring_error(struct fixture *f)
{
    uint32_t err;
    uint64_t v;

    while ((err = __atomic_load_n(&f->page->error, __ATOMIC_ACQUIRE)) == 0) {
        struct pollfd p = {.fd = f->efd.notify_fd, .events = POLLIN};

        assert_int_equal(poll(&p, 1, H_TIMEOUT_MS), 1);
        if (read(f->efd.notify_fd, &v, sizeof(v)) < 0) {
            continue;
        }
    }
    return err;
}

static void test_oversized_payload(void **state)
{
    struct fixture *f = *state;
    struct xsd_sockmsg hdr = {XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1};
    struct xs_msg *m;

    OK(xs_send_raw(f->guest, &hdr, sizeof(hdr)));
    assert_int_equal(wait_ring_error(f), XENSTORE_ERROR_PROTO);
    /* The daemon gave up on the ring, not on anyone else. */
    OK(xs_request(f->d0, XS_GET_DOMAIN_PATH, 0, LIT("7"), &m));
    xs_msg_free(m);
    OK(xs_request(f->d0, XS_RELEASE, 0, LIT("7"), NULL));
}

static void test_bad_ring_index(void **state)
{
    struct fixture *f = *state;
    uint64_t one = 1;

    __atomic_store_n(&f->page->req_prod, f->page->req_cons + 5000, __ATOMIC_RELEASE);
    assert_int_equal(write(f->efd.kick_fd, &one, sizeof(one)), sizeof(one));
    assert_int_equal(wait_ring_error(f), XENSTORE_ERROR_RINGIDX);
    OK(xs_write_str(f->d0, 0, "/still/alive", "1"));
}

static void test_release_and_reintroduce(void **state)
{
    struct fixture *f = *state;
    struct xs_msg *m;
    char *perms, *v;

    OK(xs_write_str(f->guest, 0, "data/owned", "1"));
    OK(xs_write_str(f->d0, 0, "/keep/x", "1"));
    OK(xs_set_perms(f->d0, 0, "/keep/x", "n0 r7"));
    /* Introducing again only rebinds; the ring stays attached. */
    OK(xs_request(f->d0, XS_INTRODUCE, 0,
                  LIT("7\0"
                      "4096\0"
                      "9"),
                  NULL));
    assert_int_equal(__atomic_load_n(&f->attached, __ATOMIC_SEQ_CST), 1);
    ERR(xs_request(f->d0, XS_INTRODUCE, 0,
                   LIT("8\0"
                       "666\0"
                       "9"),
                   NULL),
        EINVAL);
    OK(xs_request(f->d0, XS_RELEASE, 0, LIT("7"), NULL));
    OK(xs_request(f->d0, XS_IS_DOMAIN_INTRODUCED, 0, LIT("7"), &m));
    assert_string_equal(m->body, "F");
    xs_msg_free(m);
    assert_int_equal(__atomic_load_n(&f->detached, __ATOMIC_SEQ_CST), 1);
    /* What the domain owned went with it; entries naming it were dropped elsewhere. */
    ERR(xs_read(f->d0, 0, "/local/domain/7/data/owned", &v, NULL), ENOENT);
    OK(xs_get_perms(f->d0, 0, "/keep/x", &perms));
    assert_string_equal(perms, "n0");
    free(perms);
    ERR(xs_request(f->d0, XS_RELEASE, 0, LIT("7"), NULL), ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_basic_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watch_over_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipelined_fill_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oversized_payload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ring_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release_and_reintroduce, setup, teardown),
    };

    h_alarm();
    return cmocka_run_group_tests_name("xenstored-ring", tests, NULL, NULL);
}
