/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for hv/smp.h. The same interface, but a per-CPU variable is a plain array
 * indexed by CPU: the host link has no per-CPU template section to copy, and the sanitizers
 * then catch any CPU number out of range.
 */
#ifndef HV_SMP_H
#define HV_SMP_H

#include <hv/compiler.h>
#include <hv/types.h>
#include <asm/current.h>

#define NR_CPUS 64

extern unsigned int nr_cpu_ids;
extern unsigned long per_cpu_offset[NR_CPUS];

#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name[NR_CPUS]
#define DEFINE_PER_CPU(type, name)  __typeof__(type) per_cpu__##name[NR_CPUS]

#define per_cpu(name, cpu) (per_cpu__##name[(cpu)])
#define this_cpu(name)     per_cpu(name, smp_processor_id())

typedef void (*smp_call_fn)(void *arg);
void smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg);
void smp_call_function(smp_call_fn fn, void *arg);
bool cpu_online(unsigned int cpu);

#endif /* HV_SMP_H */
