/* SPDX-License-Identifier: GPL-2.0-only */
/* libxs: transports, framing and request/reply matching. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xs.h"

#define XS_DEFAULT_SOCKET "/var/run/xenstored/socket"

struct xs_client {
    int fd;                                 /* Socket, or -1 for a ring. */
    struct xenstore_domain_interface *intf; /* Ring, or NULL for a socket. */
    int kick_fd, wait_fd;
    int timeout_ms;
    uint32_t next_req_id;
    struct xs_msg *events, *events_tail; /* Watch events not yet read. */
    unsigned int nevents;
};

static struct xs_client *xs_alloc(void)
{
    struct xs_client *c = calloc(1, sizeof(*c));

    if (c) {
        c->fd = -1;
        c->kick_fd = -1;
        c->wait_fd = -1;
        c->timeout_ms = -1;
    }
    return c;
}

struct xs_client *xs_open_fd(int fd)
{
    struct xs_client *c = xs_alloc();

    if (!c) {
        errno = ENOMEM;
        return NULL;
    }
    c->fd = fd;
    return c;
}

struct xs_client *xs_open(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    struct xs_client *c;
    int fd, err;

    if (!path) {
        path = getenv("XENSTORED_PATH");
    }
    if (!path) {
        path = XS_DEFAULT_SOCKET;
    }
    if (strlen(path) >= sizeof(addr.sun_path)) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return NULL;
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
        err = errno;
        close(fd);
        errno = err;
        return NULL;
    }
    c = xs_open_fd(fd);
    if (!c) {
        close(fd);
        errno = ENOMEM;
    }
    return c;
}

struct xs_client *xs_open_ring(struct xenstore_domain_interface *intf, int kick_fd, int wait_fd)
{
    struct xs_client *c = xs_alloc();

    if (!c) {
        errno = ENOMEM;
        return NULL;
    }
    c->intf = intf;
    c->kick_fd = kick_fd;
    c->wait_fd = wait_fd;
    return c;
}

void xs_msg_free(struct xs_msg *m)
{
    if (m) {
        free(m->body);
        free(m);
    }
}

void xs_close(struct xs_client *c)
{
    if (!c) {
        return;
    }
    while (c->events) {
        struct xs_msg *m = c->events;

        c->events = m->next;
        xs_msg_free(m);
    }
    if (c->fd >= 0) {
        close(c->fd);
    }
    free(c);
}

void xs_set_timeout(struct xs_client *c, int ms)
{
    c->timeout_ms = ms;
}

/* Wait until fd is ready for events. Returns 0, ETIMEDOUT or an errno value. */
static int xs_wait(const struct xs_client *c, int fd, short events)
{
    struct pollfd p = {.fd = fd, .events = events};
    int n;

    do {
        n = poll(&p, 1, c->timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno;
    }
    return n == 0 ? ETIMEDOUT : 0;
}

static void xs_kick(const struct xs_client *c)
{
    uint64_t one = 1;

    if (write(c->kick_fd, &one, sizeof(one)) < 0) {
        /* The counter cannot overflow in practice; a failed kick only delays the daemon. */
        return;
    }
}

/* Consume pending kicks from the daemon after waiting for one. */
static int xs_ring_wait(const struct xs_client *c)
{
    uint64_t v;
    int rc = xs_wait(c, c->wait_fd, POLLIN);

    if (!rc && read(c->wait_fd, &v, sizeof(v)) < 0 && errno != EAGAIN) {
        rc = errno;
    }
    return rc;
}

static int xs_ring_write(struct xs_client *c, const char *buf, size_t len)
{
    struct xenstore_domain_interface *intf = c->intf;

    while (len) {
        XENSTORE_RING_IDX cons = __atomic_load_n(&intf->req_cons, __ATOMIC_ACQUIRE);
        XENSTORE_RING_IDX prod = __atomic_load_n(&intf->req_prod, __ATOMIC_ACQUIRE);
        size_t space = XENSTORE_RING_SIZE - (XENSTORE_RING_IDX)(prod - cons), n, first;
        int rc;

        if ((XENSTORE_RING_IDX)(prod - cons) > XENSTORE_RING_SIZE) {
            return EPROTO;
        }
        if (space == 0) {
            rc = xs_ring_wait(c);
            if (rc) {
                return rc;
            }
            continue;
        }
        n = len < space ? len : space;
        first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
        if (first > n) {
            first = n;
        }
        memcpy(intf->req + MASK_XENSTORE_IDX(prod), buf, first);
        memcpy(intf->req, buf + first, n - first);
        __atomic_store_n(&intf->req_prod, prod + (XENSTORE_RING_IDX)n, __ATOMIC_RELEASE);
        xs_kick(c);
        buf += n;
        len -= n;
    }
    return 0;
}

static int xs_ring_read(struct xs_client *c, char *buf, size_t len)
{
    struct xenstore_domain_interface *intf = c->intf;

    while (len) {
        XENSTORE_RING_IDX cons = __atomic_load_n(&intf->rsp_cons, __ATOMIC_ACQUIRE);
        XENSTORE_RING_IDX prod = __atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE);
        size_t avail = (XENSTORE_RING_IDX)(prod - cons), n, first;
        int rc;

        if (avail > XENSTORE_RING_SIZE) {
            return EPROTO;
        }
        if (avail == 0) {
            rc = xs_ring_wait(c);
            if (rc) {
                return rc;
            }
            continue;
        }
        n = len < avail ? len : avail;
        first = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
        if (first > n) {
            first = n;
        }
        memcpy(buf, intf->rsp + MASK_XENSTORE_IDX(cons), first);
        memcpy(buf + first, intf->rsp, n - first);
        __atomic_store_n(&intf->rsp_cons, cons + (XENSTORE_RING_IDX)n, __ATOMIC_RELEASE);
        xs_kick(c);
        buf += n;
        len -= n;
    }
    return 0;
}

