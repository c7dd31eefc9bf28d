/* SPDX-License-Identifier: MIT */
/*
 * HVM parameters: per-domain 64-bit values read and written with HVMOP_get_param and
 * HVMOP_set_param (hvm/hvm_op.h). The toolstack (or, for boot-time domains, the hypervisor)
 * sets most of them before the domain starts; a PVH guest reads where its xenstore and console
 * rings are, and sets how it wants event notifications delivered.
 */
#ifndef XEN_PUBLIC_HVM_PARAMS_H
#define XEN_PUBLIC_HVM_PARAMS_H

#include "hvm_op.h"

/*
 * How event-channel upcalls are delivered (guest writes). Value 0 disables delivery;
 * otherwise bits 63:56 are the type and bits 55:0 its data:
 *  - HVM_PARAM_CALLBACK_TYPE_GSI: data is a GSI (GSI 0 is not usable; it would read as 0).
 *  - HVM_PARAM_CALLBACK_TYPE_PCI_INTX: data is a PCI INTx line: segment in bits 47:32, bus in
 *    31:16, devfn in 15:8, pin (0 = INTA) in 1:0.
 *  - HVM_PARAM_CALLBACK_TYPE_VECTOR: bits 7:0 are an IDT vector raised directly on the vCPU
 *    (needs XENFEAT_hvm_callback_vector). Linux uses vector 0xF3: value 0x02000000000000F3.
 */
#define HVM_PARAM_CALLBACK_IRQ           0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK 0xFF00000000000000ULL
#define HVM_PARAM_CALLBACK_TYPE_GSI      0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR   2

/*
 * The xenstore ring page (a GFN) and the event channel port that signals it; the hypervisor
 * itself never looks at them, the guest's xenbus does. 0 means "no xenstore yet".
 */
#define HVM_PARAM_STORE_PFN    1
#define HVM_PARAM_STORE_EVTCHN 2

/* Device-model (ioreq) pages; not used by PVH guests. */
#define HVM_PARAM_IOREQ_PFN    5
#define HVM_PARAM_BUFIOREQ_PFN 6

/* Timer and platform emulation settings of full HVM guests. */
#define HVM_PARAM_TIMER_MODE   10
#define HVM_PARAM_HPET_ENABLED 11
#define HVM_PARAM_IDENT_PT     12
#define HVM_PARAM_ACPI_S_STATE 14
#define HVM_PARAM_VM86_TSS     15
#define HVM_PARAM_VPT_ALIGN    16

/* The console ring page (a GFN, struct xencons_interface) and its event channel port. */
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18

/* What a triple fault does to the domain: a SHUTDOWN_* reason (toolstack-set). */
#define HVM_PARAM_TRIPLE_FAULT_REASON 31

/* Number of parameter indices; indices at or above it fail with -XEN_EINVAL. */
#define HVM_NR_PARAMS 39

#endif /* XEN_PUBLIC_HVM_PARAMS_H */
