/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for asm/current.h: the "current CPU" is a variable the tests set.
 */
#ifndef X86_CURRENT_H
#define X86_CURRENT_H

/* The CPU the test pretends to run on; 0 unless a test changes it. */
extern unsigned int shim_cpu;

#define smp_processor_id() (shim_cpu)

#endif /* X86_CURRENT_H */
