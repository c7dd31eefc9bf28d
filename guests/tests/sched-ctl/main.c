/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched-ctl: a control domain changes other domains' scheduling at run time through domctl
 * (include/public/domctl.h), the interface the toolstack will use. One kernel, four roles
 * (`role=` on the command line):
 *
 *   tune first=<domid> [capped=<domid>]  Domains first, first+1, first+2 (CPU hogs booted with
 *       weights 400, 200, 100) get weights 100, 200, 400, and `capped` (booted uncapped) gets
 *       a cap of 25%. Each change is read back with getinfo. Then it measures, with
 *       getdomaininfo's cpu_time, what each hog gets over the next WINDOW_NS of system time
 *       (sleeping, so it takes nothing itself) and prints the shares for the system test. Only
 *       time after the change counts, however late this domain got to make it.
 *   pin target=<domid>  Pins every vCPU of `target` (a hog) to CPU 1, then samples its vCPUs
 *       with getvcpuinfo until the domain is gone: no sample may show one running elsewhere
 *       (setvcpuaffinity returns only once the vCPU has left the CPUs it may no longer use).
 *   hostile target=<domid>  Every malformed request (bad version, command, domain, vCPU,
 *       weight, cap, scheduler, flags, cpumaps, pointers) gets Xen's error and changes
 *       nothing: `target`'s parameters read back as booted (weight 300, cap 150, all CPUs).
 *   unpriv target=<domid>  Run without privileged=yes: every command is -EPERM.
 *
 * The kernel assumes two CPUs (the scenarios boot QEMU with -smp 2).
 */
#include <guest/peer.h>
#include <guest/test.h>
#include <public/domctl.h>
#include <public/xen.h>

#define NO_DOMAIN     1000
#define PIN_CPU       1
#define ALL_CPUS      0x3UL
#define MAX_VCPUS     64
#define HOSTILE_W     300 /* target's boot weight and cap in the hostile scenario. */
#define HOSTILE_CAP   150
#define MAP_BYTES     (XEN_DOMCTL_CPUMAP_MAX_BITS / 8)
#define BAD_ADDR      0x8000000000000000ULL /* Non-canonical. */
#define UNMAPPED_ADDR (1ULL << 32)          /* 4 GiB: beyond the 16 MiB domain, unmapped. */
#define WINDOW_NS     1500000000ULL         /* Inside the hogs' 3 s. */

static struct xen_domctl op;
static uint8_t map_hard[MAP_BYTES], map_soft[MAP_BYTES];
static unsigned int checks;

static void prep(uint32_t cmd, domid_t dom)
{
    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op.domain = dom;
}

static long call_at(uint64_t addr)
{
    return hypercall(__HYPERVISOR_domctl, addr, 0, 0, 0, 0);
}

static long call(void)
{
    return call_at((uint64_t)(uintptr_t)&op);
}

static void expect(const char *what, long got, long want)
{
    checks++;
    if (got != want) {
        test_failure("%s: got %ld, want %ld", what, got, want);
    }
}

static long sched_put(domid_t dom, uint32_t sched_id, uint32_t cmd, unsigned int w,
                      unsigned int cap)
{
    prep(XEN_DOMCTL_scheduler_op, dom);
    op.u.scheduler_op.sched_id = sched_id;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.credit2.weight = (uint16_t)w;
    op.u.scheduler_op.u.credit2.cap = (uint16_t)cap;
    return call();
}

static long set_weight(domid_t dom, unsigned int w, unsigned int cap)
{
    return sched_put(dom, XEN_SCHEDULER_CREDIT2, XEN_DOMCTL_SCHEDOP_putinfo, w, cap);
}

/* Expect `dom`'s weight and cap to read back as given. */
static void expect_params(const char *what, domid_t dom, unsigned int w, unsigned int cap)
{
    expect(what, sched_put(dom, XEN_SCHEDULER_CREDIT2, XEN_DOMCTL_SCHEDOP_getinfo, 0, 0), 0);
    expect(what, op.u.scheduler_op.u.credit2.weight, w);
    expect(what, op.u.scheduler_op.u.credit2.cap, cap);
}

