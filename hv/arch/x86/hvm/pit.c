/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PIT channel 2 for guests (asm/hvm/pit.h). The count is computed from system time when read,
 * so the model costs nothing between accesses: no timer, no interrupt (channel 2 has none).
 */
#include <hv/time.h>
#include <asm/hvm/pit.h>

#define PIT_HZ           1193182ULL
#define PORT_CH2         0x42
#define PORT_CONTROL     0x43
#define PORT_SYSTEM_B    0x61
#define SYSB_GATE2       0x01
#define SYSB_SPEAKER     0x02
#define SYSB_REFRESH     0x10
#define SYSB_OUT2        0x20
#define CONTROL_CHANNEL2 0x80 /* Bits 7:6 = 2. */
#define CONTROL_READBACK 0xc0

void vpit_init(struct vpit *p)
{
    *p = (struct vpit){.reload = 0x10000, .access = 3};
    spin_lock_init(&p->lock);
}

static uint64_t ticks_since_start(const struct vpit *p)
{
    s_time_t elapsed = NOW() - p->start;

    return elapsed > 0 ? (uint64_t)elapsed * PIT_HZ / 1000000000ULL : 0;
}

/* The counting element now, and whether OUT2 is high. */
static uint16_t current_count(const struct vpit *p, bool *out)
{
    uint64_t t;

    if (!p->loaded || !(p->port61 & SYSB_GATE2)) {
        *out = p->loaded && p->mode != 0;
        return p->frozen;
    }
    t = ticks_since_start(p);
    if (p->mode == 2 || p->mode == 3) { /* Periodic: reloads at the end of each period. */
        *out = (t % p->reload) < p->reload / 2 || p->mode == 2;
        return (uint16_t)(p->reload - t % p->reload);
    }
    *out = t >= p->reload; /* One-shot modes: high once the count ran out; it keeps wrapping. */
    return (uint16_t)((p->reload - t % 0x10000) & 0xffff);
}

static void load_count(struct vpit *p, uint16_t count)
{
    p->reload = count ? count : 0x10000;
    p->frozen = count;
    p->start = NOW();
    p->loaded = true;
}

static void write_control(struct vpit *p, uint8_t cw)
{
    bool out;

    if ((cw & CONTROL_READBACK) != CONTROL_CHANNEL2) {
        return; /* Channels 0 and 1 are absent; read-back is not supported. */
    }
    if (!(cw & 0x30)) { /* Counter latch command. */
        if (!p->latch_bytes) {
            p->latched = current_count(p, &out);
            p->latch_bytes = p->access == 3 ? 2 : 1;
        }
        return;
    }
    p->access = (cw >> 4) & 3;
    p->mode = (cw >> 1) & 7;
    if (p->mode > 5) {
        p->mode -= 4; /* Modes 6 and 7 are aliases of 2 and 3. */
    }
    p->read_high = p->write_high = false;
    p->loaded = false;
    p->latch_bytes = 0;
}

static void write_count(struct vpit *p, uint8_t b)
{
    if (p->access == 1) {
        load_count(p, b);
    } else if (p->access == 2) {
        load_count(p, (uint16_t)(b << 8));
    } else if (!p->write_high) {
        p->write_low = b;
        p->write_high = true;
        p->loaded = false; /* Mode 0 stops counting between the two bytes. */
    } else {
        p->write_high = false;
        load_count(p, (uint16_t)(p->write_low | (b << 8)));
    }
}

static uint8_t read_count(struct vpit *p)
{
    bool out, high;
    uint16_t c;

    if (p->latch_bytes) {
        c = p->latched;
        high = p->access == 2 || (p->access == 3 && p->latch_bytes == 1);
        p->latch_bytes--;
        return (uint8_t)(high ? c >> 8 : c);
    }
    c = current_count(p, &out);
    high = p->access == 2 || (p->access == 3 && p->read_high);
    if (p->access == 3) {
        p->read_high = !p->read_high;
    }
    return (uint8_t)(high ? c >> 8 : c);
}

static void write_port61(struct vpit *p, uint8_t v)
{
    bool out;

    if ((v & SYSB_GATE2) && !(p->port61 & SYSB_GATE2)) {
        p->start = NOW(); /* A rising gate restarts the count (modes 1, 2, 3, 5 and 0's resume). */
    } else if (!(v & SYSB_GATE2) && (p->port61 & SYSB_GATE2)) {
        p->frozen = current_count(p, &out);
    }
    p->port61 = v & (SYSB_GATE2 | SYSB_SPEAKER);
}

static uint8_t read_port61(struct vpit *p)
{
    bool out;

    current_count(p, &out);
    p->refresh = !p->refresh;
    return (uint8_t)(p->port61 | (p->refresh ? SYSB_REFRESH : 0) | (out ? SYSB_OUT2 : 0));
}

bool vpit_io(struct vpit *p, uint16_t port, bool in, uint8_t size, uint32_t *value)
{
    unsigned long flags;

    if ((port != PORT_CH2 && port != PORT_CONTROL && port != PORT_SYSTEM_B) || size != 1) {
        return false;
    }
    flags = spin_lock_irqsave(&p->lock);
    if (port == PORT_CH2) {
        if (in) {
            *value = read_count(p);
        } else {
            write_count(p, (uint8_t)*value);
        }
    } else if (port == PORT_CONTROL) {
        if (in) {
            *value = 0xff; /* The control register cannot be read. */
        } else {
            write_control(p, (uint8_t)*value);
        }
    } else if (in) {
        *value = read_port61(p);
    } else {
        write_port61(p, (uint8_t)*value);
    }
    spin_unlock_irqrestore(&p->lock, flags);
    return true;
}
