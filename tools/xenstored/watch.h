/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watches. A connection registers (path, token) pairs; every change at or below a watched path
 * queues one WATCH_EVENT "<changed path>\0<token>\0" on that connection, in the order the
 * changes happen, provided the watcher may read the changed node (or its parent, for nodes that
 * went away). Special paths @introduceDomain and @releaseDomain fire on domain events.
 */
#ifndef XSD_WATCH_H
#define XSD_WATCH_H

#include <stddef.h>

#include "perms.h"

struct conn;
struct node;
struct xsd;

/* How a change is matched against watched paths. */
enum watch_match {
    MATCH_EXACT,   /* Only watches on exactly this path (descendants of a removed node). */
    MATCH_SUBTREE, /* Watches on this path or any ancestor, within their depth. */
};

struct watch {
    struct watch *next;
    char *path; /* Canonical absolute path, or a special name. */
    char *token;
    size_t prefix_len; /* Bytes stripped from event paths of a relative watch. */
    int depth;         /* Levels below path that match; -1: unlimited. */
    size_t mem;        /* Charged to the connection. */
};

/*
 * Add a watch on canonical path with token to c. prefix_len is non-zero for watches given as
 * relative paths: event paths are reported without their first prefix_len bytes. Returns 0,
 * EEXIST for a duplicate (path, token), ENOSPC over the watches quota, ENOMEM over the memory
 * quota or on allocation failure. The initial event is the caller's job.
 */
int watch_add(struct conn *c, const char *path, const char *token, size_t prefix_len, int depth);

/* Remove the watch (path, token) from c. Returns 0 or ENOENT. */
int watch_remove(struct conn *c, const char *path, const char *token);

/* Remove all of c's watches. */
void watch_remove_all(struct conn *c);

/*
 * Queue events for a change of path on every connection whose watches match. perms/nperms are
 * the node's permissions after the change (NULL to look the node up in the tree), old/nold its
 * permissions before the change (NULL if none), so watchers that just lost access still hear
 * of it.
 */
void watch_fire(struct xsd *x, const char *path, enum watch_match m, const struct perm *perms,
                unsigned int nperms, const struct perm *old, unsigned int nold);

/*
 * Fire the special watch name ("@introduceDomain" or "@releaseDomain") for domid: watches on
 * name without depth see "name", watches with a depth and watches on "name/<domid>" see
 * "name/<domid>". Only watchers allowed to read the special node are told.
 */
void watch_fire_special(struct xsd *x, const char *name, unsigned int domid);

#endif /* XSD_WATCH_H */
