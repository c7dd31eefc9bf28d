/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Permissions: how an entry list is evaluated for a domain (owner, default, explicit entries,
 * the privileged domain, targets, DOMID_ANY), parsing and formatting of the wire form, and the
 * store's rules on top: inheritance and ownership of new nodes, who may change permissions,
 * and errors that do not reveal what a domain may not see.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "perms.h"
#include "store.h"
#include "tree.h"
#include "xsd.h"

static void test_perms_for(void **state)
{
    const struct perm p[] = {{3, PERM_READ}, {5, PERM_WRITE}, {6, PERM_NONE}};
    const struct ident dom0 = {0, true, -1}, dom3 = {3, false, -1}, dom5 = {5, false, -1};
    const struct ident dom6 = {6, false, -1}, dom7 = {7, false, -1};
    const struct ident dom8_for_3 = {8, false, 3}, dom9_for_5 = {9, false, 5};
    const struct perm any[] = {{0, PERM_NONE}, {PERM_DOMID_ANY, PERM_READ}};

    (void)state;
    assert_int_equal(perms_for(&dom0, p, 3), PERM_READ | PERM_WRITE | PERM_OWNER);
    assert_int_equal(perms_for(&dom3, p, 3), PERM_READ | PERM_WRITE | PERM_OWNER);
    assert_int_equal(perms_for(&dom5, p, 3), PERM_WRITE);
    assert_int_equal(perms_for(&dom6, p, 3), PERM_NONE);
    assert_int_equal(perms_for(&dom7, p, 3), PERM_READ); /* The owner entry's default. */
    assert_int_equal(perms_for(&dom8_for_3, p, 3), PERM_READ | PERM_WRITE | PERM_OWNER);
    assert_int_equal(perms_for(&dom9_for_5, p, 3), PERM_WRITE);
    assert_int_equal(perms_for(&dom7, any, 2), PERM_READ);
}

static void test_perms_parse_format(void **state)
{
    static const char good[] = "n0\0r5\0w65535\0b7";
    struct perm p[4];
    char buf[64];
    size_t n;

    (void)state;
    OK(perms_parse(good, sizeof(good), 4, p));
    assert_int_equal(p[0].domid, 0);
    assert_int_equal(p[0].access, PERM_NONE);
    assert_int_equal(p[1].access, PERM_READ);
    assert_int_equal(p[2].domid, 65535);
    assert_int_equal(p[2].access, PERM_WRITE);
    assert_int_equal(p[3].access, PERM_READ | PERM_WRITE);
    n = perms_format(p, 4, buf, sizeof(buf));
    assert_int_equal(n, sizeof(good));
    assert_memory_equal(buf, good, n);
    assert_int_equal(perms_format(p, 4, buf, 3), sizeof(good));

    ERR(perms_parse("x0", 3, 1, p), EINVAL);
    ERR(perms_parse("r", 2, 1, p), EINVAL);
    ERR(perms_parse("r-1", 4, 1, p), EINVAL);
    ERR(perms_parse("r1a", 4, 1, p), EINVAL);
    ERR(perms_parse("r65536", 7, 1, p), EINVAL);
    ERR(perms_parse("r1", 2, 1, p), EINVAL);   /* No NUL within the payload. */
    ERR(perms_parse("r1\0", 3, 2, p), EINVAL); /* Fewer strings than announced. */
}

static int setup(void **state)
{
    struct quota_set q;
    struct xsd *x = calloc(1, sizeof(*x));
    struct store_ctx s;

    quota_defaults(&q);
    if (!x || xsd_init(x, 0, &q)) {
        free(x);
        return -1;
    }
    /* /priv is the control domain's alone; /shared lets domain 5 write. */
    store_ctx_internal(&s, x);
    if (store_write(&s, "/priv/data", "secret", 6) || store_mkdir(&s, "/shared") ||
        store_set_perms(&s, "/shared",
                        (const struct perm[]){{0, PERM_NONE}, {5, PERM_WRITE | PERM_READ}}, 2)) {
        return -1;
    }
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct xsd *x = *state;
    int rc = tree_check(&x->tree, NULL, 0);

    xsd_fini(x);
    free(x);
    return rc ? -1 : 0;
}

/* A store context acting as an unprivileged domain (with optional target). */
static void as_domain(struct store_ctx *s, struct xsd *x, unsigned int domid, int target)
{
    s->x = x;
    s->t = NULL;
    s->who.domid = domid;
    s->who.priv = false;
    s->who.target = target;
    s->q = &x->quota;
}

