/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Basic types. The compiler's freestanding headers give us fixed-width integers; on top of
 * them we define address types and type-safe frame numbers, so that a guest frame number can
 * never be passed where a machine frame number is expected (style-anchors.md, convention 6).
 */
#ifndef HV_TYPES_H
#define HV_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t paddr_t;      /* Machine physical address. */
typedef unsigned long vaddr_t; /* Hypervisor virtual address. */
typedef int64_t s_time_t;      /* System time in nanoseconds since boot. */

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

/*
 * Type-safe wrappers: in debug builds a one-member struct, so mixing kinds is a compile error;
 * in release builds a plain unsigned long. Use the _x() accessor and the _() constructor.
 */
#ifdef CONFIG_DEBUG
#define TYPE_SAFE(type, name)                                                                      \
    typedef struct {                                                                               \
        type name;                                                                                 \
    } name##_t;                                                                                    \
    static inline name##_t _##name(type n)                                                         \
    {                                                                                              \
        return (name##_t){n};                                                                      \
    }                                                                                              \
    static inline type name##_x(name##_t n)                                                        \
    {                                                                                              \
        return n.name;                                                                             \
    }
#else
#define TYPE_SAFE(type, name)                                                                      \
    typedef type name##_t;                                                                         \
    static inline name##_t _##name(type n)                                                         \
    {                                                                                              \
        return n;                                                                                  \
    }                                                                                              \
    static inline type name##_x(name##_t n)                                                        \
    {                                                                                              \
        return n;                                                                                  \
    }
#endif

TYPE_SAFE(unsigned long, mfn) /* Machine frame number. */
TYPE_SAFE(unsigned long, gfn) /* Guest frame number. */

#define INVALID_MFN_RAW (~0UL)
#define INVALID_MFN     _mfn(INVALID_MFN_RAW)

static inline bool mfn_eq(mfn_t a, mfn_t b)
{
    return mfn_x(a) == mfn_x(b);
}

static inline paddr_t mfn_to_paddr(mfn_t m)
{
    return (paddr_t)mfn_x(m) << PAGE_SHIFT;
}

static inline mfn_t paddr_to_mfn(paddr_t pa)
{
    return _mfn((unsigned long)(pa >> PAGE_SHIFT));
}

#endif /* HV_TYPES_H */
