/* SPDX-License-Identifier: GPL-2.0-only */
/* Transactions: private overlays over the committed tree, validated by generation at commit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "domain.h"
#include "log.h"
#include "tree.h"
#include "txn.h"
#include "xsd.h"

struct txn_entry {
    struct txn_entry *next;
    struct node *orig; /* Committed node at the first access, or NULL if there was none. */
    struct node *cur;  /* The node as the transaction sees it, or NULL. */
    uint64_t seen;     /* Generation of orig (NODE_NO_GENERATION if none): the conflict check. */
    size_t mem;        /* Charged for the entry itself. */
    size_t node_mem;   /* Charged for cur while it is the transaction's own copy. */
    bool modified;
    bool fire;
    enum watch_match match;
    char path[];
};

static size_t txn_node_mem(const struct node *n)
{
    return sizeof(*n) + strlen(n->path) + 1 + node_quota_size(n);
}

int txn_start(struct conn *c, uint32_t *id)
{
    struct domain *d = c->dom;
    struct txn *t;

    if (!conn_is_priv(c) && quota_exceeds(&d->quota, Q_TRANSACTIONS, d->transactions + 1UL)) {
        return ENOSPC;
    }
    if (conn_mem_charge(c, sizeof(*t))) {
        return ENOMEM;
    }
    t = calloc(1, sizeof(*t));
    if (!t || hash_init(&t->entries)) {
        free(t);
        conn_mem_release(c, sizeof(*t));
        return ENOMEM;
    }
    /* Ids are unique among the open transactions of c and never 0, which means "none". */
    do {
        t->id = c->next_txid++;
    } while (t->id == 0 || txn_find(c, t->id));
    t->c = c;
    t->mem = sizeof(*t);
    t->next = c->txns;
    c->txns = t;
    d->transactions++;
    *id = t->id;
    return 0;
}

struct txn *txn_find(struct conn *c, uint32_t id)
{
    struct txn *t;

    for (t = c->txns; t; t = t->next) {
        if (t->id == id) {
            return t;
        }
    }
    return NULL;
}

/* Find or create the entry for path, recording the committed state on first access. */
static int txn_entry(struct txn *t, const char *path, struct txn_entry **out)
{
    struct conn *c = t->c;
    struct txn_entry *e = hash_get_str(&t->entries, path);
    struct node *orig;
    size_t size;

    if (e) {
        *out = e;
        return 0;
    }
    if (!conn_is_priv(c) && quota_exceeds(&c->dom->quota, Q_TXN_NODES, t->count + 1UL)) {
        return ENOSPC;
    }
    size = sizeof(*e) + strlen(path) + 1;
    if (conn_mem_charge(c, size)) {
        return ENOMEM;
    }
    e = calloc(1, size);
    if (!e) {
        conn_mem_release(c, size);
        return ENOMEM;
    }
    strcpy(e->path, path);
    e->mem = size;
    if (hash_put_str(&t->entries, e->path, e, NULL)) {
        free(e);
        conn_mem_release(c, size);
        return ENOMEM;
    }
    orig = tree_get(&c->x->tree, path);
    e->orig = orig ? node_ref(orig) : NULL;
    e->cur = orig ? node_ref(orig) : NULL;
    e->seen = orig ? orig->generation : NODE_NO_GENERATION;
    if (t->last) {
        t->last->next = e;
    } else {
        t->first = e;
    }
    t->last = e;
    t->count++;
    t->mem += size;
    *out = e;
    return 0;
}

int txn_get(struct txn *t, const char *path, struct node **n)
{
    struct txn_entry *e;
    int rc = txn_entry(t, path, &e);

    *n = rc ? NULL : e->cur;
    return rc;
}

/* Replace e->cur with n (which may be NULL), keeping the owner-count estimate right. */
static void txn_entry_set(struct txn *t, struct txn_entry *e, struct node *n, size_t node_mem)
{
    unsigned int domid = t->c->dom->domid;

    t->node_delta -= e->cur && node_owner(e->cur) == domid;
    t->node_delta += n && node_owner(n) == domid;
    if (e->node_mem) {
        conn_mem_release(t->c, e->node_mem);
        t->mem -= e->node_mem;
    }
    node_unref(e->cur);
    e->cur = n ? node_ref(n) : NULL;
    e->node_mem = node_mem;
    t->mem += node_mem;
    e->modified = true;
}

