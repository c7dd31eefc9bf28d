/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wire protocol end to end: the daemon binary (sanitizer build) is started on a socket in
 * a temporary directory and driven with raw messages. Every message type is sent and its reply
 * checked byte for byte (type, echoed req_id and tx_id, payload, error names), along with
 * malformed payloads, unknown types, requests split into single bytes, pipelined requests, a
 * client that does not read its replies, oversized payloads and garbage, and a clean shutdown.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

struct daemon {
    char dir[64];
    char sock[96], sock5[96], sock6[96];
    pid_t pid;
};

static struct daemon dmn;
static uint32_t next_id = 0x1000;

static struct xs_client *client(const char *path)
{
    struct xs_client *c = xs_open(path);

    assert_non_null(c);
    xs_set_timeout(c, H_TIMEOUT_MS);
    return c;
}

/* Send one request and return the reply, checking that req_id and tx_id are echoed. */
static struct xs_msg *req(struct xs_client *c, uint32_t type, uint32_t tx, const void *p,
                          size_t len)
{
    uint32_t id = next_id++;
    struct xs_msg *m;

    OK(xs_send(c, type, id, tx, p, len));
    do {
        OK(xs_recv(c, &m));
        if (m->hdr.type == XS_WATCH_EVENT) {
            xs_msg_free(m);
            m = NULL;
        }
    } while (!m);
    assert_int_equal(m->hdr.req_id, id);
    assert_int_equal(m->hdr.tx_id, tx);
    return m;
}

/* The reply must be of the request's type with exactly this payload. */
static void expect_reply(struct xs_client *c, uint32_t type, uint32_t tx, const void *p, size_t len,
                         const void *body, size_t blen)
{
    struct xs_msg *m = req(c, type, tx, p, len);

    if (m->hdr.type == XS_ERROR) {
        fail_msg("type %u: unexpected error %s", type, m->body);
    }
    assert_int_equal(m->hdr.type, type);
    assert_int_equal(m->hdr.len, blen);
    assert_memory_equal(m->body, body, blen);
    xs_msg_free(m);
}

static void expect_ok(struct xs_client *c, uint32_t type, uint32_t tx, const void *p, size_t len)
{
    expect_reply(c, type, tx, p, len, "OK", 3);
}

/* The reply must be an ERROR carrying exactly "<name>\0". */
static void expect_error(struct xs_client *c, uint32_t type, uint32_t tx, const void *p, size_t len,
                         const char *name)
{
    struct xs_msg *m = req(c, type, tx, p, len);

    assert_int_equal(m->hdr.type, XS_ERROR);
    assert_int_equal(m->hdr.len, strlen(name) + 1);
    assert_string_equal(m->body, name);
    xs_msg_free(m);
}

static int group_setup(void **state)
{
    const char *extra[] = {"--domain-socket", dmn.sock5, "--domain-socket", dmn.sock6, NULL};

    (void)state;
    strcpy(dmn.dir, "/tmp/xsd-proto.XXXXXX");
    if (!mkdtemp(dmn.dir)) {
        return -1;
    }
    snprintf(dmn.sock5, sizeof(dmn.sock5), "5:%s/dom5", dmn.dir);
    snprintf(dmn.sock6, sizeof(dmn.sock6), "6:%s/dom6", dmn.dir);
    dmn.pid = h_spawn(dmn.dir, dmn.sock, sizeof(dmn.sock), extra);
    /* From here on the socket options name plain paths. */
    memmove(dmn.sock5, dmn.sock5 + 2, strlen(dmn.sock5 + 2) + 1);
    memmove(dmn.sock6, dmn.sock6 + 2, strlen(dmn.sock6 + 2) + 1);
    return 0;
}

static int group_teardown(void **state)
{
    struct stat st;

    (void)state;
    /* SIGTERM is a clean shutdown: exit status 0, sockets removed. */
    if (h_reap(dmn.pid) != 0 || stat(dmn.sock, &st) == 0 || stat(dmn.sock5, &st) == 0) {
        return -1;
    }
    return rmdir(dmn.dir) ? -1 : 0;
}

