/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for what the event channel code needs from the rest of the hypervisor (the
 * "provided by the domain/arch layer" section of hv/event.h, plus domain_by_id, the heap,
 * guest copies and vcpu_mark_events_pending), and the fixture the event tests share: domains
 * with vCPUs and a shared_info page, guest RAM frames for FIFO pages, an upcall counter per
 * vCPU, and fault injection for the heap.
 *
 * The fixture functions are declared here and again in each test (this directory has no
 * header for them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest-access.h>
#include <hv/shared-info.h>
#include <hv/xmalloc.h>

#define EV_MAX_DOMAINS 8
#define EV_FRAMES      512 /* Guest frames 0 .. 511 are RAM; the rest is not. */

/* A domain with its vCPUs (slots below 32 in shared_info) and initialised event state. */
struct domain *ev_domain_create(domid_t id, unsigned int nr_vcpus, unsigned int max_port);
/* Unlink, evtchn_domain_teardown() and free, as the domain layer will. */
void ev_domain_destroy(struct domain *d);
/* What evtchn_domain_is_privileged() answers for `d` (false at creation). */
void ev_domain_set_privileged(struct domain *d, bool privileged);
/* Times vcpu_mark_events_pending() set `vcpu`'s evtchn_upcall_pending from 0 to 1. */
unsigned int ev_kicks(struct domain *d, unsigned int vcpu);
/* Host memory of guest RAM frame `gfn` (< 512), zeroed at first use. */
void *ev_frame(uint64_t gfn);
/* Mappings made with evtchn_map_guest_frame() and not undone. */
unsigned int ev_frame_maps(void);
/* Let `n` more heap allocations succeed, then fail them all; -1: never fail. */
void ev_fail_alloc_after(int n);
/* Fail unless both of `d`'s event locks are free and interrupts are on. */
void ev_assert_unlocked(struct domain *d);
/* Per-test setup and teardown (teardown destroys what is left, checks no frame stays mapped). */
void ev_reset(void);
void ev_cleanup(void);

struct ev_dom {
    struct domain d;
    struct evtchn_domain ev;
    bool privileged;
    bool linked; /* Findable with domain_by_id(). */
    unsigned int kicks[MAX_VIRT_CPUS];
};

static struct ev_dom *doms[EV_MAX_DOMAINS];
static void *frames[EV_FRAMES];
static unsigned int frame_maps[EV_FRAMES];
static int alloc_budget = -1; /* Allocations that still succeed; -1: all. */

static struct ev_dom *ev_dom_of(const struct domain *d)
{
    return container_of(d, struct ev_dom, d);
}

struct evtchn_domain *domain_evtchn(struct domain *d)
{
    return &ev_dom_of(d)->ev;
}

struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < EV_MAX_DOMAINS; i++) {
        if (doms[i] && doms[i]->linked && doms[i]->d.domain_id == id) {
            return &doms[i]->d;
        }
    }
    return NULL;
}

bool evtchn_domain_is_privileged(const struct domain *d)
{
    return ev_dom_of(d)->privileged;
}

/* The real one (shared-info.c) also wakes and kicks; here the 0 -> 1 transitions are counted. */
void vcpu_mark_events_pending(struct vcpu *v)
{
    if (v->vcpu_info &&
        !__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_ACQ_REL)) {
        __atomic_fetch_add(&ev_dom_of(v->domain)->kicks[v->vcpu_id], 1, __ATOMIC_RELAXED);
    }
}

void *evtchn_map_guest_frame(struct domain *d, uint64_t gfn)
{
    (void)d;
    if (gfn >= EV_FRAMES) {
        return NULL;
    }
    frame_maps[gfn]++;
    return ev_frame(gfn);
}

void evtchn_unmap_guest_frame(struct domain *d, void *va)
{
    (void)d;
    for (unsigned int i = 0; i < EV_FRAMES; i++) {
        if (frames[i] == va) {
            assert_true(frame_maps[i] > 0);
            frame_maps[i]--;
            return;
        }
    }
    fail_msg("unmap of %p, which no map returned", va);
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
    (void)v;
    if (gva < PAGE_SIZE) {
        return -EFAULT; /* The first page stands for every bad address. */
    }
    memcpy(dst, (const void *)(uintptr_t)gva, len);
    return 0;
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
    (void)v;
    if (gva < PAGE_SIZE) {
        return -EFAULT;
    }
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}

