/* SPDX-License-Identifier: GPL-2.0-only */
/* Immutable, reference-counted store nodes. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"

/*
 * One allocation holds the header, the permissions, the path, the value and the children, so a
 * node is built and freed in one step and copies stay cheap.
 */
struct node *node_new(const char *path, const struct perm *perms, unsigned int nperms,
                      const void *data, unsigned int datalen, const char *children,
                      unsigned int childlen)
{
    size_t plen = strlen(path) + 1;
    size_t size =
        sizeof(struct node) + nperms * sizeof(struct perm) + plen + datalen + 1 + childlen;
    struct node *n;
    char *p;

    assert(nperms >= 1);
    n = malloc(size);
    if (!n) {
        return NULL;
    }
    n->refs = 1;
    n->generation = 0;
    n->nperms = nperms;
    n->datalen = datalen;
    n->childlen = childlen;
    n->perms = (struct perm *)(n + 1);
    memcpy(n->perms, perms, nperms * sizeof(struct perm));
    p = (char *)(n->perms + nperms);
    memcpy(p, path, plen);
    n->path = p;
    p += plen;
    n->data = p;
    if (datalen && data) {
        memcpy(p, data, datalen);
    }
    p[datalen] = '\0';
    p += datalen + 1;
    n->children = p;
    /* NULL children with a length: the caller fills the list in (node_with_child). */
    if (childlen && children) {
        memcpy(p, children, childlen);
    }
    return n;
}

struct node *node_ref(struct node *n)
{
    n->refs++;
    return n;
}

void node_unref(struct node *n)
{
    if (n && --n->refs == 0) {
        free(n);
    }
}

struct node *node_with_data(const struct node *n, const void *data, unsigned int datalen)
{
    return node_new(n->path, n->perms, n->nperms, data, datalen, n->children, n->childlen);
}

struct node *node_with_perms(const struct node *n, const struct perm *perms, unsigned int nperms)
{
    return node_new(n->path, perms, nperms, n->data, n->datalen, n->children, n->childlen);
}

struct node *node_with_child(const struct node *n, const char *name)
{
    size_t nlen = strlen(name) + 1;
    struct node *c = node_new(n->path, n->perms, n->nperms, n->data, n->datalen, NULL,
                              (unsigned int)(n->childlen + nlen));

    if (!c) {
        return NULL;
    }
    memcpy(c->children, n->children, n->childlen);
    memcpy(c->children + n->childlen, name, nlen);
    return c;
}

/* Offset of name in n's child list, or -1. */
static long node_child_offset(const struct node *n, const char *name)
{
    unsigned int off = 0;

    while (off < n->childlen) {
        const char *c = n->children + off;
        size_t len = strlen(c);

        if (strcmp(c, name) == 0) {
            return (long)off;
        }
        off += (unsigned int)len + 1;
    }
    return -1;
}

bool node_has_child(const struct node *n, const char *name)
{
    return node_child_offset(n, name) >= 0;
}

struct node *node_without_child(const struct node *n, const char *name)
{
    long off = node_child_offset(n, name);
    size_t nlen = strlen(name) + 1;
    struct node *c;

    if (off < 0) {
        return NULL;
    }
    c = node_new(n->path, n->perms, n->nperms, n->data, n->datalen, NULL,
                 (unsigned int)(n->childlen - nlen));
    if (!c) {
        return NULL;
    }
    memcpy(c->children, n->children, (size_t)off);
    memcpy(c->children + off, n->children + off + nlen, n->childlen - (size_t)off - nlen);
    return c;
}

size_t node_quota_size(const struct node *n)
{
    return n->nperms * sizeof(struct perm) + n->datalen + n->childlen;
}

int node_parent(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    size_t len;

    if (path[0] != '/' || path[1] == '\0' || !slash) {
        return EINVAL;
    }
    len = slash == path ? 1 : (size_t)(slash - path);
    if (len + 1 > size) {
        return ENAMETOOLONG;
    }
    memcpy(buf, path, len);
    buf[len] = '\0';
    return 0;
}

const char *node_basename(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

int node_child_path(const char *parent, const char *name, char *buf, size_t size)
{
    size_t plen = strlen(parent), nlen = strlen(name);
    bool root = plen == 1;
    size_t len = (root ? 0 : plen) + 1 + nlen;

    if (len + 1 > size) {
        return ENAMETOOLONG;
    }
    if (!root) {
        memcpy(buf, parent, plen);
    }
    buf[root ? 0 : plen] = '/';
    memcpy(buf + (root ? 1 : plen + 1), name, nlen + 1);
    return 0;
}