int txn_put(struct txn *t, struct node *n)
{
    size_t node_mem = txn_node_mem(n);
    struct txn_entry *e;
    int rc = txn_entry(t, n->path, &e);

    if (rc) {
        return rc;
    }
    if (conn_mem_charge(t->c, node_mem)) {
        return ENOMEM;
    }
    n->generation = tree_next_generation(&t->c->x->tree);
    txn_entry_set(t, e, n, node_mem);
    return 0;
}

int txn_del(struct txn *t, const char *path)
{
    struct txn_entry *e;
    int rc = txn_entry(t, path, &e);

    if (rc) {
        return rc;
    }
    txn_entry_set(t, e, NULL, 0);
    return 0;
}

void txn_note_event(struct txn *t, const char *path, enum watch_match m)
{
    struct txn_entry *e = hash_get_str(&t->entries, path);

    /* Every changed path has an entry: the change itself created it. */
    if (!e) {
        return;
    }
    if (!e->fire || m == MATCH_SUBTREE) {
        e->match = m;
    }
    e->fire = true;
}

/* Whether every path t touched is still as it was when first touched. */
static bool txn_valid(const struct txn *t)
{
    const struct tree *tree = &t->c->x->tree;
    const struct txn_entry *e;

    for (e = t->first; e; e = e->next) {
        const struct node *now = tree_get(tree, e->path);

        if ((now ? now->generation : NODE_NO_GENERATION) != e->seen) {
            return false;
        }
    }
    return true;
}

/* Whether committing keeps the owner of t within its nodes quota. Pre: txn_valid(t). */
static bool txn_quota_ok(const struct txn *t)
{
    const struct conn *c = t->c;
    unsigned int domid = c->dom->domid;
    const struct txn_entry *e;
    long delta = 0;

    if (conn_is_priv(c)) {
        return true;
    }
    for (e = t->first; e; e = e->next) {
        if (e->modified) {
            delta += e->cur && node_owner(e->cur) == domid;
            delta -= e->orig && node_owner(e->orig) == domid;
        }
    }
    return delta <= 0 ||
           !quota_exceeds(&c->dom->quota, Q_NODES, tree_owned(&c->x->tree, domid) + delta);
}

static void txn_apply(struct txn *t)
{
    struct xsd *x = t->c->x;
    struct txn_entry *e;
    bool failed = false;

    for (e = t->first; e; e = e->next) {
        if (!e->modified) {
            continue;
        }
        if (!e->cur) {
            tree_remove(&x->tree, e->path);
        } else if (tree_set(&x->tree, e->cur)) {
            log_error("txn %u: out of memory committing %s", t->id, e->path);
            failed = true;
        }
    }
    if (failed) {
        char msg[128];

        /* Only an allocation failure can get here; say loudly if it broke the tree. */
        if (tree_check(&x->tree, msg, sizeof(msg))) {
            log_error("txn %u: tree inconsistent after commit: %s", t->id, msg);
        }
    }
    for (e = t->first; e; e = e->next) {
        if (e->fire) {
            watch_fire(x, e->path, e->match, e->cur ? e->cur->perms : NULL,
                       e->cur ? e->cur->nperms : 0, e->orig ? e->orig->perms : NULL,
                       e->orig ? e->orig->nperms : 0);
        }
    }
}

static void txn_free(struct txn *t)
{
    struct conn *c = t->c;
    struct txn **pp;

    for (pp = &c->txns; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    while (t->first) {
        struct txn_entry *e = t->first;

        t->first = e->next;
        node_unref(e->orig);
        node_unref(e->cur);
        free(e);
    }
    hash_fini(&t->entries);
    conn_mem_release(c, t->mem);
    c->dom->transactions--;
    free(t);
}

int txn_end(struct txn *t, bool commit)
{
    int rc = 0;

    if (commit) {
        if (!txn_valid(t)) {
            rc = EAGAIN;
        } else if (!txn_quota_ok(t)) {
            rc = ENOSPC;
        } else {
            txn_apply(t);
        }
    }
    txn_free(t);
    return rc;
}

void txn_abort_all(struct conn *c)
{
    while (c->txns) {
        txn_free(c->txns);
    }
}