/* An affinity call with both maps in map_hard/map_soft, `bits` long, at the given handles. */
static long affinity_at(uint32_t cmd, domid_t dom, uint32_t vcpu, uint32_t flags, uint32_t bits,
                        uint64_t hard, uint64_t soft)
{
    prep(cmd, dom);
    op.u.vcpuaffinity.vcpu = vcpu;
    op.u.vcpuaffinity.flags = flags;
    op.u.vcpuaffinity.cpumap_hard.bitmap.q = hard;
    op.u.vcpuaffinity.cpumap_hard.nr_bits = bits;
    op.u.vcpuaffinity.cpumap_soft.bitmap.q = soft;
    op.u.vcpuaffinity.cpumap_soft.nr_bits = bits;
    return call();
}

static long affinity(uint32_t cmd, domid_t dom, uint32_t vcpu, uint32_t flags, uint32_t bits)
{
    return affinity_at(cmd, dom, vcpu, flags, bits, (uint64_t)(uintptr_t)map_hard,
                       (uint64_t)(uintptr_t)map_soft);
}

static long set_affinity(domid_t dom, uint32_t vcpu, uint32_t flags, uint8_t hard, uint8_t soft)
{
    memset(map_hard, 0, sizeof(map_hard));
    memset(map_soft, 0, sizeof(map_soft));
    map_hard[0] = hard;
    map_soft[0] = soft;
    return affinity(XEN_DOMCTL_setvcpuaffinity, dom, vcpu, flags, 8);
}

/* Expect vCPU `vcpu` of `dom` to have hard and soft affinity as given (one byte each). */
static void expect_affinity(const char *what, domid_t dom, uint32_t vcpu, uint8_t hard,
                            uint8_t soft)
{
    memset(map_hard, 0xff, sizeof(map_hard));
    memset(map_soft, 0xff, sizeof(map_soft));
    expect(what,
           affinity(XEN_DOMCTL_getvcpuaffinity, dom, vcpu,
                    XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT, 8),
           0);
    expect(what, map_hard[0], hard);
    expect(what, map_soft[0], soft);
    expect(what, map_hard[1], 0xff); /* 8 bits asked for: the next byte is not touched. */
}

static long vcpuinfo(domid_t dom, uint32_t vcpu)
{
    prep(XEN_DOMCTL_getvcpuinfo, dom);
    op.u.getvcpuinfo.vcpu = vcpu;
    return call();
}

static long nr_vcpus_of(domid_t dom, unsigned int *nr)
{
    long rc;

    prep(XEN_DOMCTL_getdomaininfo, dom);
    rc = call();
    *nr = op.u.getdomaininfo.max_vcpu_id + 1;
    return rc;
}

static uint64_t cpu_time_of(domid_t dom)
{
    prep(XEN_DOMCTL_getdomaininfo, dom);
    expect("getdomaininfo", call(), 0);
    return op.u.getdomaininfo.cpu_time;
}

/* The shares the tuned hogs (and the capped one) get over WINDOW_NS from now, in permille. */
static void measure_shares(domid_t first, domid_t capped)
{
    uint64_t before[4], used[4], start, end, sum = 0;

    if (!peer_init()) {
        return;
    }
    for (unsigned int i = 0; i < 4; i++) {
        before[i] = i < 3 ? cpu_time_of((domid_t)(first + i)) : capped ? cpu_time_of(capped) : 0;
    }
    start = peer_now_ns();
    while (peer_now_ns() < start + WINDOW_NS) {
        peer_idle();
    }
    end = peer_now_ns();
    for (unsigned int i = 0; i < 4; i++) {
        used[i] = (i < 3    ? cpu_time_of((domid_t)(first + i))
                   : capped ? cpu_time_of(capped)
                            : 0) -
                  before[i];
        sum += i < 3 ? used[i] : 0;
    }
    if (!sum) {
        test_failure("the hogs used no CPU time in the window");
        return;
    }
    printf("sched-ctl: over %lu ms: shares %lu %lu %lu permille, capped %lu permille of a CPU\n",
           (unsigned long)((end - start) / 1000000), (unsigned long)(used[0] * 1000 / sum),
           (unsigned long)(used[1] * 1000 / sum), (unsigned long)(used[2] * 1000 / sum),
           (unsigned long)(used[3] * 1000 / (end - start)));
}

