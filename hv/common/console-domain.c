/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain output is collected per line so lines of different domains never interleave.
 * Control characters other than tab are shown as '?': a guest must not be able to move the
 * cursor of, or send escape sequences to, the administrator's terminal.
 */
#include <hv/console-domain.h>
#include <hv/printk.h>

static void emit_line(struct domain *d)
{
    d->console.line[d->console.len] = '\0';
    printk("(d%u) %s\n", d->domain_id, d->console.line);
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

void domain_console_flush(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->console.lock);

    if (d->console.len) {
        emit_line(d);
    }
    spin_unlock_irqrestore(&d->console.lock, flags);
}
