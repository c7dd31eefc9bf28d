/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console_io (guest-abi.md 2.7): every domain may write (Linux's earliest error messages
 * depend on it); reading returns nothing until console input is routed to domains.
 */
#include <hv/console-domain.h>
#include <hv/errno.h>
#include <hv/guest-access.h>
#include <hv/hypercall.h>
#include <public/xen.h>

#define CHUNK 128

static long console_write(struct vcpu *v, unsigned long *args)
{
    unsigned long count = (uint32_t)args[1];
    uint64_t buf = args[2];
    char chunk[CHUNK];

    while (count) {
        size_t n = MIN(count, sizeof(chunk));

        if (copy_from_guest(v, chunk, buf, n)) {
            return -EFAULT;
        }
        domain_console_write(v->domain, chunk, n);
        buf += n;
        count -= n;
        if (count && hypercall_preempt_check()) {
            args[1] = count;
            args[2] = buf;
            return -ERESTART;
        }
    }
    return 0;
}

long do_console_io(struct vcpu *v, unsigned long *args)
{
    switch (args[0]) {
    case CONSOLEIO_write:
        return console_write(v, args);
    case CONSOLEIO_read:
        return 0;
    default:
        return -ENOSYS;
    }
}
