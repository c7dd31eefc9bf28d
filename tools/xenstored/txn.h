/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Transactions. A transaction sees the committed tree through a private overlay: the first
 * access to a path records the committed node and its generation, later accesses and all
 * changes stay in the overlay. Commit fails with EAGAIN if any path the transaction read or
 * wrote has changed in the committed tree since (optimistic concurrency, generation checks);
 * otherwise the changes are applied at once and their watch events fire.
 */
#ifndef XSD_TXN_H
#define XSD_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "node.h"
#include "watch.h"

struct conn;
struct txn_entry;

struct txn {
    struct txn *next; /* In the connection's list. */
    struct conn *c;
    uint32_t id;
    struct hash entries;            /* path -> struct txn_entry */
    struct txn_entry *first, *last; /* In order of first access. */
    unsigned int count;
    size_t mem;     /* Charged to the connection. */
    int node_delta; /* Nodes the owning domain gains if this commits (quota estimate). */
};

/*
 * Open a transaction on c and return its id (non-zero, unique on c) in *id. Returns 0, ENOSPC
 * over the transactions quota, or ENOMEM.
 */
int txn_start(struct conn *c, uint32_t *id);

/* c's transaction with this id, or NULL. */
struct txn *txn_find(struct conn *c, uint32_t id);

/*
 * Close t: commit it if commit is set, else discard it. t is freed in every case. Returns 0,
 * EAGAIN on a conflict, ENOSPC if committing would exceed the nodes quota, or ENOMEM.
 */
int txn_end(struct txn *t, bool commit);

/* Discard all of c's transactions. */
void txn_abort_all(struct conn *c);

/*
 * Look path up as t sees it: *n is the node (borrowed) or NULL if absent. Records the access.
 * Returns 0, or ENOSPC/ENOMEM when the access cannot be recorded (transaction-nodes or memory
 * quota).
 */
int txn_get(struct txn *t, const char *path, struct node **n);

/*
 * Replace the node at n->path in t's view with n (t takes its own reference) and give it a
 * fresh generation. Returns 0, or ENOSPC/ENOMEM as txn_get().
 */
int txn_put(struct txn *t, struct node *n);

/* Remove path from t's view. Returns 0, or ENOSPC/ENOMEM as txn_get(). */
int txn_del(struct txn *t, const char *path);

/*
 * Remember that path changed in t, to fire its watches at commit. A subtree match wins over an
 * exact one.
 */
void txn_note_event(struct txn *t, const char *path, enum watch_match m);

#endif /* XSD_TXN_H */
