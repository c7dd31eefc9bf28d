/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for hv/string.h: the C library's functions, plus strlcpy, which older C
 * libraries lack. test-string bypasses this file (it force-includes the real header, whose
 * guard matches) to test hv/common/string.c itself.
 */
#ifndef HV_STRING_H
#define HV_STRING_H

#include <string.h>
#include <hv/types.h>

static inline size_t shim_strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

#define strlcpy shim_strlcpy

#endif /* HV_STRING_H */
