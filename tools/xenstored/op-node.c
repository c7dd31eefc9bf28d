/* SPDX-License-Identifier: GPL-2.0-only */
/* Operations on nodes: read, write, mkdir, rm, directory listings and permissions. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "op.h"
#include "path.h"
#include "quota.h"
#include "store.h"

/* Canonical path from a single-string payload. */
static int op_onepath(struct conn *c, const struct request *req, bool allow_special, char *path)
{
    const char *arg = dispatch_onearg(req);

    if (!arg) {
        return EINVAL;
    }
    return dispatch_path(c, arg, allow_special, path, NULL);
}

/* Look up the node named by the payload, checking that c has access need. */
static int op_lookup(struct conn *c, struct txn *t, const struct request *req, bool allow_special,
                     unsigned int need, struct node **n)
{
    char path[PATH_BUF_SIZE];
    struct store_ctx s;
    int rc = op_onepath(c, req, allow_special, path);

    if (rc) {
        return rc;
    }
    store_ctx_init(&s, c, t);
    return store_get(&s, path, need, n);
}

int op_read(struct conn *c, struct txn *t, const struct request *req)
{
    struct node *n;
    int rc = op_lookup(c, t, req, false, PERM_READ, &n);

    return rc ? rc : conn_reply(c, req, XS_READ, n->data, n->datalen);
}

int op_write(struct conn *c, struct txn *t, const struct request *req)
{
    const char *nul = memchr(req->data, '\0', req->len);
    char path[PATH_BUF_SIZE];
    struct store_ctx s;
    unsigned int off;
    int rc;

    /* The value is everything after the path's NUL, binary and possibly empty. */
    if (!nul) {
        return EINVAL;
    }
    off = (unsigned int)(nul - req->data) + 1;
    rc = dispatch_path(c, req->data, false, path, NULL);
    if (rc) {
        return rc;
    }
    store_ctx_init(&s, c, t);
    rc = store_write(&s, path, req->data + off, req->len - off);
    return rc ? rc : conn_reply_ok(c, req);
}

int op_mkdir(struct conn *c, struct txn *t, const struct request *req)
{
    char path[PATH_BUF_SIZE];
    struct store_ctx s;
    int rc = op_onepath(c, req, false, path);

    if (rc) {
        return rc;
    }
    store_ctx_init(&s, c, t);
    rc = store_mkdir(&s, path);
    return rc ? rc : conn_reply_ok(c, req);
}

int op_rm(struct conn *c, struct txn *t, const struct request *req)
{
    char path[PATH_BUF_SIZE];
    struct store_ctx s;
    int rc = op_onepath(c, req, false, path);

    if (rc) {
        return rc;
    }
    store_ctx_init(&s, c, t);
    rc = store_rm(&s, path);
    return rc ? rc : conn_reply_ok(c, req);
}

int op_directory(struct conn *c, struct txn *t, const struct request *req)
{
    struct node *n;
    int rc = op_lookup(c, t, req, false, PERM_READ, &n);

    /* A list too long for one reply gets E2BIG; clients then use DIRECTORY_PART. */
    return rc ? rc : conn_reply(c, req, XS_DIRECTORY, n->children, n->childlen);
}

static int op_parse_uint(const char *s, unsigned int *out)
{
    unsigned long v = 0;

    if (!*s) {
        return EINVAL;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return EINVAL;
        }
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > UINT32_MAX) {
            return EINVAL;
        }
    }
    *out = (unsigned int)v;
    return 0;
}

/*
 * Reply "<generation>\0" followed by as many whole child names from byte offset off as fit;
 * the chunk that reaches the end of the list carries an extra NUL, which is how the client
 * knows it is complete.
 */
int op_directory_part(struct conn *c, struct txn *t, const struct request *req)
{
    char path[PATH_BUF_SIZE], gen[24];
    const char *vec[2];
    struct store_ctx s;
    struct node *n;
    size_t genlen, len = 0, max;
    unsigned int off;
    char *out;
    int rc;

    if (dispatch_args(req, vec, 2) != 2 || op_parse_uint(vec[1], &off)) {
        return EINVAL;
    }
    rc = dispatch_path(c, vec[0], false, path, NULL);
    if (rc) {
        return rc;
    }
    store_ctx_init(&s, c, t);
    rc = store_get(&s, path, PERM_READ, &n);
    if (rc) {
        return rc;
    }
    genlen = (size_t)snprintf(gen, sizeof(gen), "%" PRIu64, n->generation) + 1;
    if (off >= n->childlen) {
        return conn_reply(c, req, XS_DIRECTORY_PART, gen, genlen + 1);
    }
    max = XENSTORE_PAYLOAD_MAX - genlen - 1;
    while (off + len < n->childlen) {
        size_t clen = strlen(n->children + off + len) + 1;

        if (len + clen > max) {
            break;
        }
        len += clen;
    }
    out = malloc(genlen + len + 1);
    if (!out) {
        return ENOMEM;
    }
    memcpy(out, gen, genlen);
    memcpy(out + genlen, n->children + off, len);
    out[genlen + len] = '\0';
    rc = conn_reply(c, req, XS_DIRECTORY_PART, out,
                    genlen + len + (off + len == n->childlen ? 1 : 0));
    free(out);
    return rc;
}

int op_get_perms(struct conn *c, struct txn *t, const struct request *req)
{
    struct node *n;
    char *buf;
    size_t need;
    int rc = op_lookup(c, t, req, true, PERM_READ, &n);

    if (rc) {
        return rc;
    }
    need = perms_format(n->perms, n->nperms, NULL, 0);
    buf = malloc(need);
    if (!buf) {
        return ENOMEM;
    }
    perms_format(n->perms, n->nperms, buf, need);
    rc = conn_reply(c, req, XS_GET_PERMS, buf, need);
    free(buf);
    return rc;
}

int op_set_perms(struct conn *c, struct txn *t, const struct request *req)
{
    unsigned int count = dispatch_args(req, NULL, 0), nperms;
    char path[PATH_BUF_SIZE];
    struct store_ctx s;
    struct perm *perms;
    size_t off;
    int rc;

    if (count < 2) {
        return EINVAL;
    }
    nperms = count - 1;
    if (!conn_is_priv(c) && quota_exceeds(&c->dom->quota, Q_PERMS, nperms)) {
        return ENOSPC;
    }
    rc = dispatch_path(c, req->data, true, path, NULL);
    if (rc) {
        return rc;
    }
    perms = malloc(nperms * sizeof(*perms));
    if (!perms) {
        return ENOMEM;
    }
    off = strlen(req->data) + 1;
    rc = perms_parse(req->data + off, req->len - off, nperms, perms);
    if (!rc) {
        store_ctx_init(&s, c, t);
        rc = store_set_perms(&s, path, perms, nperms);
    }
    free(perms);
    return rc ? rc : conn_reply_ok(c, req);
}
