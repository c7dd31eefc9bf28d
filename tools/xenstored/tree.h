/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The committed store: every visible node by path, the generation counter that stamps each
 * change, and the number of nodes each domain owns (for the nodes quota). Transactions keep
 * their changes elsewhere (txn.h) and apply them here when they commit.
 *
 * Invariants: "/" exists; every node but "/" and the special "@..." nodes has its parent in the
 * tree, listed exactly once among the parent's children; every listed child exists;
 * owner counts equal the number of nodes per owner. tree_check() verifies them.
 */
#ifndef XSD_TREE_H
#define XSD_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "node.h"

struct tree {
    struct hash nodes;   /* path -> struct node *, one reference each */
    struct hash owners;  /* domid -> count of nodes it owns */
    uint64_t generation; /* Last generation handed out. */
};

/*
 * Create the initial tree: "/", "/tool", "/tool/xenstored" and the special nodes
 * "@introduceDomain" and "@releaseDomain", owned by priv_domid (the latter readable by every
 * domain, so guests may watch for domains going away). Returns 0 or ENOMEM.
 */
int tree_init(struct tree *t, unsigned int priv_domid);

/* Free every node and the tree's tables. */
void tree_fini(struct tree *t);

/* The node at path, or NULL. The reference stays with the tree. */
struct node *tree_get(const struct tree *t, const char *path);

/*
 * Make n visible at n->path, replacing any node there, and stamp it with a new generation.
 * The tree takes its own reference. Returns 0 or ENOMEM (tree unchanged).
 * Pre: n is not yet visible to anyone who could observe its generation change.
 */
int tree_set(struct tree *t, struct node *n);

/* Remove the node at path, if any. Children are not touched (callers remove them first). */
void tree_remove(struct tree *t, const char *path);

/* Hand out a fresh generation (for nodes changed inside a transaction). */
uint64_t tree_next_generation(struct tree *t);

/* Number of nodes domid owns. */
unsigned int tree_owned(const struct tree *t, unsigned int domid);

/* Number of nodes in the tree, special nodes included. */
size_t tree_size(const struct tree *t);

/*
 * Check the invariants above. Returns 0 if they hold, otherwise EIO, with a description of the
 * first problem in msg (size bytes) when msg is not NULL.
 */
int tree_check(const struct tree *t, char *msg, size_t size);

#endif /* XSD_TREE_H */
