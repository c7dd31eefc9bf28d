/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU numbering and per-CPU data.
 *
 * CPUs are numbered 0..nr_cpu_ids-1 in the order the firmware lists them (CPU 0 boots).
 * Per-CPU variables are defined with DEFINE_PER_CPU and live in a template section that is
 * copied once per CPU at boot; per_cpu_offset[cpu] is the distance from the template to a
 * CPU's copy.
 */
#ifndef HV_SMP_H
#define HV_SMP_H

#include <hv/compiler.h>
#include <hv/types.h>
#include <asm/current.h> /* smp_processor_id() */

#define NR_CPUS 64

extern unsigned int nr_cpu_ids; /* CPUs found by firmware and allowed by maxcpus=. */
extern unsigned long per_cpu_offset[NR_CPUS];

#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name
#define DEFINE_PER_CPU(type, name)  __section(".data.percpu") __typeof__(type) per_cpu__##name

#define per_cpu(name, cpu)                                                                         \
    (*(__typeof__(per_cpu__##name) *)((char *)&per_cpu__##name + per_cpu_offset[(cpu)]))
#define this_cpu(name) per_cpu(name, smp_processor_id())

/* Cross-CPU function call: run fn(arg) on `cpu` and wait until it returned. */
typedef void (*smp_call_fn)(void *arg);
void smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg);
/* Run fn(arg) on the CPUs in `mask` (bit n = CPU n; this CPU is left out) and wait for them.
 * Pre: interrupts enabled, no spinlock held that the targets could be waiting for. */
void smp_call_function_mask(unsigned long mask, smp_call_fn fn, void *arg);
/* Run fn(arg) on every other online CPU and wait for all of them. */
void smp_call_function(smp_call_fn fn, void *arg);
/* True once `cpu` has completed its bring-up. */
bool cpu_online(unsigned int cpu);

#endif /* HV_SMP_H */
