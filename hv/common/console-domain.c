/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain output is collected per line so lines of different domains never interleave.
 * Control characters other than tab are shown as '?': a guest must not be able to move the
 * cursor of, or send escape sequences to, the administrator's terminal.
 *
 * The domain that holds the console focus may have its unfinished line shown (a shell prompt
 * waits for input without a newline): the shown part is remembered, the rest is appended when
 * it comes, and if something else was printed in between, the whole line is printed again
 * (console_line_start/continue in console.c).
 */
#include <hv/console-domain.h>
#include <hv/console.h>
#include <hv/printk.h>

#define PREFIX_MAX 16 /* "(d32767) " */

/* Print the line buffer from its start, with the prefix. Pre: console lock of d. */
static void print_whole(struct domain *d, bool finish)
{
    char text[PREFIX_MAX + sizeof(d->console.line)];
    int n = snprintf(text, sizeof(text), "(d%u) %.*s", d->domain_id, (int)d->console.len,
                     d->console.line);

    console_line_start(d, text, (size_t)MIN(n, (int)sizeof(text) - 1), finish);
}

/* Print what is not shown yet of the line; `finish` ends it. Pre: console lock of d. */
static void print_rest(struct domain *d, bool finish)
{
    unsigned int shown = d->console.shown;

    if (!shown ||
        !console_line_continue(d, d->console.line + shown, d->console.len - shown, finish)) {
        print_whole(d, finish);
    }
    d->console.shown = finish ? 0 : d->console.len;
}

static void emit_line(struct domain *d)
{
    print_rest(d, true);
    d->console.len = 0;
}

void domain_console_write(struct domain *d, const char *buf, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&d->console.lock);

    for (size_t i = 0; i < len; i++) {
        char c = buf[i];

        if (c == '\n') {
            emit_line(d);
            continue;
        }
        if (c == '\r') {
            continue;
        }
        if ((unsigned char)c < 0x20 && c != '\t') {
            c = '?';
        } else if ((unsigned char)c >= 0x7f) {
            c = '?';
        }
        d->console.line[d->console.len++] = c;
        if (d->console.len == sizeof(d->console.line) - 1) {
            emit_line(d);
        }
    }
    spin_unlock_irqrestore(&d->console.lock, flags);
}

void domain_console_show_partial(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->console.lock);

    if (d->console.len > d->console.shown) {
        print_rest(d, false);
    }
    spin_unlock_irqrestore(&d->console.lock, flags);
}

void domain_console_flush(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->console.lock);

    if (d->console.len) {
        emit_line(d);
    }
    spin_unlock_irqrestore(&d->console.lock, flags);
}
