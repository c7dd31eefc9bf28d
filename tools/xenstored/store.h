/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Store operations with their full semantics: permission checks, creation of missing parents,
 * recursive removal, quotas and watch events. They work on the committed tree or, inside a
 * transaction, on its overlay; the caller does not need to care which.
 *
 * Permission errors do not leak existence: when a node is missing or forbidden, the answer is
 * EACCES unless the nearest existing ancestor grants the access that was asked for.
 */
#ifndef XSD_STORE_H
#define XSD_STORE_H

#include "node.h"
#include "perms.h"
#include "quota.h"

struct conn;
struct txn;
struct xsd;

struct store_ctx {
    struct xsd *x;
    struct txn *t;             /* NULL: the committed tree. */
    struct ident who;          /* Identity checked against node permissions. */
    const struct quota_set *q; /* Limits of the requester; NULL: unlimited. */
};

/* Prepare a context for a request of c, inside t (may be NULL). */
void store_ctx_init(struct store_ctx *s, struct conn *c, struct txn *t);

/* Prepare a context for the daemon's own changes: privileged, outside transactions. */
void store_ctx_internal(struct store_ctx *s, struct xsd *x);

/*
 * Look up canonical path and check that s->who has all of the access bits in need. *n is the
 * node, borrowed until the next change through s. Returns 0, ENOENT, EACCES, or ENOSPC/ENOMEM
 * from transaction accounting.
 */
int store_get(struct store_ctx *s, const char *path, unsigned int need, struct node **n);

/* Set the value of path, creating it and missing parents. Returns 0 or an errno value. */
int store_write(struct store_ctx *s, const char *path, const void *data, unsigned int len);

/* Create path and missing parents with empty values; existing nodes are kept. */
int store_mkdir(struct store_ctx *s, const char *path);

/* Remove path and everything below it; a missing path is fine if its parent exists. */
int store_rm(struct store_ctx *s, const char *path);

/*
 * Replace the permissions of path (which may be special). Only the owner and the privileged
 * domain may do this, and only the privileged domain may change the owner (EPERM).
 */
int store_set_perms(struct store_ctx *s, const char *path, const struct perm *perms,
                    unsigned int nperms);

/*
 * Forget domain domid in the committed tree: remove the nodes it owns (with everything below
 * them) and drop permission entries naming it. Returns 0 or ENOMEM.
 */
int store_forget_domain(struct xsd *x, unsigned int domid);

#endif /* XSD_STORE_H */
