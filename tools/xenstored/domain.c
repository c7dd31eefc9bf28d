/* SPDX-License-Identifier: GPL-2.0-only */
/* Domain records, introduction and release. */
#include <errno.h>
#include <stdlib.h>

#include "conn.h"
#include "domain.h"
#include "log.h"
#include "ring.h"
#include "store.h"
#include "watch.h"
#include "xsd.h"

struct domain *domain_lookup(struct xsd *x, unsigned int domid, bool create)
{
    uint32_t key = domid;
    struct domain *d = hash_get(&x->domains, &key, sizeof(key));

    if (d || !create) {
        return d;
    }
    d = calloc(1, sizeof(*d));
    if (!d) {
        return NULL;
    }
    d->domid = domid;
    d->target = -1;
    d->features = DOMAIN_FEATURES_SUPPORTED;
    d->quota = x->quota;
    if (hash_put(&x->domains, &d->domid, sizeof(d->domid), d, NULL)) {
        free(d);
        return NULL;
    }
    return d;
}

void domain_maybe_free(struct xsd *x, struct domain *d)
{
    if (d->conns || d->introduced || xsd_is_priv(x, d->domid)) {
        return;
    }
    hash_del(&x->domains, &d->domid, sizeof(d->domid));
    free(d);
}

static int domain_free_cb(void *val, void *arg)
{
    (void)arg;
    free(val);
    return 0;
}

void domain_free_all(struct xsd *x)
{
    hash_each(&x->domains, domain_free_cb, NULL);
    hash_fini(&x->domains);
}

bool domain_is_priv(const struct xsd *x, const struct domain *d)
{
    return xsd_is_priv(x, d->domid);
}

void domain_ident(const struct xsd *x, const struct domain *d, struct ident *who)
{
    who->domid = d->domid;
    who->priv = domain_is_priv(x, d);
    who->target = d->target;
}

int domain_parse_id(const char *s, unsigned int *domid)
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
        if (v > PERM_DOMID_MAX) {
            return EINVAL;
        }
    }
    *domid = (unsigned int)v;
    return 0;
}

int domain_introduce(struct xsd *x, unsigned int domid, int64_t gfn, unsigned int port)
{
    struct domain *d = domain_lookup(x, domid, true);
    int rc;

    if (!d) {
        return ENOMEM;
    }
    if (d->introduced) {
        /* Xen's toolstack re-introduces to rebind the event channel after resume. */
        return x->backend && d->ring ? ring_rebind(d->ring, port) : 0;
    }
    if (x->backend) {
        rc = ring_attach(x, d, gfn, port);
        if (rc) {
            domain_maybe_free(x, d);
            return rc;
        }
    } else {
        log_info("domain %u introduced without a ring (no hypervisor backend)", domid);
    }
    d->introduced = true;
    d->shutdown = false;
    if (!xsd_is_priv(x, domid)) {
        watch_fire_special(x, "@introduceDomain", domid);
    }
    log_info("domain %u introduced (gfn %lld, port %u)", domid, (long long)gfn, port);
    return 0;
}

int domain_release(struct xsd *x, unsigned int domid)
{
    struct domain *d = domain_lookup(x, domid, false);

    if (!d || !d->introduced) {
        return ENOENT;
    }
    if (d->ring) {
        /* Its watches must not hear about the removal of its own nodes. */
        conn_close(d->ring, "domain released");
        d->ring = NULL;
    }
    d->introduced = false;
    d->target = -1;
    store_forget_domain(x, domid);
    watch_fire_special(x, "@releaseDomain", domid);
    log_info("domain %u released", domid);
    domain_maybe_free(x, d);
    return 0;
}

int domain_shutdown(struct xsd *x, unsigned int domid)
{
    struct domain *d = domain_lookup(x, domid, false);

    if (!d || !d->introduced) {
        return ENOENT;
    }
    if (!d->shutdown) {
        d->shutdown = true;
        watch_fire_special(x, "@releaseDomain", domid);
    }
    return 0;
}