static void test_hidden_errors(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s;
    struct node *n;

    as_domain(&s, x, 5, -1);
    ERR(store_get(&s, "/priv/data", PERM_READ, &n), EACCES);
    /* Missing below an unreadable parent: EACCES, not ENOENT, so existence does not leak. */
    ERR(store_get(&s, "/priv/none", PERM_READ, &n), EACCES);
    ERR(store_get(&s, "/priv/none/deeper", PERM_READ, &n), EACCES);
    /* Below a readable parent the truth is told. */
    ERR(store_get(&s, "/shared/none", PERM_READ, &n), ENOENT);
    ERR(store_write(&s, "/priv/x", "v", 1), EACCES);
    ERR(store_rm(&s, "/priv/data"), EACCES);
    ERR(store_mkdir(&s, "/priv/y"), EACCES);
}

static void test_creation_inherits_and_owns(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s, priv;
    struct node *n;

    as_domain(&s, x, 5, -1);
    OK(store_write(&s, "/shared/mine/leaf", "v", 1));
    OK(store_get(&s, "/shared/mine/leaf", PERM_READ, &n));
    /* Inherits the parent's list, with the creator as owner. */
    assert_int_equal(n->nperms, 2);
    assert_int_equal(n->perms[0].domid, 5);
    assert_int_equal(n->perms[1].domid, 5);
    assert_int_equal(tree_owned(&x->tree, 5), 2);

    /* Nodes the control domain creates keep the parent's owner. */
    store_ctx_internal(&priv, x);
    OK(store_write(&priv, "/shared/theirs", "v", 1));
    OK(store_get(&priv, "/shared/theirs", PERM_READ, &n));
    assert_int_equal(n->perms[0].domid, 0);
}

static void test_set_perms_rules(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s5, s6;
    struct node *n;
    const struct perm keep_owner[] = {{5, PERM_NONE}, {6, PERM_READ}};
    const struct perm give_away[] = {{6, PERM_NONE}};

    as_domain(&s5, x, 5, -1);
    as_domain(&s6, x, 6, -1);
    OK(store_write(&s5, "/shared/own", "v", 1));
    ERR(store_get(&s6, "/shared/own", PERM_READ, &n), EACCES);
    OK(store_set_perms(&s5, "/shared/own", keep_owner, 2));
    OK(store_get(&s6, "/shared/own", PERM_READ, &n));
    ERR(store_get(&s6, "/shared/own", PERM_WRITE, &n), EACCES);
    /* Only the control domain changes owners; only owners change permissions. */
    ERR(store_set_perms(&s5, "/shared/own", give_away, 1), EPERM);
    ERR(store_set_perms(&s6, "/shared/own", keep_owner, 2), EACCES);
    ERR(store_set_perms(&s5, "/priv/data", keep_owner, 2), EACCES);
}

static void test_target_acts_for_domain(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s5, dm;
    struct node *n;

    as_domain(&s5, x, 5, -1);
    as_domain(&dm, x, 9, 5); /* A device model for domain 5. */
    OK(store_write(&s5, "/shared/dm", "v", 1));
    OK(store_set_perms(&s5, "/shared/dm", (const struct perm[]){{5, PERM_NONE}}, 1));
    OK(store_get(&dm, "/shared/dm", PERM_READ | PERM_WRITE, &n));
    OK(store_write(&dm, "/shared/dm", "w", 1));
    dm.who.target = -1;
    ERR(store_get(&dm, "/shared/dm", PERM_READ, &n), EACCES);
}

static void test_special_node_perms(void **state)
{
    struct xsd *x = *state;
    struct store_ctx s;
    struct node *n;

    as_domain(&s, x, 5, -1);
    /* Any domain may watch for releases; introductions are for the control domain. */
    OK(store_get(&s, "@releaseDomain", PERM_READ, &n));
    ERR(store_get(&s, "@introduceDomain", PERM_READ, &n), EACCES);
    ERR(store_set_perms(&s, "@introduceDomain", (const struct perm[]){{0, PERM_READ}}, 1), EACCES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perms_for),
        cmocka_unit_test(test_perms_parse_format),
        cmocka_unit_test_setup_teardown(test_hidden_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_creation_inherits_and_owns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_perms_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_target_acts_for_domain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_node_perms, setup, teardown),
    };

    h_alarm();
    return cmocka_run_group_tests_name("xenstored-perms", tests, NULL, NULL);
}
