/* SPDX-License-Identifier: GPL-2.0-only */
/* The committed store. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/io/xs_wire.h>

#include "tree.h"

struct owner {
    uint32_t domid; /* Key of the owners table. */
    unsigned int count;
};

static int owner_add(struct tree *t, unsigned int domid, int delta)
{
    uint32_t key = domid;
    struct owner *o = hash_get(&t->owners, &key, sizeof(key));

    if (!o) {
        if (delta < 0) {
            return 0;
        }
        o = calloc(1, sizeof(*o));
        if (!o) {
            return ENOMEM;
        }
        o->domid = domid;
        if (hash_put(&t->owners, &o->domid, sizeof(o->domid), o, NULL)) {
            free(o);
            return ENOMEM;
        }
    }
    o->count = (unsigned int)((int)o->count + delta);
    if (o->count == 0) {
        hash_del(&t->owners, &o->domid, sizeof(o->domid));
        free(o);
    }
    return 0;
}

static int tree_add_initial(struct tree *t, const char *path, const struct perm *perms,
                            unsigned int nperms, const char *children)
{
    struct node *n = node_new(path, perms, nperms, NULL, 0, children,
                              children ? (unsigned int)strlen(children) + 1 : 0);
    int rc;

    if (!n) {
        return ENOMEM;
    }
    rc = tree_set(t, n);
    node_unref(n);
    return rc;
}

int tree_init(struct tree *t, unsigned int priv_domid)
{
    const struct perm priv_only[] = {{priv_domid, PERM_NONE}};
    const struct perm release[] = {{priv_domid, PERM_NONE}, {PERM_DOMID_ANY, PERM_READ}};
    int rc;

    t->generation = 0;
    rc = hash_init(&t->nodes);
    if (rc) {
        return rc;
    }
    rc = hash_init(&t->owners);
    if (rc) {
        hash_fini(&t->nodes);
        return rc;
    }
    if (tree_add_initial(t, "/", priv_only, 1, "tool") ||
        tree_add_initial(t, "/tool", priv_only, 1, "xenstored") ||
        tree_add_initial(t, "/tool/xenstored", priv_only, 1, NULL) ||
        tree_add_initial(t, "@introduceDomain", priv_only, 1, NULL) ||
        tree_add_initial(t, "@releaseDomain", release, 2, NULL)) {
        tree_fini(t);
        return ENOMEM;
    }
    return 0;
}

static int free_node_cb(void *val, void *arg)
{
    (void)arg;
    node_unref(val);
    return 0;
}

static int free_owner_cb(void *val, void *arg)
{
    (void)arg;
    free(val);
    return 0;
}

void tree_fini(struct tree *t)
{
    if (t->nodes.buckets) {
        hash_each(&t->nodes, free_node_cb, NULL);
        hash_fini(&t->nodes);
    }
    if (t->owners.buckets) {
        hash_each(&t->owners, free_owner_cb, NULL);
        hash_fini(&t->owners);
    }
}

struct node *tree_get(const struct tree *t, const char *path)
{
    return hash_get_str(&t->nodes, path);
}

int tree_set(struct tree *t, struct node *n)
{
    struct node *old = tree_get(t, n->path);
    void *replaced = NULL;
    int rc;

    /* Count the new owner first: it is the only step that can fail besides the insert. */
    rc = owner_add(t, node_owner(n), 1);
    if (rc) {
        return rc;
    }
    rc = hash_put_str(&t->nodes, n->path, node_ref(n), &replaced);
    if (rc) {
        node_unref(n);
        owner_add(t, node_owner(n), -1);
        return rc;
    }
    n->generation = ++t->generation;
    if (old) {
        owner_add(t, node_owner(old), -1);
        node_unref(replaced);
    }
    return 0;
}

void tree_remove(struct tree *t, const char *path)
{
    struct node *n = hash_del_str(&t->nodes, path);

    if (n) {
        owner_add(t, node_owner(n), -1);
        node_unref(n);
    }
}

uint64_t tree_next_generation(struct tree *t)
{
    return ++t->generation;
}

unsigned int tree_owned(const struct tree *t, unsigned int domid)
{
    uint32_t key = domid;
    const struct owner *o = hash_get(&t->owners, &key, sizeof(key));

    return o ? o->count : 0;
}

size_t tree_size(const struct tree *t)
{
    return t->nodes.count;
}

struct check_state {
    const struct tree *t;
    struct hash counts; /* domid -> recounted owner total */
    char *msg;
    size_t size;
    char path[XENSTORE_ABS_PATH_MAX + 1];
};

static int check_fail(struct check_state *cs, const char *what, const char *path)
{
    if (cs->msg) {
        snprintf(cs->msg, cs->size, "%s: %s", what, path);
    }
    return EIO;
}

/* Check one node against its parent and its children; counts its owner. */
static int check_node_cb(void *val, void *arg)
{
    struct check_state *cs = arg;
    const struct node *n = val;
    const struct node *parent;
    unsigned int off;
    uint32_t key = node_owner(n);
    uintptr_t count = (uintptr_t)hash_get(&cs->counts, &key, sizeof(key));

    if (hash_put(&cs->counts, &n->perms[0].domid, sizeof(key), (void *)(count + 1), NULL)) {
        return check_fail(cs, "out of memory checking", n->path);
    }
    if (n->path[0] == '@' || strcmp(n->path, "/") == 0) {
        return 0;
    }
    if (node_parent(n->path, cs->path, sizeof(cs->path))) {
        return check_fail(cs, "bad path", n->path);
    }
    parent = tree_get(cs->t, cs->path);
    if (!parent || !node_has_child(parent, node_basename(n->path))) {
        return check_fail(cs, "node not listed by its parent", n->path);
    }
    for (off = 0; off < n->childlen; off += (unsigned int)strlen(n->children + off) + 1) {
        if (node_child_path(n->path, n->children + off, cs->path, sizeof(cs->path)) ||
            !tree_get(cs->t, cs->path)) {
            return check_fail(cs, "listed child missing under", n->path);
        }
    }
    return 0;
}

static int check_owner_cb(void *val, void *arg)
{
    struct check_state *cs = arg;
    const struct owner *o = val;
    uintptr_t count = (uintptr_t)hash_get(&cs->counts, &o->domid, sizeof(o->domid));

    if (count != o->count) {
        char dom[16];

        snprintf(dom, sizeof(dom), "%u", o->domid);
        return check_fail(cs, "owner count wrong for domain", dom);
    }
    return 0;
}

int tree_check(const struct tree *t, char *msg, size_t size)
{
    struct check_state *cs = calloc(1, sizeof(*cs));
    int rc;

    if (!cs) {
        return ENOMEM;
    }
    cs->t = t;
    cs->msg = msg;
    cs->size = size;
    rc = hash_init(&cs->counts);
    if (rc) {
        goto out;
    }
    if (!tree_get(t, "/")) {
        rc = check_fail(cs, "missing", "/");
        goto out;
    }
    rc = hash_each(&t->nodes, check_node_cb, cs);
    if (!rc && cs->counts.count != t->owners.count) {
        rc = check_fail(cs, "owner table size wrong", "");
    }
    if (!rc) {
        rc = hash_each(&t->owners, check_owner_cb, cs);
    }
out:
    hash_fini(&cs->counts);
    free(cs);
    return rc;
}
