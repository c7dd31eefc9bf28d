/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xs-bench: request throughput of xenstored over its Unix socket. It starts a private daemon
 * (the xenstored next to this program, or --daemon PATH) on a socket in a temporary directory,
 * or uses a running one (--socket PATH), and reports the median of several runs for:
 *   write       WRITE request, wait for the reply, repeat
 *   read        READ request, wait for the reply, repeat
 *   read-pipe   READ requests kept PIPELINE deep in flight
 *   txn         TRANSACTION_START, WRITE, TRANSACTION_END(commit)
 * Figures are requests per second (transactions per second for txn), printed as
 * "name: value unit notes" lines for `make bench`. Unless --no-pin is given, the program and
 * its private daemon share one CPU: a request/reply ping-pong across CPUs mostly measures
 * wake-up latency of the machine (very noisy on virtual CPUs), not the daemon.
 */
#define _GNU_SOURCE /* sched_setaffinity() */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xs.h"

#define PIPELINE         32
#define START_TIMEOUT_MS 10000

struct bench_opts {
    const char *daemon;
    const char *socket;
    unsigned int runs;
    unsigned int ops;
    int pin; /* Share one CPU with the daemon. */
};

static double now_sec(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Wait (with inotify, no polling) until name appears in dir. Returns 0 or an errno value. */
static int wait_for_file(const char *dir, const char *name, const char *full)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    int fd = inotify_init1(IN_CLOEXEC);
    int rc = 0;

    if (fd < 0) {
        return errno;
    }
    if (inotify_add_watch(fd, dir, IN_CREATE | IN_MOVED_TO) < 0) {
        rc = errno;
        goto out;
    }
    while (access(full, F_OK) != 0) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        ssize_t n;
        char *ev;

        if (poll(&p, 1, START_TIMEOUT_MS) <= 0) {
            rc = ETIMEDOUT;
            goto out;
        }
        n = read(fd, buf, sizeof(buf));
        for (ev = buf; n > 0 && ev < buf + n;) {
            const struct inotify_event *ie = (const struct inotify_event *)ev;

            if (ie->len && strcmp(ie->name, name) == 0) {
                goto out;
            }
            ev += sizeof(*ie) + ie->len;
        }
    }
out:
    close(fd);
    return rc;
}

static pid_t start_daemon(const char *daemon, const char *dir, char *sock, size_t size)
{
    pid_t pid;

    snprintf(sock, size, "%s/socket", dir);
    pid = fork();
    if (pid == 0) {
        execl(daemon, daemon, "--socket", sock, "--log-level", "warn", (char *)NULL);
        perror(daemon);
        _exit(127);
    }
    if (pid < 0 || wait_for_file(dir, "socket", sock)) {
        fprintf(stderr, "xs-bench: could not start %s\n", daemon);
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
        return -1;
    }
    return pid;
}

static int bench_write(struct xs_client *c, unsigned int ops)
{
    char path[32];
    unsigned int i;

    for (i = 0; i < ops; i++) {
        snprintf(path, sizeof(path), "/bench/k%u", i % 64);
        if (xs_write_str(c, 0, path, "value-of-thirty-two-bytes-length")) {
            return -1;
        }
    }
    return 0;
}

static int bench_read(struct xs_client *c, unsigned int ops)
{
    char path[32], *v;
    unsigned int i;

    for (i = 0; i < ops; i++) {
        snprintf(path, sizeof(path), "/bench/k%u", i % 64);
        if (xs_read(c, 0, path, &v, NULL)) {
            return -1;
        }
        free(v);
    }
    return 0;
}

/* Keep PIPELINE reads in flight: send, then for every reply received send the next. */
static int bench_read_pipe(struct xs_client *c, unsigned int ops)
{
    static const char path[] = "/bench/k1";
    unsigned int sent = 0, got = 0;

    while (got < ops) {
        struct xs_msg *m;

        while (sent < ops && sent - got < PIPELINE) {
            if (xs_send(c, XS_READ, xs_next_req_id(c), 0, path, sizeof(path))) {
                return -1;
            }
            sent++;
        }
        if (xs_recv(c, &m) || m->hdr.type != XS_READ) {
            xs_msg_free(m);
            return -1;
        }
        xs_msg_free(m);
        got++;
    }
    return 0;
}

static int bench_txn(struct xs_client *c, unsigned int ops)
{
    unsigned int i;
    uint32_t tx;

    for (i = 0; i < ops; i++) {
        if (xs_txn_start(c, &tx) || xs_write_str(c, tx, "/bench/txn", "x") ||
            xs_txn_end(c, tx, true)) {
            return -1;
        }
    }
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(struct xs_client *c, unsigned int ops);
    const char *unit;
    unsigned int ops_div; /* Slower benchmarks run fewer operations per run. */
} benches[] = {
    {"xenstored write over socket", bench_write, "req/s", 1},
    {"xenstored read over socket", bench_read, "req/s", 1},
    {"xenstored read over socket, 32 pipelined", bench_read_pipe, "req/s", 1},
    {"xenstored transaction (start, write, commit)", bench_txn, "txn/s", 4},
};

