/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 16550 UART on a legacy I/O port: the hypervisor's serial console. Output and input are both
 * polled; the console poll timer (hv/common/console-mux.c) reads input and says why.
 *
 * Command line: console=com1|com2|none[,<baud>] (default com1 at 115200, 8N1).
 */
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/string.h>
#include <asm/io.h>
#include <asm/system.h>
#include <asm/setup.h>

#define UART_CLOCK_HZ 1843200
#define UART_THR      0 /* Transmit holding register (DLAB=0). */
#define UART_RBR      0 /* Receive buffer register (DLAB=0). */
#define UART_DLL      0 /* Divisor latch low (DLAB=1). */
#define UART_IER      1
#define UART_DLM      1 /* Divisor latch high (DLAB=1). */
#define UART_FCR      2
#define UART_LCR      3
#define UART_MCR      4
#define UART_LSR      5
#define UART_LSR_DR   0x01 /* A received byte is waiting. */
#define UART_LSR_THRE 0x20
#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1  0x03

static uint16_t uart_port = 0x3f8;
static unsigned int uart_baud = 115200;
static bool uart_enabled = true;

static int parse_console(const char *value)
{
    const char *comma = strchr(value, ',');
    size_t len = comma ? (size_t)(comma - value) : strlen(value);

    if (len == 4 && !strncmp(value, "com1", 4)) {
        uart_port = 0x3f8;
    } else if (len == 4 && !strncmp(value, "com2", 4)) {
        uart_port = 0x2f8;
    } else if (len == 4 && !strncmp(value, "none", 4)) {
        uart_enabled = false;
    } else {
        return -EINVAL;
    }
    if (comma) {
        unsigned long baud = 0;

        for (const char *p = comma + 1; *p; p++) {
            if (*p < '0' || *p > '9' || baud > UART_CLOCK_HZ) {
                return -EINVAL;
            }
            baud = baud * 10 + (unsigned long)(*p - '0');
        }
        if (baud == 0 || baud > UART_CLOCK_HZ / 16) {
            return -EINVAL;
        }
        uart_baud = (unsigned int)baud;
    }
    return 0;
}
custom_param("console", parse_console);

static void uart_putc(char c)
{
    while (!(inb(uart_port + UART_LSR) & UART_LSR_THRE)) {
        cpu_relax();
    }
    outb((uint8_t)c, uart_port + UART_THR);
}

static void uart_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\n') {
            uart_putc('\r');
        }
        uart_putc(buf[i]);
    }
}

static int uart_getc(void)
{
    if (!(inb(uart_port + UART_LSR) & UART_LSR_DR)) {
        return -1;
    }
    return inb(uart_port + UART_RBR);
}

static struct console_driver uart_console = {
    .name = "ns16550",
    .write = uart_write,
    .read = uart_getc,
};

void serial_init(void)
{
    unsigned int divisor = UART_CLOCK_HZ / 16 / uart_baud;

    if (!uart_enabled) {
        return;
    }
    outb(0, uart_port + UART_IER); /* Polled: no UART interrupts. */
    outb(UART_LCR_DLAB, uart_port + UART_LCR);
    outb((uint8_t)divisor, uart_port + UART_DLL);
    outb((uint8_t)(divisor >> 8), uart_port + UART_DLM);
    outb(UART_LCR_8N1, uart_port + UART_LCR);
    /*
     * Enable and clear the FIFOs, receive trigger level 14. Input is polled, so the level
     * raises no interrupt; but QEMU passes input on only up to it at a time.
     */
    outb(0xc7, uart_port + UART_FCR);
    outb(0x03, uart_port + UART_MCR); /* DTR, RTS. */
    console_register(&uart_console);
}
