/* SPDX-License-Identifier: GPL-2.0-only */
/* Store operations: permissions, parents, recursion, quotas and events. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "domain.h"
#include "path.h"
#include "store.h"
#include "tree.h"
#include "txn.h"
#include "watch.h"
#include "xsd.h"

void store_ctx_init(struct store_ctx *s, struct conn *c, struct txn *t)
{
    s->x = c->x;
    s->t = t;
    conn_ident(c, &s->who);
    s->q = s->who.priv ? NULL : &c->dom->quota;
}

void store_ctx_internal(struct store_ctx *s, struct xsd *x)
{
    s->x = x;
    s->t = NULL;
    s->who.domid = x->priv_domid;
    s->who.priv = true;
    s->who.target = -1;
    s->q = NULL;
}

static int view_get(struct store_ctx *s, const char *path, struct node **n)
{
    if (s->t) {
        return txn_get(s->t, path, n);
    }
    *n = tree_get(&s->x->tree, path);
    return 0;
}

/* Make n visible in the view; the caller keeps its own reference. */
static int view_put(struct store_ctx *s, struct node *n)
{
    if (s->t) {
        return txn_put(s->t, n);
    }
    return tree_set(&s->x->tree, n);
}

static int view_del(struct store_ctx *s, const char *path)
{
    if (s->t) {
        return txn_del(s->t, path);
    }
    tree_remove(&s->x->tree, path);
    return 0;
}

/* A change happened: fire now, or at commit for a transaction. */
static void view_event(struct store_ctx *s, const char *path, enum watch_match m,
                       const struct node *now, const struct perm *old, unsigned int nold)
{
    if (s->t) {
        txn_note_event(s->t, path, m);
        return;
    }
    watch_fire(s->x, path, m, now ? now->perms : NULL, now ? now->nperms : 0, old, nold);
}

static int store_size_ok(const struct store_ctx *s, const struct node *n)
{
    return s->q && quota_exceeds(s->q, Q_NODE_SIZE, node_quota_size(n)) ? ENOSPC : 0;
}

/* The parent to consult for path: special names hang off the root for this purpose. */
static int store_parent(const char *path, char *buf)
{
    if (path[0] == '@') {
        strcpy(buf, "/");
        return 0;
    }
    return node_parent(path, buf, PATH_BUF_SIZE);
}

/*
 * Error for a missing or forbidden node: err if the nearest existing ancestor grants any of
 * need, EACCES otherwise, so a client learns nothing about places it may not look.
 */
static int store_hide_error(struct store_ctx *s, const char *path, int err, unsigned int need)
{
    char buf[PATH_BUF_SIZE];
    struct node *n = NULL;
    int rc;

    if (s->who.priv) {
        return err;
    }
    strcpy(buf, path);
    while (strcmp(buf, "/") != 0) {
        if (store_parent(buf, buf)) {
            return EACCES;
        }
        rc = view_get(s, buf, &n);
        if (rc) {
            return rc;
        }
        if (n) {
            break;
        }
    }
    return n && (perms_for(&s->who, n->perms, n->nperms) & need) ? err : EACCES;
}

int store_get(struct store_ctx *s, const char *path, unsigned int need, struct node **n)
{
    struct node *node;
    int rc = view_get(s, path, &node);

    *n = NULL;
    if (rc) {
        return rc;
    }
    if (node && (perms_for(&s->who, node->perms, node->nperms) & need) == need) {
        *n = node;
        return 0;
    }
    return store_hide_error(s, path, node ? EACCES : ENOENT, need);
}

/* Missing nodes from path up to (excluding) the nearest existing ancestor. */
struct create_plan {
    char **paths;        /* paths[0] is the requested path, then its missing parents. */
    struct node **nodes; /* New nodes, same order. */
    unsigned int levels;
    struct node *parent; /* Updated existing ancestor (our reference). */
};

static void plan_free(struct create_plan *p)
{
    unsigned int i;

    for (i = 0; i < p->levels; i++) {
        free(p->paths[i]);
        if (p->nodes) {
            node_unref(p->nodes[i]);
        }
    }
    free(p->paths);
    free(p->nodes);
    node_unref(p->parent);
}

/* Walk up from path collecting missing levels; *anc gets the existing ancestor. */
static int plan_walk(struct store_ctx *s, const char *path, struct create_plan *p,
                     struct node **anc)
{
    char buf[PATH_BUF_SIZE];
    unsigned int cap = 0;
    int rc;

    strcpy(buf, path);
    for (;;) {
        if (p->levels == cap) {
            unsigned int ncap = cap ? cap * 2 : 8;
            char **np = realloc(p->paths, ncap * sizeof(*np));

            if (!np) {
                return ENOMEM;
            }
            p->paths = np;
            cap = ncap;
        }
        p->paths[p->levels] = strdup(buf);
        if (!p->paths[p->levels]) {
            return ENOMEM;
        }
        p->levels++;
        rc = node_parent(buf, buf, sizeof(buf));
        if (rc) {
            return rc;
        }
        rc = view_get(s, buf, anc);
        if (rc) {
            return rc;
        }
        if (*anc) {
            return 0;
        }
    }
}

