/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstored: command line, signals and start-up. The daemon runs in the foreground on one
 * thread; a service manager supervises it. SIGTERM and SIGINT stop it cleanly (sockets are
 * removed), SIGHUP reopens the log file.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain.h"
#include "log.h"
#include "quota.h"
#include "sock.h"
#include "xsd.h"

#define DEFAULT_SOCKET     "/var/run/xenstored/socket"
#define MAX_DOMAIN_SOCKETS 16

struct options {
    const char *socket_path;
    const char *log_file;
    const char *pid_file;
    unsigned int priv_domid;
    int ready_fd;
    enum log_level level;
    struct quota_set quota;
    unsigned int ndomsocks;
    unsigned int domsock_id[MAX_DOMAIN_SOCKETS];
    const char *domsock_path[MAX_DOMAIN_SOCKETS];
};

static struct xsd daemon_state;
static volatile sig_atomic_t reopen_log;

static void usage(FILE *out)
{
    unsigned int i;

    fprintf(out,
            "Usage: xenstored [options]\n"
            "\n"
            "XenStore daemon for Xenolith, speaking Xen's xenstore wire protocol.\n"
            "\n"
            "Options:\n"
            "  -h, -H, --help             show this help and exit\n"
            "  -s, --socket PATH          Unix socket for local (privileged) clients\n"
            "                             (default " DEFAULT_SOCKET ")\n"
            "      --domain-socket ID:PATH\n"
            "                             also listen on PATH; its clients act as domain ID\n"
            "                             (unprivileged unless ID is the privileged domain);\n"
            "                             may be given up to %d times\n"
            "  -p, --priv-domid ID        the privileged domain (default 0)\n"
            "  -Q, --quota NAME=VALUE     set a quota for unprivileged domains (0: no limit)\n"
            "  -E, --entry-nb N           same as --quota nodes=N\n"
            "  -S, --entry-size N         same as --quota node-size=N\n"
            "  -W, --watch-nb N           same as --quota watches=N\n"
            "  -t, --transaction N        same as --quota transactions=N\n"
            "  -A, --perm-nb N            same as --quota node-permissions=N\n"
            "  -M, --path-max N           same as --quota path-max=N\n"
            "  -l, --log-level LEVEL      error, warn, info (default) or debug\n"
            "  -L, --log-file PATH        log to PATH instead of stderr\n"
            "  -F, --pid-file PATH        write the daemon's pid to PATH\n"
            "  -N, --no-fork              accepted for compatibility; never forks\n"
            "      --ready-fd FD          write \"ready\\n\" to FD and close it once all sockets\n"
            "                             accept connections\n"
            "\n"
            "Quotas (NAME: default, meaning):\n",
            MAX_DOMAIN_SOCKETS);
    for (i = 0; i < Q_COUNT; i++) {
        struct quota_set q;

        quota_defaults(&q);
        fprintf(out, "  %-18s %8u  %s\n", quota_name((enum quota_id)i), q.val[i],
                quota_descr((enum quota_id)i));
    }
}

static int parse_domsock(struct options *o, const char *arg)
{
    const char *colon = strchr(arg, ':');
    char id[8];
    size_t len;

    if (!colon || o->ndomsocks == MAX_DOMAIN_SOCKETS || colon[1] == '\0') {
        return EINVAL;
    }
    len = (size_t)(colon - arg);
    if (len == 0 || len >= sizeof(id)) {
        return EINVAL;
    }
    memcpy(id, arg, len);
    id[len] = '\0';
    if (domain_parse_id(id, &o->domsock_id[o->ndomsocks])) {
        return EINVAL;
    }
    o->domsock_path[o->ndomsocks++] = colon + 1;
    return 0;
}

static int parse_fd(struct options *o, const char *arg)
{
    unsigned int fd;

    if (quota_parse_value(arg, &fd)) {
        return EINVAL;
    }
    o->ready_fd = (int)fd;
    return 0;
}

/* Apply a Xen-style single quota option (-E, -S, ...). */
static int set_quota(struct options *o, enum quota_id id, const char *arg)
{
    return quota_parse_value(arg, &o->quota.val[id]);
}

static int parse_option(struct options *o, int opt, const char *arg)
{
    switch (opt) {
    case 's':
        o->socket_path = arg;
        return 0;
    case 'd':
        return parse_domsock(o, arg);
    case 'p':
        return domain_parse_id(arg, &o->priv_domid);
    case 'Q':
        return quota_parse_option(&o->quota, arg);
    case 'E':
        return set_quota(o, Q_NODES, arg);
    case 'S':
        return set_quota(o, Q_NODE_SIZE, arg);
    case 'W':
        return set_quota(o, Q_WATCHES, arg);
    case 't':
        return set_quota(o, Q_TRANSACTIONS, arg);
    case 'A':
        return set_quota(o, Q_PERMS, arg);
    case 'M':
        return set_quota(o, Q_PATH_MAX, arg);
    case 'l':
        return log_parse_level(arg, &o->level) ? 0 : EINVAL;
    case 'L':
        o->log_file = arg;
        return 0;
    case 'F':
        o->pid_file = arg;
        return 0;
    case 'N':
        return 0;
    case 'r':
        return parse_fd(o, arg);
    default:
        return EINVAL;
    }
}

