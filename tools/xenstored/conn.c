/* SPDX-License-Identifier: GPL-2.0-only */
/* Connections: framing, dispatch, output queue, flow control and memory accounting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "log.h"
#include "txn.h"
#include "watch.h"
#include "xsd.h"

/* Requests handled per connection before others get a turn. */
#define CONN_PUMP_BUDGET 64

struct conn *conn_new(struct xsd *x, unsigned int domid, const struct conn_ops *ops, void *tp)
{
    struct conn *c = calloc(1, sizeof(*c));
    struct domain *d;

    if (!c) {
        return NULL;
    }
    d = domain_lookup(x, domid, true);
    if (!d) {
        free(c);
        return NULL;
    }
    d->conns++;
    c->x = x;
    c->dom = d;
    c->ops = ops;
    c->tp = tp;
    c->id = ++x->next_conn_id;
    c->next_txid = 1;
    c->prev = x->conns_tail;
    if (x->conns_tail) {
        x->conns_tail->next = c;
    } else {
        x->conns = c;
    }
    x->conns_tail = c;
    log_debug("conn %u: new %s connection as domain %u", c->id, ops->kind, domid);
    return c;
}

void conn_close(struct conn *c, const char *why)
{
    if (c->dead) {
        return;
    }
    c->dead = true;
    log_debug("conn %u: closing (%s)", c->id, why);
    /* Drop watches and transactions now, so nothing more is queued for a dead connection. */
    watch_remove_all(c);
    txn_abort_all(c);
    c->ops->want(c, false, false);
    xsd_schedule(c->x, c);
}

void conn_free(struct conn *c)
{
    struct xsd *x = c->x;
    struct outmsg *m = c->out_head;

    while (m) {
        struct outmsg *next = m->next;

        free(m);
        m = next;
    }
    if (c->prev) {
        c->prev->next = c->next;
    } else {
        x->conns = c->next;
    }
    if (c->next) {
        c->next->prev = c->prev;
    } else {
        x->conns_tail = c->prev;
    }
    if (c->dom->ring == c) {
        c->dom->ring = NULL;
    }
    c->ops->close(c);
    c->dom->conns--;
    domain_maybe_free(x, c->dom);
    free(c);
}

bool conn_is_priv(const struct conn *c)
{
    return domain_is_priv(c->x, c->dom);
}

void conn_ident(const struct conn *c, struct ident *who)
{
    domain_ident(c->x, c->dom, who);
}

int conn_mem_charge(struct conn *c, size_t bytes)
{
    if (!conn_is_priv(c) && quota_exceeds(&c->dom->quota, Q_MEMORY, c->mem + bytes)) {
        return ENOMEM;
    }
    c->mem += bytes;
    return 0;
}

void conn_mem_release(struct conn *c, size_t bytes)
{
    c->mem -= bytes;
}

const char *conn_error_name(int err)
{
    size_t i;

    for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
        if (xsd_errors[i].errnum == err) {
            return xsd_errors[i].errstring;
        }
    }
    return "EINVAL";
}

/* Append a message with payload a followed by b to c's queue. */
static int conn_queue(struct conn *c, const struct xsd_sockmsg *hdr, const void *a, size_t alen,
                      const void *b, size_t blen, bool is_reply)
{
    size_t size = sizeof(*hdr) + alen + blen;
    struct outmsg *m = malloc(sizeof(*m) + size);

    if (!m) {
        return ENOMEM;
    }
    m->next = NULL;
    m->size = size;
    m->is_reply = is_reply;
    memcpy(m->buf, hdr, sizeof(*hdr));
    if (alen) {
        memcpy(m->buf + sizeof(*hdr), a, alen);
    }
    if (blen) {
        memcpy(m->buf + sizeof(*hdr) + alen, b, blen);
    }
    if (c->out_tail) {
        c->out_tail->next = m;
    } else {
        c->out_head = m;
    }
    c->out_tail = m;
    c->out_bytes += size;
    c->mem += size;
    if (is_reply) {
        c->outstanding++;
    }
    if (!c->pumping) {
        xsd_schedule(c->x, c);
    }
    return 0;
}

int conn_reply(struct conn *c, const struct request *req, uint32_t type, const void *data,
               size_t len)
{
    struct xsd_sockmsg hdr = {type, req->hdr.req_id, req->hdr.tx_id, (uint32_t)len};

    if (len > XENSTORE_PAYLOAD_MAX) {
        conn_reply_error(c, req, E2BIG);
        return 0;
    }
    return conn_queue(c, &hdr, data, len, NULL, 0, true);
}

void conn_reply_error(struct conn *c, const struct request *req, int err)
{
    const char *name = conn_error_name(err);
    size_t len = strlen(name) + 1;
    struct xsd_sockmsg hdr = {XS_ERROR, req->hdr.req_id, req->hdr.tx_id, (uint32_t)len};

    if (conn_queue(c, &hdr, name, len, NULL, 0, true)) {
        /* Without a reply the client would wait forever; losing the stream is kinder. */
        conn_close(c, "out of memory for a reply");
    }
}

int conn_reply_ok(struct conn *c, const struct request *req)
{
    return conn_reply(c, req, req->hdr.type, "OK", 3);
}

