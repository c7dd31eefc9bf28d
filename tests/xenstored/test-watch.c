/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watches through the daemon: the initial event, events for the node and its descendants
 * (and only those), one event per change in order, removal of subtrees, relative watches,
 * depth limits, tokens, unwatch, permission filtering and the special @introduceDomain and
 * @releaseDomain watches. Absence of events is checked with a sentinel write: events are
 * delivered in order, so anything unexpected would arrive before the sentinel's event.
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
    struct xs_client *w; /* The watcher. */
    struct xs_client *c; /* Makes the changes. */
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    f->h = h_start(NULL, NULL);
    f->w = h_client(f->h, 0);
    f->c = h_client(f->h, 0);
    h_sentinel_watch(f->c, f->w, "w");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    h_check_store(f->c);
    xs_close(f->w);
    xs_close(f->c);
    h_stop(f->h);
    free(f);
    return 0;
}

static void test_initial_and_change_events(void **state)
{
    struct fixture *f = *state;

    OK(xs_watch(f->w, "/a", "tok"));
    h_expect_event(f->w, "/a", "tok"); /* Fires at once, even for a missing node. */
    OK(xs_write_str(f->c, 0, "/a", "1"));
    h_expect_event(f->w, "/a", "tok");
    OK(xs_write_str(f->c, 0, "/a/b/c", "2"));
    h_expect_event(f->w, "/a/b/c", "tok");
    OK(xs_write_str(f->c, 0, "/ab", "not below /a"));
    OK(xs_write_str(f->c, 0, "/other", "x"));
    h_sentinel(f->c, f->w, "w");
}

static void test_events_in_order(void **state)
{
    struct fixture *f = *state;
    char path[32];
    int i;

    OK(xs_watch(f->w, "/seq", "t"));
    h_expect_event(f->w, "/seq", "t");
    for (i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "/seq/%d", i);
        OK(xs_write_str(f->c, 0, path, "v"));
    }
    for (i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "/seq/%d", i);
        h_expect_event(f->w, path, "t");
    }
    h_sentinel(f->c, f->w, "w");
}

static void test_rm_subtree_events(void **state)
{
    struct fixture *f = *state;

    OK(xs_write_str(f->c, 0, "/r/x/y", "1"));
    OK(xs_watch(f->w, "/r/x/y", "deep"));
    h_expect_event(f->w, "/r/x/y", "deep");
    OK(xs_watch(f->w, "/r", "top"));
    h_expect_event(f->w, "/r", "top");
    OK(xs_watch(f->w, "/r/never", "none"));
    h_expect_event(f->w, "/r/never", "none");
    OK(xs_rm(f->c, 0, "/r/x"));
    /*
     * Deepest first. A watch on a removed descendant reports that node; watches above the
     * removed node hear of the removal once, with its path.
     */
    h_expect_event(f->w, "/r/x/y", "deep");
    h_expect_event(f->w, "/r/x", "top");
    /* Removing what is not there changes nothing and fires nothing. */
    OK(xs_rm(f->c, 0, "/r/x"));
    h_sentinel(f->c, f->w, "w");
}

static void test_mkdir_and_perms_events(void **state)
{
    struct fixture *f = *state;

    OK(xs_watch(f->w, "/m", "t"));
    h_expect_event(f->w, "/m", "t");
    OK(xs_mkdir(f->c, 0, "/m"));
    h_expect_event(f->w, "/m", "t");
    OK(xs_mkdir(f->c, 0, "/m")); /* Exists already: no change, no event. */
    OK(xs_set_perms(f->c, 0, "/m", "n0 r5"));
    h_expect_event(f->w, "/m", "t");
    h_sentinel(f->c, f->w, "w");
}

static void test_tokens_depth_and_unwatch(void **state)
{
    struct fixture *f = *state;
    struct xs_msg *m;

    OK(xs_watch(f->w, "/d", "one"));
    h_expect_event(f->w, "/d", "one");
    OK(xs_watch(f->w, "/d", "two"));
    h_expect_event(f->w, "/d", "two");
    ERR(xs_watch(f->w, "/d", "two"), EEXIST);
    OK(xs_request(f->w, XS_WATCH, 0,
                  LIT("/d\0depth1\0"
                      "1"),
                  &m));
    xs_msg_free(m);
    h_expect_event(f->w, "/d", "depth1");
    OK(xs_write_str(f->c, 0, "/d/x", "1"));
    h_expect_event(f->w, "/d/x", "one");
    h_expect_event(f->w, "/d/x", "two");
    h_expect_event(f->w, "/d/x", "depth1");
    OK(xs_write_str(f->c, 0, "/d/x/y", "1")); /* Too deep for depth1. */
    h_expect_event(f->w, "/d/x/y", "one");
    h_expect_event(f->w, "/d/x/y", "two");
    OK(xs_unwatch(f->w, "/d", "one"));
    ERR(xs_unwatch(f->w, "/d", "one"), ENOENT);
    ERR(xs_unwatch(f->w, "/d/", "two"), EINVAL);
    OK(xs_write_str(f->c, 0, "/d", "2"));
    h_expect_event(f->w, "/d", "two");
    h_expect_event(f->w, "/d", "depth1");
    h_sentinel(f->c, f->w, "w");
}

