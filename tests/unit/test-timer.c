/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv/common/timer.c driven by the shim's fake clock: expiry order, the programmed deadline,
 * re-arming (also from the callback), stop, kill, migration and remote CPUs, and a random run
 * checked against a model. Every callback checks it never runs early and that it runs with
 * interrupts enabled on the timer's CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include <hv/softirq.h>
#include <hv/time.h>
#include <hv/timer.h>

#include "shim/shim.h"

#define NT 8

struct probe {
    struct timer t;
    unsigned int cpu;   /* CPU it must run on. */
    unsigned int fired; /* Times the callback ran. */
    unsigned int rearm; /* Times the callback re-arms itself, period 10. */
    s_time_t armed_for; /* Expiry it was last set to. */
};

static struct probe probes[NT];
static char fire_order[64];
static unsigned int n_fired;

static void probe_fn(void *data)
{
    struct probe *p = data;

    /* Never early, on the right CPU, interrupts on. */
    assert_true(NOW() >= p->armed_for);
    assert_int_equal(smp_processor_id(), p->cpu);
    assert_true(shim_irq_enabled);
    p->fired++;
    if (n_fired < sizeof(fire_order) - 1) {
        fire_order[n_fired++] = (char)('a' + (p - probes));
        fire_order[n_fired] = '\0';
    }
    if (p->rearm) {
        p->rearm--;
        p->armed_for += 10;
        set_timer(&p->t, p->armed_for);
    }
}

static void arm(unsigned int i, s_time_t when)
{
    probes[i].armed_for = when;
    set_timer(&probes[i].t, when);
}

/* What the timer interrupt and the idle loop do, on the current CPU. */
static void tick(s_time_t now)
{
    shim_now = now;
    raise_softirq(TIMER_SOFTIRQ);
    do_softirq();
}

static int setup(void **state)
{
    unsigned int i;

    (void)state;
    shim_reset();
    softirq_init();
    timer_init();
    for (i = 0; i < NT; i++) {
        probes[i] = (struct probe){.cpu = 0};
        init_timer(&probes[i].t, probe_fn, &probes[i], 0);
    }
    n_fired = 0;
    fire_order[0] = '\0';
    return 0;
}

static void test_order_and_deadline(void **state)
{
    (void)state;
    arm(0, 30);
    assert_true(shim_deadline[0] == 30);
    arm(1, 10);
    assert_true(shim_deadline[0] == 10);
    arm(2, 20);
    arm(3, 10); /* Same expiry as b: fires after it. */
    assert_true(shim_deadline[0] == 10);
    assert_true(timer_is_active(&probes[0].t));
    tick(100);
    assert_string_equal(fire_order, "bdca");
    assert_true(shim_deadline[0] == STIME_MAX);
    assert_false(timer_is_active(&probes[0].t));
}

static void test_never_early(void **state)
{
    (void)state;
    arm(0, 100);
    tick(99);
    assert_int_equal(probes[0].fired, 0);
    assert_true(shim_deadline[0] == 100); /* Reprogrammed for the same deadline. */
    tick(100);
    assert_int_equal(probes[0].fired, 1);
    tick(1000);
    assert_int_equal(probes[0].fired, 1); /* One-shot. */
}

static void test_rearm(void **state)
{
    (void)state;
    arm(0, 100);
    arm(0, 200); /* Re-arming moves the timer. */
    tick(150);
    assert_int_equal(probes[0].fired, 0);
    assert_true(shim_deadline[0] == 200);
    arm(0, 50); /* Into the past: fires at the next tick. */
    assert_true(shim_deadline[0] == 50);
    tick(150);
    assert_int_equal(probes[0].fired, 1);

    /* A periodic timer re-arms from its callback: catch-up stops at the time snapshot. */
    probes[1].rearm = 5;
    arm(1, 200);
    tick(225);
    assert_int_equal(probes[1].fired, 3); /* 200, 210, 220. */
    assert_true(shim_deadline[0] == 230);
    tick(1000);
    assert_int_equal(probes[1].fired, 6);
    assert_false(timer_is_active(&probes[1].t));
}

