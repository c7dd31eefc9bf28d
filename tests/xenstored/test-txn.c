/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transactions through the daemon: isolation (changes invisible outside until commit),
 * commit and abort, conflict detection between a transaction and plain writes and between
 * concurrent transactions (EAGAIN, then a successful retry), independent transactions that
 * both commit, watch events only at commit, and the error cases of the transaction ids.
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
    struct xs_client *a, *b;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    f->h = h_start(NULL, NULL);
    f->a = h_client(f->h, 0);
    f->b = h_client(f->h, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    /* The store must still be consistent whatever the test did. */
    h_check_store(f->a);
    xs_close(f->a);
    xs_close(f->b);
    h_stop(f->h);
    free(f);
    return 0;
}

static void test_isolation_and_commit(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;
    char *v;

    OK(xs_write_str(f->a, 0, "/t/x", "old"));
    OK(xs_txn_start(f->a, &tx));
    assert_int_not_equal(tx, 0);
    OK(xs_write_str(f->a, tx, "/t/x", "new"));
    OK(xs_write_str(f->a, tx, "/t/y/z", "created"));
    h_expect_read(f->a, tx, "/t/x", "new");
    h_expect_read(f->a, tx, "/t/y/z", "created");
    /* Outside, nothing happened yet. */
    h_expect_read(f->a, 0, "/t/x", "old");
    h_expect_read(f->b, 0, "/t/x", "old");
    ERR(xs_read(f->b, 0, "/t/y/z", &v, NULL), ENOENT);
    OK(xs_txn_end(f->a, tx, true));
    h_expect_read(f->b, 0, "/t/x", "new");
    h_expect_read(f->b, 0, "/t/y/z", "created");
    /* The id is gone after the end. */
    ERR(xs_read(f->a, tx, "/t/x", &v, NULL), ENOENT);
}

static void test_abort_discards(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;
    char *v;

    OK(xs_write_str(f->a, 0, "/t/keep", "1"));
    OK(xs_txn_start(f->a, &tx));
    OK(xs_write_str(f->a, tx, "/t/gone", "1"));
    OK(xs_rm(f->a, tx, "/t/keep"));
    ERR(xs_read(f->a, tx, "/t/keep", &v, NULL), ENOENT);
    OK(xs_txn_end(f->a, tx, false));
    h_expect_read(f->a, 0, "/t/keep", "1");
    ERR(xs_read(f->a, 0, "/t/gone", &v, NULL), ENOENT);
}

static void test_conflict_with_plain_write(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;
    char *v;

    OK(xs_write_str(f->a, 0, "/t/c", "0"));
    OK(xs_txn_start(f->a, &tx));
    h_expect_read(f->a, tx, "/t/c", "0");
    OK(xs_write_str(f->a, tx, "/t/other", "from-tx"));
    OK(xs_write_str(f->b, 0, "/t/c", "changed"));
    ERR(xs_txn_end(f->a, tx, true), EAGAIN);
    /* Nothing of the failed transaction is visible. */
    h_expect_read(f->a, 0, "/t/c", "changed");
    ERR(xs_read(f->a, 0, "/t/other", &v, NULL), ENOENT);
}

/* Increment /t/counter in a transaction on c; returns the commit result. */
static int increment(struct xs_client *c, uint32_t tx)
{
    char *v, buf[16];
    int rc = xs_read(c, tx, "/t/counter", &v, NULL);

    if (rc) {
        return rc;
    }
    snprintf(buf, sizeof(buf), "%d", atoi(v) + 1);
    free(v);
    return xs_write_str(c, tx, "/t/counter", buf);
}

static void test_concurrent_transactions_conflict(void **state)
{
    struct fixture *f = *state;
    uint32_t ta, tb;

    OK(xs_write_str(f->a, 0, "/t/counter", "0"));
    OK(xs_txn_start(f->a, &ta));
    OK(xs_txn_start(f->b, &tb));
    OK(increment(f->a, ta));
    OK(increment(f->b, tb));
    OK(xs_txn_end(f->a, ta, true));
    ERR(xs_txn_end(f->b, tb, true), EAGAIN);
    h_expect_read(f->a, 0, "/t/counter", "1");
    /* The loser retries, as Linux does, and wins. */
    OK(xs_txn_start(f->b, &tb));
    OK(increment(f->b, tb));
    OK(xs_txn_end(f->b, tb, true));
    h_expect_read(f->a, 0, "/t/counter", "2");
}

static void test_missing_node_read_conflicts(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;
    char *v;

    /* Reading "absent" is a fact that a concurrent creation invalidates. */
    OK(xs_mkdir(f->a, 0, "/t"));
    OK(xs_txn_start(f->a, &tx));
    ERR(xs_read(f->a, tx, "/t/later", &v, NULL), ENOENT);
    OK(xs_write_str(f->b, 0, "/t/later", "x"));
    ERR(xs_txn_end(f->a, tx, true), EAGAIN);
}