static void role_tune(void)
{
    static const unsigned int boot[3] = {400, 200, 100}, tuned[3] = {100, 200, 400};
    uint64_t first = 0, capped = 0;

    if (!cmdline_get_u64("first", &first)) {
        test_error("role=tune needs first=<domid>");
        return;
    }
    for (unsigned int i = 0; i < 3; i++) {
        domid_t d = (domid_t)(first + i);

        expect_params("boot weight", d, boot[i], 0);
        expect("putinfo weight", set_weight(d, tuned[i], 0), 0);
        expect_params("tuned weight", d, tuned[i], 0);
    }
    if (cmdline_get_u64("capped", &capped)) {
        expect("putinfo cap", set_weight((domid_t)capped, 256, 25), 0);
        expect_params("tuned cap", (domid_t)capped, 256, 25);
    }
    printf("sched-ctl: weights 100/200/400 set on d%lu-d%lu%s\n", (unsigned long)first,
           (unsigned long)first + 2, capped ? ", cap 25 set" : "");
    measure_shares((domid_t)first, (domid_t)capped);
}

/* Sample `dom`'s vCPUs until it is gone; any running outside PIN_CPU is a failure. */
static void sample_pinned(domid_t dom, unsigned int nr)
{
    unsigned long samples = 0, seen_running = 0, outside = 0;
    uint64_t last_time[MAX_VCPUS] = {0};

    for (;;) {
        for (unsigned int v = 0; v < nr; v++) {
            long rc = vcpuinfo(dom, v);

            if (rc == -XEN_ESRCH) {
                printf("sched-ctl: %lu samples, %lu of a pinned vCPU running, %lu outside CPU %u\n",
                       samples, seen_running, outside, PIN_CPU);
                expect("pinned vCPUs ran outside their CPU", (long)outside, 0);
                expect("sampled a pinned vCPU running", seen_running > 0, 1);
                return;
            }
            expect("getvcpuinfo", rc, 0);
            samples++;
            if (op.u.getvcpuinfo.running) {
                seen_running++;
                outside += op.u.getvcpuinfo.cpu != PIN_CPU;
            }
            if (op.u.getvcpuinfo.cpu_time < last_time[v]) {
                test_failure("vcpu%u cpu_time went backwards", v);
            }
            last_time[v] = op.u.getvcpuinfo.cpu_time;
        }
    }
}

static void role_pin(domid_t target)
{
    unsigned int nr;

    expect("getdomaininfo", nr_vcpus_of(target, &nr), 0);
    if (nr > MAX_VCPUS) {
        test_error("target has %u vCPUs", nr);
        return;
    }
    for (unsigned int v = 0; v < nr; v++) {
        expect("pin", set_affinity(target, v, XEN_VCPUAFFINITY_HARD, 1U << PIN_CPU, 0), 0);
        expect("pin: effective hard map", map_hard[0], 1U << PIN_CPU);
        expect_affinity("pinned", target, v, 1U << PIN_CPU, 1U << PIN_CPU);
    }
    sample_pinned(target, nr);
}

static void hostile_header(domid_t target)
{
    prep(XEN_DOMCTL_getdomaininfo, target);
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    expect("old interface version", call(), -XEN_EACCES);
    prep(1 /* createdomain */, target);
    expect("unimplemented command", call(), -XEN_ENOSYS);
    prep(0xffffffff, target);
    expect("unknown command", call(), -XEN_ENOSYS);
    prep(XEN_DOMCTL_getdomaininfo, NO_DOMAIN);
    expect("no such domain", call(), -XEN_ESRCH);
    prep(XEN_DOMCTL_getdomaininfo, DOMID_SELF);
    expect("DOMID_SELF", call(), -XEN_ESRCH);
    expect("op at 4 GiB", call_at(UNMAPPED_ADDR), -XEN_EFAULT);
    expect("op non-canonical", call_at(BAD_ADDR), -XEN_EFAULT);
    expect("vcpu 2 of 2", vcpuinfo(target, 2), -XEN_EINVAL);
    expect("vcpu ~0", vcpuinfo(target, 0xffffffff), -XEN_EINVAL);
}