/* Build the new nodes top-down: each inherits its parent's permissions. */
static int plan_build(struct store_ctx *s, struct create_plan *p, struct node *anc,
                      const void *data, unsigned int len)
{
    const struct node *above = anc;
    unsigned int i;
    int rc;

    p->nodes = calloc(p->levels, sizeof(*p->nodes));
    p->parent = node_with_child(anc, node_basename(p->paths[p->levels - 1]));
    if (!p->nodes || !p->parent) {
        return ENOMEM;
    }
    rc = store_size_ok(s, p->parent);
    for (i = p->levels; i-- > 0 && !rc;) {
        const char *child = i ? node_basename(p->paths[i - 1]) : NULL;
        struct node *n = node_new(p->paths[i], above->perms, above->nperms, i ? NULL : data,
                                  i ? 0 : len, child, child ? (unsigned int)strlen(child) + 1 : 0);

        if (!n) {
            return ENOMEM;
        }
        /* What an unprivileged domain creates, it owns. */
        if (!s->who.priv) {
            n->perms[0].domid = s->who.domid;
        }
        p->nodes[i] = n;
        above = n;
        rc = store_size_ok(s, n);
    }
    return rc;
}

/* Create path (and missing parents), the last one with the given value. */
static int store_create(struct store_ctx *s, const char *path, const void *data, unsigned int len)
{
    struct create_plan p = {0};
    struct node *anc = NULL;
    unsigned int i, owned;
    int rc;

    rc = plan_walk(s, path, &p, &anc);
    if (!rc) {
        rc = plan_build(s, &p, anc, data, len);
    }
    if (!rc && s->q) {
        owned = tree_owned(&s->x->tree, s->who.domid);
        if (s->t) {
            owned = (unsigned int)((int)owned + s->t->node_delta);
        }
        if (quota_exceeds(s->q, Q_NODES, (unsigned long)owned + p.levels)) {
            rc = ENOSPC;
        }
    }
    /* New nodes first, bottom-up; the parent's new child list makes them reachable last. */
    for (i = 0; !rc && i < p.levels; i++) {
        rc = view_put(s, p.nodes[i]);
        if (rc) {
            while (i-- > 0) {
                view_del(s, p.paths[i]);
            }
        }
    }
    if (!rc) {
        rc = view_put(s, p.parent);
        for (i = 0; rc && i < p.levels; i++) {
            view_del(s, p.paths[i]);
        }
    }
    if (!rc) {
        view_event(s, path, MATCH_SUBTREE, p.nodes[0], NULL, 0);
    }
    plan_free(&p);
    return rc;
}

int store_write(struct store_ctx *s, const char *path, const void *data, unsigned int len)
{
    struct node *n, *nn;
    int rc = store_get(s, path, PERM_WRITE, &n);

    if (rc == ENOENT) {
        return store_create(s, path, data, len);
    }
    if (rc) {
        return rc;
    }
    nn = node_with_data(n, data, len);
    if (!nn) {
        return ENOMEM;
    }
    rc = store_size_ok(s, nn);
    if (!rc) {
        rc = view_put(s, nn);
    }
    if (!rc) {
        view_event(s, path, MATCH_SUBTREE, nn, NULL, 0);
    }
    node_unref(nn);
    return rc;
}

int store_mkdir(struct store_ctx *s, const char *path)
{
    struct node *n;
    int rc = store_get(s, path, PERM_WRITE, &n);

    if (rc == ENOENT) {
        return store_create(s, path, NULL, 0);
    }
    return rc;
}

/* A growable array of pointers. */
struct ptrvec {
    void **v;
    size_t n, cap;
};

static int ptrvec_push(struct ptrvec *pv, void *item)
{
    if (pv->n == pv->cap) {
        size_t ncap = pv->cap ? pv->cap * 2 : 16;
        void **nv = realloc(pv->v, ncap * sizeof(*nv));

        if (!nv) {
            return ENOMEM;
        }
        pv->v = nv;
        pv->cap = ncap;
    }
    pv->v[pv->n++] = item;
    return 0;
}

/* Drop the node references held in pv and free it. */
static void ptrvec_unref_nodes(struct ptrvec *pv)
{
    size_t i;

    for (i = 0; i < pv->n; i++) {
        node_unref(pv->v[i]);
    }
    free(pv->v);
}

/* Collect root and all nodes below it, level by level (references taken). */
static int store_collect(struct store_ctx *s, struct node *root, struct ptrvec *pv)
{
    char buf[PATH_BUF_SIZE];
    size_t i;
    int rc = ptrvec_push(pv, node_ref(root));

    if (rc) {
        node_unref(root);
        return rc;
    }
    for (i = 0; !rc && i < pv->n; i++) {
        const struct node *cur = pv->v[i];
        unsigned int off;

        for (off = 0; off < cur->childlen && !rc;
             off += (unsigned int)strlen(cur->children + off) + 1) {
            struct node *child = NULL;

            rc = node_child_path(cur->path, cur->children + off, buf, sizeof(buf));
            if (!rc) {
                rc = view_get(s, buf, &child);
            }
            if (!rc && child) {
                rc = ptrvec_push(pv, node_ref(child));
                if (rc) {
                    node_unref(child);
                }
            }
        }
    }
    return rc;
}

