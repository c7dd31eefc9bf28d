/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs: the arch-neutral parts. Each embeds its arch part (struct arch_domain,
 * struct arch_vcpu from <asm/domain.h>) as `arch` (style-anchors.md, convention 20).
 *
 * Lifecycle of a domain:
 *   CREATED --build--> (vCPU 0 initialised) --unpause--> RUNNING <--pause/unpause--> PAUSED
 *   RUNNING/PAUSED --shutdown(reason) or crash--> SHUTDOWN --last vCPU off CPU--> DEAD
 * A DEAD domain's frames go back to the allocator and its structures are freed.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/console-ring.h>
#include <hv/domain-spec.h>
#include <hv/domain-memory.h>
#include <hv/event.h>
#include <hv/grant-table.h>
#include <hv/page-alloc.h>
#include <hv/pvh-loader.h>
#include <hv/smp.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <hv/types.h>
#include <asm/domain.h>

typedef uint16_t domid_t;

#define MAX_VIRT_CPUS 64
#define DOMID_FIRST_BOOT                                                                           \
    1 /* Boot-time domains are numbered from here; 0 is the control domain's. */
#define DOMID_MAX     0x7fef /* Ids above are Xen's special DOMID_* values. */
#define NR_HVM_PARAMS 40

enum domain_state {
    DOMAIN_CREATED,
    DOMAIN_RUNNING,
    DOMAIN_PAUSED,
    DOMAIN_SHUTDOWN,
    DOMAIN_DEAD,
};

/* Shutdown reasons: Xen's SHUTDOWN_* values, plus our own for crashes the guest did not ask for. */
#define DOMAIN_SHUTDOWN_CRASH 3

enum vcpu_runstate {
    VCPU_RUNNING,  /* On a CPU now. */
    VCPU_RUNNABLE, /* Wants a CPU. */
    VCPU_BLOCKED,  /* Waits for an event. */
    VCPU_OFFLINE,  /* Not initialised, down, or its domain is paused or ended. */
};

/* Reasons a vCPU may not run (vcpu.pause_flags); see vcpu_pause_flag_set/clear in sched.h. */
#define VPF_BLOCKED (1UL << 0) /* Waits for an event (HLT, SCHEDOP_block). */
#define VPF_DOWN    (1UL << 1) /* Not initialised, or brought down. */
#define VPF_PAUSED  (1UL << 2) /* Its domain is paused. */
#define VPF_DEAD    (1UL << 3) /* Its domain is ending. */

struct domain;
struct vcpu_info;
struct shared_info;

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    unsigned int processor; /* CPU whose run queue holds it (or last ran it). */
    enum vcpu_runstate runstate;
    unsigned long pause_flags; /* VPF_*: the vCPU may run only when this is 0. */
    bool is_running;           /* Currently loaded on `processor`. */
    bool on_runqueue;
    struct vcpu *rq_next;          /* Run-queue linkage (sched-fair.c). */
    uint64_t sched_vt;             /* Virtual time: lower runs first (sched-fair.h). */
    s_time_t sched_run_start;      /* When it last started running. */
    bool sched_active;             /* Counted in its domain's sched.nr_active. */
    unsigned long hard_affinity;   /* CPUs it may run on. */
    unsigned long soft_affinity;   /* CPUs it prefers. */
    struct vcpu_info *vcpu_info;   /* Where its event and time state is published. */
    bool vcpu_info_registered;     /* Moved out of shared_info (VCPUOP_register_vcpu_info). */
    uint8_t upcall_vector;         /* Own upcall vector (HVMOP_set_evtchn_upcall_vector), or 0. */
    bool initialised;              /* Has register state (boot vCPU, or VCPUOP_initialise). */
    uint64_t runstate_gva;         /* Guest copy of the runstate (0: none registered). */
    struct timer singleshot_timer; /* VCPUOP_set_singleshot_timer, set_timer_op. */
    struct timer periodic_timer;   /* VCPUOP_set_periodic_timer. */
    s_time_t periodic_period;
    bool runstate_dirty;           /* The guest copy is behind. */
    bool time_stale;               /* Refresh its time info before it next runs. */
    s_time_t time_updated;         /* System time of the last time-info refresh. */
    s_time_t runstate_entry;       /* When the current runstate began. */
    s_time_t runstate_time[4];     /* Accumulated ns per runstate. */
    s_time_t time_on_cpu[NR_CPUS]; /* CPU time used on each CPU (reported at the end). */
    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;
    char name[DOMAIN_NAME_MAX];
    enum domain_state state;
    unsigned int shutdown_reason; /* SHUTDOWN_* when state is SHUTDOWN or DEAD. */
    int shutdown_code;            /* Value set with SCHEDOP_shutdown_code, or -1. */
    bool is_crashed;              /* Ended by the hypervisor, not by the guest's request. */
    spinlock_t lock;              /* Protects state, vCPU up/down and the page list. */

    /* Memory: every frame the domain owns is on page_list (page_info.owner == this). */
    unsigned long max_pages;
    unsigned long tot_pages;
    struct page_list_head page_list;

    unsigned int max_vcpus;
    struct vcpu **vcpu;
    bool destroying;    /* Set once, by whoever destroys the domain. */
    bool is_privileged; /* May control other domains (boot option privileged=yes). */
    unsigned int refs;  /* domain_get_by_id() holders; destruction waits for them. */

    struct pvh_mem_layout mem_layout; /* Guest-physical RAM ranges (memory map, hypercalls). */
    struct {
        unsigned int weight;    /* Share relative to other domains (default 256). */
        unsigned int cap;       /* Percent of one CPU at most; 0 means no cap. */
        unsigned int nr_active; /* vCPUs runnable or running: the weight is split by it. */
        s_time_t budget;        /* Capped domains: CPU time left in this cap period. */
        s_time_t period_start;  /* Capped domains: when this cap period began. */
        s_time_t cpu_time;      /* CPU time used by all its vCPUs. */
    } sched;
    struct evtchn_domain evtchn;     /* Event channels (event-channel.c). */
    struct grant_table grant_table;  /* Grant tables (grant-table.c). */
    struct shared_info *shared_info; /* Hypervisor-owned; the guest maps it (shared-info.c). */
    mfn_t shared_info_mfn;
    uint64_t shared_info_gfn; /* Where the guest mapped it, or ~0. */
    uint64_t hvm_params[NR_HVM_PARAMS];
    struct {
        spinlock_t lock;
        unsigned int len;
        unsigned int shown; /* Of `len`, how much the console already shows (open line). */
        char line[160];     /* Output not yet printed: a line is printed whole. */
    } console;
    struct console_ring console_ring; /* The PV console ring, if served (console-ring.c). */
    bool warned_unknown_hypercall;
    struct domain *next; /* The domain list (domain.c). */
    struct arch_domain arch;
};

