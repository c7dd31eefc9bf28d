/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Node permissions. A node carries an ordered list of (domain, access) entries: entry 0 names
 * the owner, who has full access, and its access is the default for every domain that has no
 * entry of its own; later entries grant their access to one domain. The privileged domain has
 * full access everywhere. A domain with a target (SET_TARGET, e.g. a device model) acts with
 * its target's rights too. On the wire an entry is a letter (n, r, w, b) followed by a decimal
 * domid.
 */
#ifndef XSD_PERMS_H
#define XSD_PERMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PERM_NONE  0x0u
#define PERM_READ  0x1u
#define PERM_WRITE 0x2u
#define PERM_OWNER 0x8u /* Only in results of perms_for(): may change permissions. */

/* An entry naming this domain matches every domain (server feature DOMID_ANY). */
#define PERM_DOMID_ANY 0x7ff5u

/* Largest domid accepted anywhere in the protocol. */
#define PERM_DOMID_MAX 65535u

struct perm {
    uint32_t domid;
    uint32_t access; /* PERM_NONE, PERM_READ, PERM_WRITE or both. */
};

/* The identity a request is checked against. */
struct ident {
    unsigned int domid;
    bool priv;  /* The privileged (control) domain: full access to everything. */
    int target; /* Domain this one acts for (SET_TARGET), or -1. */
};

/*
 * Return the access of who to a node with permissions p[0..n): PERM_READ | PERM_WRITE |
 * PERM_OWNER for the privileged domain and the owner, otherwise the access of the first entry
 * naming who (or its target), otherwise the owner entry's access.
 * Pre: n >= 1.
 */
unsigned int perms_for(const struct ident *who, const struct perm *p, unsigned int n);

/*
 * Parse n NUL-terminated permission strings starting at buf (len bytes available) into out.
 * Returns 0, or EINVAL for a bad letter, a missing or malformed domid, or a domid above
 * PERM_DOMID_MAX.
 */
int perms_parse(const char *buf, size_t len, unsigned int n, struct perm *out);

/*
 * Write p[0..n) as NUL-terminated strings into buf (size bytes). Returns the number of bytes
 * the full list needs; the output is complete only if that is <= size.
 */
size_t perms_format(const struct perm *p, unsigned int n, char *buf, size_t size);

#endif /* XSD_PERMS_H */
