/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two test kernels that work together ("peers"): one interdomain event channel between them,
 * event upcalls, and a watchdog, as the multi-domain tests need them (guest-abi.md 3.5, 5.5).
 *
 * There is no xenstore, so the peers agree on everything in advance: each learns the other's
 * domain id from its command line (`peer=N`), the listening side allocates an unbound port for
 * the peer, which is PEER_PORT because it is the first port allocated after the watchdog's, and
 * the connecting side binds to it, retrying until it exists.
 *
 * The watchdog is VIRQ_TIMER, periodic at 50 ms: every wait below is bounded by it, so a lost
 * notification becomes a reported failure instead of a hang. Only vCPU 0 takes events, and
 * only ports of the first 2-level word (0-63) are counted.
 */
#ifndef GUEST_PEER_H
#define GUEST_PEER_H

#include <guest/lib.h>
#include <public/xen.h>

#define PEER_UPCALL_VECTOR 0xf3
#define PEER_PORT          2 /* The listener's port (the watchdog's is 1). */
#define PEER_TICK_NS       50000000ULL

/* The shared_info page, mapped by peer_init(). */
extern struct shared_info *const peer_shared;

/*
 * Map shared_info, route upcalls to PEER_UPCALL_VECTOR and start the watchdog. Returns false
 * after a test_error() on failure.
 */
bool peer_init(void);

/* Allocate PEER_PORT as an unbound port for domain `peer`. false after a test_error(). */
bool peer_listen(domid_t peer);

/*
 * Bind to the peer's PEER_PORT, retrying for up to 10 s while the peer has not allocated it,
 * and take the one event binding raises on the new local port (Xen raises it so that nothing
 * sent before the bind is lost). false after a test_error().
 */
bool peer_connect(domid_t peer);

/* Notify the peer (EVTCHNOP_send on our end of the channel). */
void peer_notify(void);

/*
 * For strictly alternating protocols: wait for the next notification from the peer, for at
 * most `seconds` of system time. Returns false after a test_failure() naming `what`.
 */
bool peer_wait(const char *what, unsigned int seconds);

/* Notifications from the peer counted so far (every upcall that found our port pending). */
unsigned long peer_received(void);

/* Upcalls that found `port` (< 64) pending so far: for channels other than the peer's. */
unsigned long peer_events(unsigned int port);

/* Watchdog ticks counted so far. */
unsigned long peer_ticks(void);

/* Notifications peer_wait() has consumed; more received than consumed means spurious ones. */
unsigned long peer_consumed(void);

/*
 * Sleep until any event arrives (at the latest the next watchdog tick). Pre: interrupts are off
 * (as in test kernels); the condition that made the caller sleep was checked with them off, so
 * an event after the check is not lost: it stays pending until STI; HLT takes it.
 */
void peer_idle(void);

/*
 * How often peer_idle() returned without an upcall. HLT ends with an interrupt, and events are
 * the only interrupts test kernels take, so this counts wake-ups the hypervisor gave without an
 * event to deliver (allowed, but each one is a wasted exit).
 */
unsigned long peer_empty_wakeups(void);

/* System time spent in peer_idle() so far, in ns. */
uint64_t peer_idle_ns(void);

/* System time in ns (pvclock of vCPU 0). */
uint64_t peer_now_ns(void);

/*
 * Word `i` of the data stream `seed` (splitmix64): content both peers can generate and check
 * without exchanging it, different for every word, page and seed.
 */
static inline uint64_t peer_pattern(uint64_t seed, uint64_t i)
{
    uint64_t x = seed * 0x9e3779b97f4a7c15ULL + i + 1;

    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* Fill `words` 64-bit words at `p` with peer_pattern(seed, first + k). */
void peer_fill(void *p, size_t words, uint64_t seed, uint64_t first);

/* The index of the first of `words` words at `p` that is not the pattern, or `words`. */
size_t peer_check(const void *p, size_t words, uint64_t seed, uint64_t first);

#endif /* GUEST_PEER_H */
