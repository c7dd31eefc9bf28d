/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Channel 2 of an i8254 PIT and the port-0x61 bits that gate it, per domain. A PVH platform has
 * no PIT (channels 0 and 1 stay unclaimed ports), but every x86 Linux measures the CPU clock
 * against channel 2 early at boot, before its Xen clock is used: with nothing behind the ports
 * it polls them 100 000 times, an I/O exit each (seconds under emulation), before giving up.
 * A counting channel 2 lets that calibration finish, or fail, within a few PIT periods.
 */
#ifndef X86_HVM_PIT_H
#define X86_HVM_PIT_H

#include <hv/spinlock.h>
#include <hv/types.h>

struct vpit {
    spinlock_t lock;
    s_time_t start;   /* When the count was loaded (or the gate last rose). */
    uint32_t reload;  /* 1..65536. */
    uint16_t frozen;  /* The count while the gate is low. */
    uint16_t latched; /* A latched count, valid while latch_bytes != 0. */
    uint8_t latch_bytes;
    uint8_t mode;      /* 0-5 (control word bits 3:1). */
    uint8_t access;    /* 1 low byte, 2 high byte, 3 low then high. */
    bool read_high;    /* Next read (access 3) returns the high byte. */
    bool write_high;   /* Next write (access 3) sets the high byte. */
    uint8_t write_low; /* The low byte written so far. */
    uint8_t port61;    /* Gate (bit 0) and speaker enable (bit 1) as last written. */
    bool loaded;       /* A count was written: the channel counts. */
    bool refresh;      /* Port 0x61 bit 4, which toggles on each read. */
};

void vpit_init(struct vpit *p);

/* Port I/O on 0x42, 0x43 and 0x61. Returns false for any other port. */
bool vpit_io(struct vpit *p, uint16_t port, bool in, uint8_t size, uint32_t *value);

#endif /* X86_HVM_PIT_H */
