/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: printk() output goes to a log ring and to every registered output
 * driver (the serial line). Output printed before a driver registers is kept in the ring and
 * replayed when the first driver arrives, so nothing from early boot is lost.
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/printk.h>

struct console_driver {
    const char *name;
    /* Write `len` bytes. Must be usable with interrupts disabled and from NMI context. */
    void (*write)(const char *buf, size_t len);
    /* The next received byte, or -1 when there is none. Optional. Context: not IRQ. */
    int (*read)(void);
    struct console_driver *next;
};

/*
 * Print `len` bytes starting a line for `owner` (any unique pointer), then a newline when
 * `finish`; otherwise the line stays open for console_line_continue(). Context: not NMI.
 */
void console_line_start(const void *owner, const char *buf, size_t len, bool finish);

/*
 * Add `len` bytes to `owner`'s open line (and end it when `finish`), if nothing else was printed
 * since; returns false, printing nothing, when the line was cut meanwhile. Context: not NMI.
 */
bool console_line_continue(const void *owner, const char *buf, size_t len, bool finish);

/* Add an output driver and replay the log ring to it. Context: boot. */
void console_register(struct console_driver *drv);

/* Messages with a level above `level` are not printed (loglvl= on the command line). */
void console_set_loglevel(enum log_level level);

/*
 * Take the console for the panic path: break the console lock if another CPU holds it, so a
 * crashing CPU can always print. Context: any, interrupts disabled.
 */
void console_force_unlock(void);

/*
 * The next input byte from the first driver that has one, or -1. Only the console poll timer
 * reads (console-mux.c). Context: not IRQ.
 */
int console_getc(void);

/* Print the log ring's contents through `write` (used by debugging dumps). */
void console_dump_ring(void (*write)(const char *buf, size_t len));

#endif /* HV_CONSOLE_H */
