/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's log: one line per message, with a timestamp and a level, to stderr or to a
 * file. Messages below the configured level are dropped before formatting.
 */
#ifndef XSD_LOG_H
#define XSD_LOG_H

#include <stdbool.h>

enum log_level {
    LOG_LVL_ERROR,
    LOG_LVL_WARN,
    LOG_LVL_INFO,
    LOG_LVL_DEBUG,
};

/* Set the most verbose level that is still written. The default is LOG_LVL_INFO. */
void log_set_level(enum log_level level);

/* Return the current level. */
enum log_level log_get_level(void);

/*
 * Parse a level name ("error", "warn", "info", "debug") into *level.
 * Returns true on success, false (and leaves *level alone) for an unknown name.
 */
bool log_parse_level(const char *name, enum log_level *level);

/* Return the name of a level, as accepted by log_parse_level(). */
const char *log_level_name(enum log_level level);

/*
 * Send the log to the file at path (appended to, created 0600), or back to stderr when path is
 * NULL. Returns 0, or an errno value if the file cannot be opened (the log is unchanged).
 */
int log_open(const char *path);

/* Close a log file opened by log_open(); later messages go to stderr. */
void log_close(void);

/* Write one message at the given level; a newline is added. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif /* XSD_LOG_H */
