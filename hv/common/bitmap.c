/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Searching and counting in bitmaps (hv/include/hv/bitmap.h). Whole words are scanned at a
 * time; bits beyond the bitmap's size in its last word are masked off, because callers
 * are free to keep other data there.
 */
#include <hv/bitmap.h>

/* Mask of the valid bits in the last word of an nbits-bit bitmap. */
static inline unsigned long last_word_mask(unsigned long nbits)
{
    unsigned long rem = nbits % BITS_PER_LONG;

    return rem ? (1UL << rem) - 1 : ~0UL;
}

/*
 * Shared search: `invert` is all ones to look for clear bits, zero for set bits, so each
 * word is XORed into "interesting bits are ones".
 */
static unsigned long find_next(const unsigned long *addr, unsigned long size, unsigned long offset,
                               unsigned long invert)
{
    unsigned long word, idx;

    if (offset >= size) {
        return size;
    }
    idx = BIT_WORD(offset);
    /* Drop the bits below offset in the first word. */
    word = (READ_ONCE(addr[idx]) ^ invert) & (~0UL << (offset % BITS_PER_LONG));
    for (;;) {
        if (idx == BIT_WORD(size - 1)) {
            word &= last_word_mask(size);
        }
        if (word) {
            return MIN(idx * BITS_PER_LONG + (unsigned long)__builtin_ctzl(word), size);
        }
        if (++idx > BIT_WORD(size - 1)) {
            return size;
        }
        word = READ_ONCE(addr[idx]) ^ invert;
    }
}

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
    return find_next(addr, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
                                 unsigned long offset)
{
    return find_next(addr, size, offset, ~0UL);
}

unsigned long bitmap_weight(const unsigned long *addr, unsigned long nbits)
{
    unsigned long i, full = nbits / BITS_PER_LONG, weight = 0;

    for (i = 0; i < full; i++) {
        weight += hweight_long(addr[i]);
    }
    if (nbits % BITS_PER_LONG) {
        weight += hweight_long(addr[full] & last_word_mask(nbits));
    }
    return weight;
}

void bitmap_zero(unsigned long *addr, unsigned long nbits)
{
    unsigned long i;

    for (i = 0; i < BITS_TO_LONGS(nbits); i++) {
        addr[i] = 0;
    }
}

void bitmap_fill(unsigned long *addr, unsigned long nbits)
{
    unsigned long i, words = BITS_TO_LONGS(nbits);

    for (i = 0; i < words; i++) {
        addr[i] = ~0UL;
    }
    if (words) {
        addr[words - 1] = last_word_mask(nbits);
    }
}

bool bitmap_empty(const unsigned long *addr, unsigned long nbits)
{
    return find_first_bit(addr, nbits) == nbits;
}

bool bitmap_full(const unsigned long *addr, unsigned long nbits)
{
    return find_first_zero_bit(addr, nbits) == nbits;
}
