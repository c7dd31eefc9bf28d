/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Quotas: each limit is lowered for one test, exceeded by an unprivileged domain, and must
 * produce Xen's error (ENOSPC, EINVAL for paths, ENOMEM for memory; throttling for outstanding
 * requests) while the privileged domain and other domains carry on undisturbed. GET_QUOTA and
 * SET_QUOTA are checked too.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

struct fixture {
    struct harness *h;
    struct xs_client *d0, *d5, *d6;
};

/* The initial state names a quota setting ("name=value") applied to the daemon. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct quota_set q;

    quota_defaults(&q);
    if (*state) {
        OK(quota_parse_option(&q, *state));
    }
    f->h = h_start(&q, NULL);
    f->d0 = h_client(f->h, 0);
    f->d5 = h_client(f->h, 5);
    f->d6 = h_client(f->h, 6);
    /* Each guest owns its home, as the toolstack arranges. */
    OK(xs_mkdir(f->d0, 0, "/local/domain/5"));
    OK(xs_set_perms(f->d0, 0, "/local/domain/5", "n5"));
    OK(xs_mkdir(f->d0, 0, "/local/domain/6"));
    OK(xs_set_perms(f->d0, 0, "/local/domain/6", "n6"));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    h_check_store(f->d0);
    xs_close(f->d0);
    xs_close(f->d5);
    xs_close(f->d6);
    h_stop(f->h);
    free(f);
    return 0;
}

static void test_nodes(void **state)
{
    struct fixture *f = *state;

    /* Domain 5 owns its home already: four more nodes reach the quota of five. */
    OK(xs_write_str(f->d5, 0, "data/a", "1"));
    OK(xs_write_str(f->d5, 0, "data/b", "1"));
    OK(xs_write_str(f->d5, 0, "data/c", "1"));
    ERR(xs_write_str(f->d5, 0, "data/d", "1"), ENOSPC);
    ERR(xs_mkdir(f->d5, 0, "x/y"), ENOSPC);
    /* Rewriting existing nodes is fine; others are not affected. */
    OK(xs_write_str(f->d5, 0, "data/a", "2"));
    OK(xs_write_str(f->d6, 0, "data/a", "1"));
    OK(xs_write_str(f->d0, 0, "/big/a/b/c/d/e/f", "1"));
    /* Freeing a node makes room again. */
    OK(xs_rm(f->d5, 0, "data/c"));
    OK(xs_write_str(f->d5, 0, "data/d", "1"));
}

static void test_nodes_in_transaction(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;

    OK(xs_txn_start(f->d5, &tx));
    OK(xs_write_str(f->d5, tx, "t/a", "1"));
    OK(xs_write_str(f->d5, tx, "t/b", "1"));
    ERR(xs_write_str(f->d5, tx, "t/c", "1"), ENOSPC);
    OK(xs_txn_end(f->d5, tx, true));
    h_expect_read(f->d5, 0, "t/b", "1");
}

