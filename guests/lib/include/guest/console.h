/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console output of a test kernel. On Xen (or Xenolith) every write is one console_io
 * (CONSOLEIO_write) hypercall, so a printf call reaches the hypervisor's log in one piece. If
 * console_io fails, output falls back to the HVM debug port 0xE9, as Linux's early console
 * does. Without Xen (booted directly by QEMU) output goes to port 0xE9 and to COM1.
 *
 * The formatter understands the usual conversions: %d %i %u %x %X %o %c %s %p %%, the flags
 * - 0 + space #, a field width and precision (also as *), and the length modifiers hh h l ll z
 * t j. No floating point.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

#include <guest/lib.h>

/*
 * Writes `len` bytes of `buf` to the console. Context: any, including exception handlers.
 */
void console_write(const char *buf, size_t len);

/*
 * Formats into `buf` (at most `size` bytes including the terminating NUL, which is always
 * written when size > 0). Returns the length the whole result would have, like C99.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Formats and writes to the console; output longer than 1023 bytes is cut there. Returns the
 * number of bytes written.
 */
int vprintf(const char *fmt, va_list args);
int printf(const char *fmt, ...) __printf(1, 2);

#endif /* GUEST_CONSOLE_H */
