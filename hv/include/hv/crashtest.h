/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deliberate crashes for testing the fatal paths (debug builds only): the command-line option
 * crashtest=pagefault|bug|assert makes the end of boot fault in a function named after the
 * kind, so tests can check the panic output and its symbolized backtrace.
 */
#ifndef HV_CRASHTEST_H
#define HV_CRASHTEST_H

/* Crash as crashtest= asks, or return when it was not given (always, in release builds). */
void crashtest_run(void);

#endif /* HV_CRASHTEST_H */
