/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test outcomes and the end of a test kernel (guest/report.h).
 */
#include <stdarg.h>
#include <stdbool.h>

#include <public/sched.h>

#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/report.h>
#include <guest/x86.h>

/* In increasing severity; the most severe reported outcome wins. */
enum test_status {
    STATUS_NONE,
    STATUS_SUCCESS,
    STATUS_SKIP,
    STATUS_ERROR,
    STATUS_FAILURE,
};

static const char *const status_names[] = {
    [STATUS_NONE] = "NONE",   [STATUS_SUCCESS] = "SUCCESS", [STATUS_SKIP] = "SKIP",
    [STATUS_ERROR] = "ERROR", [STATUS_FAILURE] = "FAILURE",
};

static enum test_status status;

/*
 * QEMU's PC machine (PIIX4 power management): writing SLP_EN with sleep type 0 to the PM1a
 * control register at 0x604 enters S5, which powers the machine off.
 */
#define QEMU_PM1A_CNT 0x604
#define PM1_SLP_EN_S5 0x2000

static void set_status(enum test_status s)
{
    if (s > status) {
        status = s;
    }
}

/* Prints one reason line: the formatted text and a newline unless it already ends in one. */
static void print_reason(const char *fmt, va_list args)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, args);

    if (n > (int)sizeof(buf) - 2) {
        n = sizeof(buf) - 2;
    }
    if (n == 0 || buf[n - 1] != '\n') {
        buf[n++] = '\n';
    }
    console_write(buf, (size_t)n);
}

void test_success(void)
{
    set_status(STATUS_SUCCESS);
}

void test_skip(const char *fmt, ...)
{
    va_list args;

    set_status(STATUS_SKIP);
    va_start(args, fmt);
    print_reason(fmt, args);
    va_end(args);
}

void test_error(const char *fmt, ...)
{
    va_list args;

    set_status(STATUS_ERROR);
    va_start(args, fmt);
    print_reason(fmt, args);
    va_end(args);
}

void test_failure(const char *fmt, ...)
{
    va_list args;

    set_status(STATUS_FAILURE);
    va_start(args, fmt);
    print_reason(fmt, args);
    va_end(args);
}

bool test_reported(void)
{
    return status != STATUS_NONE;
}

bool test_failed(void)
{
    return status >= STATUS_ERROR;
}

long test_shutdown(unsigned int reason)
{
    struct sched_shutdown arg = {.reason = reason};

    return hypercall_sched_op(SCHEDOP_shutdown, &arg);
}

void test_exit_reason(unsigned int reason)
{
    long rc;

    if (status == STATUS_NONE) {
        test_error("The test reported no outcome");
    }
    printf("Test result: %s\n", status_names[status]);

    if (xen_present()) {
        rc = test_shutdown(reason);
        printf("Test kernel: SCHEDOP_shutdown(%u) returned %ld; halting\n", reason, rc);
    } else {
        outw(QEMU_PM1A_CNT, PM1_SLP_EN_S5);
    }
    halt_forever();
}

void test_exit(void)
{
    test_exit_reason(SHUTDOWN_poweroff);
}
