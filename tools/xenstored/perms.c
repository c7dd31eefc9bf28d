/* SPDX-License-Identifier: GPL-2.0-only */
/* Node permissions: evaluation, parsing and formatting. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "perms.h"

static bool perm_names(const struct ident *who, const struct perm *p)
{
    return p->domid == who->domid || (who->target >= 0 && p->domid == (unsigned int)who->target) ||
           p->domid == PERM_DOMID_ANY;
}

unsigned int perms_for(const struct ident *who, const struct perm *p, unsigned int n)
{
    unsigned int i;

    if (who->priv || perm_names(who, &p[0])) {
        return PERM_READ | PERM_WRITE | PERM_OWNER;
    }
    for (i = 1; i < n; i++) {
        if (perm_names(who, &p[i])) {
            return p[i].access & (PERM_READ | PERM_WRITE);
        }
    }
    return p[0].access & (PERM_READ | PERM_WRITE);
}

static int perm_letter(char c, uint32_t *access)
{
    switch (c) {
    case 'n':
        *access = PERM_NONE;
        return 0;
    case 'r':
        *access = PERM_READ;
        return 0;
    case 'w':
        *access = PERM_WRITE;
        return 0;
    case 'b':
        *access = PERM_READ | PERM_WRITE;
        return 0;
    default:
        return EINVAL;
    }
}

int perms_parse(const char *buf, size_t len, unsigned int n, struct perm *out)
{
    size_t off = 0;
    unsigned int i;

    for (i = 0; i < n; i++) {
        const char *s = buf + off;
        const char *nul = memchr(s, '\0', len - off);
        unsigned long domid = 0;
        const char *d;

        if (!nul || nul - s < 2 || perm_letter(s[0], &out[i].access)) {
            return EINVAL;
        }
        /* Decimal only, no sign, no overflow: the domid is hostile input. */
        for (d = s + 1; d < nul; d++) {
            if (*d < '0' || *d > '9') {
                return EINVAL;
            }
            domid = domid * 10 + (unsigned long)(*d - '0');
            if (domid > PERM_DOMID_MAX) {
                return EINVAL;
            }
        }
        out[i].domid = (uint32_t)domid;
        off += (size_t)(nul - s) + 1;
    }
    return 0;
}

size_t perms_format(const struct perm *p, unsigned int n, char *buf, size_t size)
{
    static const char letters[] = {'n', 'r', 'w', 'b'};
    size_t need = 0;
    unsigned int i;

    for (i = 0; i < n; i++) {
        char one[16];
        int len = snprintf(one, sizeof(one), "%c%u", letters[p[i].access & 3], p[i].domid);

        if (need + (size_t)len + 1 <= size) {
            memcpy(buf + need, one, (size_t)len + 1);
        }
        need += (size_t)len + 1;
    }
    return need;
}
