/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxs: a small XenStore client for Xenolith's tools and tests. It speaks the wire protocol
 * over a Unix socket or over a shared ring, matches replies to requests by req_id (so several
 * requests may be in flight) and queues watch events that arrive in between.
 *
 * Functions returning int return 0 on success or a positive errno value: the one named by the
 * daemon's error reply, ETIMEDOUT when a wait exceeded the timeout, EPIPE when the daemon went
 * away, EPROTO for a malformed message. A client is not thread-safe.
 */
#ifndef XS_CLIENT_H
#define XS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/xs_wire.h>

struct xs_client;

/* One received message; body has hdr.len bytes plus a NUL. */
struct xs_msg {
    struct xs_msg *next;
    struct xsd_sockmsg hdr;
    char *body;
};

/*
 * Connect to the daemon's Unix socket at path; NULL means $XENSTORED_PATH, or
 * /var/run/xenstored/socket if that is unset. Returns NULL with errno set on failure.
 */
struct xs_client *xs_open(const char *path);

/* Use an already connected stream socket; the client owns fd afterwards. NULL on ENOMEM. */
struct xs_client *xs_open_fd(int fd);

/*
 * Talk over a shared ring as a domain does: write requests to intf->req, read intf->rsp.
 * After producing or consuming, the client writes 1 to kick_fd (an eventfd the daemon waits
 * on); it sleeps on wait_fd (an eventfd the daemon writes). The descriptors stay the caller's.
 */
struct xs_client *xs_open_ring(struct xenstore_domain_interface *intf, int kick_fd, int wait_fd);

/* Close the connection and free queued messages. NULL is ignored. */
void xs_close(struct xs_client *c);

/* Limit every wait for the daemon to ms milliseconds (-1: wait forever, the default). */
void xs_set_timeout(struct xs_client *c, int ms);

/* Send len raw bytes (for tests of partial and malformed input). */
int xs_send_raw(struct xs_client *c, const void *buf, size_t len);

/* Send one message with the given header fields and payload. */
int xs_send(struct xs_client *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
            const void *payload, size_t len);

/*
 * Receive the next message from the daemon, whatever its kind, bypassing the event queue.
 * *msg is freed with xs_msg_free().
 */
int xs_recv(struct xs_client *c, struct xs_msg **msg);

/* Free a message. NULL is ignored. */
void xs_msg_free(struct xs_msg *m);

/* A fresh request id (never 0). */
uint32_t xs_next_req_id(struct xs_client *c);

/*
 * Send a request and wait for its reply, queueing watch events received meanwhile. On success
 * *reply (if reply is not NULL) is the reply message; an error reply is returned as its errno
 * value.
 */
int xs_request(struct xs_client *c, uint32_t type, uint32_t tx, const void *payload, size_t len,
               struct xs_msg **reply);

/* Errno value for an error name from the wire (EINVAL for unknown names). */
int xs_errno(const char *name);

/* Convenience operations. tx is 0 outside transactions. */
int xs_read(struct xs_client *c, uint32_t tx, const char *path, char **value, unsigned int *len);
int xs_write(struct xs_client *c, uint32_t tx, const char *path, const void *value,
             unsigned int len);
int xs_write_str(struct xs_client *c, uint32_t tx, const char *path, const char *value);
int xs_mkdir(struct xs_client *c, uint32_t tx, const char *path);
int xs_rm(struct xs_client *c, uint32_t tx, const char *path);

/*
 * List the children of path. *names is one allocation (free() it) holding *count pointers
 * followed by the strings.
 */
int xs_directory(struct xs_client *c, uint32_t tx, const char *path, char ***names,
                 unsigned int *count);

/* Permissions of path as one string, entries separated by single spaces ("n0 r5"). */
int xs_get_perms(struct xs_client *c, uint32_t tx, const char *path, char **perms);

/* Set the permissions of path from a space-separated list ("n0 r5"). */
int xs_set_perms(struct xs_client *c, uint32_t tx, const char *path, const char *perms);

/* Watch path with token; the initial event is queued like any other. */
int xs_watch(struct xs_client *c, const char *path, const char *token);

/* Remove the watch (path, token). */
int xs_unwatch(struct xs_client *c, const char *path, const char *token);

/* Wait for the next watch event; *path and *token are one allocation: free(*path). */
int xs_read_watch(struct xs_client *c, char **path, char **token);

/* Number of watch events already received and queued. */
unsigned int xs_pending_events(const struct xs_client *c);

/* Start a transaction; *tx is its id for later requests. */
int xs_txn_start(struct xs_client *c, uint32_t *tx);

/* Commit (EAGAIN on a conflict: start again) or abort transaction tx. */
int xs_txn_end(struct xs_client *c, uint32_t tx, bool commit);

#endif /* XS_CLIENT_H */