static void test_read_write_mkdir_rm_directory(void **state)
{
    struct xs_client *c = client(dmn.sock);

    (void)state;
    expect_ok(c, XS_WRITE, 0, LITN("/p/a\0bin\0ary"));
    expect_reply(c, XS_READ, 0, LIT("/p/a"), "bin\0ary", 7);
    expect_ok(c, XS_WRITE, 0, "/p/empty", 9);
    expect_reply(c, XS_READ, 0, LIT("/p/empty"), "", 0);
    expect_error(c, XS_READ, 0, LIT("/p/none"), "ENOENT");
    expect_ok(c, XS_MKDIR, 0, LIT("/p/dir/sub"));
    expect_ok(c, XS_MKDIR, 0, LIT("/p/dir/sub"));
    expect_reply(c, XS_DIRECTORY, 0, LIT("/p"), LIT("a\0empty\0dir"));
    expect_reply(c, XS_DIRECTORY, 0, LIT("/p/dir/sub"), "", 0);
    expect_error(c, XS_DIRECTORY, 0, LIT("/p/none"), "ENOENT");
    expect_ok(c, XS_RM, 0, LIT("/p/dir"));
    expect_ok(c, XS_RM, 0, LIT("/p/dir"));
    expect_error(c, XS_RM, 0, LIT("/p/dir/sub"), "ENOENT");
    expect_error(c, XS_RM, 0, LIT("/"), "EINVAL");
    expect_reply(c, XS_DIRECTORY, 0, LIT("/p"), LIT("a\0empty"));
    xs_close(c);
}

static void test_permission_messages(void **state)
{
    struct xs_client *c = client(dmn.sock), *d5 = client(dmn.sock5);

    (void)state;
    expect_ok(c, XS_WRITE, 0, LITN("/perm/x\0v"));
    expect_reply(c, XS_GET_PERMS, 0, LIT("/perm/x"), "n0", 3);
    expect_ok(c, XS_SET_PERMS, 0, LIT("/perm/x\0n0\0r5\0b6"));
    expect_reply(c, XS_GET_PERMS, 0, LIT("/perm/x"), "n0\0r5\0b6", 9);
    expect_reply(d5, XS_READ, 0, LIT("/perm/x"), "v", 1);
    expect_error(d5, XS_WRITE, 0, LITN("/perm/x\0w"), "EACCES");
    expect_error(d5, XS_READ, 0, LIT("/perm/hidden"), "EACCES");
    expect_error(d5, XS_SET_PERMS, 0, LIT("/perm/x\0n5"), "EACCES");
    expect_error(c, XS_SET_PERMS, 0, LIT("/perm/x"), "EINVAL");
    expect_error(c, XS_SET_PERMS, 0, LIT("/perm/x\0q0"), "EINVAL");
    expect_error(c, XS_SET_PERMS, 0, LIT("/perm/x\0r"), "EINVAL");
    expect_error(c, XS_SET_PERMS, 0, LIT("/perm/none\0n0"), "ENOENT");
    expect_reply(c, XS_GET_PERMS, 0, LIT("@releaseDomain"), "n0\0r32757", 10);
    /* Unprivileged domains get relative paths under their home. */
    expect_reply(d5, XS_GET_DOMAIN_PATH, 0, LIT("5"), "/local/domain/5", 16);
    expect_error(d5, XS_WRITE, 0, LITN("rel\0v"), "EACCES");
    xs_close(c);
    xs_close(d5);
}

