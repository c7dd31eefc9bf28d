/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user-hypercall: hypercalls from CPL 3 (guest-abi.md 2.6). VMMCALL is not a privileged
 * instruction, so any user process in a guest can execute it; only the hypervisor's check of
 * the vCPU's CPL keeps a process from writing to the console, reading hypervisor state or
 * shutting its whole domain down. Xen answers every hypercall from CPL > 0 with -EPERM, before
 * looking at anything else, and so must Xenolith.
 *
 * The kernel runs the calls at CPL 3 through the raw instruction and through the hypercall
 * page (which user code can reach here). Among them is a console_io write of a line that must
 * never appear and a SCHEDOP_shutdown(poweroff) that must not end the domain: the system test
 * can forbid the first and sees the second by the missing result line.
 */
#include <public/memory.h>
#include <public/sched.h>
#include <public/version.h>

#include <guest/test.h>

const char test_title[] = "user-hypercall: hypercalls from CPL 3 fail with -EPERM";

static const char forbidden[] = "user-hypercall: FORBIDDEN LINE written from CPL 3\n";

/* One hypercall to try at CPL 3, and what it returned. */
struct user_call {
    const char *name;
    uint64_t nr, a1, a2, a3;
    bool via_page;
    long rc;
};

static struct sched_shutdown poweroff = {.reason = SHUTDOWN_poweroff};
static struct xen_feature_info features;
static struct e820entry map[8];
static struct xen_memory_map map_arg = {.nr_entries = 8};

static struct user_call calls[] = {
    {"xen_version(XENVER_version)", __HYPERVISOR_xen_version, XENVER_version, 0, 0, false, 0},
    {"xen_version(XENVER_version)", __HYPERVISOR_xen_version, XENVER_version, 0, 0, true, 0},
    {"xen_version(XENVER_get_features)", __HYPERVISOR_xen_version, XENVER_get_features,
     (uint64_t)&features, 0, false, 0},
    {"console_io(CONSOLEIO_write)", __HYPERVISOR_console_io, CONSOLEIO_write, sizeof(forbidden) - 1,
     (uint64_t)forbidden, false, 0},
    {"console_io(CONSOLEIO_write)", __HYPERVISOR_console_io, CONSOLEIO_write, sizeof(forbidden) - 1,
     (uint64_t)forbidden, true, 0},
    {"memory_op(XENMEM_memory_map)", __HYPERVISOR_memory_op, XENMEM_memory_map, (uint64_t)&map_arg,
     0, false, 0},
    {"sched_op(SCHEDOP_shutdown, poweroff)", __HYPERVISOR_sched_op, SCHEDOP_shutdown,
     (uint64_t)&poweroff, 0, false, 0},
    {"sched_op(SCHEDOP_shutdown, poweroff)", __HYPERVISOR_sched_op, SCHEDOP_shutdown,
     (uint64_t)&poweroff, 0, true, 0},
    {"unknown hypercall 200", 200, 0, 0, 0, false, 0},
};

static uint64_t run_calls_at_cpl3(void *arg)
{
    unsigned int i;

    (void)arg;
    for (i = 0; i < ARRAY_SIZE(calls); i++) {
        struct user_call *c = &calls[i];

        if (c->via_page) {
            c->rc =
                hypercall_via_page(hypercall_page, (unsigned int)c->nr, c->a1, c->a2, c->a3, 0, 0);
        } else {
            c->rc = hypercall_insn(c->nr, c->a1, c->a2, c->a3, 0, 0);
        }
    }
    return read_cs() & 3;
}

void test_main(void)
{
    uint64_t cpl;
    unsigned int i;
    long rc;

    set_xen_guest_handle(map_arg.buffer, map);
    printf("user-hypercall: making %zu hypercalls at CPL 3\n", ARRAY_SIZE(calls));
    cpl = usermode_call(run_calls_at_cpl3, NULL);
    if (cpl != 3) {
        test_error("The calls ran at CPL %lu, not 3", cpl);
        return;
    }
    for (i = 0; i < ARRAY_SIZE(calls); i++) {
        const struct user_call *c = &calls[i];
        const char *path = c->via_page ? "through the page" : "directly";

        if (c->rc != -XEN_EPERM) {
            test_failure("%s %s at CPL 3 returned %ld, expected %d", c->name, path, c->rc,
                         -XEN_EPERM);
        }
    }
    printf("user-hypercall: the domain is still running after SCHEDOP_shutdown at CPL 3\n");

    /* The same operations work from CPL 0. */
    rc = hypercall_xen_version(XENVER_version, NULL);
    if (rc < 0) {
        test_failure("XENVER_version at CPL 0 returned %ld", rc);
    }
    if (!test_failed()) {
        test_success();
    }
}
