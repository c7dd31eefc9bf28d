/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The string functions of test kernels (guest/lib.h). Simple byte loops: test kernels move
 * little data, and simple code is easy to trust when a test fails.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <guest/lib.h>

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    if (d <= s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    while (n--) {
        d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;

    while (n--) {
        *d++ = (uint8_t)c;
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;

    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x - *y;
        }
    }
    return 0;
}

size_t mem_first_not(const void *buf, int c, size_t n)
{
    const uint8_t *p = buf;
    size_t i;

    for (i = 0; i < n && p[i] == (uint8_t)c; i++) {
    }
    return i;
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
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a) {
            return (unsigned char)*a - (unsigned char)*b;
        }
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c) {
            return (char *)s;
        }
        if (!*s) {
            return NULL;
        }
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    for (; *haystack; haystack++) {
        if (!strncmp(haystack, needle, n)) {
            return (char *)haystack;
        }
    }
    return n ? NULL : (char *)haystack;
}

bool parse_u64(const char *s, size_t len, uint64_t *val)
{
    uint64_t v = 0, base = 10, shift = 0;
    size_t i = 0;

    if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    if (len > i) {
        switch (s[len - 1]) {
        case 'K':
        case 'k':
            shift = 10;
            break;
        case 'M':
        case 'm':
            shift = 20;
            break;
        case 'G':
        case 'g':
            shift = 30;
            break;
        default:
            break;
        }
        len -= shift ? 1 : 0;
    }
    if (i == len) {
        return false;
    }
    for (; i < len; i++) {
        char c = s[i];
        uint64_t d;

        if (c >= '0' && c <= '9') {
            d = (uint64_t)(c - '0');
        } else if (base == 16 && c >= 'a' && c <= 'f') {
            d = (uint64_t)(c - 'a' + 10);
        } else if (base == 16 && c >= 'A' && c <= 'F') {
            d = (uint64_t)(c - 'A' + 10);
        } else {
            return false;
        }
        if (v > (UINT64_MAX - d) / base) {
            return false;
        }
        v = v * base + d;
    }
    if (shift && v > (UINT64_MAX >> shift)) {
        return false;
    }
    *val = v << shift;
    return true;
}
