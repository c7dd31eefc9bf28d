/* SPDX-License-Identifier: GPL-2.0-only */
/* Test helpers: in-process and spawned daemons, expectations on reads and events. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "log.h"
#include "sock.h"

const unsigned int h_domids[H_NDOMS] = {1, 2, 5, 6};

static void *h_thread(void *arg)
{
    struct harness *h = arg;

    xsd_run(&h->x);
    return NULL;
}

struct harness *h_start(const struct quota_set *q, const struct ring_backend *be)
{
    struct harness *h = calloc(1, sizeof(*h));
    struct quota_set defaults;
    unsigned int i;

    assert_non_null(h);
    log_set_level(getenv("XSD_TEST_DEBUG") ? LOG_LVL_DEBUG : LOG_LVL_ERROR);
    strcpy(h->dir, "/tmp/xsd-test.XXXXXX");
    assert_non_null(mkdtemp(h->dir));
    quota_defaults(&defaults);
    OK(xsd_init(&h->x, 0, q ? q : &defaults));
    h->x.backend = be;
    snprintf(h->sock, sizeof(h->sock), "%s/socket", h->dir);
    OK(sock_listen(&h->x, h->sock, 0));
    for (i = 0; i < H_NDOMS; i++) {
        snprintf(h->domsock[i], sizeof(h->domsock[i]), "%s/dom%u", h->dir, h_domids[i]);
        OK(sock_listen(&h->x, h->domsock[i], h_domids[i]));
    }
    OK(pthread_create(&h->thread, NULL, h_thread, h));
    return h;
}

void h_stop(struct harness *h)
{
    xsd_request_stop(&h->x);
    OK(pthread_join(h->thread, NULL));
    xsd_fini(&h->x);
    OK(rmdir(h->dir));
    free(h);
}

struct xs_client *h_client(struct harness *h, unsigned int domid)
{
    const char *path = NULL;
    struct xs_client *c;
    unsigned int i;

    if (domid == 0) {
        path = h->sock;
    }
    for (i = 0; i < H_NDOMS; i++) {
        if (h_domids[i] == domid) {
            path = h->domsock[i];
        }
    }
    assert_non_null(path);
    c = xs_open(path);
    assert_non_null(c);
    xs_set_timeout(c, H_TIMEOUT_MS);
    return c;
}

const char *h_daemon_path(void)
{
    static char path[PATH_MAX];
    const char *env = getenv("XENSTORED_BIN");
    ssize_t n;
    char *slash;

    if (env) {
        return env;
    }
    /* build/tests/xenstored/<test> -> build/tools/xenstored/xenstored-san */
    n = readlink("/proc/self/exe", path, sizeof(path) - 64);
    assert_true(n > 0);
    path[n] = '\0';
    slash = strrchr(path, '/');
    assert_non_null(slash);
    strcpy(slash, "/../../tools/xenstored/xenstored-san");
    return path;
}

pid_t h_spawn(const char *dir, char *sock, size_t size, const char *const *extra)
{
    const char *argv[32];
    char fdbuf[16], buf[16];
    struct pollfd p;
    unsigned int n = 0;
    int pipefd[2];
    pid_t pid;

    snprintf(sock, size, "%s/socket", dir);
    OK(pipe(pipefd));
    snprintf(fdbuf, sizeof(fdbuf), "%d", pipefd[1]);
    argv[n++] = h_daemon_path();
    argv[n++] = "--socket";
    argv[n++] = sock;
    argv[n++] = "--ready-fd";
    argv[n++] = fdbuf;
    argv[n++] = "--log-level";
    argv[n++] = getenv("XSD_TEST_DEBUG") ? "debug" : "error";
    while (extra && *extra && n < 31) {
        argv[n++] = *extra++;
    }
    argv[n] = NULL;
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pipefd[0]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    /* The daemon writes "ready" once its sockets accept connections; no polling needed. */
    p.fd = pipefd[0];
    p.events = POLLIN;
    assert_int_equal(poll(&p, 1, H_TIMEOUT_MS), 1);
    assert_int_equal(read(pipefd[0], buf, sizeof(buf)), 6);
    close(pipefd[0]);
    return pid;
}

int h_reap(pid_t pid)
{
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    struct pollfd p = {.fd = pidfd, .events = POLLIN};
    int status;

    kill(pid, SIGTERM);
    /* Bounded wait for the exit itself: a daemon that does not stop fails and is killed. */
    if (pidfd < 0 || poll(&p, 1, H_TIMEOUT_MS) != 1) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        if (pidfd >= 0) {
            close(pidfd);
        }
        return -1;
    }
    close(pidfd);
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void h_expect_read(struct xs_client *c, uint32_t tx, const char *path, const char *want)
{
    char *v = NULL;
    unsigned int len;

    OK(xs_read(c, tx, path, &v, &len));
    assert_int_equal(len, strlen(want));
    assert_string_equal(v, want);
    free(v);
}

void h_expect_event(struct xs_client *c, const char *path, const char *token)
{
    char *p, *t;

    OK(xs_read_watch(c, &p, &t));
    assert_string_equal(p, path);
    assert_string_equal(t, token);
    free(p);
}

void h_sentinel_watch(struct xs_client *priv, struct xs_client *c, const char *tag)
{
    char path[64];

    snprintf(path, sizeof(path), "/sentinel-%s", tag);
    OK(xs_write_str(priv, 0, path, ""));
    OK(xs_set_perms(priv, 0, path, "n0 r32757")); /* DOMID_ANY may read. */
    OK(xs_watch(c, path, "sentinel"));
    h_expect_event(c, path, "sentinel");
}

void h_sentinel(struct xs_client *writer, struct xs_client *c, const char *tag)
{
    char path[64];

    snprintf(path, sizeof(path), "/sentinel-%s", tag);
    OK(xs_write_str(writer, 0, path, "x"));
    h_expect_event(c, path, "sentinel");
}

void h_check_store(struct xs_client *c)
{
    struct xs_msg *m;

    OK(xs_request(c, XS_CONTROL, 0, LIT("check"), &m));
    assert_string_equal(m->body, "OK");
    xs_msg_free(m);
}

static void h_on_alarm(int sig)
{
    static const char msg[] = "xenstored test: hard timeout, aborting\n";

    (void)sig;
    if (write(2, msg, sizeof(msg) - 1) < 0) {
        _exit(124);
    }
    _exit(124);
}

void h_alarm(void)
{
    signal(SIGALRM, h_on_alarm);
    alarm(H_ALARM_SECONDS);
}