static void test_watch_messages(void **state)
{
    struct xs_client *c = client(dmn.sock);
    struct xs_msg *m;

    (void)state;
    expect_ok(c, XS_WATCH, 0, LIT("/wm\0tok"));
    OK(xs_recv(c, &m));
    assert_int_equal(m->hdr.type, XS_WATCH_EVENT);
    assert_int_equal(m->hdr.req_id, 0);
    assert_int_equal(m->hdr.tx_id, 0);
    assert_int_equal(m->hdr.len, 8);
    assert_memory_equal(m->body, "/wm\0tok", 8);
    xs_msg_free(m);
    expect_error(c, XS_WATCH, 0, LIT("/wm\0tok"), "EEXIST");
    expect_error(c, XS_WATCH, 0, LIT("/wm"), "EINVAL");
    expect_error(c, XS_WATCH, 0, LIT("/wm/\0t"), "EINVAL");
    expect_error(c, XS_UNWATCH, 0, LIT("/wm\0other"), "ENOENT");
    expect_ok(c, XS_UNWATCH, 0, LIT("/wm\0tok"));
    expect_ok(c, XS_WATCH, 0, LIT("/wm\0again"));
    expect_ok(c, XS_RESET_WATCHES, 0, LIT(""));
    expect_error(c, XS_UNWATCH, 0, LIT("/wm\0again"), "ENOENT");
    xs_close(c);
}

static void test_transaction_messages(void **state)
{
    struct xs_client *c = client(dmn.sock);
    struct xs_msg *m;
    uint32_t tx;

    (void)state;
    m = req(c, XS_TRANSACTION_START, 0, LIT(""));
    assert_int_equal(m->hdr.type, XS_TRANSACTION_START);
    assert_int_equal(m->hdr.len, strlen(m->body) + 1);
    tx = (uint32_t)strtoul(m->body, NULL, 10);
    assert_int_not_equal(tx, 0);
    xs_msg_free(m);
    expect_ok(c, XS_WRITE, tx, LITN("/tm\0in-tx"));
    expect_reply(c, XS_READ, tx, LIT("/tm"), "in-tx", 5);
    expect_error(c, XS_READ, 0, LIT("/tm"), "ENOENT");
    expect_error(c, XS_TRANSACTION_START, tx, LIT(""), "EBUSY");
    expect_error(c, XS_TRANSACTION_END, tx, LIT("maybe"), "EINVAL");
    expect_ok(c, XS_TRANSACTION_END, tx, LIT("T"));
    expect_error(c, XS_TRANSACTION_END, tx, LIT("T"), "ENOENT");
    expect_reply(c, XS_READ, 0, LIT("/tm"), "in-tx", 5);
    xs_close(c);
}