/* Prints figures as "name: value unit notes", the format `make bench` collects. */
static int run_benches(struct xs_client *c, const struct bench_opts *o)
{
    double *rates = calloc(o->runs, sizeof(*rates));
    unsigned int b, r;

    if (!rates || bench_write(c, 64)) {
        free(rates);
        return -1;
    }
    for (b = 0; b < sizeof(benches) / sizeof(benches[0]); b++) {
        unsigned int ops = o->ops / benches[b].ops_div ? o->ops / benches[b].ops_div : 1;

        for (r = 0; r < o->runs; r++) {
            double t0 = now_sec(), dt;

            if (benches[b].fn(c, ops)) {
                fprintf(stderr, "xs-bench: %s failed\n", benches[b].name);
                free(rates);
                return -1;
            }
            dt = now_sec() - t0;
            rates[r] = dt > 0 ? ops / dt : 0;
        }
        qsort(rates, o->runs, sizeof(*rates), cmp_double);
        printf("%s: %.0f %s (median of %u runs of %u, min %.0f, max %.0f%s)\n", benches[b].name,
               rates[o->runs / 2], benches[b].unit, o->runs, ops, rates[0], rates[o->runs - 1],
               o->pin ? ", one CPU" : "");
        fflush(stdout);
    }
    free(rates);
    return 0;
}

/* Run on the first CPU we may use; a daemon started later inherits it. */
static void pin_to_one_cpu(void)
{
    cpu_set_t set, one;
    int cpu;

    if (sched_getaffinity(0, sizeof(set), &set)) {
        return;
    }
    for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set)) {
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            sched_setaffinity(0, sizeof(one), &one);
            return;
        }
    }
}

/* The xenstored binary beside this program. */
static int default_daemon(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 16);
    char *slash;

    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';
    slash = strrchr(buf, '/');
    if (!slash) {
        return -1;
    }
    strcpy(slash + 1, "xenstored");
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out, "Usage: xs-bench [--daemon PATH | --socket PATH] [--runs N] [--ops N]\n"
                 "  --daemon PATH  xenstored to start privately (default: beside xs-bench)\n"
                 "  --socket PATH  benchmark a running daemon instead\n"
                 "  --runs N       runs per benchmark, the median is reported (default 5)\n"
                 "  --ops N        operations per run (default 20000)\n"
                 "  --no-pin       do not put xs-bench and its daemon on one CPU\n");
}

static int parse_opts(struct bench_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"daemon", required_argument, NULL, 'd'},
        {"socket", required_argument, NULL, 's'},
        {"runs", required_argument, NULL, 'r'},
        {"ops", required_argument, NULL, 'o'},
        {"no-pin", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int opt;

    while ((opt = getopt_long(argc, argv, "d:s:r:o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            o->daemon = optarg;
            break;
        case 's':
            o->socket = optarg;
            break;
        case 'r':
            o->runs = (unsigned int)strtoul(optarg, NULL, 10);
            break;
        case 'o':
            o->ops = (unsigned int)strtoul(optarg, NULL, 10);
            break;
        case 'n':
            o->pin = 0;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        default:
            usage(stderr);
            return -1;
        }
    }
    return o->runs && o->ops && optind == argc ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct bench_opts o = {.runs = 5, .ops = 20000, .pin = 1};
    char daemon[PATH_MAX], dir[] = "/tmp/xs-bench.XXXXXX", sock[PATH_MAX];
    struct xs_client *c = NULL;
    pid_t pid = -1;
    int rc = 1;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (parse_opts(&o, argc, argv)) {
        return 2;
    }
    if (o.pin) {
        pin_to_one_cpu();
    }
    if (!o.socket) {
        if (!o.daemon && default_daemon(daemon, sizeof(daemon)) == 0) {
            o.daemon = daemon;
        }
        if (!o.daemon || !mkdtemp(dir)) {
            fprintf(stderr, "xs-bench: cannot prepare a private daemon\n");
            return 1;
        }
        pid = start_daemon(o.daemon, dir, sock, sizeof(sock));
        if (pid < 0) {
            goto out;
        }
        o.socket = sock;
    }
    c = xs_open(o.socket);
    if (!c) {
        fprintf(stderr, "xs-bench: cannot connect to %s: %s\n", o.socket, strerror(errno));
        goto out;
    }
    xs_set_timeout(c, 30000);
    rc = run_benches(c, &o) ? 1 : 0;
out:
    xs_close(c);
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    if (o.socket == sock) {
        rmdir(dir);
    }
    return rc;
}
