/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Handlers of the wire operations, one per message type (see docs/xenstore.md for payloads
 * and errors). Each gets the connection, the transaction named by the request (NULL for none
 * or for operations that ignore it) and the request. It queues its reply itself and returns 0,
 * or returns an errno value for the dispatcher to send as an error reply.
 */
#ifndef XSD_OP_H
#define XSD_OP_H

struct conn;
struct request;
struct txn;

typedef int (*op_fn)(struct conn *c, struct txn *t, const struct request *req);

/* op-node.c: the data and its permissions. */
int op_read(struct conn *c, struct txn *t, const struct request *req);
int op_write(struct conn *c, struct txn *t, const struct request *req);
int op_mkdir(struct conn *c, struct txn *t, const struct request *req);
int op_rm(struct conn *c, struct txn *t, const struct request *req);
int op_directory(struct conn *c, struct txn *t, const struct request *req);
int op_directory_part(struct conn *c, struct txn *t, const struct request *req);
int op_get_perms(struct conn *c, struct txn *t, const struct request *req);
int op_set_perms(struct conn *c, struct txn *t, const struct request *req);

/* op-session.c: watches and transactions of the connection. */
int op_watch(struct conn *c, struct txn *t, const struct request *req);
int op_unwatch(struct conn *c, struct txn *t, const struct request *req);
int op_transaction_start(struct conn *c, struct txn *t, const struct request *req);
int op_transaction_end(struct conn *c, struct txn *t, const struct request *req);
int op_reset_watches(struct conn *c, struct txn *t, const struct request *req);

/* op-domain.c: domain management, features and quotas. */
int op_introduce(struct conn *c, struct txn *t, const struct request *req);
int op_release(struct conn *c, struct txn *t, const struct request *req);
int op_get_domain_path(struct conn *c, struct txn *t, const struct request *req);
int op_is_domain_introduced(struct conn *c, struct txn *t, const struct request *req);
int op_resume(struct conn *c, struct txn *t, const struct request *req);
int op_set_target(struct conn *c, struct txn *t, const struct request *req);
int op_get_feature(struct conn *c, struct txn *t, const struct request *req);
int op_set_feature(struct conn *c, struct txn *t, const struct request *req);
int op_get_quota(struct conn *c, struct txn *t, const struct request *req);
int op_set_quota(struct conn *c, struct txn *t, const struct request *req);

/* control.c: daemon commands. */
int op_control(struct conn *c, struct txn *t, const struct request *req);

#endif /* XSD_OP_H */
