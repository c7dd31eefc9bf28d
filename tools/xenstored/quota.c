/* SPDX-License-Identifier: GPL-2.0-only */
/* Quota names, defaults and parsing. */
#include <errno.h>
#include <string.h>

#include <public/io/xs_wire.h>

#include "quota.h"

static const struct {
    const char *name;
    unsigned int def;
    const char *descr;
} quota_info[Q_COUNT] = {
    [Q_NODES] = {"nodes", 1000, "Nodes per domain"},
    [Q_WATCHES] = {"watches", 128, "Watches per domain"},
    [Q_OUTSTANDING] = {"outstanding", 20, "Outstanding requests per connection"},
    [Q_MEMORY] = {"memory", 2 * 1024 * 1024 + 512 * 1024, "Memory per connection (bytes)"},
    [Q_TRANSACTIONS] = {"transactions", 10, "Active transactions per domain"},
    [Q_TXN_NODES] = {"transaction-nodes", 1024, "Nodes accessed per transaction"},
    [Q_PERMS] = {"node-permissions", 5, "Permissions per node"},
    [Q_PATH_MAX] = {"path-max", XENSTORE_REL_PATH_MAX, "Path length (bytes)"},
    [Q_NODE_SIZE] = {"node-size", 2048, "Size of a node (bytes)"},
};

void quota_defaults(struct quota_set *q)
{
    unsigned int i;

    for (i = 0; i < Q_COUNT; i++) {
        q->val[i] = quota_info[i].def;
    }
}

const char *quota_name(enum quota_id id)
{
    return quota_info[id].name;
}

const char *quota_descr(enum quota_id id)
{
    return quota_info[id].descr;
}

bool quota_lookup(const char *name, enum quota_id *id)
{
    unsigned int i;

    for (i = 0; i < Q_COUNT; i++) {
        if (strcmp(name, quota_info[i].name) == 0) {
            *id = (enum quota_id)i;
            return true;
        }
    }
    return false;
}

int quota_parse_value(const char *s, unsigned int *val)
{
    unsigned long v = 0;

    if (!*s) {
        return EINVAL;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return EINVAL;
        }
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > 0x7fffffffUL) {
            return EINVAL;
        }
    }
    *val = (unsigned int)v;
    return 0;
}

int quota_parse_option(struct quota_set *q, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char name[32];
    enum quota_id id;
    unsigned int val;
    size_t len;

    if (!eq) {
        return EINVAL;
    }
    len = (size_t)(eq - arg);
    if (len >= sizeof(name)) {
        return EINVAL;
    }
    memcpy(name, arg, len);
    name[len] = '\0';
    if (!quota_lookup(name, &id) || quota_parse_value(eq + 1, &val)) {
        return EINVAL;
    }
    q->val[id] = val;
    return 0;
}
