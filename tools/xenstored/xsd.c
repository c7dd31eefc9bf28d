/* SPDX-License-Identifier: GPL-2.0-only */
/* The daemon object and its main loop. */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "conn.h"
#include "domain.h"
#include "log.h"
#include "sock.h"
#include "xsd.h"

static void xsd_stop_ready(struct loop_watch *w, uint32_t events)
{
    struct xsd *x = (struct xsd *)((char *)w - offsetof(struct xsd, stop_watch));
    uint64_t v;

    (void)events;
    if (read(w->fd, &v, sizeof(v)) == sizeof(v)) {
        x->stopping = true;
    }
}

int xsd_init(struct xsd *x, unsigned int priv_domid, const struct quota_set *q)
{
    int rc;

    memset(x, 0, sizeof(*x));
    x->priv_domid = priv_domid;
    x->quota = *q;
    x->stop_fd = -1;
    x->loop.epfd = -1;
    rc = tree_init(&x->tree, priv_domid);
    if (rc) {
        return rc;
    }
    rc = hash_init(&x->domains);
    if (rc) {
        goto err_tree;
    }
    /* The privileged domain always has a record: it is never freed. */
    if (!domain_lookup(x, priv_domid, true)) {
        rc = ENOMEM;
        goto err_domains;
    }
    rc = loop_init(&x->loop);
    if (rc) {
        goto err_domains;
    }
    x->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (x->stop_fd < 0) {
        rc = errno;
        goto err_loop;
    }
    rc = loop_add(&x->loop, &x->stop_watch, x->stop_fd, EPOLLIN, xsd_stop_ready);
    if (rc) {
        goto err_stop;
    }
    return 0;

err_stop:
    close(x->stop_fd);
err_loop:
    loop_fini(&x->loop);
err_domains:
    domain_free_all(x);
err_tree:
    tree_fini(&x->tree);
    return rc;
}

/* Deliver output, retry throttled input and free closed connections. */
static void xsd_flush(struct xsd *x)
{
    struct conn *list = x->flush_list;
    bool freed = false;

    /* Connections scheduled while we work here wait for the next round, so this ends. */
    x->flush_list = NULL;
    while (list) {
        struct conn *c = list;

        list = c->flush_next;
        c->scheduled = false;
        if (!c->dead) {
            conn_pump(c);
        }
        if (c->dead && !c->scheduled) {
            conn_free(c);
            freed = true;
        }
    }
    if (freed) {
        sock_resume(x);
    }
}

void xsd_schedule(struct xsd *x, struct conn *c)
{
    if (c->scheduled) {
        return;
    }
    c->scheduled = true;
    c->flush_next = x->flush_list;
    x->flush_list = c;
}

int xsd_run_once(struct xsd *x, int timeout_ms)
{
    int n;

    /* Pending work must not wait for an unrelated event. */
    n = loop_run_once(&x->loop, x->flush_list ? 0 : timeout_ms);
    if (n < 0) {
        return n;
    }
    xsd_flush(x);
    return 0;
}

int xsd_run(struct xsd *x)
{
    while (!x->stopping) {
        int rc = xsd_run_once(x, -1);

        if (rc) {
            log_error("event loop failed: %s", strerror(-rc));
            return rc;
        }
    }
    return 0;
}

void xsd_request_stop(struct xsd *x)
{
    uint64_t one = 1;

    /* write() is async-signal-safe; a full counter still means "stop". */
    if (write(x->stop_fd, &one, sizeof(one)) < 0) {
        x->stopping = true;
    }
}

void xsd_fini(struct xsd *x)
{
    struct conn *c;

    sock_close_all(x);
    for (c = x->conns; c; c = c->next) {
        conn_close(c, "daemon shutting down");
    }
    xsd_flush(x);
    /* Anything still listed was scheduled again while closing; free it now. */
    while (x->conns) {
        conn_free(x->conns);
    }
    loop_del(&x->loop, &x->stop_watch);
    close(x->stop_fd);
    loop_fini(&x->loop);
    domain_free_all(x);
    tree_fini(&x->tree);
}
