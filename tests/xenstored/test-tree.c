/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The data model without a connection in sight: the hash table, immutable nodes and their
 * child lists, the committed tree with generations and owner counts, path validation, quota
 * parsing, and the store operations (write, mkdir, rm) applied directly to a daemon's tree.
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
#include "hash.h"
#include "node.h"
#include "path.h"
#include "quota.h"
#include "store.h"
#include "tree.h"
#include "xsd.h"

static void test_hash(void **state)
{
    static char keys[2000][16];
    struct hash h;
    void *old;
    int i;

    (void)state;
    OK(hash_init(&h));
    for (i = 0; i < 2000; i++) {
        snprintf(keys[i], sizeof(keys[i]), "k%d", i);
        OK(hash_put_str(&h, keys[i], (void *)(intptr_t)(i + 1), &old));
        assert_null(old);
    }
    assert_int_equal(h.count, 2000);
    for (i = 0; i < 2000; i++) {
        assert_int_equal((intptr_t)hash_get_str(&h, keys[i]), i + 1);
    }
    OK(hash_put_str(&h, keys[7], (void *)(intptr_t)99, &old));
    assert_int_equal((intptr_t)old, 8);
    assert_int_equal(h.count, 2000);
    assert_int_equal((intptr_t)hash_del_str(&h, keys[7]), 99);
    assert_null(hash_get_str(&h, keys[7]));
    assert_null(hash_del_str(&h, "absent"));
    assert_int_equal(h.count, 1999);
    hash_fini(&h);
}

static void test_node_children(void **state)
{
    const struct perm p[] = {{0, PERM_NONE}, {5, PERM_READ}};
    struct node *a, *b, *c, *d;

    (void)state;
    a = node_new("/a", p, 2, "val", 3, NULL, 0);
    assert_non_null(a);
    assert_int_equal(a->datalen, 3);
    assert_string_equal(a->data, "val");
    assert_int_equal(node_owner(a), 0);
    b = node_with_child(a, "x");
    c = node_with_child(b, "yy");
    assert_non_null(c);
    assert_int_equal(c->childlen, 5);
    assert_memory_equal(c->children, "x\0yy\0", 5);
    assert_true(node_has_child(c, "yy"));
    assert_false(node_has_child(c, "y"));
    d = node_without_child(c, "x");
    assert_non_null(d);
    assert_memory_equal(d->children, "yy\0", 3);
    assert_null(node_without_child(d, "x"));
    assert_int_equal(node_quota_size(c), 2 * sizeof(struct perm) + 3 + 5);
    node_unref(a);
    node_unref(b);
    node_unref(c);
    node_unref(node_ref(d));
    node_unref(d);
}

static void test_node_paths(void **state)
{
    char buf[PATH_BUF_SIZE];

    (void)state;
    OK(node_parent("/a/b/c", buf, sizeof(buf)));
    assert_string_equal(buf, "/a/b");
    OK(node_parent("/a", buf, sizeof(buf)));
    assert_string_equal(buf, "/");
    ERR(node_parent("/", buf, sizeof(buf)), EINVAL);
    ERR(node_parent("@introduceDomain", buf, sizeof(buf)), EINVAL);
    ERR(node_parent("/abc/def", buf, 3), ENAMETOOLONG);
    assert_string_equal(node_basename("/a/b/cde"), "cde");
    OK(node_child_path("/", "x", buf, sizeof(buf)));
    assert_string_equal(buf, "/x");
    OK(node_child_path("/a/b", "x", buf, sizeof(buf)));
    assert_string_equal(buf, "/a/b/x");
    ERR(node_child_path("/a/b", "x", buf, 6), ENAMETOOLONG);
}

static void test_tree_basics(void **state)
{
    const struct perm p5[] = {{5, PERM_NONE}};
    struct tree t;
    struct node *n;
    uint64_t g1, g2;
    char msg[128];

    (void)state;
    OK(tree_init(&t, 0));
    assert_non_null(tree_get(&t, "/"));
    assert_non_null(tree_get(&t, "/tool/xenstored"));
    assert_non_null(tree_get(&t, "@introduceDomain"));
    assert_non_null(tree_get(&t, "@releaseDomain"));
    assert_int_equal(tree_owned(&t, 0), 5);
    assert_int_equal(tree_size(&t), 5);
    OK(tree_check(&t, msg, sizeof(msg)));

    /* A node nobody lists is an inconsistency the check must find. */
    n = node_new("/orphan", p5, 1, NULL, 0, NULL, 0);
    OK(tree_set(&t, n));
    g1 = n->generation;
    assert_int_equal(tree_owned(&t, 5), 1);
    ERR(tree_check(&t, msg, sizeof(msg)), EIO);
    assert_non_null(strstr(msg, "/orphan"));
    node_unref(n);

    /* Replacing stamps a newer generation and moves the owner count. */
    n = node_new("/orphan", (const struct perm[]){{0, PERM_NONE}}, 1, "v", 1, NULL, 0);
    OK(tree_set(&t, n));
    g2 = n->generation;
    assert_true(g2 > g1);
    assert_int_equal(tree_owned(&t, 5), 0);
    assert_int_equal(tree_owned(&t, 0), 6);
    node_unref(n);
    tree_remove(&t, "/orphan");
    tree_remove(&t, "/never-there");
    assert_null(tree_get(&t, "/orphan"));
    OK(tree_check(&t, msg, sizeof(msg)));
    assert_true(tree_next_generation(&t) > g2);
    tree_fini(&t);
}