static int xs_write_all(struct xs_client *c, const void *buf, size_t len)
{
    const char *p = buf;

    if (c->intf) {
        return xs_ring_write(c, p, len);
    }
    while (len) {
        ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);

        if (n < 0) {
            int rc;

            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                return errno == ECONNRESET ? EPIPE : errno;
            }
            rc = xs_wait(c, c->fd, POLLOUT);
            if (rc) {
                return rc;
            }
            continue;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int xs_read_all(struct xs_client *c, void *buf, size_t len)
{
    char *p = buf;

    if (c->intf) {
        return xs_ring_read(c, p, len);
    }
    while (len) {
        ssize_t n;
        int rc = xs_wait(c, c->fd, POLLIN);

        if (rc) {
            return rc;
        }
        n = recv(c->fd, p, len, MSG_DONTWAIT);
        if (n == 0) {
            return EPIPE;
        }
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
                continue;
            }
            return errno == ECONNRESET ? EPIPE : errno;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int xs_send_raw(struct xs_client *c, const void *buf, size_t len)
{
    return xs_write_all(c, buf, len);
}

int xs_send(struct xs_client *c, uint32_t type, uint32_t req_id, uint32_t tx_id,
            const void *payload, size_t len)
{
    struct xsd_sockmsg hdr = {type, req_id, tx_id, (uint32_t)len};
    char buf[sizeof(hdr) + 512];

    /* One write per message when it is small: the daemon then wakes once per request. */
    if (len <= sizeof(buf) - sizeof(hdr)) {
        memcpy(buf, &hdr, sizeof(hdr));
        if (len) {
            memcpy(buf + sizeof(hdr), payload, len);
        }
        return xs_write_all(c, buf, sizeof(hdr) + len);
    }
    return xs_write_all(c, &hdr, sizeof(hdr)) ?: xs_write_all(c, payload, len);
}

int xs_recv(struct xs_client *c, struct xs_msg **msg)
{
    struct xs_msg *m = calloc(1, sizeof(*m));
    int rc;

    *msg = NULL;
    if (!m) {
        return ENOMEM;
    }
    rc = xs_read_all(c, &m->hdr, sizeof(m->hdr));
    if (!rc && m->hdr.len > XENSTORE_PAYLOAD_MAX) {
        rc = EPROTO;
    }
    if (!rc) {
        m->body = malloc(m->hdr.len + 1);
        rc = m->body ? xs_read_all(c, m->body, m->hdr.len) : ENOMEM;
    }
    if (rc) {
        xs_msg_free(m);
        return rc;
    }
    m->body[m->hdr.len] = '\0';
    *msg = m;
    return 0;
}

uint32_t xs_next_req_id(struct xs_client *c)
{
    if (++c->next_req_id == 0) {
        c->next_req_id = 1;
    }
    return c->next_req_id;
}

static void xs_queue_event(struct xs_client *c, struct xs_msg *m)
{
    m->next = NULL;
    if (c->events_tail) {
        c->events_tail->next = m;
    } else {
        c->events = m;
    }
    c->events_tail = m;
    c->nevents++;
}

int xs_errno(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
        if (strcmp(name, xsd_errors[i].errstring) == 0) {
            return xsd_errors[i].errnum;
        }
    }
    return EINVAL;
}

int xs_request(struct xs_client *c, uint32_t type, uint32_t tx, const void *payload, size_t len,
               struct xs_msg **reply)
{
    uint32_t id = xs_next_req_id(c);
    struct xs_msg *m;
    int rc;

    if (reply) {
        *reply = NULL;
    }
    rc = xs_send(c, type, id, tx, payload, len);
    while (!rc) {
        rc = xs_recv(c, &m);
        if (rc) {
            break;
        }
        if (m->hdr.type == XS_WATCH_EVENT) {
            xs_queue_event(c, m);
            continue;
        }
        if (m->hdr.req_id != id) {
            /* A reply to something we no longer wait for; not ours to keep. */
            xs_msg_free(m);
            continue;
        }
        if (m->hdr.type == XS_ERROR) {
            rc = xs_errno(m->body);
            xs_msg_free(m);
        } else if (reply) {
            *reply = m;
        } else {
            xs_msg_free(m);
        }
        break;
    }
    return rc;
}

int xs_read_watch(struct xs_client *c, char **path, char **token)
{
    struct xs_msg *m;
    size_t plen;
    int rc;

    while (!c->events) {
        rc = xs_recv(c, &m);
        if (rc) {
            return rc;
        }
        if (m->hdr.type == XS_WATCH_EVENT) {
            xs_queue_event(c, m);
        } else {
            xs_msg_free(m);
        }
    }
    m = c->events;
    c->events = m->next;
    if (!c->events) {
        c->events_tail = NULL;
    }
    c->nevents--;
    plen = strlen(m->body);
    if (plen >= m->hdr.len) {
        xs_msg_free(m);
        return EPROTO;
    }
    *path = m->body;
    *token = m->body + plen + 1;
    free(m);
    return 0;
}

unsigned int xs_pending_events(const struct xs_client *c)
{
    return c->nevents;
}