static void test_domain_messages(void **state)
{
    struct xs_client *c = client(dmn.sock), *d5 = client(dmn.sock5), *d6 = client(dmn.sock6);

    (void)state;
    expect_reply(c, XS_GET_DOMAIN_PATH, 0, LIT("12"), "/local/domain/12", 17);
    expect_error(c, XS_GET_DOMAIN_PATH, 0, LIT("x"), "EINVAL");
    expect_error(c, XS_GET_DOMAIN_PATH, 0, LIT("65536"), "EINVAL");
    expect_reply(c, XS_IS_DOMAIN_INTRODUCED, 0, LIT("12"), "F", 2);
    expect_reply(c, XS_IS_DOMAIN_INTRODUCED, 0, LIT("0"), "T", 2);
    expect_ok(c, XS_INTRODUCE, 0,
              LIT("12\0"
                  "-1\0"
                  "5"));
    expect_reply(c, XS_IS_DOMAIN_INTRODUCED, 0, LIT("12"), "T", 2);
    expect_error(c, XS_INTRODUCE, 0,
                 LIT("13\0"
                     "1"),
                 "EINVAL");
    expect_error(c, XS_INTRODUCE, 0,
                 LIT("13\0"
                     "1\0"
                     "0"),
                 "EINVAL");
    expect_error(c, XS_INTRODUCE, 0,
                 LIT("32752\0"
                     "1\0"
                     "1"),
                 "EINVAL");
    expect_ok(c, XS_RESUME, 0, LIT("12"));
    expect_error(c, XS_RESUME, 0, LIT("13"), "ENOENT");
    expect_ok(c, XS_RELEASE, 0, LIT("12"));
    expect_error(c, XS_RELEASE, 0, LIT("12"), "ENOENT");
    expect_error(c, XS_RELEASE, 0, LIT("0"), "EINVAL");

    /* SET_TARGET: domain 6 acts for domain 5 (e.g. its device model). */
    expect_ok(c, XS_WRITE, 0, LITN("/dm/x\0v"));
    expect_ok(c, XS_SET_PERMS, 0, LIT("/dm/x\0n5"));
    expect_error(d6, XS_READ, 0, LIT("/dm/x"), "EACCES");
    expect_error(c, XS_SET_TARGET, 0,
                 LIT("6\0"
                     "5"),
                 "ENOENT");
    expect_ok(c, XS_INTRODUCE, 0,
              LIT("5\0"
                  "1\0"
                  "1"));
    expect_ok(c, XS_INTRODUCE, 0,
              LIT("6\0"
                  "1\0"
                  "1"));
    expect_ok(c, XS_SET_TARGET, 0,
              LIT("6\0"
                  "5"));
    expect_reply(d6, XS_READ, 0, LIT("/dm/x"), "v", 1);
    expect_ok(c, XS_RELEASE, 0, LIT("6"));
    expect_ok(c, XS_RELEASE, 0, LIT("5"));
    expect_error(d6, XS_READ, 0, LIT("/dm/x"), "EACCES");

    /* All of these belong to the control domain. */
    expect_error(d5, XS_INTRODUCE, 0,
                 LIT("9\0"
                     "1\0"
                     "1"),
                 "EACCES");
    expect_error(d5, XS_RELEASE, 0, LIT("9"), "EACCES");
    expect_error(d5, XS_IS_DOMAIN_INTRODUCED, 0, LIT("9"), "EACCES");
    expect_error(d5, XS_RESUME, 0, LIT("9"), "EACCES");
    expect_error(d5, XS_SET_TARGET, 0,
                 LIT("9\0"
                     "5"),
                 "EACCES");
    expect_error(d5, XS_CONTROL, 0, LIT("help"), "EACCES");
    expect_error(d5, XS_SET_FEATURE, 0,
                 LIT("9\0"
                     "0"),
                 "EACCES");
    xs_close(c);
    xs_close(d5);
    xs_close(d6);
}

static void test_feature_quota_control(void **state)
{
    struct xs_client *c = client(dmn.sock), *d5 = client(dmn.sock5);
    struct xs_msg *m;

    (void)state;
    expect_reply(c, XS_GET_FEATURE, 0, NULL, 0, "14", 3);
    expect_reply(d5, XS_GET_FEATURE, 0, NULL, 0, "14", 3);
    expect_error(d5, XS_GET_FEATURE, 0, LIT("5"), "EACCES");
    expect_ok(c, XS_SET_FEATURE, 0,
              LIT("20\0"
                  "2"));
    expect_reply(c, XS_GET_FEATURE, 0, LIT("20"), "2", 2);
    expect_error(c, XS_SET_FEATURE, 0,
                 LIT("20\0"
                     "1"),
                 "EINVAL");
    expect_error(c, XS_GET_FEATURE, 0, LIT("21"), "ENOENT");
    expect_ok(c, XS_INTRODUCE, 0,
              LIT("20\0"
                  "1\0"
                  "1"));
    expect_error(c, XS_SET_FEATURE, 0,
                 LIT("20\0"
                     "0"),
                 "EBUSY");
    expect_ok(c, XS_RELEASE, 0, LIT("20"));
    expect_reply(c, XS_GET_QUOTA, 0, LIT("node-size"), "2048", 5);
    expect_ok(c, XS_CONTROL, 0, LIT("check"));
    expect_ok(c, XS_CONTROL, 0, LIT("print\0hello from test-proto"));
    expect_ok(c, XS_CONTROL, 0, LIT("log\0error"));
    expect_error(c, XS_CONTROL, 0, LIT("log\0loud"), "EINVAL");
    expect_error(c, XS_CONTROL, 0, LIT("no-such-command"), "EINVAL");
    m = req(c, XS_CONTROL, 0, LIT("help"));
    assert_int_equal(m->hdr.type, XS_CONTROL);
    assert_non_null(strstr(m->body, "check"));
    assert_non_null(strstr(m->body, "quota"));
    xs_msg_free(m);
    m = req(c, XS_CONTROL, 0, LIT("quota"));
    assert_non_null(strstr(m->body, "transaction-nodes"));
    xs_msg_free(m);
    xs_close(c);
    xs_close(d5);
}

