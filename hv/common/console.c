/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk() and the log ring. One lock serialises whole messages so lines from different CPUs
 * never interleave; the panic path may break it (console_force_unlock).
 *
 * A line may also be left open (console_line_start/continue): an interactive domain's prompt
 * is shown before its newline. Whatever is printed next by anyone else first ends the open
 * line with OPEN_LINE_CUT, so the fragment is recognisable and the next message starts on a
 * line of its own; the owner then prints its whole line again.
 *
 * With `console_timestamps` on the command line every line starts with the system time,
 * "[seconds.microseconds] ", as Xen's console_timestamps=boot does: the clock domains' own
 * clocks are checked against (tests/linux).
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/time.h>

#define LOG_RING_SIZE 32768 /* Power of two. */
#define MSG_MAX       512

static char log_ring[LOG_RING_SIZE];
static unsigned long log_ring_head; /* Total bytes ever written; index = head % size. */
static struct console_driver *drivers;
static DEFINE_SPINLOCK(console_lock);
static enum log_level console_loglevel = LOG_LEVEL_INFO;
static const void *open_owner; /* Owner of the unfinished last line, or NULL. */

#define OPEN_LINE_CUT " \\\n" /* Ends a fragment: " \" and a newline. */

static const char *const level_names[] = {"none", "err", "warning", "info", "debug"};

static int parse_loglvl(const char *value)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(level_names); i++) {
        if (!strcmp(value, level_names[i])) {
            console_loglevel = (enum log_level)i;
            return 0;
        }
    }
    if (!strcmp(value, "all")) {
        console_loglevel = LOG_LEVEL_DEBUG;
        return 0;
    }
    return -EINVAL;
}
custom_param("loglvl", parse_loglvl);

void console_set_loglevel(enum log_level level)
{
    console_loglevel = level;
}

static void ring_append(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        log_ring[log_ring_head++ % LOG_RING_SIZE] = buf[i];
    }
}

static bool opt_timestamps;
boolean_param("console_timestamps", opt_timestamps);
static bool at_line_start = true; /* Pre: console lock. */

static void emit_raw(const char *buf, size_t len)
{
    ring_append(buf, len);
    for (struct console_driver *d = drivers; d; d = d->next) {
        d->write(buf, len);
    }
}

static void emit_timestamp(void)
{
    char stamp[32];
    s_time_t now = NOW();
    int n = snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ", (unsigned long)(now / 1000000000),
                     (unsigned long)(now % 1000000000 / 1000));

    emit_raw(stamp, (size_t)n);
}

/* Pre: console lock. Each line gets its timestamp as its first character goes out. */
static void emit(const char *buf, size_t len)
{
    while (len) {
        size_t part = 0;

        while (part < len && buf[part++] != '\n') {
        }
        if (opt_timestamps && at_line_start) {
            emit_timestamp();
        }
        emit_raw(buf, part);
        at_line_start = buf[part - 1] == '\n';
        buf += part;
        len -= part;
    }
}

/* Pre: console lock. */
static void cut_open_line(void)
{
    if (open_owner) {
        emit(OPEN_LINE_CUT, sizeof(OPEN_LINE_CUT) - 1);
        open_owner = NULL;
    }
}

void console_line_start(const void *owner, const char *buf, size_t len, bool finish)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);

    cut_open_line();
    emit(buf, len);
    if (finish) {
        emit("\n", 1);
    } else {
        open_owner = owner;
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

bool console_line_continue(const void *owner, const char *buf, size_t len, bool finish)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);
    bool open = open_owner == owner;

    if (open) {
        emit(buf, len);
        if (finish) {
            emit("\n", 1);
            open_owner = NULL;
        }
    }
    spin_unlock_irqrestore(&console_lock, flags);
    return open;
}

void vprintk(const char *fmt, va_list ap)
{
    char msg[MSG_MAX];
    const char *text;
    enum log_level level = printk_level(fmt, &text);
    unsigned long flags;
    int len;

    if (level > console_loglevel) {
        return;
    }
    len = vsnprintf(msg, sizeof(msg), text, ap);
    if (len < 0) {
        return;
    }
    if ((size_t)len >= sizeof(msg)) {
        len = sizeof(msg) - 1;
    }
    flags = spin_lock_irqsave(&console_lock);
    cut_open_line();
    emit(msg, (size_t)len);
    spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void console_dump_ring(void (*write)(const char *buf, size_t len))
{
    unsigned long start = log_ring_head > LOG_RING_SIZE ? log_ring_head - LOG_RING_SIZE : 0;

    for (unsigned long i = start; i < log_ring_head; i++) {
        write(&log_ring[i % LOG_RING_SIZE], 1);
    }
}

void console_register(struct console_driver *drv)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);

    console_dump_ring(drv->write);
    drv->next = drivers;
    drivers = drv;
    spin_unlock_irqrestore(&console_lock, flags);
}

int console_getc(void)
{
    for (struct console_driver *d = drivers; d; d = d->next) {
        int c = d->read ? d->read() : -1;

        if (c >= 0) {
            return c;
        }
    }
    return -1;
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}
