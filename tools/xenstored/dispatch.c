/* SPDX-License-Identifier: GPL-2.0-only */
/* The operation table and request dispatch. */
#include <errno.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "log.h"
#include "op.h"
#include "path.h"
#include "txn.h"

#define OP_PRIV  (1u << 0) /* Privileged domain only: others get EACCES. */
#define OP_NOTXN (1u << 1) /* The tx_id field is ignored. */

static const struct op_desc {
    const char *name;
    op_fn fn; /* NULL: not a request a client may send (ENOSYS). */
    unsigned int flags;
} op_table[XS_TYPE_COUNT] = {
    [XS_CONTROL] = {"CONTROL", op_control, OP_PRIV},
    [XS_DIRECTORY] = {"DIRECTORY", op_directory, 0},
    [XS_READ] = {"READ", op_read, 0},
    [XS_GET_PERMS] = {"GET_PERMS", op_get_perms, 0},
    [XS_WATCH] = {"WATCH", op_watch, OP_NOTXN},
    [XS_UNWATCH] = {"UNWATCH", op_unwatch, OP_NOTXN},
    [XS_TRANSACTION_START] = {"TRANSACTION_START", op_transaction_start, 0},
    [XS_TRANSACTION_END] = {"TRANSACTION_END", op_transaction_end, 0},
    [XS_INTRODUCE] = {"INTRODUCE", op_introduce, OP_PRIV},
    [XS_RELEASE] = {"RELEASE", op_release, OP_PRIV},
    [XS_GET_DOMAIN_PATH] = {"GET_DOMAIN_PATH", op_get_domain_path, 0},
    [XS_WRITE] = {"WRITE", op_write, 0},
    [XS_MKDIR] = {"MKDIR", op_mkdir, 0},
    [XS_RM] = {"RM", op_rm, 0},
    [XS_SET_PERMS] = {"SET_PERMS", op_set_perms, 0},
    [XS_WATCH_EVENT] = {"WATCH_EVENT", NULL, 0},
    [XS_ERROR] = {"ERROR", NULL, 0},
    [XS_IS_DOMAIN_INTRODUCED] = {"IS_DOMAIN_INTRODUCED", op_is_domain_introduced, OP_PRIV},
    [XS_RESUME] = {"RESUME", op_resume, OP_PRIV},
    [XS_SET_TARGET] = {"SET_TARGET", op_set_target, OP_PRIV},
    [XS_RESET_WATCHES] = {"RESET_WATCHES", op_reset_watches, 0},
    [XS_DIRECTORY_PART] = {"DIRECTORY_PART", op_directory_part, 0},
    [XS_GET_FEATURE] = {"GET_FEATURE", op_get_feature, 0},
    [XS_SET_FEATURE] = {"SET_FEATURE", op_set_feature, OP_PRIV},
    [XS_GET_QUOTA] = {"GET_QUOTA", op_get_quota, OP_PRIV},
    [XS_SET_QUOTA] = {"SET_QUOTA", op_set_quota, OP_PRIV},
};

const char *dispatch_type_name(uint32_t type)
{
    if (type < XS_TYPE_COUNT && op_table[type].name) {
        return op_table[type].name;
    }
    return "UNKNOWN";
}

void dispatch_request(struct conn *c, const struct request *req)
{
    uint32_t type = req->hdr.type;
    const struct op_desc *op = type < XS_TYPE_COUNT ? &op_table[type] : NULL;
    struct txn *t = NULL;
    int rc;

    if (!op || !op->fn) {
        rc = ENOSYS;
        goto out;
    }
    if ((op->flags & OP_PRIV) && !conn_is_priv(c)) {
        rc = EACCES;
        goto out;
    }
    if (!(op->flags & OP_NOTXN) && req->hdr.tx_id) {
        t = txn_find(c, req->hdr.tx_id);
        if (!t) {
            rc = ENOENT;
            goto out;
        }
    }
    rc = op->fn(c, t, req);
out:
    log_debug("conn %u: %s req %u tx %u len %u -> %s", c->id, dispatch_type_name(type),
              req->hdr.req_id, req->hdr.tx_id, req->len, rc ? conn_error_name(rc) : "ok");
    if (rc) {
        conn_reply_error(c, req, rc);
    }
}

unsigned int dispatch_args(const struct request *req, const char **vec, unsigned int max)
{
    unsigned int off = 0, n = 0;

    while (off < req->len) {
        const char *s = req->data + off;
        const char *nul = memchr(s, '\0', req->len - off);

        if (!nul) {
            break;
        }
        if (n < max) {
            vec[n] = s;
        }
        n++;
        off += (unsigned int)(nul - s) + 1;
    }
    return n;
}

const char *dispatch_onearg(const struct request *req)
{
    if (req->len == 0 || strlen(req->data) + 1 != req->len) {
        return NULL;
    }
    return req->data;
}

int dispatch_path(struct conn *c, const char *arg, bool allow_special, char *out, bool *relative)
{
    struct ident who;

    conn_ident(c, &who);
    return path_canonical(&who, arg, allow_special, c->dom->quota.val[Q_PATH_MAX], out, relative);
}
