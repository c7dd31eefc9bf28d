/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Console back ends of the test-kernel framework (guest/console.h): console_io on Xen, with
 * the HVM debug port 0xE9 as fallback; ports 0xE9 and COM1 when there is no Xen at all.
 */
#include <stdarg.h>
#include <stdbool.h>

#include <public/arch-x86/xen.h>
#include <public/xen.h>

#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/x86.h>

#include "internal.h"

#define COM1      0x3f8
#define UART_THR  0 /* Transmit holding register. */
#define UART_IER  1 /* Interrupt enable. */
#define UART_FCR  2 /* FIFO control. */
#define UART_LCR  3 /* Line control; bit 7 selects the divisor latch. */
#define UART_MCR  4 /* Modem control. */
#define UART_LSR  5 /* Line status; bit 5: transmit holding register empty. */
#define LSR_THRE  0x20
#define UART_WAIT 100000 /* Polls before giving up on a missing or stuck UART. */

static bool use_console_io;
static bool use_com1;

void console_init(bool on_xen)
{
    use_console_io = on_xen;
    use_com1 = !on_xen;
    if (use_com1) {
        /* 115200 baud (divisor 1), 8 data bits, no parity, 1 stop bit, FIFOs on. */
        outb(COM1 + UART_IER, 0);
        outb(COM1 + UART_LCR, 0x80);
        outb(COM1 + UART_THR, 1);
        outb(COM1 + UART_IER, 0);
        outb(COM1 + UART_LCR, 0x03);
        outb(COM1 + UART_FCR, 0x07);
        outb(COM1 + UART_MCR, 0x03);
    }
}

static void com1_putc(char c)
{
    unsigned int i;

    for (i = 0; i < UART_WAIT && !(inb(COM1 + UART_LSR) & LSR_THRE); i++) {
        asm volatile("pause");
    }
    outb(COM1 + UART_THR, (uint8_t)c);
}

static void ports_write(const char *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        outb(XEN_HVM_DEBUGCONS_IOPORT, (uint8_t)buf[i]);
        if (use_com1) {
            if (buf[i] == '\n') {
                com1_putc('\r');
            }
            com1_putc(buf[i]);
        }
    }
}

void console_write(const char *buf, size_t len)
{
    long rc;

    if (use_console_io) {
        rc = hypercall_console_io(CONSOLEIO_write, (unsigned int)len, buf);
        if (rc >= 0) {
            return;
        }
        /* Say once, on the port that still works, why the rest comes from there. */
        use_console_io = false;
        char note[80];
        int n = snprintf(note, sizeof(note),
                         "Test kernel: console_io failed (%ld), using port 0xe9\n", rc);
        ports_write(note, (size_t)MIN(n, (int)sizeof(note) - 1));
    }
    ports_write(buf, len);
}

int vprintf(const char *fmt, va_list args)
{
    char buf[1024];
    int n = vsnprintf(buf, sizeof(buf), fmt, args);

    if (n > (int)sizeof(buf) - 1) {
        n = sizeof(buf) - 1;
    }
    if (n > 0) {
        console_write(buf, (size_t)n);
    }
    return n;
}

int printf(const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vprintf(fmt, args);
    va_end(args);
    return n;
}
