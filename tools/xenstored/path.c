/* SPDX-License-Identifier: GPL-2.0-only */
/* Client path validation and canonicalisation. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "path.h"

static bool path_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '/' || c == '_' || c == '@';
}

size_t path_home(unsigned int domid, char *out)
{
    return (size_t)snprintf(out, 32, "/local/domain/%u", domid);
}

/* Length of a "/local/domain/<digits>/" prefix of p, or 0. */
static size_t path_domain_prefix(const char *p)
{
    static const char prefix[] = "/local/domain/";
    size_t i = sizeof(prefix) - 1;

    if (strncmp(p, prefix, i) != 0 || p[i] < '0' || p[i] > '9') {
        return 0;
    }
    while (p[i] >= '0' && p[i] <= '9') {
        i++;
    }
    return p[i] == '/' ? i + 1 : 0;
}

int path_canonical(const struct ident *who, const char *in, bool allow_special,
                   unsigned int path_max, char *out, bool *relative)
{
    size_t len = strlen(in), i, off = 0;
    bool rel = in[0] != '/' && in[0] != '@';

    if (len == 0 || (in[0] == '@' && !allow_special)) {
        return EINVAL;
    }
    for (i = 0; i < len; i++) {
        if (!path_char_ok(in[i]) || (in[i] == '/' && in[i + 1] == '/')) {
            return EINVAL;
        }
    }
    if (in[len - 1] == '/' && len > 1) {
        return EINVAL;
    }
    if (rel) {
        off = path_home(who->domid, out);
        out[off++] = '/';
    }
    if (off + len > XENSTORE_ABS_PATH_MAX) {
        return EINVAL;
    }
    memcpy(out + off, in, len + 1);
    if (!who->priv && path_max && off + len - path_domain_prefix(out) > path_max) {
        return EINVAL;
    }
    if (relative) {
        *relative = rel;
    }
    return 0;
}

bool path_is_below(const char *child, const char *path, int depth)
{
    size_t len = strlen(path);
    bool root = len == 1 && path[0] == '/';
    const char *rest;
    int levels = 0;

    if (strncmp(child, path, len) != 0) {
        return false;
    }
    rest = child + len;
    if (*rest == '\0') {
        return true;
    }
    /* The root is a prefix of every absolute path; elsewhere the match must end at a '/'. */
    if (root) {
        levels = 1;
    } else if (*rest != '/') {
        return false;
    }
    if (depth < 0) {
        return true;
    }
    for (; *rest; rest++) {
        if (*rest == '/') {
            levels++;
        }
    }
    return levels <= depth;
}
