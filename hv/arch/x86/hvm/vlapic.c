/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x2APIC register file of a vCPU (asm/hvm/vlapic.h): priorities, end of interrupt, the
 * local vector table and the timer. IPIs are in vlapic-ipi.c.
 *
 * Only the vCPU itself touches its APIC's registers (they are MSRs, reached from its own exits);
 * other CPUs only set bits in the IRR, atomically, and kick it. So the registers need no lock.
 */
#include <hv/domain.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
#include <hv/time.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>

/* x2APIC register numbers: MSR 0x800 + (xAPIC offset >> 4) (Intel SDM vol. 3, 10.12.1.2). */
enum {
    REG_ID = 0x02,
    REG_VERSION = 0x03,
    REG_TPR = 0x08,
    REG_PPR = 0x0a,
    REG_EOI = 0x0b,
    REG_LDR = 0x0d,
    REG_SVR = 0x0f,
    REG_ISR0 = 0x10,
    REG_TMR0 = 0x18,
    REG_IRR0 = 0x20,
    REG_ESR = 0x28,
    REG_LVT_CMCI = 0x2f,
    REG_ICR = 0x30,
    REG_LVT_TIMER = 0x32,
    REG_LVT_ERROR = 0x37,
    REG_TIMER_INITIAL = 0x38,
    REG_TIMER_CURRENT = 0x39,
    REG_TIMER_DIVIDE = 0x3e,
    REG_SELF_IPI = 0x3f,
};

#define LVT_MASKED         (1U << 16)
#define LVT_TIMER_PERIODIC (1U << 17)
#define SVR_ENABLED        (1U << 8)
#define NR_LVT             7
/* Version 0x14 with 7 LVT entries (max LVT index 6), as a recent AMD APIC reports it. */
#define APIC_VERSION (0x14U | ((NR_LVT - 1U) << 16))
/* The timer counts at 1 GHz before division, so a count is a nanosecond at divide-by-1. */
#define TIMER_NS_PER_TICK 1
/* The shortest period (or one-shot delay) a guest gets: its interrupts then cost the CPU at
 * most one exit per 100 us, whatever it programs. */
#define MIN_TIMER_PERIOD MICROSECS(100)

static struct vlapic *vlapic(struct vcpu *v)
{
    return &v->arch.vlapic;
}

/* Highest set bit of a 256-bit map, or -1. */
static int highest_bit(const unsigned long *map)
{
    for (int w = BITS_TO_LONGS(256) - 1; w >= 0; w--) {
        unsigned long word = READ_ONCE(map[w]);

        if (word) {
            return w * BITS_PER_LONG + (BITS_PER_LONG - 1 - __builtin_clzl(word));
        }
    }
    return -1;
}

static uint32_t ppr(struct vlapic *l)
{
    int isr = highest_bit(l->isr);
    uint32_t isr_class = isr < 0 ? 0 : (uint32_t)isr & 0xf0;

    return (l->tpr & 0xf0) >= isr_class ? l->tpr & 0xff : isr_class;
}

static void timer_fire(void *data)
{
    struct vcpu *v = data;
    struct vlapic *l = vlapic(v);
    uint32_t lvt = READ_ONCE(l->lvt[1]);

    if (lvt & LVT_TIMER_PERIODIC) {
        s_time_t now = NOW();

        l->timer_start += l->timer_period;
        if (l->timer_start + l->timer_period <= now) {
            l->timer_start = now; /* Fell behind: no burst of catch-up interrupts. */
        }
        set_timer(&l->timer, l->timer_start + l->timer_period);
    }
    if (!(lvt & LVT_MASKED)) {
        vlapic_set_irq(v, (uint8_t)lvt);
    }
}

/* The register state after reset; the timer is stopped, not re-initialised. */
static void reset_registers(struct vcpu *v)
{
    struct vlapic *l = vlapic(v);

    stop_timer(&l->timer);
    bitmap_zero(l->irr, 256);
    bitmap_zero(l->isr, 256);
    l->tpr = l->esr = l->icr_low = l->icr_high = 0;
    l->timer_initial = l->timer_divide = 0;
    l->apic_base = APIC_BASE_ADDRESS | APIC_BASE_ENABLE | APIC_BASE_EXTD;
    if (v->vcpu_id == 0) {
        l->apic_base |= APIC_BASE_BSP;
    }
    l->svr = 0xff;
    for (unsigned int i = 0; i < NR_LVT; i++) {
        l->lvt[i] = LVT_MASKED;
    }
}

void vlapic_init(struct vcpu *v)
{
    struct vlapic *l = vlapic(v);

    *l = (struct vlapic){0};
    init_timer(&l->timer, timer_fire, v, 0);
    reset_registers(v);
}

