/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and vCPU lifecycle, domain ids and memory ownership.
 *
 * Memory ownership and references: hv/common/domain-memory.c.
 */
#include <hv/bug.h>
#include <hv/domain-memory.h>
#include <hv/domain.h>
#include <hv/grant-table.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/sched-fair.h>
#include <hv/sched.h>
#include <hv/shared-info.h>
#include <hv/smp.h>
#include <hv/string.h>
#include <hv/time.h>
#include <hv/console-domain.h>
#include <hv/event.h>
#include <hv/mm.h>
#include <hv/vcpu-timer.h>
#include <hv/xmalloc.h>

static const char *const shutdown_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

static struct domain *domain_list;
static unsigned long baseline_free_pages;
static unsigned int live_domains; /* Created and not yet completely destroyed. */
static bool boot_domains_started;
static DEFINE_SPINLOCK(domain_list_lock);
static domid_t next_domid = DOMID_FIRST_BOOT;

static const char *shutdown_name(unsigned int reason)
{
    return reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason] : "unknown";
}

static void free_vcpus(struct domain *d)
{
    for (unsigned int i = 0; d->vcpu && i < d->max_vcpus; i++) {
        if (d->vcpu[i]) {
            arch_vcpu_destroy(d->vcpu[i]);
            xfree(d->vcpu[i]);
        }
    }
    xfree(d->vcpu);
}

static int create_vcpus(struct domain *d)
{
    d->vcpu = xzalloc_array(struct vcpu *, d->max_vcpus);
    if (!d->vcpu) {
        return -ENOMEM;
    }
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = xzalloc(sizeof(*v));

        if (!v) {
            return -ENOMEM;
        }
        v->vcpu_id = i;
        v->domain = d;
        v->pause_flags = VPF_DOWN | VPF_PAUSED;
        v->runstate = VCPU_OFFLINE;
        v->runstate_entry = NOW();
        sched_vcpu_init(v);
        vcpu_timers_init(v);
        d->vcpu[i] = v;
        if (arch_vcpu_create(v)) {
            d->vcpu[i] = NULL;
            xfree(v);
            return -ENOMEM;
        }
    }
    return 0;
}

static void link_domain(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);

    d->next = domain_list;
    domain_list = d;
    spin_unlock_irqrestore(&domain_list_lock, flags);
}

static void unlink_domain(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);
    struct domain **p = &domain_list;

    while (*p && *p != d) {
        p = &(*p)->next;
    }
    if (*p) {
        *p = d->next;
    }
    spin_unlock_irqrestore(&domain_list_lock, flags);
}

struct domain *domain_create(const char *name, unsigned int max_vcpus, unsigned long max_pages)
{
    struct domain *d;

    if (max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS || next_domid > DOMID_MAX) {
        pr_err("domain: cannot create '%s': bad vCPU count or out of domain ids\n", name);
        return NULL;
    }
    d = xzalloc(sizeof(*d));
    if (!d) {
        goto err_nomem;
    }
    strlcpy(d->name, name, sizeof(d->name));
    d->max_vcpus = max_vcpus;
    d->max_pages = max_pages;
    d->shutdown_code = -1;
    d->sched.weight = SCHED_WEIGHT_DEFAULT;
    d->state = DOMAIN_CREATED;
    spin_lock_init(&d->lock);
    if (arch_domain_create(d)) {
        goto err_free_domain;
    }
    if (create_vcpus(d)) {
        goto err_free_vcpus;
    }
    if (shared_info_init(d)) {
        goto err_free_vcpus;
    }
    if (evtchn_domain_init(d, EVTCHN_DEFAULT_MAX_PORT)) {
        goto err_free_shared_info;
    }
    if (gnttab_domain_init(d, 0, 0)) {
        goto err_free_evtchn;
    }
    d->domain_id = __atomic_fetch_add(&next_domid, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&live_domains, 1, __ATOMIC_ACQ_REL);
    link_domain(d);
    return d;

err_free_evtchn:
    evtchn_domain_teardown(d);
err_free_shared_info:
    shared_info_teardown(d);
err_free_vcpus:
    free_vcpus(d);
    arch_domain_destroy(d);
err_free_domain:
    xfree(d);
err_nomem:
    pr_err("domain: cannot create '%s': out of memory\n", name);
    return NULL;
}

struct evtchn_domain *domain_evtchn(struct domain *d)
{
    return &d->evtchn;
}

bool evtchn_domain_is_privileged(const struct domain *d)
{
    (void)d;
    return false; /* No control domain yet. */
}

void *evtchn_map_guest_frame(struct domain *d, uint64_t gfn)
{
    return domain_map_ram(d, gfn); /* Held while in use (FIFO control blocks, event arrays). */
}

void evtchn_unmap_guest_frame(struct domain *d, void *va)
{
    (void)d;
    domain_unmap_ram(va);
}

unsigned long domain_free_memory_pages(void)
{
    return page_alloc_free_pages() + xmalloc_idle_pages();
}

void domain_note_memory_baseline(void)
{
    baseline_free_pages = domain_free_memory_pages();
}

void domain_boot_domains_started(void)
{
    boot_domains_started = true;
}

/*
 * One line per vCPU with the CPU time it used on each CPU, so a test can see that a pinned
 * vCPU never ran outside its hard affinity.
 */
