/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bit operations on arrays of unsigned long. Bit n lives in word n / BITS_PER_LONG at
 * position n % BITS_PER_LONG, so a bitmap's layout matches Xen's and Linux's (guest-shared
 * bitmaps such as event-channel pending bits use the same layout).
 *
 * Naming follows Xen and Linux: set_bit/clear_bit/test_and_*_bit are atomic (safe against
 * other CPUs updating other bits of the same word); __set_bit/__clear_bit are not and need
 * the caller to own the whole word. test_bit is a plain read.
 */
#ifndef HV_BITMAP_H
#define HV_BITMAP_H

#include <hv/compiler.h>
#include <hv/types.h>

BUILD_BUG_ON(sizeof(unsigned long) != 8); /* hweight_long() assumes 64-bit words. */

#define BITS_PER_LONG    (8 * (unsigned int)sizeof(unsigned long))
#define BITS_TO_LONGS(n) DIV_ROUND_UP(n, BITS_PER_LONG)
#define BIT_WORD(n)      ((n) / BITS_PER_LONG)
#define BIT_MASK(n)      (1UL << ((n) % BITS_PER_LONG))

/* Declare a bitmap of `bits` bits. */
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

/*
 * Number of set bits in a word. Open-coded: without -mpopcnt the compiler's builtin is a call
 * into libgcc, which the hypervisor does not link.
 */
static inline unsigned int hweight_long(unsigned long w)
{
    w -= (w >> 1) & 0x5555555555555555UL;
    w = (w & 0x3333333333333333UL) + ((w >> 2) & 0x3333333333333333UL);
    w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
    return (unsigned int)((w * 0x0101010101010101UL) >> 56);
}

/* Test bit nr. Not ordered against other memory accesses. */
static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
    return (READ_ONCE(addr[BIT_WORD(nr)]) & BIT_MASK(nr)) != 0;
}

/* Non-atomic set and clear: the caller excludes concurrent writers of the word. */
static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(unsigned long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

/* Atomic set and clear, fully ordered (a locked read-modify-write on x86). */
static inline void set_bit(unsigned long nr, unsigned long *addr)
{
    __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST);
}

static inline void clear_bit(unsigned long nr, unsigned long *addr)
{
    __atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST);
}

/* Atomically set bit nr; returns its previous value. Fully ordered. */
static inline bool test_and_set_bit(unsigned long nr, unsigned long *addr)
{
    return (__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST) &
            BIT_MASK(nr)) != 0;
}

/* Atomically clear bit nr; returns its previous value. Fully ordered. */
static inline bool test_and_clear_bit(unsigned long nr, unsigned long *addr)
{
    return (__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST) &
            BIT_MASK(nr)) != 0;
}

/*
 * Index of the first set bit at or after `offset` in a bitmap of `size` bits, or `size` when
 * there is none (also when offset >= size). Bits at or beyond `size` are never looked at.
 */
unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset);

/* As find_next_bit() but for the first clear bit. */
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
                                 unsigned long offset);

/* Index of the first set bit, or `size` when there is none. */
static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
    return find_next_bit(addr, size, 0);
}

/* Index of the first clear bit, or `size` when there is none. */
static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
    return find_next_zero_bit(addr, size, 0);
}

/* Iterate `bit` over the set bits of a `size`-bit bitmap, lowest first. */
#define for_each_set_bit(bit, addr, size)                                                          \
    for ((bit) = find_first_bit(addr, size); (bit) < (size);                                       \
         (bit) = find_next_bit(addr, size, (bit) + 1))

/* Number of set bits among the first `nbits`. */
unsigned long bitmap_weight(const unsigned long *addr, unsigned long nbits);

/* Clear all `nbits` bits (whole words: the tail of the last word is cleared too). */
void bitmap_zero(unsigned long *addr, unsigned long nbits);

/* Set the first `nbits` bits and clear the rest of the last word, so weight stays exact. */
void bitmap_fill(unsigned long *addr, unsigned long nbits);

/* True when none of the first `nbits` bits is set. */
bool bitmap_empty(const unsigned long *addr, unsigned long nbits);

/* True when all of the first `nbits` bits are set. */
bool bitmap_full(const unsigned long *addr, unsigned long nbits);

#endif /* HV_BITMAP_H */