int store_rm(struct store_ctx *s, const char *path)
{
    char parent_path[PATH_BUF_SIZE];
    struct node *n, *parent, *np = NULL;
    struct ptrvec all = {0};
    size_t i;
    int rc = store_get(s, path, PERM_WRITE, &n);

    if (rc == ENOENT) {
        if (node_parent(path, parent_path, sizeof(parent_path))) {
            return ENOENT;
        }
        rc = view_get(s, parent_path, &parent);
        return rc ? rc : parent ? 0 : ENOENT;
    }
    if (rc) {
        return rc;
    }
    if (node_parent(path, parent_path, sizeof(parent_path))) {
        return EINVAL; /* The root cannot go. */
    }
    rc = view_get(s, parent_path, &parent);
    if (!rc && parent) {
        np = node_without_child(parent, node_basename(path));
        if (!np) {
            rc = ENOMEM;
        }
    }
    if (!rc) {
        rc = store_collect(s, n, &all);
    }
    /*
     * Everything that can fail comes first: looking the subtree up (which, in a transaction,
     * records every node) and unlinking it from its parent. The removals after that cannot
     * fail, so the view is never left half-changed.
     */
    if (!rc && np) {
        rc = view_put(s, np);
    }
    /* Deepest first, as the events are expected in that order. */
    for (i = all.n; !rc && i-- > 0;) {
        const struct node *victim = all.v[i];

        view_del(s, victim->path);
        view_event(s, victim->path, i ? MATCH_EXACT : MATCH_SUBTREE, NULL, victim->perms,
                   victim->nperms);
    }
    ptrvec_unref_nodes(&all);
    node_unref(np);
    return rc;
}

int store_set_perms(struct store_ctx *s, const char *path, const struct perm *perms,
                    unsigned int nperms)
{
    struct node *n, *nn;
    int rc = store_get(s, path, PERM_WRITE | PERM_OWNER, &n);

    if (rc) {
        return rc;
    }
    if (!s->who.priv && perms[0].domid != node_owner(n)) {
        return EPERM;
    }
    nn = node_with_perms(n, perms, nperms);
    if (!nn) {
        return ENOMEM;
    }
    /* The old node must outlive its replacement: watchers that lose access still hear. */
    node_ref(n);
    rc = store_size_ok(s, nn);
    if (!rc) {
        rc = view_put(s, nn);
    }
    if (!rc) {
        view_event(s, path, MATCH_SUBTREE, nn, n->perms, n->nperms);
    }
    node_unref(n);
    node_unref(nn);
    return rc;
}

struct forget_state {
    unsigned int domid;
    struct ptrvec owned; /* Paths (strdup) of nodes the domain owns. */
    struct ptrvec named; /* Nodes with a later entry naming the domain (references). */
    int rc;
};

static int forget_scan_cb(void *val, void *arg)
{
    struct forget_state *fs = arg;
    struct node *n = val;
    unsigned int i;

    if (n->path[0] == '/' && n->path[1] && node_owner(n) == fs->domid) {
        char *p = strdup(n->path);

        if (!p || ptrvec_push(&fs->owned, p)) {
            free(p);
            return fs->rc = ENOMEM;
        }
        return 0;
    }
    for (i = 1; i < n->nperms; i++) {
        if (n->perms[i].domid == fs->domid) {
            if (ptrvec_push(&fs->named, node_ref(n))) {
                node_unref(n);
                return fs->rc = ENOMEM;
            }
            break;
        }
    }
    return 0;
}

/* Drop the later entries naming domid from n (kept at the same path). */
static void forget_strip(struct xsd *x, struct node *n, unsigned int domid)
{
    struct perm *p = malloc(n->nperms * sizeof(*p));
    unsigned int i, k = 0;
    struct node *nn;

    if (!p) {
        return;
    }
    for (i = 0; i < n->nperms; i++) {
        if (i == 0 || n->perms[i].domid != domid) {
            p[k++] = n->perms[i];
        }
    }
    nn = node_with_perms(n, p, k);
    if (nn) {
        tree_set(&x->tree, nn);
        node_unref(nn);
    }
    free(p);
}

int store_forget_domain(struct xsd *x, unsigned int domid)
{
    struct forget_state fs = {.domid = domid};
    struct store_ctx s;
    size_t i;

    hash_each(&x->tree.nodes, forget_scan_cb, &fs);
    store_ctx_internal(&s, x);
    for (i = 0; i < fs.named.n; i++) {
        struct node *n = fs.named.v[i];

        forget_strip(x, n, domid);
    }
    ptrvec_unref_nodes(&fs.named);
    for (i = 0; i < fs.owned.n; i++) {
        /* Removing an ancestor first makes later paths vanish; skip those. */
        if (tree_get(&x->tree, fs.owned.v[i])) {
            store_rm(&s, fs.owned.v[i]);
        }
        free(fs.owned.v[i]);
    }
    free(fs.owned.v);
    return fs.rc;
}
