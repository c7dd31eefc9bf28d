/* SPDX-License-Identifier: GPL-2.0-only */
/* Unix-socket transport and listeners. */
#define _GNU_SOURCE /* accept4() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"
#include "sock.h"
#include "xsd.h"

/* Suffix of the name a listening socket is bound to before it is renamed into place. */
#define SOCK_TMP_SUFFIX ".new"

struct sock_tp {
    struct conn *c;
    struct loop_watch w;
    int fd;
};

static ssize_t sock_read(struct conn *c, void *buf, size_t len)
{
    struct sock_tp *tp = c->tp;
    ssize_t n = recv(tp->fd, buf, len, MSG_DONTWAIT);

    if (n > 0) {
        return n;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return 0;
    }
    return -1;
}

static ssize_t sock_write(struct conn *c, const void *buf, size_t len)
{
    struct sock_tp *tp = c->tp;
    ssize_t n = send(tp->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

    if (n >= 0) {
        return n;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : -1;
}

static void sock_want(struct conn *c, bool in, bool out)
{
    struct sock_tp *tp = c->tp;
    uint32_t ev = (in ? EPOLLIN : 0u) | (out ? EPOLLOUT : 0u);

    if (loop_mod(&c->x->loop, &tp->w, ev)) {
        conn_close(c, "epoll update failed");
    }
}

static void sock_close(struct conn *c)
{
    struct sock_tp *tp = c->tp;

    loop_del(&c->x->loop, &tp->w);
    close(tp->fd);
    free(tp);
}

static const struct conn_ops sock_ops = {
    .kind = "socket",
    .read = sock_read,
    .write = sock_write,
    .want = sock_want,
    .close = sock_close,
};

static void sock_ready(struct loop_watch *w, uint32_t events)
{
    struct sock_tp *tp = (struct sock_tp *)((char *)w - offsetof(struct sock_tp, w));

    if (tp->c->dead) {
        return;
    }
    conn_pump(tp->c);
    /* Hang-ups are reported whatever we asked for; without this they would spin the loop. */
    if ((events & (EPOLLHUP | EPOLLERR)) && !tp->c->dead) {
        conn_close(tp->c, "hang-up");
    }
}

struct conn *sock_conn_new(struct xsd *x, int fd, unsigned int domid)
{
    struct sock_tp *tp = calloc(1, sizeof(*tp));
    int flags = fcntl(fd, F_GETFL);

    if (!tp || flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        free(tp);
        return NULL;
    }
    tp->fd = fd;
    tp->c = conn_new(x, domid, &sock_ops, tp);
    if (!tp->c) {
        free(tp);
        return NULL;
    }
    if (loop_add(&x->loop, &tp->w, fd, EPOLLIN, sock_ready)) {
        /* Keep fd for the caller: the dead connection must not close it. */
        tp->fd = dup(fd);
        tp->w.fd = -1;
        conn_close(tp->c, "cannot watch socket");
        return NULL;
    }
    return tp->c;
}

static void sock_accept(struct loop_watch *w, uint32_t events)
{
    struct sock_listener *l =
        (struct sock_listener *)((char *)w - offsetof(struct sock_listener, w));

    (void)events;
    for (;;) {
        int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE) {
                /* Level-triggered: an unaccepted client would wake us forever. */
                log_warn("out of file descriptors; pausing %s", l->path);
                l->paused = true;
                loop_mod(&l->x->loop, &l->w, 0);
            } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                       errno != ECONNABORTED) {
                log_warn("accept on %s: %s", l->path, strerror(errno));
            }
            return;
        }
        if (!sock_conn_new(l->x, fd, l->domid)) {
            log_warn("out of memory for a connection on %s", l->path);
            close(fd);
        }
    }
}

/* Prepare the place for the socket: create the directory, remove a stale socket. */
static int sock_prepare_path(const char *path)
{
    char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
    const char *slash = strrchr(path, '/');
    struct stat st;

    if (slash && slash != path) {
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
        if (mkdir(dir, 0755) && errno != EEXIST) {
            return errno;
        }
    }
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            return EEXIST; /* Never remove something that is not ours. */
        }
        if (unlink(path)) {
            return errno;
        }
    }
    return 0;
}

int sock_listen(struct xsd *x, const char *path, unsigned int domid)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    size_t len = strlen(path);
    struct sock_listener *l = NULL;
    bool bound = false;
    int fd = -1;
    int rc;

    /* Bound under a temporary name first; see the rename() below. */
    if (len == 0 || len + sizeof(SOCK_TMP_SUFFIX) > sizeof(addr.sun_path)) {
        return ENAMETOOLONG;
    }
    memcpy(addr.sun_path, path, len);
    memcpy(addr.sun_path + len, SOCK_TMP_SUFFIX, sizeof(SOCK_TMP_SUFFIX));
    rc = sock_prepare_path(path);
    if (!rc) {
        rc = sock_prepare_path(addr.sun_path);
    }
    if (rc) {
        goto out;
    }
    l = calloc(1, sizeof(*l) + len + 1);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (!l || fd < 0) {
        rc = l ? errno : ENOMEM;
        goto out;
    }
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
        rc = errno;
        goto out;
    }
    bound = true;
    /*
     * The socket appears at its real name only once it accepts connections, so a client that
     * sees it (or waits for it with inotify) never gets ECONNREFUSED.
     */
    if (chmod(addr.sun_path, 0600) || listen(fd, 128) || rename(addr.sun_path, path)) {
        rc = errno;
        goto out;
    }
    bound = false;
    memcpy(l->path, path, len + 1);
    l->x = x;
    l->domid = domid;
    rc = loop_add(&x->loop, &l->w, fd, EPOLLIN, sock_accept);
    if (rc) {
        unlink(path);
        goto out;
    }
    l->next = x->listeners;
    x->listeners = l;
    log_info("listening on %s (clients act as domain %u)", path, domid);
    return 0;
out:
    if (bound) {
        unlink(addr.sun_path);
    }
    if (fd >= 0) {
        close(fd);
    }
    free(l);
    return rc;
}

void sock_close_all(struct xsd *x)
{
    while (x->listeners) {
        struct sock_listener *l = x->listeners;

        x->listeners = l->next;
        loop_del(&x->loop, &l->w);
        close(l->w.fd);
        unlink(l->path);
        free(l);
    }
}

void sock_resume(struct xsd *x)
{
    struct sock_listener *l;

    for (l = x->listeners; l; l = l->next) {
        if (l->paused && loop_mod(&x->loop, &l->w, EPOLLIN) == 0) {
            l->paused = false;
        }
    }
}
