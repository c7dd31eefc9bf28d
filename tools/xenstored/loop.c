/* SPDX-License-Identifier: GPL-2.0-only */
/* epoll-based event loop. */
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loop.h"

#define LOOP_BATCH 64

int loop_init(struct loop *l)
{
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    return l->epfd < 0 ? errno : 0;
}

void loop_fini(struct loop *l)
{
    if (l->epfd >= 0) {
        close(l->epfd);
        l->epfd = -1;
    }
}

int loop_add(struct loop *l, struct loop_watch *w, int fd, uint32_t events, loop_fn fn)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};

    w->fd = fd;
    w->events = events;
    w->fn = fn;
    return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) ? errno : 0;
}

int loop_mod(struct loop *l, struct loop_watch *w, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = w};

    if (events == w->events) {
        return 0;
    }
    if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, w->fd, &ev)) {
        return errno;
    }
    w->events = events;
    return 0;
}

void loop_del(struct loop *l, struct loop_watch *w)
{
    if (w->fd >= 0) {
        epoll_ctl(l->epfd, EPOLL_CTL_DEL, w->fd, NULL);
    }
}

int loop_run_once(struct loop *l, int timeout_ms)
{
    struct epoll_event evs[LOOP_BATCH];
    int n, i;

    n = epoll_wait(l->epfd, evs, LOOP_BATCH, timeout_ms);
    if (n < 0) {
        return errno == EINTR ? 0 : -errno;
    }
    for (i = 0; i < n; i++) {
        struct loop_watch *w = evs[i].data.ptr;

        w->fn(w, evs[i].events);
    }
    return n;
}
