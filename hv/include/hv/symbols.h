/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The embedded symbol table, for symbolized backtraces and %pS.
 *
 * The image is linked twice: pass 1 without a table (symbols.c carries a weak, empty
 * default), then scripts/gen-symbols.py turns `nm -n` of pass 1 into a C source defining
 * `symbol_table`, which pass 2 links in. The table lives in .rodata, after .text, so adding it
 * does not move any function and the addresses recorded in pass 1 stay exact.
 */
#ifndef HV_SYMBOLS_H
#define HV_SYMBOLS_H

#include <hv/types.h>

/*
 * The generated table. Functions are sorted by address; function i starts at
 * base + offsets[i], is sizes[i] bytes long and is named by the NUL-terminated string at
 * names + name_offsets[i]. Offsets are 32-bit because the image is far below 4 GiB.
 */
struct symbol_table {
    unsigned long base;           /* Address of the lowest function. */
    unsigned int count;           /* Number of functions. */
    const uint32_t *offsets;      /* Start of each function, relative to base; ascending. */
    const uint32_t *sizes;        /* Size of each function in bytes. */
    const uint32_t *name_offsets; /* Offset of each name in names. */
    const char *names;            /* All names, NUL-separated. */
};

/* Defined by the generated source; a weak empty default is used by the first link pass. */
extern const struct symbol_table symbol_table;

/*
 * Find the function that contains `addr`.
 * Returns its name, or NULL when no function contains addr (in a gap, outside the image, or
 * no table is linked in). On success stores addr minus the function's start in *offset and
 * the function's size in *size; either pointer may be NULL.
 * Context: any, including panic and NMI paths: no locks, no allocation.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *offset, unsigned long *size);

/*
 * The same search over an explicit table (what symbols_lookup() does with symbol_table);
 * exposed for tests. Pre: `table` is well formed as described above.
 */
const char *symbols_lookup_in(const struct symbol_table *table, unsigned long addr,
                              unsigned long *offset, unsigned long *size);

#endif /* HV_SYMBOLS_H */