static void hostile_sched(domid_t target)
{
    const uint32_t put = XEN_DOMCTL_SCHEDOP_putinfo, c2 = XEN_SCHEDULER_CREDIT2;

    expect("weight 0", set_weight(target, 0, 0), -XEN_EINVAL);
    expect("cap 201 with 2 vCPUs", set_weight(target, 100, 201), -XEN_EINVAL);
    expect("cap 65535", set_weight(target, 100, 65535), -XEN_EINVAL);
    expect("credit1 id", sched_put(target, XEN_SCHEDULER_CREDIT, put, 100, 0), -XEN_EINVAL);
    expect("unknown scheduler", sched_put(target, 0x1234, put, 100, 0), -XEN_EINVAL);
    expect("putvcpuinfo", sched_put(target, c2, XEN_DOMCTL_SCHEDOP_putvcpuinfo, 100, 0),
           -XEN_EINVAL);
    expect("getvcpuinfo", sched_put(target, c2, XEN_DOMCTL_SCHEDOP_getvcpuinfo, 0, 0), -XEN_EINVAL);
    expect("sched cmd 7", sched_put(target, c2, 7, 100, 0), -XEN_EINVAL);
    expect("no such domain", set_weight(NO_DOMAIN, 100, 0), -XEN_ESRCH);
    expect_params("after refused putinfo", target, HOSTILE_W, HOSTILE_CAP);
    /* The bounds themselves are good: set them, then restore. */
    expect("weight 65535, cap 200", set_weight(target, 65535, 200), 0);
    expect_params("bounds", target, 65535, 200);
    expect("restore", set_weight(target, HOSTILE_W, HOSTILE_CAP), 0);
}

static void hostile_maps(domid_t target)
{
    const uint32_t both = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
    const uint32_t set = XEN_DOMCTL_setvcpuaffinity, get = XEN_DOMCTL_getvcpuaffinity;
    const uint64_t hard = (uint64_t)(uintptr_t)map_hard, soft = (uint64_t)(uintptr_t)map_soft;

    expect("vcpu 2 of 2", set_affinity(target, 2, both, 1, 1), -XEN_EINVAL);
    expect("no flags", set_affinity(target, 0, 0, 1, 1), -XEN_EINVAL);
    expect("unknown flag", set_affinity(target, 0, both | 8, 1, 1), -XEN_EINVAL);
    expect("empty hard map", set_affinity(target, 0, XEN_VCPUAFFINITY_HARD, 0, 0), -XEN_EINVAL);
    expect("only CPU 5", set_affinity(target, 0, XEN_VCPUAFFINITY_HARD, 1U << 5, 0), -XEN_EINVAL);
    memset(map_hard, 0xff, sizeof(map_hard));
    expect("0-bit map", affinity(set, target, 0, XEN_VCPUAFFINITY_HARD, 0), -XEN_EINVAL);
    expect("4097-bit map", affinity(set, target, 0, both, XEN_DOMCTL_CPUMAP_MAX_BITS + 1),
           -XEN_EINVAL);
    expect("2^32-1-bit map", affinity(get, target, 0, both, 0xffffffff), -XEN_EINVAL);
    expect("set: map at 4 GiB", affinity_at(set, target, 0, both, 8, UNMAPPED_ADDR, soft),
           -XEN_EFAULT);
    expect("set: map non-canonical", affinity_at(set, target, 0, both, 8, hard, BAD_ADDR),
           -XEN_EFAULT);
    expect("get: map at 4 GiB", affinity_at(get, target, 0, both, 8, hard, UNMAPPED_ADDR),
           -XEN_EFAULT);
    expect_affinity("after refused affinity", target, 0, ALL_CPUS, ALL_CPUS);
}

