/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Connections: one client stream, whatever carries it. The transport (a Unix socket, a shared
 * ring) only moves bytes; this layer frames messages, hands complete requests to the
 * dispatcher, queues replies and watch events in order, applies flow control and accounts the
 * memory a connection holds.
 *
 * A connection is never freed while events are being handled: conn_close() marks it dead and
 * the daemon reaps it after the current batch, so pointers held during a batch stay valid.
 */
#ifndef XSD_CONN_H
#define XSD_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <public/io/xs_wire.h>

#include "perms.h"

struct xsd;
struct conn;
struct domain;
struct txn;
struct watch;

/* What a transport provides. */
struct conn_ops {
    const char *kind; /* For the log: "socket", "ring". */
    /* Read up to len bytes: the count, 0 when nothing is available now, -1 when the stream is
     * finished or broken (the connection is then closed). */
    ssize_t (*read)(struct conn *c, void *buf, size_t len);
    /* Write up to len bytes: the count (0 when there is no room now) or -1 on failure. */
    ssize_t (*write)(struct conn *c, const void *buf, size_t len);
    /* A batch of reads and writes is done: e.g. signal the peer once. May be NULL. */
    void (*done)(struct conn *c);
    /* Tell the event loop whether to wake for input and for room to write. */
    void (*want)(struct conn *c, bool in, bool out);
    /* Report a protocol violation (e.g. on the ring's error field). May be NULL. */
    void (*violation)(struct conn *c, unsigned int error);
    /* Release the transport; called once, when the connection is reaped. */
    void (*close)(struct conn *c);
};

/* A complete request. data[len] is a NUL added by the daemon, so strings are safe to scan. */
struct request {
    struct xsd_sockmsg hdr;
    const char *data;
    unsigned int len;
};

/* A queued outgoing message: header and payload contiguous. */
struct outmsg {
    struct outmsg *next;
    size_t size;   /* Header plus payload. */
    bool is_reply; /* Replies count as outstanding requests; watch events do not. */
    char buf[];
};

/* Input buffer: room for one maximal message and most of the next. */
#define CONN_INBUF (2 * (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX))

/* Queued output above which even a privileged connection stops being read. */
#define CONN_PRIV_OUT_LIMIT (16u << 20)

struct conn {
    struct xsd *x;
    struct conn *next, *prev; /* In x->conns. */
    struct conn *flush_next;  /* In x->flush_list while scheduled. */
    bool scheduled;
    bool pumping; /* Inside conn_pump(): output gets flushed there, no need to schedule. */
    bool dead;
    unsigned int id; /* Unique, for the log. */
    struct domain *dom;
    const struct conn_ops *ops;
    void *tp; /* Transport state. */

    char in[CONN_INBUF];
    size_t in_len;

    struct outmsg *out_head, *out_tail;
    size_t out_off;   /* Bytes of out_head already written. */
    size_t out_bytes; /* Queued bytes not yet written. */
    unsigned int outstanding;

    size_t mem; /* Accounted: queued output, watches, transaction state. */
    struct watch *watches;
    struct txn *txns;
    uint32_t next_txid;
};

/*
 * Create a connection acting as domain domid (created if needed), with transport ops and state
 * tp, and add it to x. Returns NULL on allocation failure (tp is left to the caller).
 */
struct conn *conn_new(struct xsd *x, unsigned int domid, const struct conn_ops *ops, void *tp);

/* Close c: drop its watches and transactions now, free it when the current batch is done. */
void conn_close(struct conn *c, const char *why);

/* Free a dead connection (called by the daemon between batches). */
void conn_free(struct conn *c);

/*
 * Move bytes: write queued output, then read and handle requests while flow control allows.
 * Called when the transport signals readiness and whenever c was scheduled.
 */
void conn_pump(struct conn *c);

/* Whether c acts as the privileged domain. */
bool conn_is_priv(const struct conn *c);

/* Fill who with c's identity. */
void conn_ident(const struct conn *c, struct ident *who);

/*
 * Queue a reply of the given type to req. A payload above XENSTORE_PAYLOAD_MAX turns into an
 * E2BIG error reply. Returns 0, or ENOMEM if nothing could be queued.
 */
int conn_reply(struct conn *c, const struct request *req, uint32_t type, const void *data,
               size_t len);

/* Queue an error reply naming errno value err (unknown values are sent as EINVAL). */
void conn_reply_error(struct conn *c, const struct request *req, int err);

/* Queue the reply "OK". Returns as conn_reply(). */
int conn_reply_ok(struct conn *c, const struct request *req);

/*
 * Queue a watch event "path\0token\0". Dropped (with a warning) if it would take an
 * unprivileged connection over its memory quota or the payload limit.
 */
void conn_event(struct conn *c, const char *path, const char *token);

/*
 * Charge bytes of memory to c (watches, transaction state). Returns 0, or ENOMEM if that would
 * exceed the memory quota of an unprivileged connection (nothing is charged then).
 */
int conn_mem_charge(struct conn *c, size_t bytes);

/* Give back memory charged with conn_mem_charge(). */
void conn_mem_release(struct conn *c, size_t bytes);

/* Name of errno value err as sent on the wire ("EINVAL" for values outside the table). */
const char *conn_error_name(int err);

#endif /* XSD_CONN_H */
