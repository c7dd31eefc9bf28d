/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/softirq.c: handlers run lowest number first, including softirqs raised by
 * handlers; raising on another CPU sends one event check, not one per raise; each CPU runs
 * only its own; handlers run with interrupts enabled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <hv/softirq.h>

#include "shim/shim.h"

static char order[16];
static unsigned int n_run;
static bool irqs_seen_off;

static void record(char c)
{
    if (!shim_irq_enabled) {
        irqs_seen_off = true;
    }
    if (n_run < sizeof(order) - 1) {
        order[n_run++] = c;
        order[n_run] = '\0';
    }
}

static void timer_handler(void)
{
    record('T');
}

/* The schedule handler raises the timer softirq once: it must run before the tasklet one. */
static void schedule_handler(void)
{
    static bool raised;

    record('S');
    if (!raised) {
        raised = true;
        raise_softirq(TIMER_SOFTIRQ);
    }
}

static void tasklet_handler(void)
{
    record('K');
}

static int setup(void **state)
{
    (void)state;
    shim_reset();
    softirq_init();
    open_softirq(TIMER_SOFTIRQ, timer_handler);
    open_softirq(SCHEDULE_SOFTIRQ, schedule_handler);
    open_softirq(TASKLET_SOFTIRQ, tasklet_handler);
    n_run = 0;
    order[0] = '\0';
    irqs_seen_off = false;
    return 0;
}

static void test_order(void **state)
{
    (void)state;
    raise_softirq(TASKLET_SOFTIRQ);
    raise_softirq(SCHEDULE_SOFTIRQ);
    raise_softirq(TASKLET_SOFTIRQ); /* Twice pending is still once. */
    assert_int_not_equal(softirq_pending(0), 0);
    do_softirq();
    assert_string_equal(order, "STK");
    assert_int_equal(softirq_pending(0), 0);
    assert_false(irqs_seen_off);
    do_softirq(); /* Nothing pending: nothing runs. */
    assert_string_equal(order, "STK");
}

static void test_remote_raise(void **state)
{
    (void)state;
    cpu_raise_softirq(2, TIMER_SOFTIRQ);
    cpu_raise_softirq(2, TIMER_SOFTIRQ);
    assert_int_equal(shim_event_checks[2], 1);
    cpu_raise_softirq(2, TASKLET_SOFTIRQ);
    assert_int_equal(shim_event_checks[2], 2);
    assert_int_equal(softirq_pending(2), (1UL << TIMER_SOFTIRQ) | (1UL << TASKLET_SOFTIRQ));
    /* Raising on this CPU needs no interrupt. */
    cpu_raise_softirq(0, TIMER_SOFTIRQ);
    assert_int_equal(shim_event_checks[0], 0);
    /* CPU 0 runs only its own. */
    do_softirq();
    assert_string_equal(order, "T");
    assert_int_not_equal(softirq_pending(2), 0);
    shim_cpu = 2;
    do_softirq();
    assert_string_equal(order, "TTK");
    assert_int_equal(softirq_pending(2), 0);
}

static void test_needs_interrupts_on(void **state)
{
    (void)state;
    raise_softirq(TIMER_SOFTIRQ);
    shim_irq_enabled = false;
    expect_assert_failure(do_softirq());
    assert_string_equal(order, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_order, setup),
        cmocka_unit_test_setup(test_remote_raise, setup),
        cmocka_unit_test_setup(test_needs_interrupts_on, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
