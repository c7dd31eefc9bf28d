/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host definitions of what hv/common code expects from the arch layer and from console.c,
 * recording every call so that tests can assert on it. Fatal hypervisor paths (panic,
 * failed assertions) become cmocka failures, or expected ones under expect_assert_failure().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <hv/arch.h>
#include <hv/bug.h>
#include <hv/printk.h>
#include <string.h> /* Not <hv/string.h>: test-string replaces that with the real one. */
#include <hv/string.h>
#include <hv/time.h>
#include <asm/page.h>

#include "shim.h"

unsigned int nr_cpu_ids = 4;
unsigned long per_cpu_offset[NR_CPUS];
unsigned int shim_cpu;
bool shim_irq_enabled = true;
s_time_t shim_now;
s_time_t shim_deadline[NR_CPUS];
unsigned int shim_deadline_calls;
unsigned int shim_event_checks[NR_CPUS];
unsigned char *shim_arena;
unsigned long shim_arena_mfn;
unsigned long shim_arena_frames;

static char log_buf[1 << 16];
static size_t log_len;
static unsigned int log_count;
static int log_last_level;

void shim_reset(void)
{
    unsigned int i;

    nr_cpu_ids = 4;
    shim_cpu = 0;
    shim_irq_enabled = true;
    shim_now = 0;
    shim_deadline_calls = 0;
    for (i = 0; i < NR_CPUS; i++) {
        shim_deadline[i] = STIME_MAX;
        shim_event_checks[i] = 0;
    }
    shim_log_clear();
}

const char *shim_log(void)
{
    return log_buf;
}

unsigned int shim_log_count(void)
{
    return log_count;
}

bool shim_log_contains(const char *needle)
{
    return strstr(log_buf, needle) != NULL;
}

void shim_log_clear(void)
{
    log_len = 0;
    log_buf[0] = '\0';
    log_count = 0;
    log_last_level = -1;
}

int shim_log_last_level(void)
{
    return log_last_level;
}

void vprintk(const char *fmt, va_list ap)
{
    char line[1024];
    const char *text = line;
    size_t n;

    vsnprintf(line, sizeof(line), fmt, ap);
    log_last_level = LOG_LEVEL_INFO;
    if (line[0] == '\001' && line[1] >= '1' && line[1] <= '4') {
        log_last_level = line[1] - '0';
        text += 2;
    }
    n = strlen(text);
    if (n > sizeof(log_buf) - 1 - log_len) {
        n = sizeof(log_buf) - 1 - log_len;
    }
    memcpy(log_buf + log_len, text, n);
    log_len += n;
    log_buf[log_len] = '\0';
    log_count++;
    if (getenv("SHIM_VERBOSE")) {
        fputs(text, stderr);
    }
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    mock_assert(0, msg, "panic", 0);
    abort();
}

void assert_failed(const char *expr, const char *file, unsigned int line)
{
    mock_assert(0, expr, file, (int)line);
    abort();
}

void shim_bad_translation(unsigned long value, const char *what)
{
    char msg[128];

    snprintf(msg, sizeof(msg), "%s(%#lx) outside the shim arena", what, value);
    mock_assert(0, msg, __FILE__, __LINE__);
    abort();
}

void shim_spin_detected(void)
{
    mock_assert(0, "spinning on one CPU: a lock was left held or a wait cannot end", __FILE__,
                __LINE__);
    abort();
}

s_time_t NOW(void)
{
    return shim_now;
}

void arch_timer_set_deadline(s_time_t deadline)
{
    /* The contract says interrupts are off; a caller that forgets is a bug worth failing. */
    if (shim_irq_enabled) {
        mock_assert(0, "arch_timer_set_deadline with interrupts enabled", __FILE__, __LINE__);
    }
    shim_deadline[shim_cpu] = deadline;
    shim_deadline_calls++;
}

void arch_send_event_check(unsigned int cpu)
{
    if (cpu >= nr_cpu_ids) {
        mock_assert(0, "arch_send_event_check to a CPU that does not exist", __FILE__, __LINE__);
    }
    shim_event_checks[cpu]++;
}

void arch_idle(void)
{
    shim_irq_enabled = true;
}

void arch_stop_other_cpus(void)
{}

void arch_dump_state(void)
{}

void smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg)
{
    unsigned int self = shim_cpu;

    shim_cpu = cpu;
    fn(arg);
    shim_cpu = self;
}

void smp_call_function(smp_call_fn fn, void *arg)
{
    unsigned int cpu;

    for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
        if (cpu != shim_cpu) {
            smp_call_function_single(cpu, fn, arg);
        }
    }
}

bool cpu_online(unsigned int cpu)
{
    return cpu < nr_cpu_ids;
}

void shim_arena_init(unsigned long first_mfn, unsigned long frames)
{
    shim_arena_fini();
    shim_arena = aligned_alloc(PAGE_SIZE, frames * PAGE_SIZE);
    if (!shim_arena) {
        mock_assert(0, "shim arena allocation failed", __FILE__, __LINE__);
    }
    memset(shim_arena, 0, frames * PAGE_SIZE);
    shim_arena_mfn = first_mfn;
    shim_arena_frames = frames;
}

void shim_arena_fini(void)
{
    free(shim_arena);
    shim_arena = NULL;
    shim_arena_frames = 0;
}
