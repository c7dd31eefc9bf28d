/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Unix-socket transport, byte-compatible with Xen's client library: a client connects to
 * the socket and exchanges the same framed messages as over a ring. Clients of the main socket
 * act as the privileged domain (as with Xen's daemon); extra sockets can be bound whose
 * clients act as a given domain, for tests and for driving the daemon as a guest would.
 */
#ifndef XSD_SOCK_H
#define XSD_SOCK_H

#include <stdbool.h>

#include "loop.h"

struct conn;
struct xsd;

struct sock_listener {
    struct sock_listener *next;
    struct xsd *x;
    struct loop_watch w;
    unsigned int domid; /* Identity of the clients. */
    bool paused;        /* Out of descriptors: not accepting until a connection closes. */
    char path[];
};

/*
 * Listen on a Unix stream socket at path (mode 0600; a stale socket there is replaced, the
 * parent directory created if missing); clients act as domid. Returns 0 or an errno value.
 */
int sock_listen(struct xsd *x, const char *path, unsigned int domid);

/* Close every listener and remove its socket file. */
void sock_close_all(struct xsd *x);

/* Accept again on listeners paused for lack of descriptors. */
void sock_resume(struct xsd *x);

/*
 * Serve an already connected stream socket fd (made non-blocking here) as domain domid. On
 * success the connection owns fd; on failure (NULL) fd is left to the caller.
 */
struct conn *sock_conn_new(struct xsd *x, int fd, unsigned int domid);

#endif /* XSD_SOCK_H */