/* Returns 0 to run, 1 to exit successfully (help), -1 on a usage error. */
static int parse_args(struct options *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"socket", required_argument, NULL, 's'},
        {"domain-socket", required_argument, NULL, 'd'},
        {"priv-domid", required_argument, NULL, 'p'},
        {"quota", required_argument, NULL, 'Q'},
        {"entry-nb", required_argument, NULL, 'E'},
        {"entry-size", required_argument, NULL, 'S'},
        {"watch-nb", required_argument, NULL, 'W'},
        {"transaction", required_argument, NULL, 't'},
        {"perm-nb", required_argument, NULL, 'A'},
        {"path-max", required_argument, NULL, 'M'},
        {"log-level", required_argument, NULL, 'l'},
        {"log-file", required_argument, NULL, 'L'},
        {"pid-file", required_argument, NULL, 'F'},
        {"no-fork", no_argument, NULL, 'N'},
        {"ready-fd", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int opt;

    while ((opt = getopt_long(argc, argv, "hHs:p:Q:E:S:W:t:A:M:l:L:F:N", longopts, NULL)) != -1) {
        if (opt == 'h' || opt == 'H') {
            usage(stdout);
            return 1;
        }
        if (opt == '?' || parse_option(o, opt, optarg)) {
            if (opt != '?') {
                fprintf(stderr, "xenstored: invalid argument for -%c: %s\n", opt, optarg);
            }
            usage(stderr);
            return -1;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "xenstored: unexpected argument: %s\n", argv[optind]);
        return -1;
    }
    return 0;
}

static void on_stop_signal(int sig)
{
    (void)sig;
    xsd_request_stop(&daemon_state);
}

static void on_hup(int sig)
{
    (void)sig;
    /* The signal also interrupts epoll_wait(), so the main loop sees the flag at once. */
    reopen_log = 1;
}

static int setup_signals(void)
{
    struct sigaction sa = {0};

    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL)) {
        return errno;
    }
    sa.sa_handler = on_hup;
    if (sigaction(SIGHUP, &sa, NULL)) {
        return errno;
    }
    sa.sa_handler = SIG_IGN;
    return sigaction(SIGPIPE, &sa, NULL) ? errno : 0;
}

static int write_pid_file(const char *path)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        return errno;
    }
    fprintf(f, "%d\n", (int)getpid());
    return fclose(f) ? errno : 0;
}

/* Open every socket; returns 0 or an errno value (already logged). */
static int open_sockets(struct xsd *x, const struct options *o)
{
    unsigned int i;
    int rc = sock_listen(x, o->socket_path, o->priv_domid);

    if (rc) {
        log_error("cannot listen on %s: %s", o->socket_path, strerror(rc));
        return rc;
    }
    for (i = 0; i < o->ndomsocks; i++) {
        rc = sock_listen(x, o->domsock_path[i], o->domsock_id[i]);
        if (rc) {
            log_error("cannot listen on %s: %s", o->domsock_path[i], strerror(rc));
            return rc;
        }
    }
    return 0;
}

static int run(struct xsd *x, const struct options *o)
{
    int rc;

    while (!x->stopping) {
        rc = xsd_run_once(x, -1);
        if (rc) {
            log_error("event loop failed: %s", strerror(-rc));
            return rc;
        }
        if (reopen_log) {
            reopen_log = 0;
            if (o->log_file && log_open(o->log_file)) {
                log_error("cannot reopen log file %s", o->log_file);
            }
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options o = {.socket_path = DEFAULT_SOCKET, .ready_fd = -1, .level = LOG_LVL_INFO};
    bool started = false;
    int rc;

    quota_defaults(&o.quota);
    rc = parse_args(&o, argc, argv);
    if (rc) {
        return rc > 0 ? 0 : 2;
    }
    log_set_level(o.level);
    if (o.log_file) {
        rc = log_open(o.log_file);
        if (rc) {
            fprintf(stderr, "xenstored: cannot open log file %s: %s\n", o.log_file, strerror(rc));
            return 1;
        }
    }
    rc = xsd_init(&daemon_state, o.priv_domid, &o.quota);
    if (rc) {
        log_error("cannot initialise: %s", strerror(rc));
        goto out;
    }
    started = true;
    rc = setup_signals();
    if (!rc) {
        rc = open_sockets(&daemon_state, &o);
    }
    if (!rc && o.pid_file) {
        rc = write_pid_file(o.pid_file);
        if (rc) {
            log_error("cannot write pid file %s: %s", o.pid_file, strerror(rc));
        }
    }
    if (rc) {
        goto out;
    }
    log_info("ready (privileged domain %u)", o.priv_domid);
    if (o.ready_fd >= 0) {
        /* Supervisors and tests wait for this instead of polling for the socket. */
        if (write(o.ready_fd, "ready\n", 6) != 6) {
            log_warn("cannot signal readiness: %s", strerror(errno));
        }
        close(o.ready_fd);
    }
    rc = run(&daemon_state, &o);
    log_info("stopping after %llu requests", (unsigned long long)daemon_state.requests);
out:
    if (started) {
        xsd_fini(&daemon_state);
    }
    if (o.pid_file && started) {
        unlink(o.pid_file);
    }
    log_close();
    return rc ? 1 : 0;
}
