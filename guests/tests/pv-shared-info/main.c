/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pv-shared-info: the shared_info page, vcpu_info relocation, pvclock time and the event
 * upcall vector (guest-abi.md 3.3-3.5), the first pieces of the paravirtual core Linux uses.
 *
 * The kernel maps shared_info into one of its own pages, checks the wall clock and that its
 * pvclock advances with the TSC, sets the callback vector, moves its vcpu_info with
 * VCPUOP_register_vcpu_info (which must copy the time fields and raise an upcall, so no event
 * is lost in the move) and then counts the upcalls it takes once interrupts are on. Bad
 * requests (an area crossing a page, a second registration, a non-zero idx) must fail.
 */
#include <guest/pv.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define UPCALL_VECTOR 0xf3

static uint8_t shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t vcpu_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_info *volatile my_vcpu_info;
volatile unsigned long upcalls;

/* The upcall handler: count, clear the pending flag (first, as Linux does), return. */
void upcall_count(void);
void upcall_count(void)
{
    upcalls++;
    my_vcpu_info->evtchn_upcall_pending = 0;
}
INTERRUPT_ENTRY(upcall_entry, upcall_count);

static void check_map(void)
{
    struct xen_add_to_physmap a = {.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info};
    long rc;

    a.idx = 1;
    a.gpfn = (uint64_t)shared_page >> PAGE_SHIFT;
    rc = hypercall_memory_op(XENMEM_add_to_physmap, &a);
    if (rc != -XEN_EINVAL) {
        test_failure("add_to_physmap(shared_info, idx 1) returned %ld, expected -EINVAL", rc);
    }
    a.idx = 0;
    rc = hypercall_memory_op(XENMEM_add_to_physmap, &a);
    if (rc) {
        test_failure("add_to_physmap(shared_info) returned %ld", rc);
    }
}

static void check_time(const struct shared_info *s)
{
    const struct vcpu_time_info *t = &s->vcpu_info[0].time;
    uint64_t t0, t1, tsc0, tsc1;

    if ((s->wc_version & 1) || s->wc_sec < 1600000000U) {
        test_failure("wall clock: version %u, %u s since the epoch", s->wc_version, s->wc_sec);
    }
    if (t->tsc_to_system_mul == 0 || (t->version & 1)) {
        test_failure("pvclock not published: version %u mul %u", t->version, t->tsc_to_system_mul);
        return;
    }
    tsc0 = tsc_ordered();
    t0 = pvclock_ns(t);
    for (volatile unsigned int i = 0; i < 1000000; i++) {
    }
    t1 = pvclock_ns(t);
    tsc1 = tsc_ordered();
    printf("pv-shared-info: wall clock %u s, pvclock mul %u shift %d, %lu ns for %lu ticks\n",
           s->wc_sec, t->tsc_to_system_mul, t->tsc_shift, (unsigned long)(t1 - t0),
           (unsigned long)(tsc1 - tsc0));
    if (t1 <= t0) {
        test_failure("pvclock did not advance: %lu then %lu", (unsigned long)t0, (unsigned long)t1);
    }
}

static void check_upcall(struct shared_info *s)
{
    struct vcpu_register_vcpu_info r = {.mfn = (uint64_t)vcpu_info_page >> PAGE_SHIFT};
    long rc;

    if ((rc = upcall_vector_set(UPCALL_VECTOR, upcall_entry))) {
        test_failure("setting the callback vector returned %ld", rc);
    }
    my_vcpu_info = &s->vcpu_info[0];
    r.offset = PAGE_SIZE - 32; /* Crosses the page end. */
    if ((rc = hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r)) != -XEN_EINVAL) {
        test_failure("a vcpu_info crossing a page gave %ld, expected -EINVAL", rc);
    }
    r.offset = 128;
    if ((rc = hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r))) {
        test_failure("VCPUOP_register_vcpu_info returned %ld", rc);
        return;
    }
    my_vcpu_info = (struct vcpu_info *)(vcpu_info_page + 128);
    if ((rc = hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r)) != -XEN_EBUSY) {
        test_failure("a second registration gave %ld, expected -EBUSY", rc);
    }
    if (my_vcpu_info->time.tsc_to_system_mul == 0 || !my_vcpu_info->evtchn_upcall_pending) {
        test_failure("the moved vcpu_info lacks the time fields or the pending upcall");
    }
    __asm__ __volatile__("sti; nop; nop; cli" ::: "memory");
    printf("pv-shared-info: %lu upcall(s) taken after the move\n", upcalls);
    if (upcalls != 1 || my_vcpu_info->evtchn_upcall_pending) {
        test_failure("expected exactly one upcall, got %lu", upcalls);
    }
}

const char test_title[] = "pv-shared-info: shared_info, pvclock, vcpu_info and the upcall vector";

void test_main(void)
{
    struct shared_info *s = (struct shared_info *)shared_page;

    check_map();
    check_time(s);
    check_upcall(s);
    test_success();
}