static void test_stop_and_kill(void **state)
{
    (void)state;
    arm(0, 100);
    arm(1, 200);
    stop_timer(&probes[0].t);
    assert_false(timer_is_active(&probes[0].t));
    assert_true(shim_deadline[0] == 200); /* The next timer's deadline. */
    stop_timer(&probes[0].t);             /* Stopping an inactive timer is fine. */
    kill_timer(&probes[1].t);
    assert_true(shim_deadline[0] == 200 || shim_deadline[0] == STIME_MAX);
    tick(1000);
    assert_int_equal(probes[0].fired + probes[1].fired, 0);
    arm(0, 1001); /* A stopped timer can be set again... */
    tick(1001);
    assert_int_equal(probes[0].fired, 1);
    set_timer(&probes[1].t, 2000); /* ...a killed one stays killed (a racing re-arm). */
    assert_false(timer_is_active(&probes[1].t));
    tick(5000);
    assert_int_equal(probes[1].fired, 0);
}

static void test_uninitialised(void **state)
{
    struct timer t = {0};

    (void)state;
    expect_assert_failure(set_timer(&t, 5));
    expect_assert_failure(stop_timer(&t));
}

static void test_remote_cpu(void **state)
{
    (void)state;
    probes[0].cpu = 2;
    init_timer(&probes[0].t, probe_fn, &probes[0], 2);
    arm(0, 100);
    /* CPU 0 cannot program CPU 2's timer: it raises CPU 2's timer softirq instead. */
    assert_int_equal(shim_event_checks[2], 1);
    assert_true(softirq_pending(2) != 0);
    assert_true(shim_deadline[2] == STIME_MAX);
    shim_cpu = 2;
    do_softirq();
    assert_true(shim_deadline[2] == 100);
    assert_int_equal(probes[0].fired, 0);
    tick(100);
    assert_int_equal(probes[0].fired, 1);
}

static void test_migrate(void **state)
{
    (void)state;
    arm(0, 100);
    probes[0].cpu = 1;
    migrate_timer(&probes[0].t, 1);
    assert_true(timer_is_active(&probes[0].t));
    assert_true(shim_deadline[0] == STIME_MAX); /* Gone from CPU 0. */
    assert_int_equal(shim_event_checks[1], 1);
    tick(500); /* CPU 0: nothing. */
    assert_int_equal(probes[0].fired, 0);
    shim_cpu = 1;
    tick(500);
    assert_int_equal(probes[0].fired, 1);
    /* An inactive timer just changes CPU; it fires there once set. */
    probes[1].cpu = 3;
    migrate_timer(&probes[1].t, 3);
    assert_false(timer_is_active(&probes[1].t));
    shim_cpu = 3;
    arm(1, 600);
    assert_true(shim_deadline[3] == 600);
    tick(600);
    assert_int_equal(probes[1].fired, 1);
}

/* Random arm/stop/advance on one CPU against a model of the expected expiries. */
static void test_random(void **state)
{
    s_time_t expect[NT], now = 0;
    unsigned int want_fired[NT] = {0}, round, i;

    (void)state;
    srand(777);
    for (i = 0; i < NT; i++) {
        expect[i] = STIME_MAX;
    }
    for (round = 0; round < 5000; round++) {
        i = (unsigned int)rand() % NT;
        switch (rand() % 3) {
        case 0:
            expect[i] = now + rand() % 50;
            arm(i, expect[i]);
            break;
        case 1:
            stop_timer(&probes[i].t);
            expect[i] = STIME_MAX;
            break;
        default:
            now += rand() % 30;
            tick(now);
            for (i = 0; i < NT; i++) {
                if (expect[i] <= now) {
                    want_fired[i]++;
                    expect[i] = STIME_MAX;
                }
            }
            break;
        }
        for (i = 0; i < NT; i++) {
            assert_int_equal(probes[i].fired, want_fired[i]);
            assert_int_equal(timer_is_active(&probes[i].t), expect[i] != STIME_MAX);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_order_and_deadline, setup),
        cmocka_unit_test_setup(test_never_early, setup),
        cmocka_unit_test_setup(test_rearm, setup),
        cmocka_unit_test_setup(test_stop_and_kill, setup),
        cmocka_unit_test_setup(test_uninitialised, setup),
        cmocka_unit_test_setup(test_remote_cpu, setup),
        cmocka_unit_test_setup(test_migrate, setup),
        cmocka_unit_test_setup(test_random, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