void vlapic_destroy(struct vcpu *v)
{
    kill_timer(&vlapic(v)->timer);
}

void vlapic_set_irq(struct vcpu *v, uint8_t vector)
{
    if (vector < 16) {
        return; /* Reserved vectors: a real APIC flags an illegal-vector error and drops it. */
    }
    set_bit(vector, vlapic(v)->irr);
    vcpu_wake(v);
    arch_vcpu_kick(v);
}

int vlapic_pending_vector(struct vcpu *v)
{
    struct vlapic *l = vlapic(v);
    int irr = highest_bit(l->irr);

    if (irr < 0 || !(l->svr & SVR_ENABLED) || !(l->apic_base & APIC_BASE_ENABLE)) {
        return -1;
    }
    return ((uint32_t)irr & 0xf0) > (ppr(l) & 0xf0) ? irr : -1;
}

void vlapic_ack(struct vcpu *v, uint8_t vector)
{
    struct vlapic *l = vlapic(v);

    __atomic_fetch_and(&l->irr[BIT_WORD(vector)], ~BIT_MASK(vector), __ATOMIC_SEQ_CST);
    __set_bit(vector, l->isr);
}

static void eoi(struct vlapic *l)
{
    int isr = highest_bit(l->isr);

    if (isr >= 0) {
        __clear_bit((unsigned int)isr, l->isr);
    }
}

/* Divide configuration: bits 0, 1 and 3 encode 2^(n+1), with 0b111 meaning 1. */
static unsigned int timer_divisor(uint32_t tdcr)
{
    unsigned int n = (tdcr & 3) | ((tdcr >> 1) & 4);

    return n == 7 ? 1 : 2U << n;
}

static void timer_load(struct vlapic *l, uint32_t count)
{
    l->timer_initial = count;
    stop_timer(&l->timer);
    if (!count) {
        return; /* Writing 0 stops the timer. */
    }
    l->timer_period = (s_time_t)count * timer_divisor(l->timer_divide) * TIMER_NS_PER_TICK;
    if (l->timer_period < MIN_TIMER_PERIOD) {
        l->timer_period = MIN_TIMER_PERIOD; /* A 1 ns periodic timer would hold a CPU. */
    }
    l->timer_start = NOW();
    set_timer(&l->timer, l->timer_start + l->timer_period);
}

static uint32_t timer_current(struct vlapic *l)
{
    s_time_t now = NOW(), elapsed, left;

    if (!l->timer_initial || !timer_is_active(&l->timer)) {
        return 0;
    }
    elapsed = now - l->timer_start;
    if (elapsed >= l->timer_period) {
        return 0;
    }
    left = (l->timer_period - elapsed) /
           ((s_time_t)timer_divisor(l->timer_divide) * TIMER_NS_PER_TICK);
    return left < l->timer_initial ? (uint32_t)left : l->timer_initial; /* A clamped period. */
}

/* Index in vlapic.lvt of an LVT register, or -1. */
static int lvt_index(unsigned int reg)
{
    if (reg == REG_LVT_CMCI) {
        return 0;
    }
    return reg >= REG_LVT_TIMER && reg <= REG_LVT_ERROR ? (int)(reg - REG_LVT_TIMER) + 1 : -1;
}

/* x2APIC logical id: cluster (id / 16) in bits 31:16, one bit of 16 for the id in it. */
uint32_t vlapic_ldr(uint32_t id)
{
    return ((id >> 4) << 16) | (1U << (id & 0xf));
}

static int reg_read(struct vcpu *v, unsigned int reg, uint64_t *value)
{
    struct vlapic *l = vlapic(v);

    if (reg >= REG_ISR0 && reg < REG_ISR0 + 8) {
        *value = (uint32_t)(l->isr[(reg - REG_ISR0) / 2] >> (32 * ((reg - REG_ISR0) % 2)));
        return 0;
    }
    if (reg >= REG_IRR0 && reg < REG_IRR0 + 8) {
        *value =
            (uint32_t)(READ_ONCE(l->irr[(reg - REG_IRR0) / 2]) >> (32 * ((reg - REG_IRR0) % 2)));
        return 0;
    }
    if (reg >= REG_TMR0 && reg < REG_TMR0 + 8) {
        *value = 0; /* Every interrupt here is edge-triggered. */
        return 0;
    }
    if (lvt_index(reg) >= 0) {
        *value = l->lvt[lvt_index(reg)];
        return 0;
    }
    switch (reg) {
    case REG_ID:
        *value = v->vcpu_id;
        return 0;
    case REG_VERSION:
        *value = APIC_VERSION;
        return 0;
    case REG_TPR:
        *value = l->tpr;
        return 0;
    case REG_PPR:
        *value = ppr(l);
        return 0;
    case REG_LDR:
        *value = vlapic_ldr(v->vcpu_id);
        return 0;
    case REG_SVR:
        *value = l->svr;
        return 0;
    case REG_ESR:
        *value = l->esr;
        return 0;
    case REG_ICR:
        *value = ((uint64_t)l->icr_high << 32) | l->icr_low;
        return 0;
    case REG_TIMER_INITIAL:
        *value = l->timer_initial;
        return 0;
    case REG_TIMER_CURRENT:
        *value = timer_current(l);
        return 0;
    case REG_TIMER_DIVIDE:
        *value = l->timer_divide;
        return 0;
    default:
        return -1; /* EOI and SELF_IPI are write-only; the rest is reserved: #GP. */
    }
}

