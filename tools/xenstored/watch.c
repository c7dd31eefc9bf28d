/* SPDX-License-Identifier: GPL-2.0-only */
/* Watches: registration and event matching. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "domain.h"
#include "node.h"
#include "path.h"
#include "tree.h"
#include "watch.h"
#include "xsd.h"

/* Room for "OK" and one event "path\0token\0", each with its header. */
#define WATCH_EVENT_RESERVE(plen, tlen) (2 * sizeof(struct xsd_sockmsg) + 3 + (plen) + (tlen))

int watch_add(struct conn *c, const char *path, const char *token, size_t prefix_len, int depth)
{
    size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
    size_t mem = sizeof(struct watch) + plen + tlen;
    struct domain *d = c->dom;
    struct watch *w, **tail = &c->watches;

    for (w = c->watches; w; w = w->next) {
        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0) {
            return EEXIST;
        }
        tail = &w->next;
    }
    if (!conn_is_priv(c) && quota_exceeds(&d->quota, Q_WATCHES, d->watches + 1UL)) {
        return ENOSPC;
    }
    /*
     * The watch must leave room for its initial event and the reply before it; otherwise the
     * event would be dropped and the client would wait for it forever.
     */
    if (conn_mem_charge(c, mem + WATCH_EVENT_RESERVE(plen, tlen))) {
        return ENOMEM;
    }
    conn_mem_release(c, WATCH_EVENT_RESERVE(plen, tlen));
    w = malloc(mem);
    if (!w) {
        conn_mem_release(c, mem);
        return ENOMEM;
    }
    w->next = NULL;
    w->path = (char *)(w + 1);
    memcpy(w->path, path, plen);
    w->token = w->path + plen;
    memcpy(w->token, token, tlen);
    w->prefix_len = prefix_len;
    w->depth = depth;
    w->mem = mem;
    *tail = w;
    d->watches++;
    return 0;
}

static void watch_free(struct conn *c, struct watch *w)
{
    conn_mem_release(c, w->mem);
    c->dom->watches--;
    free(w);
}

int watch_remove(struct conn *c, const char *path, const char *token)
{
    struct watch **pp;

    for (pp = &c->watches; *pp; pp = &(*pp)->next) {
        struct watch *w = *pp;

        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0) {
            *pp = w->next;
            watch_free(c, w);
            return 0;
        }
    }
    return ENOENT;
}

void watch_remove_all(struct conn *c)
{
    while (c->watches) {
        struct watch *w = c->watches;

        c->watches = w->next;
        watch_free(c, w);
    }
}

/*
 * Whether the watcher may learn about a change of path: it can read the node now, could read it
 * before (old), or can read the parent (the node may be gone).
 */
static bool watch_permitted(struct xsd *x, const struct ident *who, const char *path,
                            const struct perm *perms, unsigned int nperms, const struct perm *old,
                            unsigned int nold)
{
    char parent[PATH_BUF_SIZE];
    const struct node *n;

    if (who->priv) {
        return true;
    }
    if (old && (perms_for(who, old, nold) & PERM_READ)) {
        return true;
    }
    if (!perms) {
        n = tree_get(&x->tree, path);
        if (n) {
            perms = n->perms;
            nperms = n->nperms;
        }
    }
    if (perms && (perms_for(who, perms, nperms) & PERM_READ)) {
        return true;
    }
    if (path[0] != '/' || node_parent(path, parent, sizeof(parent))) {
        return false;
    }
    n = tree_get(&x->tree, parent);
    return n && (perms_for(who, n->perms, n->nperms) & PERM_READ);
}

static bool watch_matches(const struct watch *w, const char *path, enum watch_match m)
{
    if (m == MATCH_EXACT) {
        return strcmp(w->path, path) == 0;
    }
    return path_is_below(path, w->path, w->depth);
}

void watch_fire(struct xsd *x, const char *path, enum watch_match m, const struct perm *perms,
                unsigned int nperms, const struct perm *old, unsigned int nold)
{
    struct conn *c;

    for (c = x->conns; c; c = c->next) {
        struct ident who;
        struct watch *w;
        int allowed = -1; /* Unknown until a watch matches: the check costs lookups. */

        if (c->dead || !c->watches) {
            continue;
        }
        conn_ident(c, &who);
        for (w = c->watches; w; w = w->next) {
            if (!watch_matches(w, path, m)) {
                continue;
            }
            if (allowed < 0) {
                allowed = watch_permitted(x, &who, path, perms, nperms, old, nold);
            }
            if (!allowed) {
                break;
            }
            /* A relative watch reports paths relative to the watcher's home. */
            conn_event(c, strlen(path) > w->prefix_len ? path + w->prefix_len : path, w->token);
        }
    }
}

void watch_fire_special(struct xsd *x, const char *name, unsigned int domid)
{
    const struct node *n = tree_get(&x->tree, name);
    char with_dom[48];
    struct conn *c;

    if (!n) {
        return;
    }
    snprintf(with_dom, sizeof(with_dom), "%s/%u", name, domid);
    for (c = x->conns; c; c = c->next) {
        struct ident who;
        struct watch *w;

        if (c->dead || !c->watches) {
            continue;
        }
        conn_ident(c, &who);
        if (!(perms_for(&who, n->perms, n->nperms) & PERM_READ)) {
            continue;
        }
        for (w = c->watches; w; w = w->next) {
            if (strcmp(w->path, name) == 0 && w->depth < 0) {
                conn_event(c, name, w->token);
            } else if (strcmp(w->path, with_dom) == 0 ||
                       (w->depth > 0 && path_is_below(with_dom, w->path, w->depth))) {
                conn_event(c, with_dom, w->token);
            }
        }
    }
}