static bool alloc_allowed(void)
{
    if (alloc_budget == 0) {
        return false;
    }
    if (alloc_budget > 0) {
        alloc_budget--;
    }
    return true;
}

void *xmalloc(size_t size)
{
    return alloc_allowed() ? malloc(size ? size : 1) : NULL;
}

void *xzalloc(size_t size)
{
    return alloc_allowed() ? calloc(1, size ? size : 1) : NULL;
}

void *xmalloc_array_bytes(size_t elem, size_t n)
{
    return n && elem > SIZE_MAX / n ? NULL : xmalloc(elem * n);
}

void *xzalloc_array_bytes(size_t elem, size_t n)
{
    return n && elem > SIZE_MAX / n ? NULL : xzalloc(elem * n);
}

void xfree(void *p)
{
    free(p);
}

/* ---- The fixture ---- */

struct domain *ev_domain_create(domid_t id, unsigned int nr_vcpus, unsigned int max_port)
{
    struct ev_dom *e = calloc(1, sizeof(*e));
    unsigned int slot = 0;

    assert_non_null(e);
    while (slot < EV_MAX_DOMAINS && doms[slot]) {
        slot++;
    }
    assert_true(slot < EV_MAX_DOMAINS);
    e->d.domain_id = id;
    e->d.max_vcpus = nr_vcpus;
    e->d.vcpu = calloc(nr_vcpus, sizeof(struct vcpu *));
    e->d.shared_info = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    assert_non_null(e->d.vcpu);
    assert_non_null(e->d.shared_info);
    memset(e->d.shared_info, 0, PAGE_SIZE);
    for (unsigned int i = 0; i < nr_vcpus; i++) {
        struct vcpu *v = calloc(1, sizeof(*v));

        assert_non_null(v);
        v->vcpu_id = i;
        v->domain = &e->d;
        v->vcpu_info = i < XEN_LEGACY_MAX_VCPUS ? &e->d.shared_info->vcpu_info[i] : NULL;
        e->d.vcpu[i] = v;
    }
    assert_int_equal(evtchn_domain_init(&e->d, max_port), 0);
    e->linked = true;
    doms[slot] = e;
    return &e->d;
}

void ev_assert_unlocked(struct domain *d)
{
    assert_false(spin_is_locked(&domain_evtchn(d)->lock));
    assert_false(spin_is_locked(&domain_evtchn(d)->raise_lock));
    assert_true(shim_irq_enabled);
}

void ev_domain_destroy(struct domain *d)
{
    struct ev_dom *e = ev_dom_of(d);

    e->linked = false;
    evtchn_domain_teardown(d);
    ev_assert_unlocked(d);
    assert_null(e->ev.vcpu);
    assert_null(e->ev.bucket);
    for (unsigned int i = 0; i < EV_MAX_DOMAINS; i++) {
        if (doms[i] == e) {
            doms[i] = NULL;
        }
    }
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        free(d->vcpu[i]);
    }
    free(d->vcpu);
    free(d->shared_info);
    free(e);
}

void ev_domain_set_privileged(struct domain *d, bool privileged)
{
    ev_dom_of(d)->privileged = privileged;
}

unsigned int ev_kicks(struct domain *d, unsigned int vcpu)
{
    return __atomic_load_n(&ev_dom_of(d)->kicks[vcpu], __ATOMIC_RELAXED);
}

void *ev_frame(uint64_t gfn)
{
    assert_true(gfn < EV_FRAMES);
    if (!frames[gfn]) {
        frames[gfn] = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
        assert_non_null(frames[gfn]);
        memset(frames[gfn], 0, PAGE_SIZE);
    }
    return frames[gfn];
}

unsigned int ev_frame_maps(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < EV_FRAMES; i++) {
        n += frame_maps[i];
    }
    return n;
}

void ev_fail_alloc_after(int n)
{
    alloc_budget = n;
}

void ev_reset(void)
{
    alloc_budget = -1;
}

void ev_cleanup(void)
{
    alloc_budget = -1;
    for (unsigned int i = 0; i < EV_MAX_DOMAINS; i++) {
        if (doms[i]) {
            ev_domain_destroy(&doms[i]->d);
        }
    }
    assert_int_equal(ev_frame_maps(), 0);
    for (unsigned int i = 0; i < EV_FRAMES; i++) {
        free(frames[i]);
        frames[i] = NULL;
    }
}