static int lvt_write(struct vlapic *l, unsigned int reg, uint32_t value)
{
    int i = lvt_index(reg);
    /* Vector, delivery mode, mask and (timer) periodic bit; the rest is read-only or reserved. */
    uint32_t keep = 0xff | (7U << 8) | LVT_MASKED | (reg == REG_LVT_TIMER ? LVT_TIMER_PERIODIC : 0);

    if (!(l->svr & SVR_ENABLED)) {
        value |= LVT_MASKED; /* A software-disabled APIC keeps every LVT masked. */
    }
    l->lvt[i] = value & keep;
    return 0;
}

static int reg_write(struct vcpu *v, unsigned int reg, uint64_t value)
{
    struct vlapic *l = vlapic(v);

    if (reg != REG_ICR && value >> 32) {
        return -1; /* Only the ICR is 64 bits wide; reserved bits set: #GP. */
    }
    if (lvt_index(reg) >= 0) {
        return lvt_write(l, reg, (uint32_t)value);
    }
    switch (reg) {
    case REG_TPR:
        l->tpr = (uint32_t)value & 0xff;
        return 0;
    case REG_EOI:
        eoi(l);
        return 0;
    case REG_SVR:
        l->svr = (uint32_t)value & (0xff | SVR_ENABLED | (1U << 12));
        if (!(l->svr & SVR_ENABLED)) {
            for (unsigned int i = 0; i < NR_LVT; i++) {
                l->lvt[i] |= LVT_MASKED;
            }
        }
        return 0;
    case REG_ESR:
        l->esr = 0; /* x2APIC: a write of 0 clears it; no errors are latched here. */
        return 0;
    case REG_ICR:
        l->icr_low = (uint32_t)value & ~(1U << 12); /* Delivery is immediate: never busy. */
        l->icr_high = (uint32_t)(value >> 32);
        vlapic_send_ipi(v, l->icr_high, l->icr_low);
        return 0;
    case REG_TIMER_INITIAL:
        timer_load(l, (uint32_t)value);
        return 0;
    case REG_TIMER_DIVIDE:
        l->timer_divide = (uint32_t)value & 0xb;
        return 0;
    case REG_SELF_IPI:
        vlapic_set_irq(v, (uint8_t)value);
        return 0;
    default:
        return -1; /* Read-only or reserved: #GP, as an x2APIC does. */
    }
}

static bool x2apic_on(struct vcpu *v)
{
    uint64_t base = vlapic(v)->apic_base;

    return (base & APIC_BASE_ENABLE) && (base & APIC_BASE_EXTD);
}

int vlapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *value)
{
    if (msr == MSR_APIC_BASE) {
        *value = vlapic(v)->apic_base;
        return 0;
    }
    return x2apic_on(v) ? reg_read(v, msr - MSR_X2APIC_FIRST, value) : -1;
}

/*
 * MSR_APIC_BASE: the base address cannot move and there is no xAPIC (MMIO) mode, so the guest
 * may only keep x2APIC on or disable the APIC (EN and EXTD clear, which resets it); turning it
 * back on goes straight to x2APIC. Other transitions are #GP, as the illegal ones are on hardware.
 */
static int apic_base_write(struct vcpu *v, uint64_t value)
{
    struct vlapic *l = vlapic(v);
    uint64_t bsp = l->apic_base & APIC_BASE_BSP;
    uint64_t on = APIC_BASE_ADDRESS | APIC_BASE_ENABLE | APIC_BASE_EXTD | bsp;

    if ((value | APIC_BASE_BSP) == (on | APIC_BASE_BSP)) {
        l->apic_base = on;
        return 0;
    }
    if ((value & ~APIC_BASE_BSP) == APIC_BASE_ADDRESS) {
        reset_registers(v);
        l->apic_base = APIC_BASE_ADDRESS | bsp;
        return 0;
    }
    return -1;
}

int vlapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t value)
{
    if (msr == MSR_APIC_BASE) {
        return apic_base_write(v, value);
    }
    return x2apic_on(v) ? reg_write(v, msr - MSR_X2APIC_FIRST, value) : -1;
}
