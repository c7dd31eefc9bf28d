/* SPDX-License-Identifier: MIT */
/*
 * The console ring page shared between a domain and its console backend (the hypervisor for
 * boot-time domains, the console daemon later). Its GFN and event channel are the
 * HVM_PARAM_CONSOLE_PFN and HVM_PARAM_CONSOLE_EVTCHN parameters.
 *
 * Two byte rings: `in` carries input to the guest (backend produces, guest consumes), `out`
 * carries output from the guest (guest produces, backend consumes). Indices are free-running
 * 32-bit counters; a byte's position is its index modulo the ring size (MASK_XENCONS_IDX), the
 * ring holds prod - cons bytes, and each side only ever writes its own index. After adding
 * bytes or freeing space a side notifies the other through the event channel.
 */
#ifndef XEN_PUBLIC_IO_CONSOLE_H
#define XEN_PUBLIC_IO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Position of free-running index `idx` in `ring` (an array whose size is a power of two). */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

/* Values of `connection`, written by the backend. */
#define XENCONSOLE_CONNECTED    0
#define XENCONSOLE_DISCONNECTED 1

struct xencons_interface {
    char in[1024];             /* 0: input ring. */
    char out[2048];            /* 1024: output ring. */
    XENCONS_RING_IDX in_cons;  /* 3072: guest's consumer index of `in`. */
    XENCONS_RING_IDX in_prod;  /* 3076: backend's producer index of `in`. */
    XENCONS_RING_IDX out_cons; /* 3080: backend's consumer index of `out`. */
    XENCONS_RING_IDX out_prod; /* 3084: guest's producer index of `out`. */
    uint8_t connection;        /* 3088: XENCONSOLE_* (newer backends only). */
};
_Static_assert(sizeof(struct xencons_interface) == 3092, "xencons_interface size");
_Static_assert(offsetof(struct xencons_interface, out) == 1024, "xencons_interface.out");
_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "xencons_interface.in_cons");
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084, "xencons_interface.out_prod");
_Static_assert(offsetof(struct xencons_interface, connection) == 3088, "xencons.connection");

#endif /* XEN_PUBLIC_IO_CONSOLE_H */
