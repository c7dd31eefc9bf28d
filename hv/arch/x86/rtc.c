/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CMOS real-time clock, read once at boot to give guests their wall clock (shared_info
 * wc_sec). Registers per the MC146818 datasheet: seconds 0x00, minutes 0x02, hours 0x04, day
 * 0x07, month 0x08, year 0x09, status A 0x0a (bit 7: update in progress), status B 0x0b
 * (bit 2: binary rather than BCD, bit 1: 24-hour mode).
 */
#include <hv/printk.h>
#include <hv/shared-info.h>
#include <hv/time.h>
#include <asm/io.h>
#include <asm/time.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

static uint64_t boot_epoch_sec;
static uint32_t boot_epoch_nsec;
static bool rtc_valid;

static uint8_t cmos_read(uint8_t reg)
{
    outb(reg, CMOS_INDEX);
    return inb(CMOS_DATA);
}

static unsigned int from_bcd(uint8_t v, bool binary)
{
    return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian; months 1-12). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
    /* Count years from March so the leap day is the last day of the year. */
    if (m <= 2) {
        y--;
        m += 12;
    }
    return 365ULL * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1 - 719468;
}

void rtc_read_boot_time(void)
{
    uint8_t sec, min, hour, day, mon, year, status_b;
    unsigned int hours;
    bool binary;
    s_time_t now;

    /* Wait out an update in progress so the fields belong to one second (bounded). */
    for (unsigned int i = 0; i < 100000 && (cmos_read(0x0a) & 0x80); i++) {
        ;
    }
    sec = cmos_read(0x00);
    min = cmos_read(0x02);
    hour = cmos_read(0x04);
    day = cmos_read(0x07);
    mon = cmos_read(0x08);
    year = cmos_read(0x09);
    status_b = cmos_read(0x0b);
    now = NOW();
    binary = status_b & 0x04;
    if (status_b & 0x02) {
        hours = from_bcd(hour, binary);
    } else {
        /* 12-hour mode: bit 7 is PM, and 12 means the first hour of that half day. */
        hours = from_bcd(hour & 0x7f, binary) % 12 + ((hour & 0x80) ? 12 : 0);
    }
    if (from_bcd(mon, binary) < 1 || from_bcd(mon, binary) > 12 || from_bcd(day, binary) < 1) {
        pr_warn("rtc: implausible date, guests get no wall clock\n");
        return;
    }
    boot_epoch_sec = days_since_epoch(2000 + from_bcd(year, binary), from_bcd(mon, binary),
                                      from_bcd(day, binary)) *
                         86400 +
                     hours * 3600ULL + from_bcd(min, binary) * 60ULL + from_bcd(sec, binary);
    /* Shift back to system time zero. */
    boot_epoch_sec -= (uint64_t)(now / NSEC_PER_SEC);
    boot_epoch_nsec = 0;
    rtc_valid = true;
    printk("rtc: wall clock %lu s since the epoch at boot\n", (unsigned long)boot_epoch_sec);
}

bool arch_wallclock_at_boot(uint64_t *sec, uint32_t *nsec)
{
    *sec = boot_epoch_sec;
    *nsec = boot_epoch_nsec;
    return rtc_valid;
}
