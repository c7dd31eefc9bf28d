/* SPDX-License-Identifier: GPL-2.0-only */
/* Domain management, features and quotas. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "op.h"
#include "path.h"
#include "xsd.h"

/* First id Xen reserves for special meanings (DOMID_SELF). */
#define DOMID_FIRST_RESERVED 0x7ff0u

/* Parse a single-domid payload. */
static int op_onedomid(const struct request *req, unsigned int *domid)
{
    const char *arg = dispatch_onearg(req);

    return arg ? domain_parse_id(arg, domid) : EINVAL;
}

/* Signed decimal, as the toolstack sends a gfn. */
static int op_parse_s64(const char *s, int64_t *out)
{
    bool neg = *s == '-';
    uint64_t v = 0;

    s += neg;
    if (!*s) {
        return EINVAL;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10) {
            return EINVAL;
        }
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (v > (uint64_t)INT64_MAX) {
        return EINVAL;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

int op_introduce(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[3];
    unsigned int domid, port;
    int64_t gfn;
    int rc;

    (void)t;
    if (dispatch_args(req, vec, 3) < 3 || domain_parse_id(vec[0], &domid) ||
        domid >= DOMID_FIRST_RESERVED || op_parse_s64(vec[1], &gfn) ||
        domain_parse_id(vec[2], &port) || port == 0) {
        return EINVAL;
    }
    rc = domain_introduce(c->x, domid, gfn, port);
    return rc ? rc : conn_reply_ok(c, req);
}

int op_release(struct conn *c, struct txn *t, const struct request *req)
{
    unsigned int domid;
    int rc = op_onedomid(req, &domid);

    (void)t;
    if (rc || xsd_is_priv(c->x, domid)) {
        return EINVAL;
    }
    rc = domain_release(c->x, domid);
    return rc ? rc : conn_reply_ok(c, req);
}

int op_get_domain_path(struct conn *c, struct txn *t, const struct request *req)
{
    char path[32];
    unsigned int domid;
    int rc = op_onedomid(req, &domid);

    (void)t;
    if (rc) {
        return rc;
    }
    return conn_reply(c, req, XS_GET_DOMAIN_PATH, path, path_home(domid, path) + 1);
}

int op_is_domain_introduced(struct conn *c, struct txn *t, const struct request *req)
{
    unsigned int domid;
    const struct domain *d;
    bool yes;
    int rc = op_onedomid(req, &domid);

    (void)t;
    if (rc) {
        return rc;
    }
    d = domain_lookup(c->x, domid, false);
    yes = domid == DOMID_FIRST_RESERVED || xsd_is_priv(c->x, domid) || (d && d->introduced);
    return conn_reply(c, req, XS_IS_DOMAIN_INTRODUCED, yes ? "T" : "F", 2);
}

int op_resume(struct conn *c, struct txn *t, const struct request *req)
{
    unsigned int domid;
    struct domain *d;
    int rc = op_onedomid(req, &domid);

    (void)t;
    if (rc || xsd_is_priv(c->x, domid)) {
        return EINVAL;
    }
    d = domain_lookup(c->x, domid, false);
    if (!d || !d->introduced) {
        return ENOENT;
    }
    d->shutdown = false;
    return conn_reply_ok(c, req);
}

int op_set_target(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[2];
    unsigned int domid, tdomid;
    struct domain *d, *td;

    (void)t;
    if (dispatch_args(req, vec, 2) < 2 || domain_parse_id(vec[0], &domid) ||
        domain_parse_id(vec[1], &tdomid)) {
        return EINVAL;
    }
    d = domain_lookup(c->x, domid, false);
    td = domain_lookup(c->x, tdomid, false);
    if (!d || !d->introduced || !td || !td->introduced) {
        return ENOENT;
    }
    d->target = (int)tdomid;
    return conn_reply_ok(c, req);
}

static int op_reply_uint(struct conn *c, const struct request *req, unsigned int v)
{
    char buf[16];

    return conn_reply(c, req, req->hdr.type, buf, (size_t)snprintf(buf, sizeof(buf), "%u", v) + 1);
}

int op_get_feature(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[1];
    unsigned int n = dispatch_args(req, vec, 1), domid;
    const struct domain *d;

    (void)t;
    if (n == 0) {
        return op_reply_uint(c, req, c->dom->features);
    }
    if (!conn_is_priv(c)) {
        return EACCES;
    }
    if (n > 1 || domain_parse_id(vec[0], &domid)) {
        return EINVAL;
    }
    d = domain_lookup(c->x, domid, false);
    return d ? op_reply_uint(c, req, d->features) : ENOENT;
}

int op_set_feature(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[2];
    unsigned int domid, features;
    struct domain *d;

    (void)t;
    if (dispatch_args(req, vec, 2) != 2 || domain_parse_id(vec[0], &domid) ||
        quota_parse_value(vec[1], &features) || (features & ~DOMAIN_FEATURES_SUPPORTED)) {
        return EINVAL;
    }
    /* Without a hypervisor to ask, any domid may exist: keep a record for its introduction. */
    d = domain_lookup(c->x, domid, true);
    if (!d) {
        return ENOMEM;
    }
    if (d->introduced) {
        return EBUSY;
    }
    d->features = features;
    return conn_reply_ok(c, req);
}

/* All quota names, blank-separated, for GET_QUOTA without arguments. */
static int op_quota_names(struct conn *c, const struct request *req)
{
    char buf[256];
    size_t len = 0;
    unsigned int i;

    for (i = 0; i < Q_COUNT; i++) {
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "",
                                quota_name((enum quota_id)i));
    }
    return conn_reply(c, req, XS_GET_QUOTA, buf, len + 1);
}

/* The quota set a GET/SET_QUOTA addresses: global, or that of the domain in vec[0]. */
static int op_quota_set(struct conn *c, const char *domarg, bool create, struct quota_set **q)
{
    unsigned int domid;
    struct domain *d;

    if (!domarg) {
        *q = &c->x->quota;
        return 0;
    }
    if (domain_parse_id(domarg, &domid)) {
        return EINVAL;
    }
    d = domain_lookup(c->x, domid, create);
    if (!d) {
        return create ? ENOMEM : ENOENT;
    }
    *q = &d->quota;
    return 0;
}

int op_get_quota(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[2];
    unsigned int n = dispatch_args(req, vec, 2);
    struct quota_set *q;
    enum quota_id id;
    int rc;

    (void)t;
    if (n == 0) {
        return op_quota_names(c, req);
    }
    if (n > 2) {
        return EINVAL;
    }
    rc = op_quota_set(c, n == 2 ? vec[0] : NULL, false, &q);
    if (rc) {
        return rc;
    }
    if (!quota_lookup(vec[n - 1], &id)) {
        return EINVAL;
    }
    return op_reply_uint(c, req, q->val[id]);
}

int op_set_quota(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[3];
    unsigned int n = dispatch_args(req, vec, 3), val;
    struct quota_set *q;
    enum quota_id id;
    int rc;

    (void)t;
    if (n < 2 || n > 3 || !quota_lookup(vec[n - 2], &id) || quota_parse_value(vec[n - 1], &val)) {
        return EINVAL;
    }
    rc = op_quota_set(c, n == 3 ? vec[0] : NULL, true, &q);
    if (rc) {
        return rc;
    }
    q->val[id] = val;
    return conn_reply_ok(c, req);
}
