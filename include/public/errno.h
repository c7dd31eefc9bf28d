/* SPDX-License-Identifier: MIT */
/*
 * Error numbers of the guest ABI. Hypercalls return them negated (-XEN_EINVAL). The values
 * are those of x86 Linux, as in Xen's public errno.h, so a Linux guest can hand them straight
 * to user space. Macros rather than an enum so that assembly can use them too.
 *
 * Two numbers exist only inside the hypervisor and are never returned to a guest: EINTR (4)
 * and ERESTART (85); hv/include/hv/errno.h defines them.
 */
#ifndef XEN_PUBLIC_ERRNO_H
#define XEN_PUBLIC_ERRNO_H

#define XEN_EPERM         1   /* Operation not permitted. */
#define XEN_ENOENT        2   /* No such file or directory. */
#define XEN_ESRCH         3   /* No such process. */
#define XEN_EIO           5   /* I/O error. */
#define XEN_ENXIO         6   /* No such device or address. */
#define XEN_E2BIG         7   /* Argument list too long. */
#define XEN_ENOEXEC       8   /* Exec format error. */
#define XEN_EBADF         9   /* Bad file number. */
#define XEN_ECHILD        10  /* No child processes. */
#define XEN_EAGAIN        11  /* Try again. */
#define XEN_ENOMEM        12  /* Out of memory. */
#define XEN_EACCES        13  /* Permission denied. */
#define XEN_EFAULT        14  /* Bad address. */
#define XEN_EBUSY         16  /* Device or resource busy. */
#define XEN_EEXIST        17  /* File exists. */
#define XEN_EXDEV         18  /* Cross-device link. */
#define XEN_ENODEV        19  /* No such device. */
#define XEN_EINVAL        22  /* Invalid argument. */
#define XEN_ENFILE        23  /* File table overflow. */
#define XEN_EMFILE        24  /* Too many open files. */
#define XEN_ENOSPC        28  /* No space left on device. */
#define XEN_EMLINK        31  /* Too many links. */
#define XEN_EDOM          33  /* Argument out of the function's domain. */
#define XEN_ERANGE        34  /* Result not representable. */
#define XEN_EDEADLK       35  /* Resource deadlock would occur. */
#define XEN_ENAMETOOLONG  36  /* Name too long. */
#define XEN_ENOLCK        37  /* No record locks available. */
#define XEN_ENOSYS        38  /* Function not implemented. */
#define XEN_EBADRQC       56  /* Invalid request code. */
#define XEN_EBADSLT       57  /* Invalid slot. */
#define XEN_ENODATA       61  /* No data available. */
#define XEN_ETIME         62  /* Timer expired. */
#define XEN_EBADMSG       74  /* Not a data message. */
#define XEN_EOVERFLOW     75  /* Value too large for the data type. */
#define XEN_EILSEQ        84  /* Illegal byte sequence. */
#define XEN_EUSERS        87  /* Too many users. */
#define XEN_ENOTSOCK      88  /* Socket operation on non-socket. */
#define XEN_EOPNOTSUPP    95  /* Operation not supported. */
#define XEN_EADDRINUSE    98  /* Address already in use. */
#define XEN_EADDRNOTAVAIL 99  /* Cannot assign requested address. */
#define XEN_ENOBUFS       105 /* No buffer space available. */
#define XEN_EISCONN       106 /* Endpoint already connected. */
#define XEN_ENOTCONN      107 /* Endpoint not connected. */
#define XEN_ESHUTDOWN     108 /* Cannot send after endpoint shutdown. */
#define XEN_ETOOMANYREFS  109 /* Too many references. */
#define XEN_ETIMEDOUT     110 /* Connection timed out. */

#define XEN_EWOULDBLOCK XEN_EAGAIN  /* Operation would block. */
#define XEN_EDEADLOCK   XEN_EDEADLK /* Resource deadlock would occur. */

#endif /* XEN_PUBLIC_ERRNO_H */