static void test_node_size(void **state)
{
    struct fixture *f = *state;
    char big[80];

    memset(big, 'v', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    /* One permission entry (8 bytes) plus the value must fit in 64 bytes. */
    big[56] = '\0';
    OK(xs_write_str(f->d5, 0, "v", big));
    big[56] = 'v';
    big[57] = '\0';
    ERR(xs_write_str(f->d5, 0, "v", big), ENOSPC);
    big[56] = '\0';
    h_expect_read(f->d5, 0, "v", big);
    big[56] = 'v';
    OK(xs_write_str(f->d0, 0, "/local/domain/5/v", big));
}

static void test_path_max(void **state)
{
    struct fixture *f = *state;
    char *v;

    OK(xs_write_str(f->d5, 0, "a/345678901234567890", "1"));
    ERR(xs_write_str(f->d5, 0, "a/3456789012345678901", "1"), EINVAL);
    ERR(xs_read(f->d5, 0, "/local/domain/5/a/3456789012345678901", &v, NULL), EINVAL);
    OK(xs_write_str(f->d0, 0, "/local/domain/5/a/3456789012345678901", "1"));
}

static void test_watches(void **state)
{
    struct fixture *f = *state;

    OK(xs_watch(f->d5, "w1", "t"));
    OK(xs_watch(f->d5, "w2", "t"));
    OK(xs_watch(f->d5, "w3", "t"));
    ERR(xs_watch(f->d5, "w4", "t"), ENOSPC);
    OK(xs_unwatch(f->d5, "w1", "t"));
    OK(xs_watch(f->d5, "w4", "t"));
    OK(xs_watch(f->d6, "w1", "t"));
    OK(xs_watch(f->d0, "/a", "1"));
    OK(xs_watch(f->d0, "/a", "2"));
    OK(xs_watch(f->d0, "/a", "3"));
    OK(xs_watch(f->d0, "/a", "4"));
}

static void test_transactions(void **state)
{
    struct fixture *f = *state;
    uint32_t t1, t2, t3;

    OK(xs_txn_start(f->d5, &t1));
    OK(xs_txn_start(f->d5, &t2));
    ERR(xs_txn_start(f->d5, &t3), ENOSPC);
    OK(xs_txn_start(f->d6, &t3));
    OK(xs_txn_end(f->d5, t1, false));
    OK(xs_txn_start(f->d5, &t1));
}

static void test_permissions(void **state)
{
    struct fixture *f = *state;

    OK(xs_write_str(f->d5, 0, "p", "1"));
    OK(xs_set_perms(f->d5, 0, "p", "n5 r6"));
    ERR(xs_set_perms(f->d5, 0, "p", "n5 r6 r1"), ENOSPC);
    OK(xs_set_perms(f->d0, 0, "/local/domain/5/p", "n5 r6 r1 r2"));
}

static void test_transaction_nodes(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;
    char *v;

    OK(xs_write_str(f->d5, 0, "a", "1"));
    OK(xs_write_str(f->d5, 0, "b", "1"));
    OK(xs_write_str(f->d5, 0, "c", "1"));
    OK(xs_txn_start(f->d5, &tx));
    h_expect_read(f->d5, tx, "a", "1");
    h_expect_read(f->d5, tx, "b", "1");
    h_expect_read(f->d5, tx, "c", "1");
    ERR(xs_read(f->d5, tx, "/local/domain/5", &v, NULL), ENOSPC);
    OK(xs_txn_end(f->d5, tx, true));

    /* A removal that cannot record its whole subtree changes nothing at all. */
    OK(xs_write_str(f->d5, 0, "sub/a/b", "1"));
    OK(xs_txn_start(f->d5, &tx));
    ERR(xs_rm(f->d5, tx, "sub"), ENOSPC);
    OK(xs_txn_end(f->d5, tx, true));
    h_expect_read(f->d5, 0, "sub/a/b", "1");
    h_check_store(f->d0);
}

static void test_memory(void **state)
{
    struct fixture *f = *state;
    char token[401];
    int i, rc = 0;

    memset(token, 't', sizeof(token) - 1);
    token[sizeof(token) - 1] = '\0';
    for (i = 0; i < 20 && !rc; i++) {
        token[0] = (char)('a' + i);
        rc = xs_watch(f->d5, "m", token);
        if (!rc) {
            char *p, *t;

            /* A watch that is accepted always gets its initial event. */
            OK(xs_read_watch(f->d5, &p, &t));
            free(p);
        }
    }
    /* About 450 bytes per watch against 2000: a few fit, then ENOMEM. */
    ERR(rc, ENOMEM);
    assert_in_range(i, 2, 5);
    OK(xs_write_str(f->d5, 0, "still", "works"));
    /* Another domain's memory is its own. */
    for (i = 0; i < 3; i++) {
        char *p, *t;

        token[0] = (char)('a' + i);
        OK(xs_watch(f->d6, "m", token));
        OK(xs_read_watch(f->d6, &p, &t));
        free(p);
    }
}

static void test_outstanding(void **state)
{
    struct fixture *f = *state;
    struct xs_msg *m;
    uint32_t i;

    OK(xs_write_str(f->d5, 0, "o", "value"));
    /* Fifty requests at once; with two outstanding allowed the daemon paces us. */
    for (i = 1; i <= 50; i++) {
        OK(xs_send(f->d5, XS_READ, 1000 + i, 0, LIT("o")));
    }
    for (i = 1; i <= 50; i++) {
        OK(xs_recv(f->d5, &m));
        assert_int_equal(m->hdr.type, XS_READ);
        assert_int_equal(m->hdr.req_id, 1000 + i);
        assert_string_equal(m->body, "value");
        xs_msg_free(m);
    }
    OK(xs_write_str(f->d6, 0, "o", "fine"));
}

static void test_get_set_quota(void **state)
{
    struct fixture *f = *state;
    struct xs_msg *m;

    OK(xs_request(f->d0, XS_GET_QUOTA, 0, NULL, 0, &m));
    assert_non_null(strstr(m->body, "nodes"));
    assert_non_null(strstr(m->body, "transaction-nodes"));
    xs_msg_free(m);
    OK(xs_request(f->d0, XS_GET_QUOTA, 0, LIT("watches"), &m));
    assert_string_equal(m->body, "128");
    xs_msg_free(m);
    ERR(xs_request(f->d0, XS_GET_QUOTA, 0, LIT("bogus"), NULL), EINVAL);
    ERR(xs_request(f->d5, XS_GET_QUOTA, 0, LIT("nodes"), NULL), EACCES);
    ERR(xs_request(f->d0, XS_GET_QUOTA, 0, LIT("77\0nodes"), NULL), ENOENT);
    /* Per domain: domain 5 may own only two nodes from now on. */
    OK(xs_request(f->d0, XS_SET_QUOTA, 0,
                  LIT("5\0nodes\0"
                      "2"),
                  NULL));
    OK(xs_request(f->d0, XS_GET_QUOTA, 0, LIT("5\0nodes"), &m));
    assert_string_equal(m->body, "2");
    xs_msg_free(m);
    OK(xs_write_str(f->d5, 0, "one", "1"));
    ERR(xs_write_str(f->d5, 0, "two", "1"), ENOSPC);
    OK(xs_write_str(f->d6, 0, "two", "1"));
    ERR(xs_request(f->d0, XS_SET_QUOTA, 0, LIT("nodes\0-1"), NULL), EINVAL);
    ERR(xs_request(f->d5, XS_SET_QUOTA, 0,
                   LIT("nodes\0"
                       "9"),
                   NULL),
        EACCES);
    OK(xs_request(f->d0, XS_SET_QUOTA, 0,
                  LIT("nodes\0"
                      "9"),
                  NULL));
    OK(xs_request(f->d0, XS_GET_QUOTA, 0, LIT("nodes"), &m));
    assert_string_equal(m->body, "9");
    xs_msg_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate_setup_teardown(test_nodes, setup, teardown, "nodes=5"),
        cmocka_unit_test_prestate_setup_teardown(test_nodes_in_transaction, setup, teardown,
                                                 "nodes=4"),
        cmocka_unit_test_prestate_setup_teardown(test_node_size, setup, teardown, "node-size=64"),
        cmocka_unit_test_prestate_setup_teardown(test_path_max, setup, teardown, "path-max=20"),
        cmocka_unit_test_prestate_setup_teardown(test_watches, setup, teardown, "watches=3"),
        cmocka_unit_test_prestate_setup_teardown(test_transactions, setup, teardown,
                                                 "transactions=2"),
        cmocka_unit_test_prestate_setup_teardown(test_permissions, setup, teardown,
                                                 "node-permissions=2"),
        cmocka_unit_test_prestate_setup_teardown(test_transaction_nodes, setup, teardown,
                                                 "transaction-nodes=3"),
        cmocka_unit_test_prestate_setup_teardown(test_memory, setup, teardown, "memory=2000"),
        cmocka_unit_test_prestate_setup_teardown(test_outstanding, setup, teardown,
                                                 "outstanding=2"),
        cmocka_unit_test_prestate_setup_teardown(test_get_set_quota, setup, teardown, NULL),
    };

    h_alarm();
    return cmocka_run_group_tests_name("xenstored-quota", tests, NULL, NULL);
}
