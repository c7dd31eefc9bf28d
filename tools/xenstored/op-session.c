/* SPDX-License-Identifier: GPL-2.0-only */
/* Operations on a connection's own state: watches and transactions. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "op.h"
#include "path.h"
#include "txn.h"
#include "watch.h"

int op_watch(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[3];
    unsigned int n = dispatch_args(req, vec, 3);
    char path[PATH_BUF_SIZE], home[32];
    size_t prefix = 0;
    bool relative;
    int depth = -1;
    int rc;

    (void)t;
    if (n == 3 && (c->dom->features & XENSTORE_SERVER_FEATURE_WATCHDEPTH)) {
        unsigned int d;

        if (domain_parse_id(vec[2], &d)) {
            return EINVAL;
        }
        depth = (int)d;
    } else if (n != 2) {
        return EINVAL;
    }
    rc = dispatch_path(c, vec[0], true, path, &relative);
    if (rc) {
        return rc;
    }
    if (relative) {
        prefix = path_home(c->dom->domid, home) + 1;
    }
    rc = watch_add(c, path, vec[1], prefix, depth);
    if (rc) {
        return rc;
    }
    rc = conn_reply_ok(c, req);
    /* Every new watch fires once at once, so clients need no separate initial read. */
    conn_event(c, path + prefix, vec[1]);
    return rc;
}

int op_unwatch(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[2];
    char path[PATH_BUF_SIZE];
    int rc;

    (void)t;
    if (dispatch_args(req, vec, 2) != 2) {
        return EINVAL;
    }
    rc = dispatch_path(c, vec[0], true, path, NULL);
    if (!rc) {
        rc = watch_remove(c, path, vec[1]);
    }
    return rc ? rc : conn_reply_ok(c, req);
}

int op_transaction_start(struct conn *c, struct txn *t, const struct request *req)
{
    char buf[16];
    uint32_t id;
    int rc;

    /* Transactions do not nest. */
    if (t) {
        return EBUSY;
    }
    rc = txn_start(c, &id);
    if (rc) {
        return rc;
    }
    return conn_reply(c, req, XS_TRANSACTION_START, buf,
                      (size_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
}

int op_transaction_end(struct conn *c, struct txn *t, const struct request *req)
{
    const char *arg = dispatch_onearg(req);
    int rc;

    if (!arg || (strcmp(arg, "T") != 0 && strcmp(arg, "F") != 0)) {
        return EINVAL;
    }
    if (!t) {
        return ENOENT;
    }
    rc = txn_end(t, arg[0] == 'T');
    return rc ? rc : conn_reply_ok(c, req);
}

int op_reset_watches(struct conn *c, struct txn *t, const struct request *req)
{
    (void)t;
    watch_remove_all(c);
    txn_abort_all(c);
    return conn_reply_ok(c, req);
}
