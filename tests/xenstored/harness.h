/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for the xenstored tests: an in-process daemon running the real code on its own
 * thread (clients talk to it over Unix sockets, as any client would), a spawned daemon binary
 * for end-to-end tests, and assertion shorthands. Every wait is bounded: clients time out
 * after H_TIMEOUT_MS and each test program arms an alarm as a last resort.
 */
#ifndef XSD_TEST_HARNESS_H
#define XSD_TEST_HARNESS_H

#include <pthread.h>
#include <stdbool.h>
#include <sys/types.h>

#include "quota.h"
#include "ring.h"
#include "xs.h"
#include "xsd.h"

/* Bound on any single wait for the daemon. */
#define H_TIMEOUT_MS 10000

/* Bound on a whole test program, in seconds. */
#define H_ALARM_SECONDS 120

/* Unprivileged domains the in-process daemon has sockets for. */
#define H_NDOMS 4
extern const unsigned int h_domids[H_NDOMS];

struct harness {
    struct xsd x;
    pthread_t thread;
    char dir[64];
    char sock[96];             /* Privileged socket. */
    char domsock[H_NDOMS][96]; /* Sockets acting as h_domids[i]. */
};

/*
 * Start a daemon thread; q (may be NULL for defaults) sets the quotas, be (may be NULL) the
 * ring backend. Fails the test on error.
 */
struct harness *h_start(const struct quota_set *q, const struct ring_backend *be);

/* Stop the daemon thread, free everything and remove the sockets. */
void h_stop(struct harness *h);

/* A client acting as domid (0 or one of h_domids), with the standard timeout. */
struct xs_client *h_client(struct harness *h, unsigned int domid);

/* Start the daemon binary with extra arguments (NULL-terminated); fills sock. */
pid_t h_spawn(const char *dir, char *sock, size_t size, const char *const *extra);

/* Stop a spawned daemon with SIGTERM and return its exit status (-1 on timeout). */
int h_reap(pid_t pid);

/* Path of the sanitizer build of the daemon, next to this test's build directory. */
const char *h_daemon_path(void);

/* Read path (inside tx, or 0) and check that its value is exactly want. */
void h_expect_read(struct xs_client *c, uint32_t tx, const char *path, const char *want);

/* Next watch event must be (path, token). */
void h_expect_event(struct xs_client *c, const char *path, const char *token);

/*
 * Make sure no other event is queued before a sentinel: h_sentinel_watch() has the privileged
 * client priv create /sentinel-<tag>, readable by every domain, and c watch it; h_sentinel()
 * has writer change it, after which the next event on c must be that change.
 */
void h_sentinel_watch(struct xs_client *priv, struct xs_client *c, const char *tag);
void h_sentinel(struct xs_client *writer, struct xs_client *c, const char *tag);

/* Ask the daemon (through privileged client c) to verify its tree; fails the test if not OK. */
void h_check_store(struct xs_client *c);

/* Arm the program-wide alarm. */
void h_alarm(void);

/* A string literal with embedded NULs as (payload, length including the final NUL). */
#define LIT(s) (s), sizeof(s)

/* The same without the final NUL, e.g. for a WRITE whose value is the literal's tail. */
#define LITN(s) (s), (sizeof(s) - 1)

#define OK(expr)       assert_int_equal((expr), 0)
#define ERR(expr, err) assert_int_equal((expr), (err))

#endif /* XSD_TEST_HARNESS_H */
