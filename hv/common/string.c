/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Memory and string helpers (hv/include/hv/string.h).
 *
 * The compiler may itself emit calls to memcpy/memset (structure copies, large
 * initialisers), so these must never be turned back into calls to themselves: loop
 * idiom recognition is switched off for this file's copy and fill loops.
 */
#include <hv/compiler.h>
#include <hv/string.h>

/* Clang never turns a loop inside memcpy/memset into a call to the function itself. */
#ifdef __clang__
#define NO_LOOP_IDIOM
#else
#define NO_LOOP_IDIOM __attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

/* Word accesses to byte buffers: may_alias keeps them legal under strict aliasing. */
typedef unsigned long __attribute__((may_alias)) word_t;

#define WORD_SIZE sizeof(word_t)

static inline bool both_aligned(const void *a, const void *b)
{
    return (((unsigned long)a | (unsigned long)b) & (WORD_SIZE - 1)) == 0;
}

NO_LOOP_IDIOM void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (both_aligned(d, s)) {
        for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE) {
            *(word_t *)d = *(const word_t *)s;
        }
    }
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

NO_LOOP_IDIOM void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    /* A forward copy is only safe when the destination does not start inside the source. */
    if (d <= s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    while (n--) {
        d[n] = s[n];
    }
    return dst;
}

NO_LOOP_IDIOM void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    word_t pattern = (unsigned char)c * (~0UL / 0xff);

    while (n && ((unsigned long)d & (WORD_SIZE - 1))) {
        *d++ = (unsigned char)c;
        n--;
    }
    for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE) {
        *(word_t *)d = pattern;
    }
    while (n--) {
        *d++ = (unsigned char)c;
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x < *y ? -1 : 1;
        }
    }
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while (*p) {
        p++;
    }
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n]) {
        n++;
    }
    return n;
}

int strcmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

    while (*x && *x == *y) {
        x++;
        y++;
    }
    return *x == *y ? 0 : (*x < *y ? -1 : 1);
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x < *y ? -1 : 1;
        }
        if (!*x) {
            break;
        }
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    /* The terminator itself is part of the string: strchr(s, 0) finds it. */
    for (;; s++) {
        if (*s == (char)c) {
            return (char *)s;
        }
        if (!*s) {
            return NULL;
        }
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c) {
            last = s;
        }
        if (!*s) {
            return (char *)last;
        }
    }
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = MIN(len, size - 1);

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
