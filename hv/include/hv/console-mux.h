/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Serial input and the console focus (console-mux.c): the domains whose console ring the
 * hypervisor serves form a list, in domain id order. Serial input goes to the one that holds
 * the focus, or to the hypervisor's debug keys. Pressing Ctrl-A three times moves the focus
 * along hypervisor -> first domain -> ... -> last domain -> hypervisor, as in Xen. The first
 * domain given a console gets the focus. A poll timer on CPU 0 reads the UART and also drains
 * every ring, for guests that write without notifying.
 */
#ifndef HV_CONSOLE_MUX_H
#define HV_CONSOLE_MUX_H

#include <hv/types.h>

struct domain;

/* True when serial input goes to `d` now (a snapshot). Context: any. */
bool console_mux_has_focus(const struct domain *d);

/* Start the poll timer. Pre: timers work. Context: boot, before domains are built. */
void console_mux_init(void);

/* Add `d` (its ring is set up) to the list; the first one added takes the focus. */
void console_mux_add(struct domain *d);

/*
 * Remove `d` from the list; when it held the focus, the hypervisor takes it. Once this
 * returns, the poll timer and input no longer touch `d`. Context: not IRQ.
 */
void console_mux_remove(struct domain *d);

#endif /* HV_CONSOLE_MUX_H */
