/* SPDX-License-Identifier: GPL-2.0-only */
/* libxs: convenience operations on top of xs_request(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

/* Send one NUL-terminated string and discard an "OK" reply. */
static int xs_simple(struct xs_client *c, uint32_t type, uint32_t tx, const char *arg)
{
    return xs_request(c, type, tx, arg, strlen(arg) + 1, NULL);
}

int xs_read(struct xs_client *c, uint32_t tx, const char *path, char **value, unsigned int *len)
{
    struct xs_msg *m;
    int rc = xs_request(c, XS_READ, tx, path, strlen(path) + 1, &m);

    if (rc) {
        return rc;
    }
    *value = m->body;
    if (len) {
        *len = m->hdr.len;
    }
    free(m);
    return 0;
}

int xs_write(struct xs_client *c, uint32_t tx, const char *path, const void *value,
             unsigned int len)
{
    size_t plen = strlen(path) + 1;
    char *buf = malloc(plen + len);
    int rc;

    if (!buf) {
        return ENOMEM;
    }
    memcpy(buf, path, plen);
    memcpy(buf + plen, value, len);
    rc = xs_request(c, XS_WRITE, tx, buf, plen + len, NULL);
    free(buf);
    return rc;
}

int xs_write_str(struct xs_client *c, uint32_t tx, const char *path, const char *value)
{
    return xs_write(c, tx, path, value, (unsigned int)strlen(value));
}

int xs_mkdir(struct xs_client *c, uint32_t tx, const char *path)
{
    return xs_simple(c, XS_MKDIR, tx, path);
}

int xs_rm(struct xs_client *c, uint32_t tx, const char *path)
{
    return xs_simple(c, XS_RM, tx, path);
}

int xs_directory(struct xs_client *c, uint32_t tx, const char *path, char ***names,
                 unsigned int *count)
{
    struct xs_msg *m;
    unsigned int n = 0, i, off;
    char **out, *strings;
    int rc = xs_request(c, XS_DIRECTORY, tx, path, strlen(path) + 1, &m);

    if (rc) {
        return rc;
    }
    for (off = 0; off < m->hdr.len; off++) {
        n += m->body[off] == '\0';
    }
    out = malloc(n * sizeof(*out) + m->hdr.len + 1);
    if (!out) {
        xs_msg_free(m);
        return ENOMEM;
    }
    strings = (char *)(out + n);
    memcpy(strings, m->body, m->hdr.len + 1);
    for (i = 0, off = 0; i < n; i++) {
        out[i] = strings + off;
        off += (unsigned int)strlen(strings + off) + 1;
    }
    xs_msg_free(m);
    *names = out;
    *count = n;
    return 0;
}

int xs_get_perms(struct xs_client *c, uint32_t tx, const char *path, char **perms)
{
    struct xs_msg *m;
    unsigned int i;
    int rc = xs_request(c, XS_GET_PERMS, tx, path, strlen(path) + 1, &m);

    if (rc) {
        return rc;
    }
    /* "n0\0r5\0" becomes "n0 r5". */
    for (i = 0; m->hdr.len && i < m->hdr.len - 1; i++) {
        if (m->body[i] == '\0') {
            m->body[i] = ' ';
        }
    }
    *perms = m->body;
    free(m);
    return 0;
}

int xs_set_perms(struct xs_client *c, uint32_t tx, const char *path, const char *perms)
{
    size_t plen = strlen(path) + 1, len = strlen(perms) + 1, i;
    char *buf = malloc(plen + len);
    int rc;

    if (!buf) {
        return ENOMEM;
    }
    memcpy(buf, path, plen);
    memcpy(buf + plen, perms, len);
    for (i = plen; i < plen + len; i++) {
        if (buf[i] == ' ') {
            buf[i] = '\0';
        }
    }
    rc = xs_request(c, XS_SET_PERMS, tx, buf, plen + len, NULL);
    free(buf);
    return rc;
}

static int xs_watch_op(struct xs_client *c, uint32_t type, const char *path, const char *token)
{
    size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
    char *buf = malloc(plen + tlen);
    int rc;

    if (!buf) {
        return ENOMEM;
    }
    memcpy(buf, path, plen);
    memcpy(buf + plen, token, tlen);
    rc = xs_request(c, type, 0, buf, plen + tlen, NULL);
    free(buf);
    return rc;
}

int xs_watch(struct xs_client *c, const char *path, const char *token)
{
    return xs_watch_op(c, XS_WATCH, path, token);
}

int xs_unwatch(struct xs_client *c, const char *path, const char *token)
{
    return xs_watch_op(c, XS_UNWATCH, path, token);
}

int xs_txn_start(struct xs_client *c, uint32_t *tx)
{
    struct xs_msg *m;
    char *end;
    unsigned long v;
    int rc = xs_request(c, XS_TRANSACTION_START, 0, "", 1, &m);

    if (rc) {
        return rc;
    }
    v = strtoul(m->body, &end, 10);
    rc = (*end || end == m->body || v == 0 || v > UINT32_MAX) ? EPROTO : 0;
    if (!rc) {
        *tx = (uint32_t)v;
    }
    xs_msg_free(m);
    return rc;
}

int xs_txn_end(struct xs_client *c, uint32_t tx, bool commit)
{
    return xs_simple(c, XS_TRANSACTION_END, tx, commit ? "T" : "F");
}
