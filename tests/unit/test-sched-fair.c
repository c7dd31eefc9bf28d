/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fair-share policy's arithmetic (hv/common/sched-fair-math.c), driven by a simulated
 * clock: a small model scheduler runs vCPUs by lowest virtual time and the shares it gives
 * are checked against the weights, caps and vCPU counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hv/errno.h>
#include <hv/sched-fair.h>
#include "shim/shim.h"

struct model_vcpu {
    unsigned int dom;
    uint64_t vt;
    s_time_t ran;
};

struct model_dom {
    unsigned int weight, nr_active, cap;
    s_time_t budget, period_start, ran;
};

/* Run `nv` always-runnable vCPUs on `ncpu` CPUs for `total` ns in 1 ms steps, each CPU taking
 * the lowest-vt vCPU not taken by another CPU and eligible under its domain's cap. */
static void simulate(struct model_vcpu *v, unsigned int nv, struct model_dom *d, unsigned int ncpu,
                     s_time_t total)
{
    const s_time_t step = MILLISECS(1);

    for (s_time_t now = 0; now < total; now += step) {
        bool taken[64] = {false};

        for (unsigned int i = 0; i < 8; i++) {
            if (d[i].cap && now - d[i].period_start >= SCHED_CAP_PERIOD) {
                d[i].budget = sched_cap_budget(d[i].cap);
                d[i].period_start = now;
            }
        }
        for (unsigned int c = 0; c < ncpu; c++) {
            int best = -1;

            for (unsigned int i = 0; i < nv; i++) {
                struct model_dom *md = &d[v[i].dom];

                if (taken[i] || (md->cap && md->budget <= 0)) {
                    continue;
                }
                if (best < 0 || sched_vt_before(v[i].vt, v[best].vt)) {
                    best = (int)i;
                }
            }
            if (best < 0) {
                continue;
            }
            struct model_dom *bd = &d[v[best].dom];
            /* Like the real turn length: a capped domain runs only until its budget is out. */
            s_time_t ran = bd->cap && bd->budget < step ? bd->budget : step;

            taken[best] = true;
            v[best].vt += sched_vt_delta(ran, bd->weight, bd->nr_active);
            v[best].ran += ran;
            bd->ran += ran;
            bd->budget -= ran;
        }
    }
}

static void test_weights_share(void **state)
{
    /* Weights 1:2:4, two vCPUs each, on 2 CPUs: shares 1/7, 2/7, 4/7 of the machine. */
    struct model_dom d[8] = {{.weight = 100, .nr_active = 2},
                             {.weight = 200, .nr_active = 2},
                             {.weight = 400, .nr_active = 2}};
    struct model_vcpu v[6] = {{.dom = 0}, {.dom = 0}, {.dom = 1},
                              {.dom = 1}, {.dom = 2}, {.dom = 2}};
    s_time_t total = SECONDS(7);

    (void)state;
    simulate(v, 6, d, 2, total);
    for (unsigned int i = 0; i < 3; i++) {
        double share = (double)d[i].ran / (double)(2 * total);
        double want = (double)(1 << i) / 7.0;

        assert_true(share > want - 0.01 && share < want + 0.01);
    }
}

static void test_share_by_weight_not_vcpus(void **state)
{
    /* A 4-vCPU and a 1-vCPU domain of equal weight on 2 CPUs: one CPU each. */
    struct model_dom d[8] = {{.weight = 256, .nr_active = 4}, {.weight = 256, .nr_active = 1}};
    struct model_vcpu v[5] = {{.dom = 0}, {.dom = 0}, {.dom = 0}, {.dom = 0}, {.dom = 1}};

    (void)state;
    simulate(v, 5, d, 2, SECONDS(4));
    assert_true(d[0].ran > SECONDS(4) * 95 / 100 && d[0].ran < SECONDS(4) * 105 / 100);
    assert_true(d[1].ran > SECONDS(4) * 95 / 100);
}

static void test_cap(void **state)
{
    /* A capped hog next to an uncapped one on one CPU gets its cap, no more. */
    struct model_dom d[8] = {{.weight = 256, .nr_active = 1, .cap = 25, .budget = MILLISECS(2)},
                             {.weight = 256, .nr_active = 1}};
    struct model_vcpu v[2] = {{.dom = 0}, {.dom = 1}};

    (void)state;
    simulate(v, 2, d, 1, SECONDS(2));
    assert_true(d[0].ran >= SECONDS(2) * 24 / 100 && d[0].ran <= SECONDS(2) * 26 / 100);
    assert_int_equal(sched_cap_budget(25), MILLISECS(10) / 4);
    assert_int_equal(sched_cap_budget(0), 0);
}

static void test_wake_bonus_bounded(void **state)
{
    uint64_t min = 1000000000ULL;

    (void)state;
    /* A long sleeper comes back at most one bonus ahead of the queue; a recent one keeps its vt. */
    assert_int_equal(sched_wake_vt(5, min), min - SCHED_WAKE_BONUS);
    assert_int_equal(sched_wake_vt(min + 7, min), min + 7);
    assert_true(sched_should_preempt(min - SCHED_WAKE_BONUS, min));
    assert_false(sched_should_preempt(min, min + SCHED_PREEMPT_MARGIN / 2));
}

static void test_wraparound_and_deltas(void **state)
{
    (void)state;
    assert_true(sched_vt_before(~0ULL - 5, 3)); /* Across the wrap. */
    assert_false(sched_vt_before(3, ~0ULL - 5));
    assert_int_equal(sched_vt_delta(MILLISECS(1), 256, 1), MILLISECS(1));
    assert_int_equal(sched_vt_delta(MILLISECS(1), 512, 1), MILLISECS(1) / 2);
    assert_int_equal(sched_vt_delta(MILLISECS(1), 256, 4), MILLISECS(4));
    assert_int_equal(sched_vt_delta(-5, 256, 1), 0);
    /* The largest weight and vCPU count over a long run do not overflow. */
    assert_true(sched_vt_delta(SECONDS(3600), 1, 64) > sched_vt_delta(SECONDS(1), 1, 64));
}

static void test_params_and_cpulists(void **state)
{
    unsigned long m;

    (void)state;
    assert_int_equal(sched_check_params(256, 0, 1), 0);
    assert_int_equal(sched_check_params(0, 0, 1), -EINVAL);
    assert_int_equal(sched_check_params(65536, 0, 1), -EINVAL);
    assert_int_equal(sched_check_params(1, 200, 2), 0);
    assert_int_equal(sched_check_params(1, 201, 2), -EINVAL);
    assert_int_equal(sched_parse_cpulist("0-3,5", 8, &m), 0);
    assert_int_equal(m, 0x2f);
    assert_int_equal(sched_parse_cpulist("1", 2, &m), 0);
    assert_int_equal(m, 2);
    assert_int_equal(sched_parse_cpulist("2", 2, &m), -EINVAL);   /* No such CPU. */
    assert_int_equal(sched_parse_cpulist("3-1", 8, &m), -EINVAL); /* Backwards. */
    assert_int_equal(sched_parse_cpulist("", 8, &m), -EINVAL);    /* Empty. */
    assert_int_equal(sched_parse_cpulist("1,", 8, &m), -EINVAL);  /* Trailing comma. */
    assert_int_equal(sched_parse_cpulist("a", 8, &m), -EINVAL);
    assert_int_equal(sched_parse_cpulist("99999999999", 8, &m), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weights_share),
        cmocka_unit_test(test_share_by_weight_not_vcpus),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_wake_bonus_bounded),
        cmocka_unit_test(test_wraparound_and_deltas),
        cmocka_unit_test(test_params_and_cpulists),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
