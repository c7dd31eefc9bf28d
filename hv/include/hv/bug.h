/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Assertions about the hypervisor's own correctness. Never use these for conditions a guest
 * can cause: a guest-caused fatal state crashes that domain only.
 */
#ifndef HV_BUG_H
#define HV_BUG_H

#include <hv/compiler.h>
#include <hv/types.h>

/* Print a message, all registers and a backtrace, stop the other CPUs and halt. */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

/*
 * The two halves of every fatal path. panic_begin() disables interrupts and takes the console;
 * it returns false if this CPU is already panicking (a fault inside the panic path), in which
 * case the caller must go straight to panic_end(). panic_end() stops the other CPUs, prints
 * the final line and halts forever.
 */
bool panic_begin(void);
void panic_end(void) __noreturn;

/* Report a failed check with its location and panic. */
void assert_failed(const char *expr, const char *file, unsigned int line) __noreturn;

/* Always compiled in. */
#define BUG_ON(cond)                                                                               \
    do {                                                                                           \
        if (unlikely(cond)) {                                                                      \
            assert_failed("BUG_ON(" #cond ")", __FILE__, __LINE__);                                \
        }                                                                                          \
    } while (0)

#define BUG() assert_failed("BUG()", __FILE__, __LINE__)

/* Compiled in debug builds only; the expression is still type-checked in release builds. */
#ifdef CONFIG_DEBUG
#define ASSERT(cond)                                                                               \
    do {                                                                                           \
        if (unlikely(!(cond))) {                                                                   \
            assert_failed("ASSERT(" #cond ")", __FILE__, __LINE__);                                \
        }                                                                                          \
    } while (0)
#else
#define ASSERT(cond)                                                                               \
    do {                                                                                           \
        (void)sizeof(cond);                                                                        \
    } while (0)
#endif

#define ASSERT_UNREACHABLE() ASSERT(!"unreachable")

#endif /* HV_BUG_H */
