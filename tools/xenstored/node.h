/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Nodes of the store. A node is immutable once built and reference counted, so the committed
 * tree and any number of transactions can share it; a change builds a new node. The children
 * of a node are kept as its list of leaf names, NUL-separated in insertion order, which is
 * exactly the payload of a DIRECTORY reply.
 */
#ifndef XSD_NODE_H
#define XSD_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "perms.h"

/* Generation of a node that does not exist. */
#define NODE_NO_GENERATION UINT64_MAX

struct node {
    unsigned int refs;
    uint64_t generation; /* Set when the node is made visible; unique per change. */
    const char *path;    /* Canonical absolute path, or a special "@..." name. */
    struct perm *perms;
    unsigned int nperms; /* Always >= 1. */
    unsigned int datalen;
    unsigned int childlen;
    char *data;     /* Value: binary, not NUL-terminated (a NUL follows for convenience). */
    char *children; /* Leaf names, each followed by a NUL. */
};

/*
 * Build a node with one reference. data and children may be NULL: the space is then left
 * for the caller to fill in. Returns NULL on allocation failure. Pre: nperms >= 1.
 */
struct node *node_new(const char *path, const struct perm *perms, unsigned int nperms,
                      const void *data, unsigned int datalen, const char *children,
                      unsigned int childlen);

/* Take another reference to n and return it. */
struct node *node_ref(struct node *n);

/* Drop a reference; the node is freed with the last one. NULL is ignored. */
void node_unref(struct node *n);

/* Copies of n with one part replaced (one reference each), or NULL on allocation failure. */
struct node *node_with_data(const struct node *n, const void *data, unsigned int datalen);
struct node *node_with_perms(const struct node *n, const struct perm *perms, unsigned int nperms);

/*
 * A copy of n with leaf name added to the end of its children (nothing is checked: callers
 * add only names that are not there yet). NULL on allocation failure.
 */
struct node *node_with_child(const struct node *n, const char *name);

/* A copy of n without the child name; NULL on allocation failure or if name is absent. */
struct node *node_without_child(const struct node *n, const char *name);

/* Whether name is one of n's children. */
bool node_has_child(const struct node *n, const char *name);

/* The size that counts against the node-size quota: permissions, value and child names. */
size_t node_quota_size(const struct node *n);

/* Domain that owns n. */
static inline unsigned int node_owner(const struct node *n)
{
    return n->perms[0].domid;
}

/*
 * Path helpers for canonical paths. node_parent() writes the parent of path into buf ("/" for
 * a top-level node) and returns 0, or EINVAL for "/" and special names, ENAMETOOLONG if buf is
 * too small. node_basename() returns the leaf name (after the last '/').
 */
int node_parent(const char *path, char *buf, size_t size);
const char *node_basename(const char *path);

/*
 * Write the path of child name under parent into buf. Returns 0 or ENAMETOOLONG.
 */
int node_child_path(const char *parent, const char *name, char *buf, size_t size);

#endif /* XSD_NODE_H */
