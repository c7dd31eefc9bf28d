/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Quotas: limits on what an unprivileged domain may consume, so one guest cannot starve the
 * daemon or other guests. The privileged domain is never limited. A value of 0 disables a
 * quota. Names and defaults follow Xen's xenstored, so its -Q options and GET_QUOTA names carry
 * over; docs/xenstore.md lists what exceeding each one does.
 */
#ifndef XSD_QUOTA_H
#define XSD_QUOTA_H

#include <stdbool.h>

enum quota_id {
    Q_NODES,        /* Nodes a domain owns: ENOSPC. */
    Q_WATCHES,      /* Watches per domain: ENOSPC. */
    Q_OUTSTANDING,  /* Replies queued but not yet delivered: input pauses. */
    Q_MEMORY,       /* Bytes a connection holds (queue, watches, transactions): ENOMEM. */
    Q_TRANSACTIONS, /* Open transactions per domain: ENOSPC. */
    Q_TXN_NODES,    /* Nodes one transaction may touch: ENOSPC. */
    Q_PERMS,        /* Permission entries per node: ENOSPC. */
    Q_PATH_MAX,     /* Path length below /local/domain/<n>/: EINVAL. */
    Q_NODE_SIZE,    /* Size of one node (value, children, permissions): ENOSPC. */
    Q_COUNT
};

struct quota_set {
    unsigned int val[Q_COUNT];
};

/* Fill q with the default limits. */
void quota_defaults(struct quota_set *q);

/* Protocol name of a quota ("nodes", "node-size", ...). */
const char *quota_name(enum quota_id id);

/* One-line description of a quota, for --help and CONTROL quota. */
const char *quota_descr(enum quota_id id);

/* Look a quota up by protocol name. Returns true and sets *id, or false if unknown. */
bool quota_lookup(const char *name, enum quota_id *id);

/*
 * Parse an unsigned decimal value for a quota ("0" disables it). Returns 0 or EINVAL for
 * anything that is not a plain number below 2^31.
 */
int quota_parse_value(const char *s, unsigned int *val);

/* Apply "name=value" (the --quota option) to q. Returns 0 or EINVAL. */
int quota_parse_option(struct quota_set *q, const char *arg);

/* Whether using `used` units would exceed quota id of q (never when the quota is 0). */
static inline bool quota_exceeds(const struct quota_set *q, enum quota_id id, unsigned long used)
{
    return q->val[id] && used > q->val[id];
}

#endif /* XSD_QUOTA_H */
