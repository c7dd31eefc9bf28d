/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The single-threaded event loop: an epoll set of file descriptors, each with a callback.
 * Nothing polls in a busy loop; the daemon sleeps in epoll_wait() until a socket, an event
 * channel or the stop request becomes ready.
 */
#ifndef XSD_LOOP_H
#define XSD_LOOP_H

#include <stdint.h>

struct loop_watch;

/* Called with the epoll events (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP...) that occurred. */
typedef void (*loop_fn)(struct loop_watch *w, uint32_t events);

struct loop_watch {
    int fd;
    uint32_t events; /* Currently requested events. */
    loop_fn fn;
};

struct loop {
    int epfd;
};

/* Create the epoll set. Returns 0 or an errno value. */
int loop_init(struct loop *l);

/* Close the epoll set; watches still registered are simply forgotten. */
void loop_fini(struct loop *l);

/*
 * Start watching fd for events (EPOLLIN and/or EPOLLOUT); w must stay valid until loop_del().
 * Returns 0 or an errno value.
 */
int loop_add(struct loop *l, struct loop_watch *w, int fd, uint32_t events, loop_fn fn);

/* Change the events w waits for; a no-op if they are unchanged. Returns 0 or an errno value. */
int loop_mod(struct loop *l, struct loop_watch *w, uint32_t events);

/* Stop watching w->fd (before closing it). */
void loop_del(struct loop *l, struct loop_watch *w);

/*
 * Wait up to timeout_ms (-1: forever) for events and run their callbacks. Returns the number of
 * callbacks run (0 on timeout or EINTR), or a negative errno value if epoll fails.
 */
int loop_run_once(struct loop *l, int timeout_ms);

#endif /* XSD_LOOP_H */