static void test_invalid_types(void **state)
{
    static const uint32_t bad[] = {XS_WATCH_EVENT, XS_ERROR,   20,         XS_TYPE_COUNT,
                                   1000,           XS_INVALID, 0xffffffffu};
    struct xs_client *c = client(dmn.sock);
    unsigned int i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        expect_error(c, bad[i], 0, LIT("/"), "ENOSYS");
    }
    expect_reply(c, XS_DIRECTORY, 0, LIT("/tool"), "xenstored", 10);
    xs_close(c);
}

static void test_malformed_payloads(void **state)
{
    struct xs_client *c = client(dmn.sock);

    (void)state;
    expect_error(c, XS_READ, 0, "/tool", 5, "EINVAL");          /* No NUL. */
    expect_error(c, XS_READ, 0, LIT("/tool\0/tool"), "EINVAL"); /* Two strings. */
    expect_error(c, XS_READ, 0, NULL, 0, "EINVAL");
    expect_error(c, XS_READ, 0, LIT(""), "EINVAL");
    expect_error(c, XS_READ, 0, LIT("/a b"), "EINVAL");
    expect_error(c, XS_READ, 0, LIT("/a//b"), "EINVAL");
    expect_error(c, XS_READ, 0, LIT("/a/"), "EINVAL");
    expect_error(c, XS_READ, 0, LIT("@releaseDomain"), "EINVAL");
    expect_error(c, XS_WRITE, 0, "/nonul", 6, "EINVAL");
    expect_error(c, XS_MKDIR, 0, LIT("/x\x7f"), "EINVAL");
    expect_error(c, XS_DIRECTORY_PART, 0, LIT("/tool"), "EINVAL");
    expect_error(c, XS_DIRECTORY_PART, 0, LIT("/tool\0zero"), "EINVAL");
    expect_error(c, XS_TRANSACTION_END, 0, LIT("T"), "ENOENT");
    expect_error(c, XS_READ, 77, LIT("/tool"), "ENOENT");
    xs_close(c);
}

static void test_directory_part(void **state)
{
    struct xs_client *c = client(dmn.sock);
    char path[64], *all = NULL, gen[32] = "";
    size_t total = 0, expect = 0;
    struct xs_msg *m;
    unsigned int off = 0, i;

    (void)state;
    for (i = 0; i < 500; i++) {
        snprintf(path, sizeof(path), "/big/child-%05u", i);
        expect_ok(c, XS_WRITE, 0, path, strlen(path) + 1);
        expect += strlen("child-00000") + 1;
    }
    /* Too long for one reply. */
    expect_error(c, XS_DIRECTORY, 0, LIT("/big"), "E2BIG");
    for (;;) {
        char arg[64];
        size_t glen, len;

        snprintf(arg, sizeof(arg), "/big%c%u", '\0', off);
        m = req(c, XS_DIRECTORY_PART, 0, arg, 5 + strlen(arg + 5) + 1);
        assert_int_equal(m->hdr.type, XS_DIRECTORY_PART);
        assert_true(m->hdr.len <= XENSTORE_PAYLOAD_MAX);
        glen = strlen(m->body) + 1;
        if (off == 0) {
            strcpy(gen, m->body);
        }
        assert_string_equal(m->body, gen); /* Unchanged node, unchanged generation. */
        len = m->hdr.len - glen;
        all = realloc(all, total + len);
        memcpy(all + total, m->body + glen, len);
        total += len;
        off += (unsigned int)len;
        xs_msg_free(m);
        /* The last chunk ends with an empty name: two NULs in a row. */
        if (total >= 2 && all[total - 2] == '\0') {
            break;
        }
    }
    assert_int_equal(total, expect + 1);
    assert_string_equal(all, "child-00000");
    assert_string_equal(all + expect - 12, "child-00499");
    free(all);
    /* Past the end: just the generation and an empty list. */
    m = req(c, XS_DIRECTORY_PART, 0,
            LIT("/big\0"
                "99999"));
    assert_int_equal(m->hdr.len, strlen(gen) + 2);
    xs_msg_free(m);
    expect_ok(c, XS_RM, 0, LIT("/big"));
    xs_close(c);
}