/*
 * Create a domain with `max_vcpus` vCPUs (all offline) and a memory limit of `max_pages`.
 * Returns the domain or NULL (out of memory or ids; the reason is logged). Context: any.
 */
struct domain *domain_create(const char *name, unsigned int max_vcpus, unsigned long max_pages);

/* Make vCPU 0 runnable and the domain RUNNING. Pre: the domain has been built. */
void domain_unpause(struct domain *d);
void domain_pause(struct domain *d);

/*
 * End the domain at the guest's request with Xen's SHUTDOWN_* `reason`. Its vCPUs stop running
 * at their next exit; the domain is destroyed once none is on a CPU. Context: any, including
 * the domain's own vCPU.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * End the domain because of something it did that the hypervisor cannot allow. Logs `why`
 * with the domain's name and id; the rest of the system carries on. Never returns to the
 * guest: the caller returns to the run loop, which deschedules the vCPU.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);

/* True once the domain is SHUTDOWN or DEAD: its vCPUs must not run again. */
bool domain_is_ending(const struct domain *d);

/* The scheduler calls this when a vCPU of an ending domain leaves its CPU for the last time. */
void domain_vcpu_descheduled(struct vcpu *v);

/* Look up a live domain by id; NULL if none. */
struct domain *domain_by_id(domid_t id);

/*
 * Look up a live (not ending) domain by id and hold it: it is not freed before the matching
 * domain_put(), though it may start ending meanwhile. NULL if none. Hold it briefly (for one
 * hypercall): its destruction spins until every holder has let go. Context: any but the
 * destruction path itself.
 */
struct domain *domain_get_by_id(domid_t id);
void domain_put(struct domain *d);

/*
 * The arch hooks of the lifecycle (hv/arch/x86/hvm/domain.c). Each returns 0 or a negative
 * errno and undoes its own partial work on failure.
 */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

/* Map 2^order frames of `d`'s RAM at `gfn` in its guest-physical space. */
int arch_domain_map_ram(struct domain *d, gfn_t gfn, mfn_t mfn, unsigned int order);

/*
 * Map hypervisor frame `mfn` (shared_info, grant-table frames) at `gfn` of `d`, replacing a hole,
 * RAM (which stays the domain's, unreachable) or another such frame, never a grant mapping
 * (-EBUSY); and remove such a mapping if `gfn` still maps `mfn` (-EBUSY otherwise). Both flush
 * the domain's guest TLBs when a translation went away. Return 0 or a negative errno.
 */
int arch_domain_map_frame(struct domain *d, gfn_t gfn, mfn_t mfn);
int arch_domain_unmap_frame(struct domain *d, gfn_t gfn, mfn_t mfn);

/*
 * The domain's RAM frame at gfn leaves its p2m (balloon, remove_from_physmap): returns the
 * frame, still owned by d, with no vCPU able to reach it any more; INVALID_MFN if gfn is not
 * RAM. And map a newly allocated RAM frame at a hole (-EBUSY when gfn is not a hole).
 */
mfn_t arch_domain_take_ram(struct domain *d, uint64_t gfn);
int arch_domain_map_new_ram(struct domain *d, uint64_t gfn, mfn_t mfn);

/* Make every CPU that runs a vCPU of d drop d's stale guest translations, and wait for it. */
void arch_domain_flush_tlbs(struct domain *d);

/* The hypervisor's address of `d`'s RAM page at `gfn`, or NULL when it is not RAM. */
void *arch_domain_ram_page(struct domain *d, uint64_t gfn);

/*
 * VCPUOP_initialise: read the initial register state at guest address `arg` of `caller` and
 * load it into `target` (down, not yet initialised). 0, -EFAULT or -EINVAL.
 */
long arch_vcpu_initialise(struct vcpu *caller, struct vcpu *target, uint64_t arg);

/* Print v's register state at error level (its exit state: the caller is v itself). */
void arch_vcpu_dump(struct vcpu *v);

/* Give a vCPU that has not run the PVH start state: 32-bit entry, EBX = start info. */
void arch_vcpu_set_boot_state(struct vcpu *v, uint32_t entry, uint32_t ebx);

/* Free pages the system could use, for checking that ended domains gave everything back. */
unsigned long domain_free_memory_pages(void);

/*
 * Remember the free memory now; once domain_boot_domains_started() was called, the end of the
 * last domain prints both figures.
 */
void domain_note_memory_baseline(void);
void domain_boot_domains_started(void);

/* Destroy a domain that never ran (its build failed); the caller has said why. */
void domain_destroy_unstarted(struct domain *d);

#endif /* HV_DOMAIN_H */
