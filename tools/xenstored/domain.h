/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains as the daemon knows them: identity of connections, introduction state, target,
 * features, per-domain quotas and usage counters. A record exists for the privileged domain,
 * for every introduced domain, for domains that connections act as, and for domains named by
 * SET_FEATURE or SET_QUOTA before their introduction.
 */
#ifndef XSD_DOMAIN_H
#define XSD_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "perms.h"
#include "quota.h"

struct xsd;
struct conn;

/* Server features this daemon offers (XENSTORE_SERVER_FEATURE_*). */
#define DOMAIN_FEATURES_SUPPORTED (2u | 4u | 8u)

struct domain {
    uint32_t domid;        /* Key of xsd.domains. */
    unsigned int conns;    /* Connections acting as this domain. */
    bool introduced;       /* INTRODUCE seen and not yet released. */
    bool shutdown;         /* @releaseDomain already fired for a shutdown. */
    int target;            /* SET_TARGET: domain this one acts for, or -1. */
    unsigned int features; /* Offered on the ring page at introduction. */
    struct quota_set quota;
    unsigned int watches;      /* Watches over all its connections. */
    unsigned int transactions; /* Open transactions over all its connections. */
    struct conn *ring;         /* Its shared-ring connection, if attached. */
};

/*
 * Find domid's record, creating it (not introduced, global default quotas) when create is set.
 * Returns NULL if absent and not created, or on allocation failure.
 */
struct domain *domain_lookup(struct xsd *x, unsigned int domid, bool create);

/* Free d's record if nothing refers to it any more (not introduced, no connections). */
void domain_maybe_free(struct xsd *x, struct domain *d);

/* Free every record (daemon shutdown). */
void domain_free_all(struct xsd *x);

/* Whether d is the privileged domain. */
bool domain_is_priv(const struct xsd *x, const struct domain *d);

/* Fill who with d's identity for permission checks. */
void domain_ident(const struct xsd *x, const struct domain *d, struct ident *who);

/*
 * Mark domid introduced (with ring attached through the backend when there is one) and fire
 * @introduceDomain. Introducing an already introduced domain only re-attaches its ring.
 * Returns 0 or an errno value.
 */
int domain_introduce(struct xsd *x, unsigned int domid, int64_t gfn, unsigned int port);

/*
 * Forget domid: close its ring connection, drop the nodes it owns and the permission entries
 * that name it, and fire @releaseDomain. Returns 0, or ENOENT if it is not introduced.
 */
int domain_release(struct xsd *x, unsigned int domid);

/*
 * Report that domid shut down (for the hypervisor glue): fires @releaseDomain once until
 * RESUME clears the state. Returns 0, or ENOENT if it is not introduced.
 */
int domain_shutdown(struct xsd *x, unsigned int domid);

/*
 * Parse a domid argument: decimal, at most PERM_DOMID_MAX. Returns 0 and sets *domid, or
 * EINVAL.
 */
int domain_parse_id(const char *s, unsigned int *domid);

#endif /* XSD_DOMAIN_H */