static void test_bytewise_requests(void **state)
{
    struct xs_client *c = client(dmn.sock);
    struct xsd_sockmsg hdr = {XS_WRITE, 77, 0, 12};
    char buf[sizeof(hdr) + 12];
    struct xs_msg *m;
    size_t i;

    (void)state;
    memcpy(buf, &hdr, sizeof(hdr));
    memcpy(buf + sizeof(hdr), "/slow\0drip\0\0", 12);
    /* One byte per write: the daemon must assemble the message across reads. */
    for (i = 0; i < sizeof(buf); i++) {
        OK(xs_send_raw(c, buf + i, 1));
    }
    OK(xs_recv(c, &m));
    assert_int_equal(m->hdr.type, XS_WRITE);
    assert_int_equal(m->hdr.req_id, 77);
    assert_string_equal(m->body, "OK");
    xs_msg_free(m);
    expect_reply(c, XS_READ, 0, LIT("/slow"), "drip\0", 6);
    xs_close(c);
}

static void test_pipelined_requests(void **state)
{
    struct xs_client *c = client(dmn.sock);
    static char buf[200 * 64];
    size_t len = 0;
    struct xs_msg *m;
    uint32_t i;

    (void)state;
    /* Two hundred requests in one buffer: writes and reads interleaved. */
    for (i = 0; i < 200; i++) {
        char p[48];
        int plen;
        struct xsd_sockmsg hdr = {i % 2 ? XS_READ : XS_WRITE, 5000 + i, 0, 0};

        /* Odd requests read what the even one before them wrote. */
        if (i % 2) {
            plen = snprintf(p, sizeof(p), "/pipe/%u", i - 1) + 1;
        } else {
            plen = snprintf(p, sizeof(p), "/pipe/%u%cv%u", i, '\0', i);
        }
        hdr.len = (uint32_t)plen;
        memcpy(buf + len, &hdr, sizeof(hdr));
        memcpy(buf + len + sizeof(hdr), p, (size_t)plen);
        len += sizeof(hdr) + (size_t)plen;
    }
    OK(xs_send_raw(c, buf, len));
    for (i = 0; i < 200; i++) {
        char want[16];

        OK(xs_recv(c, &m));
        assert_int_equal(m->hdr.req_id, 5000 + i);
        if (i % 2) {
            snprintf(want, sizeof(want), "v%u", i - 1);
            assert_int_equal(m->hdr.type, XS_READ);
            assert_int_equal(m->hdr.len, strlen(want));
            assert_string_equal(m->body, want);
        } else {
            assert_string_equal(m->body, "OK");
        }
        xs_msg_free(m);
    }
    xs_close(c);
}

