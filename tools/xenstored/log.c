/* SPDX-License-Identifier: GPL-2.0-only */
/* The daemon's leveled log. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static enum log_level current_level = LOG_LVL_INFO;
static FILE *log_file; /* NULL means stderr. */

static const char *const level_names[] = {
    [LOG_LVL_ERROR] = "error",
    [LOG_LVL_WARN] = "warn",
    [LOG_LVL_INFO] = "info",
    [LOG_LVL_DEBUG] = "debug",
};

void log_set_level(enum log_level level)
{
    current_level = level;
}

enum log_level log_get_level(void)
{
    return current_level;
}

bool log_parse_level(const char *name, enum log_level *level)
{
    unsigned int i;

    for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *level = (enum log_level)i;
            return true;
        }
    }
    return false;
}

const char *log_level_name(enum log_level level)
{
    if ((unsigned int)level >= sizeof(level_names) / sizeof(level_names[0])) {
        return "?";
    }
    return level_names[level];
}

int log_open(const char *path)
{
    FILE *f;
    int fd;

    if (!path) {
        log_close();
        return 0;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        return errno;
    }
    f = fdopen(fd, "a");
    if (!f) {
        int err = errno;

        close(fd);
        return err;
    }
    /* Line buffering keeps the file useful while the daemon runs and after a crash. */
    setvbuf(f, NULL, _IOLBF, 0);
    log_close();
    log_file = f;
    return 0;
}

void log_close(void)
{
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    FILE *out = log_file ? log_file : stderr;
    struct timespec ts;
    struct tm tm;
    char stamp[32];
    va_list ap;

    if (level > current_level) {
        return;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);

    /* One fprintf per part would let another process interleave; build the line first. */
    {
        char line[1024];
        int n = snprintf(line, sizeof(line), "%s.%03ldZ xenstored[%d] %s: ", stamp,
                         ts.tv_nsec / 1000000, (int)getpid(), log_level_name(level));

        if (n < 0 || (size_t)n >= sizeof(line)) {
            n = 0;
        }
        va_start(ap, fmt);
        vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
        va_end(ap);
        fprintf(out, "%s\n", line);
    }
    if (out == stderr) {
        fflush(stderr);
    }
}
