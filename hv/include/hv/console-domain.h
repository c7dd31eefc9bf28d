/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain console output on the hypervisor's console: each line a domain writes (console_io,
 * port 0xE9) is printed whole, tagged "(d<id>) ".
 */
#ifndef HV_CONSOLE_DOMAIN_H
#define HV_CONSOLE_DOMAIN_H

#include <hv/domain.h>

/* Add `len` bytes of `d`'s output; complete lines are printed. Context: any. */
void domain_console_write(struct domain *d, const char *buf, size_t len);

/*
 * Show the unfinished line now, for the domain that has the console focus (its prompt); the
 * rest follows on the same console line unless something else is printed in between.
 */
void domain_console_show_partial(struct domain *d);

/* Print what is left of a line (when the domain ends without a final newline). */
void domain_console_flush(struct domain *d);

#endif /* HV_CONSOLE_DOMAIN_H */