static void test_reader_that_lags(void **state)
{
    struct xs_client *c = client(dmn.sock), *other = client(dmn.sock);
    static char value[4000];
    struct xs_msg *m;
    uint32_t i;

    (void)state;
    memset(value, 'z', sizeof(value));
    OK(xs_write(c, 0, "/lag", value, sizeof(value)));
    /* 1.2 MB of replies, far beyond the socket buffer: the daemon queues and resumes. */
    for (i = 0; i < 300; i++) {
        OK(xs_send(c, XS_READ, i + 1, 0, LIT("/lag")));
    }
    /* Meanwhile others are served. */
    expect_reply(other, XS_READ, 0, LIT("/tool/xenstored"), "", 0);
    for (i = 0; i < 300; i++) {
        OK(xs_recv(c, &m));
        assert_int_equal(m->hdr.req_id, i + 1);
        assert_int_equal(m->hdr.len, sizeof(value));
        xs_msg_free(m);
    }
    xs_close(c);
    xs_close(other);
}

static void test_oversized_payload_disconnects(void **state)
{
    struct xs_client *c = client(dmn.sock), *other = client(dmn.sock);
    struct xsd_sockmsg hdr = {XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1};
    struct xs_msg *m;

    (void)state;
    OK(xs_send_raw(c, &hdr, sizeof(hdr)));
    ERR(xs_recv(c, &m), EPIPE);
    expect_reply(other, XS_READ, 0, LIT("/tool/xenstored"), "", 0);
    xs_close(c);
    xs_close(other);
}

static void test_garbage(void **state)
{
    struct xs_client *other = client(dmn.sock);
    unsigned int seed = 12345, round, i;

    (void)state;
    for (round = 0; round < 20; round++) {
        struct xs_client *c = client(round % 2 ? dmn.sock5 : dmn.sock);
        unsigned char junk[512];

        for (i = 0; i < sizeof(junk); i++) {
            junk[i] = (unsigned char)(rand_r(&seed) & 0xff);
        }
        /* Keep some lengths small, so some junk parses as requests. */
        for (i = 0; i + 16 <= sizeof(junk); i += 64) {
            junk[i + 12] = (unsigned char)(junk[i + 12] & 0x3f);
            junk[i + 13] = junk[i + 14] = junk[i + 15] = 0;
            junk[i] = (unsigned char)(junk[i] % 30);
            junk[i + 1] = junk[i + 2] = junk[i + 3] = 0;
        }
        /* The daemon may answer or hang up; it must not fall over. */
        xs_send_raw(c, junk, sizeof(junk));
        xs_close(c);
        expect_reply(other, XS_READ, 0, LIT("/tool/xenstored"), "", 0);
    }
    expect_ok(other, XS_CONTROL, 0, LIT("check"));
    xs_close(other);
}

static void test_help(void **state)
{
    char cmd[PATH_MAX + 16];
    FILE *p;
    char line[256];
    bool seen = false;

    (void)state;
    snprintf(cmd, sizeof(cmd), "%s --help", h_daemon_path());
    p = popen(cmd, "r");
    assert_non_null(p);
    while (fgets(line, sizeof(line), p)) {
        seen |= strstr(line, "--socket PATH") != NULL;
    }
    assert_int_equal(pclose(p), 0);
    assert_true(seen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_write_mkdir_rm_directory),
        cmocka_unit_test(test_permission_messages),
        cmocka_unit_test(test_watch_messages),
        cmocka_unit_test(test_transaction_messages),
        cmocka_unit_test(test_domain_messages),
        cmocka_unit_test(test_feature_quota_control),
        cmocka_unit_test(test_invalid_types),
        cmocka_unit_test(test_malformed_payloads),
        cmocka_unit_test(test_directory_part),
        cmocka_unit_test(test_bytewise_requests),
        cmocka_unit_test(test_pipelined_requests),
        cmocka_unit_test(test_reader_that_lags),
        cmocka_unit_test(test_oversized_payload_disconnects),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_help),
    };

    h_alarm();
    return cmocka_run_group_tests_name("xenstored-proto", tests, group_setup, group_teardown);
}