void conn_event(struct conn *c, const char *path, const char *token)
{
    size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
    struct xsd_sockmsg hdr = {XS_WATCH_EVENT, 0, 0, (uint32_t)(plen + tlen)};

    if (c->dead) {
        return;
    }
    if (plen + tlen > XENSTORE_PAYLOAD_MAX) {
        log_warn("conn %u: dropping watch event for %s: payload too long", c->id, path);
        return;
    }
    if (!conn_is_priv(c) &&
        quota_exceeds(&c->dom->quota, Q_MEMORY, c->mem + sizeof(hdr) + plen + tlen)) {
        log_warn("conn %u: dropping watch event for %s: memory quota", c->id, path);
        return;
    }
    if (conn_queue(c, &hdr, path, plen, token, tlen, false)) {
        log_warn("conn %u: dropping watch event for %s: out of memory", c->id, path);
    }
}

/* Write queued output until done or the transport is full. Returns 0, or -1 on failure. */
static int conn_flush(struct conn *c)
{
    while (c->out_head) {
        struct outmsg *m = c->out_head;
        ssize_t n = c->ops->write(c, m->buf + c->out_off, m->size - c->out_off);

        if (n < 0) {
            return -1;
        }
        if (n == 0) {
            break;
        }
        c->out_off += (size_t)n;
        c->out_bytes -= (size_t)n;
        c->mem -= (size_t)n;
        if (c->out_off < m->size) {
            continue;
        }
        c->out_head = m->next;
        if (!c->out_head) {
            c->out_tail = NULL;
        }
        c->out_off = 0;
        if (m->is_reply) {
            c->outstanding--;
        }
        free(m);
    }
    return 0;
}

/* Flow control: whether c may hand us another request now. */
static bool conn_may_read(const struct conn *c)
{
    const struct quota_set *q = &c->dom->quota;

    if (c->dead) {
        return false;
    }
    if (conn_is_priv(c)) {
        return c->out_bytes < CONN_PRIV_OUT_LIMIT;
    }
    if (q->val[Q_OUTSTANDING] && c->outstanding >= q->val[Q_OUTSTANDING]) {
        return false;
    }
    return !quota_exceeds(q, Q_MEMORY, c->mem);
}

/*
 * Handle the message at the start of the input buffer if it is complete. Returns 1 if one was
 * handled, 0 if more bytes are needed, -1 if the connection was closed.
 */
static int conn_take_message(struct conn *c)
{
    char payload[XENSTORE_PAYLOAD_MAX + 1];
    struct request req;

    if (c->in_len < sizeof(req.hdr)) {
        return 0;
    }
    memcpy(&req.hdr, c->in, sizeof(req.hdr));
    if (req.hdr.len > XENSTORE_PAYLOAD_MAX) {
        log_warn("conn %u: payload of %u bytes exceeds the limit", c->id, req.hdr.len);
        if (c->ops->violation) {
            c->ops->violation(c, XENSTORE_ERROR_PROTO);
        }
        conn_close(c, "protocol violation");
        return -1;
    }
    if (c->in_len < sizeof(req.hdr) + req.hdr.len) {
        return 0;
    }
    /* A private copy with a NUL after it: handlers may scan strings without bounds worries. */
    memcpy(payload, c->in + sizeof(req.hdr), req.hdr.len);
    payload[req.hdr.len] = '\0';
    c->in_len -= sizeof(req.hdr) + req.hdr.len;
    memmove(c->in, c->in + sizeof(req.hdr) + req.hdr.len, c->in_len);
    req.data = payload;
    req.len = req.hdr.len;
    c->x->requests++;
    dispatch_request(c, &req);
    return c->dead ? -1 : 1;
}

/* Whether the input buffer holds a complete message (or a header that must be refused). */
static bool conn_has_message(const struct conn *c)
{
    struct xsd_sockmsg hdr;

    if (c->in_len < sizeof(hdr)) {
        return false;
    }
    memcpy(&hdr, c->in, sizeof(hdr));
    return hdr.len > XENSTORE_PAYLOAD_MAX || c->in_len >= sizeof(hdr) + hdr.len;
}

void conn_pump(struct conn *c)
{
    /* Bound the work per turn so one busy client cannot starve the others. */
    unsigned int budget = CONN_PUMP_BUDGET;
    bool drained = false;

    c->pumping = true;
    for (;;) {
        size_t room;
        ssize_t n;
        int r = 1;

        while (budget && conn_may_read(c) && (r = conn_take_message(c)) > 0) {
            budget--;
        }
        if (r < 0 || c->dead) {
            break;
        }
        if (conn_flush(c)) {
            conn_close(c, "write failed");
            break;
        }
        if (!budget) {
            xsd_schedule(c->x, c);
            break;
        }
        /* Flushing may have lifted the throttle on requests already buffered. */
        if (conn_may_read(c) && conn_has_message(c)) {
            continue;
        }
        /*
         * A short read emptied the transport; the loop is level-triggered and wakes us for
         * more, so asking again now would only cost a system call.
         */
        room = sizeof(c->in) - c->in_len;
        if (drained || !conn_may_read(c) || room == 0) {
            break;
        }
        n = c->ops->read(c, c->in + c->in_len, room);
        if (n < 0) {
            conn_close(c, "peer closed");
            break;
        }
        if (n == 0) {
            break;
        }
        c->in_len += (size_t)n;
        drained = (size_t)n < room;
    }
    c->pumping = false;
    if (c->dead) {
        return;
    }
    if (c->ops->done) {
        c->ops->done(c);
    }
    c->ops->want(c, conn_may_read(c), c->out_head != NULL);
}