static void test_path_canonical(void **state)
{
    const struct ident dom0 = {0, true, -1}, dom5 = {5, false, -1};
    char out[PATH_BUF_SIZE], big[XENSTORE_ABS_PATH_MAX + 8];
    bool rel;

    (void)state;
    OK(path_canonical(&dom0, "/a/b-c_d@e/0", false, 0, out, &rel));
    assert_string_equal(out, "/a/b-c_d@e/0");
    assert_false(rel);
    OK(path_canonical(&dom0, "/", false, 0, out, NULL));
    assert_string_equal(out, "/");
    OK(path_canonical(&dom5, "device/vbd", false, 0, out, &rel));
    assert_string_equal(out, "/local/domain/5/device/vbd");
    assert_true(rel);
    OK(path_canonical(&dom0, "@releaseDomain", true, 0, out, NULL));
    ERR(path_canonical(&dom0, "@releaseDomain", false, 0, out, NULL), EINVAL);
    ERR(path_canonical(&dom0, "", false, 0, out, NULL), EINVAL);
    ERR(path_canonical(&dom0, "/a/", false, 0, out, NULL), EINVAL);
    ERR(path_canonical(&dom0, "/a//b", false, 0, out, NULL), EINVAL);
    ERR(path_canonical(&dom0, "//", false, 0, out, NULL), EINVAL);
    ERR(path_canonical(&dom0, "/a b", false, 0, out, NULL), EINVAL);
    ERR(path_canonical(&dom0, "/a.b", false, 0, out, NULL), EINVAL);
    ERR(path_canonical(&dom0, "/\xc3\xa9", false, 0, out, NULL), EINVAL);

    /* The quota counts below /local/domain/<n>/ and binds only unprivileged callers. */
    OK(path_canonical(&dom5, "0123456789", false, 10, out, NULL));
    ERR(path_canonical(&dom5, "0123456789a", false, 10, out, NULL), EINVAL);
    OK(path_canonical(&dom5, "/local/domain/7/0123456789", false, 10, out, NULL));
    ERR(path_canonical(&dom5, "/x/0123456789", false, 10, out, NULL), EINVAL);
    OK(path_canonical(&dom0, "/x/0123456789", false, 10, out, NULL));

    /* Nobody exceeds the absolute limit. */
    memset(big, 'a', sizeof(big));
    big[0] = '/';
    big[XENSTORE_ABS_PATH_MAX] = '\0';
    OK(path_canonical(&dom0, big, false, 0, out, NULL));
    big[XENSTORE_ABS_PATH_MAX] = 'a';
    big[XENSTORE_ABS_PATH_MAX + 1] = '\0';
    ERR(path_canonical(&dom0, big, false, 0, out, NULL), EINVAL);
}

static void test_path_is_below(void **state)
{
    (void)state;
    assert_true(path_is_below("/a", "/a", -1));
    assert_true(path_is_below("/a/b/c", "/a", -1));
    assert_false(path_is_below("/ab", "/a", -1));
    assert_false(path_is_below("/b", "/a", -1));
    assert_true(path_is_below("/x/y", "/", -1));
    assert_true(path_is_below("/a", "/a", 0));
    assert_false(path_is_below("/a/b", "/a", 0));
    assert_true(path_is_below("/a/b", "/a", 1));
    assert_false(path_is_below("/a/b/c", "/a", 1));
    assert_true(path_is_below("/x", "/", 1));
    assert_false(path_is_below("/x/y", "/", 1));
    assert_true(path_is_below("@releaseDomain/5", "@releaseDomain", 1));
    assert_false(path_is_below("@releaseDomain", "/", -1));
}