static void report_time_on_cpus(const struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];
        char line[128];
        size_t len = 0;

        for (unsigned int cpu = 0; cpu < nr_cpu_ids && len < sizeof(line); cpu++) {
            len += (size_t)snprintf(line + len, sizeof(line) - len, " %u=%lu", cpu,
                                    (unsigned long)(v->time_on_cpu[cpu] / NSEC_PER_USEC));
        }
        printk("domain: d%u vcpu%u CPU time by CPU (us):%s\n", d->domain_id, i, line);
    }
}

static void domain_destroy(struct domain *d)
{
    unsigned long pages = d->tot_pages;

    console_ring_teardown(d); /* Before the flush: it prints what is left in the ring. */
    domain_console_flush(d);
    unlink_domain(d);
    /* Unlinked: no new domain_get_by_id() can find d; wait for those that did. */
    while (__atomic_load_n(&d->refs, __ATOMIC_ACQUIRE)) {
        cpu_relax();
    }
    report_time_on_cpus(d);
    /* After unlinking: lookups by id can no longer find it while its ports close. */
    vcpu_timers_kill(d);
    evtchn_domain_teardown(d);
    shared_info_teardown(d); /* Before the vCPUs go: it drops their vcpu_info references. */
    free_vcpus(d);
    gnttab_domain_teardown(d); /* Before the p2m goes: it undoes d's grant mappings. */
    arch_domain_destroy(d);
    domain_free_memory(d);
    printk("domain: d%u (%s) destroyed, %lu pages returned, CPU time %lu us\n", d->domain_id,
           d->name, pages, (unsigned long)(d->sched.cpu_time / NSEC_PER_USEC));
    xfree(d);
    /* Counted only once everything is freed, so "all ended" never races a destroy elsewhere. */
    if (__atomic_sub_fetch(&live_domains, 1, __ATOMIC_ACQ_REL) == 0 && boot_domains_started) {
        printk("domain: all domains have ended; %lu KiB free, %lu KiB before they were built\n",
               domain_free_memory_pages() * (PAGE_SIZE >> 10),
               baseline_free_pages * (PAGE_SIZE >> 10));
    }
}

void domain_unpause(struct domain *d)
{
    d->state = DOMAIN_RUNNING;
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        vcpu_pause_flag_clear(d->vcpu[i], VPF_PAUSED);
    }
}

void domain_pause(struct domain *d)
{
    d->state = DOMAIN_PAUSED;
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        vcpu_pause_flag_set(d->vcpu[i], VPF_PAUSED);
    }
}

bool domain_is_ending(const struct domain *d)
{
    return READ_ONCE(d->state) >= DOMAIN_SHUTDOWN;
}

/* Mark the domain ending and stop every vCPU; false if it was already ending. */
static bool begin_ending(struct domain *d, unsigned int reason, bool crashed)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);
    bool first = d->state < DOMAIN_SHUTDOWN;

    if (first) {
        d->state = DOMAIN_SHUTDOWN;
        d->shutdown_reason = reason;
        d->is_crashed = crashed;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    if (first) {
        for (unsigned int i = 0; i < d->max_vcpus; i++) {
            vcpu_pause_flag_set(d->vcpu[i], VPF_DEAD);
        }
    }
    return first;
}

/*
 * Destroy the domain once no vCPU is on a CPU. Called after the vCPUs were stopped and after
 * each one leaves its CPU; whichever call comes last sees them all parked and destroys.
 */
static void try_destroy(struct domain *d)
{
    if (!sched_domain_parked(d)) {
        return;
    }
    if (__atomic_exchange_n(&d->destroying, true, __ATOMIC_ACQ_REL)) {
        return;
    }
    d->state = DOMAIN_DEAD;
    domain_destroy(d);
}

void domain_vcpu_descheduled(struct vcpu *v)
{
    try_destroy(v->domain);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (begin_ending(d, reason, false)) {
        printk("domain: d%u (%s) shut down: %s\n", d->domain_id, d->name, shutdown_name(reason));
        try_destroy(d);
    }
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (begin_ending(d, DOMAIN_SHUTDOWN_CRASH, true)) {
        printk(HV_LOG_ERR "domain: d%u (%s) crashed: %s\n", d->domain_id, d->name, why);
        try_destroy(d);
    }
}

void domain_destroy_unstarted(struct domain *d)
{
    if (begin_ending(d, DOMAIN_SHUTDOWN_CRASH, true)) {
        try_destroy(d);
    }
}

struct domain *domain_get_by_id(domid_t id)
{
    struct domain *found = NULL;
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);

    for (struct domain *d = domain_list; d; d = d->next) {
        if (d->domain_id == id && !domain_is_ending(d)) {
            /* Under the list lock, so the destroyer (which unlinks under it) sees it. */
            __atomic_fetch_add(&d->refs, 1, __ATOMIC_ACQUIRE);
            found = d;
            break;
        }
    }
    spin_unlock_irqrestore(&domain_list_lock, flags);
    return found;
}

void domain_put(struct domain *d)
{
    __atomic_fetch_sub(&d->refs, 1, __ATOMIC_RELEASE);
}

struct domain *domain_by_id(domid_t id)
{
    struct domain *found = NULL;
    unsigned long flags = spin_lock_irqsave(&domain_list_lock);

    for (struct domain *d = domain_list; d; d = d->next) {
        if (d->domain_id == id && !domain_is_ending(d)) {
            found = d;
            break;
        }
    }
    spin_unlock_irqrestore(&domain_list_lock, flags);
    return found;
}
