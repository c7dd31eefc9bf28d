/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A chained hash table from byte-string keys to pointers. The table stores the key pointer, not
 * a copy: the caller keeps the key alive (usually it lives inside the value) until the entry is
 * removed. The table grows as it fills so lookups stay O(1) on average.
 */
#ifndef XSD_HASH_H
#define XSD_HASH_H

#include <stddef.h>
#include <stdint.h>

struct hash_item {
    struct hash_item *next;
    const void *key;
    size_t klen;
    uint32_t hv;
    void *val;
};

struct hash {
    struct hash_item **buckets;
    size_t nbuckets; /* Always a power of two. */
    size_t count;
};

/* Initialise an empty table. Returns 0 or ENOMEM. */
int hash_init(struct hash *h);

/* Free the table's own memory; keys and values are the caller's. */
void hash_fini(struct hash *h);

/* Return the value stored under key, or NULL. */
void *hash_get(const struct hash *h, const void *key, size_t klen);

/*
 * Store val under key, replacing (and returning through *old, if old is not NULL) any previous
 * value; the new key pointer replaces the old one. Returns 0 or ENOMEM (table unchanged).
 */
int hash_put(struct hash *h, const void *key, size_t klen, void *val, void **old);

/* Remove key and return its value, or NULL if absent. */
void *hash_del(struct hash *h, const void *key, size_t klen);

/*
 * Call fn(val, arg) for every entry, in no particular order. fn must not add or remove entries.
 * Stops early and returns fn's value when it is non-zero; otherwise returns 0.
 */
int hash_each(const struct hash *h, int (*fn)(void *val, void *arg), void *arg);

/* Convenience wrappers for NUL-terminated string keys. */
void *hash_get_str(const struct hash *h, const char *key);
int hash_put_str(struct hash *h, const char *key, void *val, void **old);
void *hash_del_str(struct hash *h, const char *key);

#endif /* XSD_HASH_H */