static void test_quota_parse(void **state)
{
    struct quota_set q;
    enum quota_id id;
    unsigned int v;

    (void)state;
    quota_defaults(&q);
    assert_int_equal(q.val[Q_NODES], 1000);
    assert_int_equal(q.val[Q_WATCHES], 128);
    assert_int_equal(q.val[Q_PATH_MAX], 2048);
    OK(quota_parse_option(&q, "nodes=7"));
    assert_int_equal(q.val[Q_NODES], 7);
    OK(quota_parse_option(&q, "node-size=0"));
    assert_false(quota_exceeds(&q, Q_NODE_SIZE, 1u << 30));
    assert_true(quota_exceeds(&q, Q_NODES, 8));
    assert_false(quota_exceeds(&q, Q_NODES, 7));
    ERR(quota_parse_option(&q, "nodes"), EINVAL);
    ERR(quota_parse_option(&q, "bogus=1"), EINVAL);
    ERR(quota_parse_option(&q, "nodes=-1"), EINVAL);
    ERR(quota_parse_option(&q, "nodes=1x"), EINVAL);
    ERR(quota_parse_option(&q, "nodes=99999999999"), EINVAL);
    ERR(quota_parse_value("", &v), EINVAL);
    assert_true(quota_lookup("transaction-nodes", &id));
    assert_int_equal(id, Q_TXN_NODES);
    assert_string_equal(quota_name(Q_PERMS), "node-permissions");
}

/* A daemon object without a loop thread: the store functions act on its tree directly. */
static int store_setup(void **state)
{
    struct quota_set q;
    struct xsd *x = calloc(1, sizeof(*x));

    quota_defaults(&q);
    if (!x || xsd_init(x, 0, &q)) {
        free(x);
        return -1;
    }
    *state = x;
    return 0;
}

static int store_teardown(void **state)
{
    char msg[128];
    struct xsd *x = *state;
    int rc = tree_check(&x->tree, msg, sizeof(msg));

    if (rc) {
        print_error("tree inconsistent: %s\n", msg);
    }
    xsd_fini(x);
    free(x);
    return rc ? -1 : 0;
}

static void test_store_write_creates_parents(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s;
    struct node *n;

    store_ctx_internal(&s, x);
    OK(store_write(&s, "/a/b/c", "hello", 5));
    OK(store_get(&s, "/a/b/c", PERM_READ, &n));
    assert_int_equal(n->datalen, 5);
    OK(store_get(&s, "/a/b", PERM_READ, &n));
    assert_int_equal(n->datalen, 0);
    assert_memory_equal(n->children, "c", 2);
    OK(store_get(&s, "/", PERM_READ, &n));
    assert_true(node_has_child(n, "a"));
    OK(store_write(&s, "/a/b/c", "", 0));
    OK(store_get(&s, "/a/b/c", PERM_READ, &n));
    assert_int_equal(n->datalen, 0);
    ERR(store_get(&s, "/a/x", PERM_READ, &n), ENOENT);
}

static void test_store_mkdir_keeps_values(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s;
    struct node *n;

    store_ctx_internal(&s, x);
    OK(store_write(&s, "/m", "keep", 4));
    OK(store_mkdir(&s, "/m"));
    OK(store_mkdir(&s, "/m/n/o"));
    OK(store_get(&s, "/m", PERM_READ, &n));
    assert_string_equal(n->data, "keep");
    OK(store_get(&s, "/m/n/o", PERM_READ, &n));
}

static void test_store_rm_recursive(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s;
    struct node *n;
    size_t before = tree_size(&x->tree);
    char path[32];
    int i;

    store_ctx_internal(&s, x);
    for (i = 0; i < 20; i++) {
        snprintf(path, sizeof(path), "/r/%d/%d", i % 4, i);
        OK(store_write(&s, path, "v", 1));
    }
    assert_int_equal(tree_size(&x->tree), before + 1 + 4 + 20);
    OK(store_rm(&s, "/r/1"));
    ERR(store_get(&s, "/r/1/5", PERM_READ, &n), ENOENT);
    OK(store_get(&s, "/r", PERM_READ, &n));
    assert_false(node_has_child(n, "1"));
    OK(store_rm(&s, "/r/1"));            /* Already gone, parent exists: fine. */
    ERR(store_rm(&s, "/r/1/5"), ENOENT); /* Parent gone too. */
    ERR(store_rm(&s, "/"), EINVAL);
    OK(store_rm(&s, "/r"));
    assert_int_equal(tree_size(&x->tree), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_node_children),
        cmocka_unit_test(test_node_paths),
        cmocka_unit_test(test_tree_basics),
        cmocka_unit_test(test_path_canonical),
        cmocka_unit_test(test_path_is_below),
        cmocka_unit_test(test_quota_parse),
        cmocka_unit_test_setup_teardown(test_store_write_creates_parents, store_setup,
                                        store_teardown),
        cmocka_unit_test_setup_teardown(test_store_mkdir_keeps_values, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(test_store_rm_recursive, store_setup, store_teardown),
    };

    h_alarm();
    return cmocka_run_group_tests_name("xenstored-tree", tests, NULL, NULL);
}
