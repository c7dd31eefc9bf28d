/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatted output and the hypervisor log.
 *
 * A message may start with a level prefix (HV_LOG_ERR "..."); messages without one are
 * HV_LOG_INFO. Messages above the console's threshold (command line `loglvl=`) are dropped.
 * Log messages are never split across lines of source, so they can be found with grep.
 */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <stdarg.h>
#include <hv/compiler.h>
#include <hv/types.h>

/* Level prefixes: an SOH byte then a digit, concatenated with the format string. */
#define HV_LOG_ERR                                                                                 \
    "\001"                                                                                         \
    "1"
#define HV_LOG_WARNING                                                                             \
    "\001"                                                                                         \
    "2"
#define HV_LOG_INFO                                                                                \
    "\001"                                                                                         \
    "3"
#define HV_LOG_DEBUG                                                                               \
    "\001"                                                                                         \
    "4"

enum log_level {
    LOG_LEVEL_NONE = 0,
    LOG_LEVEL_ERR = 1,
    LOG_LEVEL_WARNING = 2,
    LOG_LEVEL_INFO = 3,
    LOG_LEVEL_DEBUG = 4,
};

/*
 * vsnprintf()/snprintf(): C99 semantics (return the length the full output would have had,
 * always NUL-terminate when size > 0). Conversions: %d %i %u %x %X %o %c %s %p %%, flags
 * '-' '0' '#' ' ' '+', width and precision (also '*'), length modifiers hh h l ll z t.
 * Extension: %pS prints a text address as symbol+0xoff/0xsize.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Split a message into its level and text. Returns the level encoded in the prefix, or
 * LOG_LEVEL_INFO when there is none, and stores the text after the prefix in *text.
 */
enum log_level printk_level(const char *msg, const char **text);

/* Print to the hypervisor console. Context: any, including IRQ and NMI (best effort). */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list ap) __printf(1, 0);

#define pr_err(fmt, ...)   printk(HV_LOG_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)  printk(HV_LOG_WARNING fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)  printk(HV_LOG_INFO fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(HV_LOG_DEBUG fmt, ##__VA_ARGS__)

#endif /* HV_PRINTK_H */
