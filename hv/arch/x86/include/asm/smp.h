/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 SMP: AP bring-up, IPIs and the stop path. */
#ifndef X86_SMP_H
#define X86_SMP_H

/* The AP trampoline is copied here; SIPI vector = address >> 12. Below 1 MiB, 4 KiB aligned. */
#define TRAMPOLINE_BASE 0x8000

#ifndef __ASSEMBLY__
#include <hv/types.h>
#include <asm/regs.h>

/* Start every CPU listed by ACPI and wait for each to report online. Context: boot CPU. */
void smp_boot_cpus(void);

/* NMI entry: stops this CPU if a stop was requested (panic), otherwise logs it. */
void do_nmi(struct cpu_user_regs *regs);

/* Install the IPI handlers. Context: boot CPU, before APs start. */
void smp_ipi_init(void);

/* Entry of an AP in C, on its own stack (called from ap_start64). */
void __start_secondary(unsigned int cpu);

/* Mark `cpu` online (it is ready for IPIs) and count it. */
void set_cpu_online(unsigned int cpu);

#endif /* __ASSEMBLY__ */
#endif /* X86_SMP_H */
