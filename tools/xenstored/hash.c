/* SPDX-License-Identifier: GPL-2.0-only */
/* Chained hash table with byte-string keys. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

#define HASH_MIN_BUCKETS 64

/* FNV-1a: short, decent spread on path-like keys, no multiplication by untrusted lengths. */
static uint32_t hash_bytes(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint32_t hv = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++) {
        hv ^= p[i];
        hv *= 16777619u;
    }
    return hv;
}

int hash_init(struct hash *h)
{
    h->buckets = calloc(HASH_MIN_BUCKETS, sizeof(*h->buckets));
    if (!h->buckets) {
        return ENOMEM;
    }
    h->nbuckets = HASH_MIN_BUCKETS;
    h->count = 0;
    return 0;
}

void hash_fini(struct hash *h)
{
    size_t i;

    if (!h->buckets) {
        return;
    }
    for (i = 0; i < h->nbuckets; i++) {
        struct hash_item *it = h->buckets[i];

        while (it) {
            struct hash_item *next = it->next;

            free(it);
            it = next;
        }
    }
    free(h->buckets);
    h->buckets = NULL;
    h->nbuckets = 0;
    h->count = 0;
}

static struct hash_item **hash_slot(const struct hash *h, const void *key, size_t klen, uint32_t hv)
{
    struct hash_item **pp = &h->buckets[hv & (h->nbuckets - 1)];

    while (*pp) {
        struct hash_item *it = *pp;

        if (it->hv == hv && it->klen == klen && memcmp(it->key, key, klen) == 0) {
            break;
        }
        pp = &it->next;
    }
    return pp;
}

/* Double the bucket array; on allocation failure the table simply stays denser. */
static void hash_grow(struct hash *h)
{
    size_t n = h->nbuckets * 2, i;
    struct hash_item **nb = calloc(n, sizeof(*nb));

    if (!nb) {
        return;
    }
    for (i = 0; i < h->nbuckets; i++) {
        struct hash_item *it = h->buckets[i];

        while (it) {
            struct hash_item *next = it->next;
            size_t b = it->hv & (n - 1);

            it->next = nb[b];
            nb[b] = it;
            it = next;
        }
    }
    free(h->buckets);
    h->buckets = nb;
    h->nbuckets = n;
}

void *hash_get(const struct hash *h, const void *key, size_t klen)
{
    struct hash_item **pp = hash_slot(h, key, klen, hash_bytes(key, klen));

    return *pp ? (*pp)->val : NULL;
}

int hash_put(struct hash *h, const void *key, size_t klen, void *val, void **old)
{
    uint32_t hv = hash_bytes(key, klen);
    struct hash_item **pp = hash_slot(h, key, klen, hv);
    struct hash_item *it = *pp;

    if (it) {
        if (old) {
            *old = it->val;
        }
        it->key = key;
        it->val = val;
        return 0;
    }
    it = malloc(sizeof(*it));
    if (!it) {
        return ENOMEM;
    }
    it->next = NULL;
    it->key = key;
    it->klen = klen;
    it->hv = hv;
    it->val = val;
    *pp = it;
    h->count++;
    if (old) {
        *old = NULL;
    }
    if (h->count > h->nbuckets) {
        hash_grow(h);
    }
    return 0;
}

void *hash_del(struct hash *h, const void *key, size_t klen)
{
    struct hash_item **pp = hash_slot(h, key, klen, hash_bytes(key, klen));
    struct hash_item *it = *pp;
    void *val;

    if (!it) {
        return NULL;
    }
    *pp = it->next;
    val = it->val;
    free(it);
    h->count--;
    return val;
}

int hash_each(const struct hash *h, int (*fn)(void *val, void *arg), void *arg)
{
    size_t i;

    for (i = 0; i < h->nbuckets; i++) {
        struct hash_item *it;

        for (it = h->buckets[i]; it; it = it->next) {
            int rc = fn(it->val, arg);

            if (rc) {
                return rc;
            }
        }
    }
    return 0;
}

void *hash_get_str(const struct hash *h, const char *key)
{
    return hash_get(h, key, strlen(key));
}

int hash_put_str(struct hash *h, const char *key, void *val, void **old)
{
    return hash_put(h, key, strlen(key), val, old);
}

void *hash_del_str(struct hash *h, const char *key)
{
    return hash_del(h, key, strlen(key));
}