/* Requests that are large or partial but valid. */
static void odd_but_valid_maps(domid_t target)
{
    const uint32_t both = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;

    /* The largest map: bits past the CPUs that exist are ignored, and read back as zeros. */
    memset(map_hard, 0xff, sizeof(map_hard));
    memset(map_soft, 0xff, sizeof(map_soft));
    expect("4096-bit map",
           affinity(XEN_DOMCTL_setvcpuaffinity, target, 1, both, XEN_DOMCTL_CPUMAP_MAX_BITS), 0);
    expect("4096-bit map: byte 0", map_hard[0], ALL_CPUS);
    expect("4096-bit map: last byte zeroed", map_soft[MAP_BYTES - 1], 0);
    /* Soft only: the hard affinity stays; a soft map outside it means "all of hard". */
    expect("soft only", set_affinity(target, 1, XEN_VCPUAFFINITY_SOFT, 0, 1U << 1), 0);
    expect_affinity("soft only", target, 1, ALL_CPUS, 1U << 1);
    expect("hard 0, soft 1", set_affinity(target, 1, both, 1, 1U << 1), 0);
    expect_affinity("hard 0, soft 1", target, 1, 1, 1);
    expect("restore", set_affinity(target, 1, both, ALL_CPUS, ALL_CPUS), 0);
    expect_affinity("restored", target, 1, ALL_CPUS, ALL_CPUS);
}

static void role_hostile(domid_t target)
{
    unsigned int nr;

    expect("getdomaininfo", nr_vcpus_of(target, &nr), 0);
    expect("target's vCPUs", nr, 2);
    expect("getdomaininfo: hvm|hap", op.u.getdomaininfo.flags & 0x102, 0x102);
    expect("getvcpuinfo 1", vcpuinfo(target, 1), 0);
    hostile_header(target);
    hostile_sched(target);
    hostile_maps(target);
    odd_but_valid_maps(target);
    expect_params("at the end", target, HOSTILE_W, HOSTILE_CAP);
    printf("sched-ctl: %u hostile or boundary calls checked\n", checks);
}

static void role_unpriv(domid_t target)
{
    unsigned int nr;

    expect("getdomaininfo", nr_vcpus_of(target, &nr), -XEN_EPERM);
    prep(XEN_DOMCTL_getdomaininfo, target);
    op.interface_version = 0;
    expect("bad version, unprivileged", call(), -XEN_EPERM);
    expect("getvcpuinfo", vcpuinfo(target, 0), -XEN_EPERM);
    expect("putinfo", set_weight(target, 1, 0), -XEN_EPERM);
    expect("setvcpuaffinity", set_affinity(target, 0, XEN_VCPUAFFINITY_HARD, 1, 1), -XEN_EPERM);
    expect("no such domain", set_weight(NO_DOMAIN, 1, 0), -XEN_EPERM);
    expect("op at 4 GiB", call_at(UNMAPPED_ADDR), -XEN_EFAULT);
    printf("sched-ctl: %u unprivileged calls refused\n", checks);
}

const char test_title[] = "sched-ctl: scheduling parameters changed at run time by domctl";

void test_main(void)
{
    char role[16] = "";
    uint64_t target = 0;

    cmdline_get_str("role", role, sizeof(role));
    cmdline_get_u64("target", &target);
    if (!strcmp(role, "tune")) {
        role_tune();
    } else if (!strcmp(role, "pin") && target) {
        role_pin((domid_t)target);
    } else if (!strcmp(role, "hostile") && target) {
        role_hostile((domid_t)target);
    } else if (!strcmp(role, "unpriv") && target) {
        role_unpriv((domid_t)target);
    } else {
        test_error("usage: role=tune first=<domid> [capped=<domid>] | role=pin|hostile|unpriv "
                   "target=<domid>");
        return;
    }
    if (!test_reported()) {
        test_success();
    }
}
