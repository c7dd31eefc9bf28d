/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compiler helpers and the small freestanding C library of the test-kernel framework. Test
 * kernels link no libc; these are the only string functions they have (the compiler may also
 * emit calls to memcpy and memset itself).
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __noreturn        __attribute__((noreturn))
#define __printf(fmt, va) __attribute__((format(printf, fmt, va)))
#define __aligned(n)      __attribute__((aligned(n)))
#define __page_aligned    __aligned(4096)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)     ((a) < (b) ? (a) : (b))
#define MAX(a, b)     ((a) > (b) ? (a) : (b))

/* The C library's functions of the same names and contracts. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);

/*
 * Returns the index of the first byte of buf[0..n) that differs from `c`, or n if all equal
 * it. Tests use it to check that the hypervisor did not write where it must not.
 */
size_t mem_first_not(const void *buf, int c, size_t n);

/*
 * Parses an unsigned number of exactly `len` characters at `s`: decimal, or hexadecimal with a
 * 0x prefix, optionally followed by one of the suffixes K, M, G (powers of 1024). Returns true
 * and sets *val on success; false on any other character or on overflow.
 */
bool parse_u64(const char *s, size_t len, uint64_t *val);

#endif /* GUEST_LIB_H */
