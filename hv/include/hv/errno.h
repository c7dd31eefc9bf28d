/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error numbers for hypervisor code, which returns them negated (style-anchors.md,
 * convention 14). They are the guest ABI's (public/errno.h) without the XEN_ prefix, plus two
 * that never leave the hypervisor and two more Linux numbers internal code uses.
 *
 * Each value is written as the bare number the C library also uses, so that host unit tests
 * can include this header next to <errno.h>: an identical redefinition is not an error. The
 * static assertions below keep the two spellings in step with the ABI.
 */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#include <public/errno.h>

#define EPERM         1
#define ENOENT        2
#define ESRCH         3
#define EIO           5
#define ENXIO         6
#define E2BIG         7
#define ENOEXEC       8
#define EBADF         9
#define ECHILD        10
#define EAGAIN        11
#define ENOMEM        12
#define EACCES        13
#define EFAULT        14
#define EBUSY         16
#define EEXIST        17
#define EXDEV         18
#define ENODEV        19
#define EINVAL        22
#define ENFILE        23
#define EMFILE        24
#define ENOSPC        28
#define EMLINK        31
#define EDOM          33
#define ERANGE        34
#define EDEADLK       35
#define ENAMETOOLONG  36
#define ENOLCK        37
#define ENOSYS        38
#define EBADRQC       56
#define EBADSLT       57
#define ENODATA       61
#define ETIME         62
#define EBADMSG       74
#define EOVERFLOW     75
#define EILSEQ        84
#define EUSERS        87
#define ENOTSOCK      88
#define EOPNOTSUPP    95
#define EADDRINUSE    98
#define EADDRNOTAVAIL 99
#define ENOBUFS       105
#define EISCONN       106
#define ENOTCONN      107
#define ESHUTDOWN     108
#define ETOOMANYREFS  109
#define ETIMEDOUT     110

#define EINTR        4   /* Interrupted; internal only, never returned to a guest. */
#define EROFS        30  /* Read-only; internal only, not in the guest ABI. */
#define ERESTART     85  /* Restart the operation; internal only, never returned to a guest. */
#define ECONNREFUSED 111 /* Connection refused; internal only, not in the guest ABI. */

#define EWOULDBLOCK EAGAIN
#define EDEADLOCK   EDEADLK

_Static_assert(EPERM == XEN_EPERM, "EPERM differs from the ABI");
_Static_assert(ENOENT == XEN_ENOENT, "ENOENT differs from the ABI");
_Static_assert(ESRCH == XEN_ESRCH, "ESRCH differs from the ABI");
_Static_assert(EIO == XEN_EIO, "EIO differs from the ABI");
_Static_assert(ENXIO == XEN_ENXIO, "ENXIO differs from the ABI");
_Static_assert(E2BIG == XEN_E2BIG, "E2BIG differs from the ABI");
_Static_assert(ENOEXEC == XEN_ENOEXEC, "ENOEXEC differs from the ABI");
_Static_assert(EBADF == XEN_EBADF, "EBADF differs from the ABI");
_Static_assert(ECHILD == XEN_ECHILD, "ECHILD differs from the ABI");
_Static_assert(EAGAIN == XEN_EAGAIN, "EAGAIN differs from the ABI");
_Static_assert(ENOMEM == XEN_ENOMEM, "ENOMEM differs from the ABI");
_Static_assert(EACCES == XEN_EACCES, "EACCES differs from the ABI");
_Static_assert(EFAULT == XEN_EFAULT, "EFAULT differs from the ABI");
_Static_assert(EBUSY == XEN_EBUSY, "EBUSY differs from the ABI");
_Static_assert(EEXIST == XEN_EEXIST, "EEXIST differs from the ABI");
_Static_assert(EXDEV == XEN_EXDEV, "EXDEV differs from the ABI");
_Static_assert(ENODEV == XEN_ENODEV, "ENODEV differs from the ABI");
_Static_assert(EINVAL == XEN_EINVAL, "EINVAL differs from the ABI");
_Static_assert(ENFILE == XEN_ENFILE, "ENFILE differs from the ABI");
_Static_assert(EMFILE == XEN_EMFILE, "EMFILE differs from the ABI");
_Static_assert(ENOSPC == XEN_ENOSPC, "ENOSPC differs from the ABI");
_Static_assert(EMLINK == XEN_EMLINK, "EMLINK differs from the ABI");
_Static_assert(EDOM == XEN_EDOM, "EDOM differs from the ABI");
_Static_assert(ERANGE == XEN_ERANGE, "ERANGE differs from the ABI");
_Static_assert(EDEADLK == XEN_EDEADLK, "EDEADLK differs from the ABI");
_Static_assert(ENAMETOOLONG == XEN_ENAMETOOLONG, "ENAMETOOLONG differs from the ABI");
_Static_assert(ENOLCK == XEN_ENOLCK, "ENOLCK differs from the ABI");
_Static_assert(ENOSYS == XEN_ENOSYS, "ENOSYS differs from the ABI");
_Static_assert(EBADRQC == XEN_EBADRQC, "EBADRQC differs from the ABI");
_Static_assert(EBADSLT == XEN_EBADSLT, "EBADSLT differs from the ABI");
_Static_assert(ENODATA == XEN_ENODATA, "ENODATA differs from the ABI");
_Static_assert(ETIME == XEN_ETIME, "ETIME differs from the ABI");
_Static_assert(EBADMSG == XEN_EBADMSG, "EBADMSG differs from the ABI");
_Static_assert(EOVERFLOW == XEN_EOVERFLOW, "EOVERFLOW differs from the ABI");
_Static_assert(EILSEQ == XEN_EILSEQ, "EILSEQ differs from the ABI");
_Static_assert(EUSERS == XEN_EUSERS, "EUSERS differs from the ABI");
_Static_assert(ENOTSOCK == XEN_ENOTSOCK, "ENOTSOCK differs from the ABI");
_Static_assert(EOPNOTSUPP == XEN_EOPNOTSUPP, "EOPNOTSUPP differs from the ABI");
_Static_assert(EADDRINUSE == XEN_EADDRINUSE, "EADDRINUSE differs from the ABI");
_Static_assert(EADDRNOTAVAIL == XEN_EADDRNOTAVAIL, "EADDRNOTAVAIL differs from the ABI");
_Static_assert(ENOBUFS == XEN_ENOBUFS, "ENOBUFS differs from the ABI");
_Static_assert(EISCONN == XEN_EISCONN, "EISCONN differs from the ABI");
_Static_assert(ENOTCONN == XEN_ENOTCONN, "ENOTCONN differs from the ABI");
_Static_assert(ESHUTDOWN == XEN_ESHUTDOWN, "ESHUTDOWN differs from the ABI");
_Static_assert(ETOOMANYREFS == XEN_ETOOMANYREFS, "ETOOMANYREFS differs from the ABI");
_Static_assert(ETIMEDOUT == XEN_ETIMEDOUT, "ETIMEDOUT differs from the ABI");

#endif /* HV_ERRNO_H */