static void test_watch_root_sees_all(void **state)
{
    struct fixture *f = *state;

    OK(xs_watch(f->w, "/", "all"));
    h_expect_event(f->w, "/", "all");
    OK(xs_write_str(f->c, 0, "/x/y", "1"));
    h_expect_event(f->w, "/x/y", "all");
}

static void test_relative_watch(void **state)
{
    struct fixture *f = *state;
    struct xs_client *d5 = h_client(f->h, 5);

    OK(xs_mkdir(f->c, 0, "/local/domain/5"));
    OK(xs_set_perms(f->c, 0, "/local/domain/5", "n5"));
    OK(xs_watch(d5, "data", "rel"));
    h_expect_event(d5, "data", "rel");
    OK(xs_write_str(f->c, 0, "/local/domain/5/data/k", "v"));
    h_expect_event(d5, "data/k", "rel");
    OK(xs_write_str(d5, 0, "data/k2", "v"));
    h_expect_event(d5, "data/k2", "rel");
    xs_close(d5);
}

static void test_permission_filtering(void **state)
{
    struct fixture *f = *state;
    struct xs_client *d5 = h_client(f->h, 5);

    OK(xs_write_str(f->c, 0, "/secret/k", "v"));
    OK(xs_write_str(f->c, 0, "/open/k", "v"));
    OK(xs_set_perms(f->c, 0, "/open", "n0 r5"));
    OK(xs_set_perms(f->c, 0, "/open/k", "n0 r5"));
    h_sentinel_watch(f->c, d5, "d5");
    OK(xs_watch(d5, "/secret", "s"));
    h_expect_event(d5, "/secret", "s");
    OK(xs_watch(d5, "/open", "o"));
    h_expect_event(d5, "/open", "o");
    OK(xs_write_str(f->c, 0, "/secret/k", "changed"));
    OK(xs_write_str(f->c, 0, "/open/k", "changed"));
    h_expect_event(d5, "/open/k", "o");
    h_sentinel(f->c, d5, "d5");
    /* Losing access is still reported: the old permissions let the watcher read. */
    OK(xs_set_perms(f->c, 0, "/open/k", "n0"));
    h_expect_event(d5, "/open/k", "o");
    xs_close(d5);
}

static void test_special_watches(void **state)
{
    struct fixture *f = *state;
    struct xs_client *d5 = h_client(f->h, 5);
    struct xs_msg *m;

    OK(xs_watch(f->w, "@introduceDomain", "intro"));
    h_expect_event(f->w, "@introduceDomain", "intro");
    OK(xs_watch(f->w, "@releaseDomain", "rel"));
    h_expect_event(f->w, "@releaseDomain", "rel");
    OK(xs_request(f->w, XS_WATCH, 0,
                  LIT("@releaseDomain\0dom\0"
                      "1"),
                  &m));
    xs_msg_free(m);
    h_expect_event(f->w, "@releaseDomain", "dom");
    h_sentinel_watch(f->c, d5, "d5");
    OK(xs_watch(d5, "@introduceDomain", "intro5"));
    h_expect_event(d5, "@introduceDomain", "intro5");
    OK(xs_watch(d5, "@releaseDomain", "rel5"));
    h_expect_event(d5, "@releaseDomain", "rel5");

    OK(xs_request(f->c, XS_INTRODUCE, 0,
                  LIT("7\0"
                      "4096\0"
                      "3"),
                  NULL));
    h_expect_event(f->w, "@introduceDomain", "intro");
    OK(xs_request(f->c, XS_RELEASE, 0, LIT("7"), NULL));
    h_expect_event(f->w, "@releaseDomain", "rel");
    h_expect_event(f->w, "@releaseDomain/7", "dom");
    /* Any domain may learn of releases, only the control domain of introductions. */
    h_expect_event(d5, "@releaseDomain", "rel5");
    h_sentinel(f->c, d5, "d5");
    h_sentinel(f->c, f->w, "w");
    xs_close(d5);
}

static void test_closed_watcher_is_forgotten(void **state)
{
    struct fixture *f = *state;
    struct xs_client *tmp = h_client(f->h, 0);

    OK(xs_watch(tmp, "/gone", "t"));
    xs_close(tmp);
    /* Changes after the watcher left must not trouble the daemon. */
    OK(xs_write_str(f->c, 0, "/gone/x", "1"));
    OK(xs_write_str(f->c, 0, "/gone/y", "1"));
    h_sentinel(f->c, f->w, "w");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_initial_and_change_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rm_subtree_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mkdir_and_perms_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_depth_and_unwatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watch_root_sees_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relative_watch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_permission_filtering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_watches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_watcher_is_forgotten, setup, teardown),
    };

    h_alarm();
    return cmocka_run_group_tests_name("xenstored-watch", tests, NULL, NULL);
}