static void test_independent_transactions(void **state)
{
    struct fixture *f = *state;
    uint32_t ta, tb;

    OK(xs_write_str(f->a, 0, "/t/p/a", "0"));
    OK(xs_write_str(f->a, 0, "/t/q/b", "0"));
    OK(xs_txn_start(f->a, &ta));
    OK(xs_txn_start(f->b, &tb));
    OK(xs_write_str(f->a, ta, "/t/p/a", "A"));
    OK(xs_write_str(f->b, tb, "/t/q/b", "B"));
    OK(xs_txn_end(f->b, tb, true));
    OK(xs_txn_end(f->a, ta, true));
    h_expect_read(f->a, 0, "/t/p/a", "A");
    h_expect_read(f->a, 0, "/t/q/b", "B");
}

static void test_directory_and_rm_inside(void **state)
{
    struct fixture *f = *state;
    char **names;
    unsigned int n;
    uint32_t tx;

    OK(xs_write_str(f->a, 0, "/t/d/one", "1"));
    OK(xs_write_str(f->a, 0, "/t/d/two", "2"));
    OK(xs_txn_start(f->a, &tx));
    OK(xs_rm(f->a, tx, "/t/d/one"));
    OK(xs_write_str(f->a, tx, "/t/d/three", "3"));
    OK(xs_directory(f->a, tx, "/t/d", &names, &n));
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "two");
    assert_string_equal(names[1], "three");
    free(names);
    OK(xs_directory(f->a, 0, "/t/d", &names, &n));
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "one");
    free(names);
    OK(xs_txn_end(f->a, tx, true));
    OK(xs_directory(f->b, 0, "/t/d", &names, &n));
    assert_int_equal(n, 2);
    assert_string_equal(names[1], "three");
    free(names);
}

static void test_watch_fires_at_commit_only(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;

    /* Created first, so the transaction does not depend on "/", which the sentinel changes. */
    OK(xs_mkdir(f->a, 0, "/t/w"));
    OK(xs_watch(f->b, "/t/w", "tok"));
    h_expect_event(f->b, "/t/w", "tok");
    h_sentinel_watch(f->a, f->b, "txn");
    OK(xs_txn_start(f->a, &tx));
    OK(xs_write_str(f->a, tx, "/t/w/x", "1"));
    /* Nothing before the commit. */
    h_sentinel(f->a, f->b, "txn");
    OK(xs_txn_end(f->a, tx, true));
    h_expect_event(f->b, "/t/w/x", "tok");
    /* An aborted transaction fires nothing. */
    OK(xs_txn_start(f->a, &tx));
    OK(xs_write_str(f->a, tx, "/t/w/y", "1"));
    OK(xs_txn_end(f->a, tx, false));
    h_sentinel(f->a, f->b, "txn");
}

static void test_id_errors(void **state)
{
    struct fixture *f = *state;
    struct xs_msg *m;
    uint32_t tx, tx2;

    ERR(xs_request(f->a, XS_TRANSACTION_END, 0, "T", 2, NULL), ENOENT);
    ERR(xs_request(f->a, XS_READ, 12345, "/", 2, NULL), ENOENT);
    OK(xs_txn_start(f->a, &tx));
    ERR(xs_request(f->a, XS_TRANSACTION_START, tx, "", 1, NULL), EBUSY);
    ERR(xs_request(f->a, XS_TRANSACTION_END, tx, "X", 2, NULL), EINVAL);
    ERR(xs_request(f->a, XS_TRANSACTION_END, tx, LIT("T\0F"), NULL), EINVAL);
    /* Ids belong to their connection. */
    ERR(xs_request(f->b, XS_READ, tx, "/", 2, NULL), ENOENT);
    OK(xs_txn_start(f->a, &tx2));
    assert_int_not_equal(tx, tx2);
    /* Watches ignore the transaction id, even a bogus one. */
    OK(xs_request(f->a, XS_WATCH, 999, LIT("/t\0k"), &m));
    xs_msg_free(m);
    /* RESET_WATCHES drops the connection's transactions too. */
    OK(xs_request(f->a, XS_RESET_WATCHES, 0, "", 1, NULL));
    ERR(xs_txn_end(f->a, tx, true), ENOENT);
    ERR(xs_txn_end(f->a, tx2, false), ENOENT);
}

static void test_many_commits(void **state)
{
    struct fixture *f = *state;
    uint32_t tx;
    int i;

    OK(xs_write_str(f->a, 0, "/t/counter", "0"));
    for (i = 0; i < 100; i++) {
        OK(xs_txn_start(f->a, &tx));
        OK(increment(f->a, tx));
        OK(xs_txn_end(f->a, tx, true));
    }
    h_expect_read(f->b, 0, "/t/counter", "100");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_isolation_and_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_discards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict_with_plain_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_transactions_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_node_read_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_independent_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory_and_rm_inside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watch_fires_at_commit_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_commits, setup, teardown),
    };

    h_alarm();
    return cmocka_run_group_tests_name("xenstored-txn", tests, NULL, NULL);
}
