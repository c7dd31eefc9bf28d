/* SPDX-License-Identifier: MIT */
/*
 * XenStore wire protocol: the message header exchanged between a xenstore daemon and its
 * clients, and the shared page through which a domain talks to the daemon.
 *
 * Written for Xenolith from Xen's public specification (docs/misc/xenstore.txt and
 * docs/misc/xenstore-ring.txt); names, values and layouts are Xen's, so unmodified guests and
 * Xen's client library interoperate with Xenolith's daemon. The protocol itself (payload
 * syntax per message type, error replies, paths) is documented in docs/xenstore.md.
 *
 * Copyright (c) Xenolith contributors.
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of this software
 * and associated documentation files (the "Software"), to deal in the Software without
 * restriction, including without limitation the rights to use, copy, modify, merge, publish,
 * distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all copies or
 * substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
 * BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
 * NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
 * DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */
#ifndef XEN_PUBLIC_IO_XS_WIRE_H
#define XEN_PUBLIC_IO_XS_WIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Message types. A request carries one of the client types; its reply repeats the type, or is
 * XS_ERROR. The numbering is fixed by the ABI: 20 (the removed RESTRICT) stays unused, and new
 * types are only ever appended before XS_TYPE_COUNT. In the payload summaries below "|" is a
 * NUL byte, <value> raw bytes without one, and "->" introduces the reply when it is not "OK|".
 */
enum xsd_sockmsg_type {
    XS_CONTROL = 0,               /* Daemon-specific commands; privileged. */
    XS_DIRECTORY = 1,             /* <path>|  ->  <child>|* */
    XS_READ = 2,                  /* <path>|  ->  <value> */
    XS_GET_PERMS = 3,             /* <path>|  ->  <perm>|+ */
    XS_WATCH = 4,                 /* <wpath>|<token>|[<depth>|] */
    XS_UNWATCH = 5,               /* <wpath>|<token>| */
    XS_TRANSACTION_START = 6,     /* |  ->  <tx id in decimal>| */
    XS_TRANSACTION_END = 7,       /* T| commits, F| aborts */
    XS_INTRODUCE = 8,             /* <domid>|<gfn>|<evtchn>|; privileged */
    XS_RELEASE = 9,               /* <domid>|; privileged */
    XS_GET_DOMAIN_PATH = 10,      /* <domid>|  ->  /local/domain/<domid>| */
    XS_WRITE = 11,                /* <path>|<value> */
    XS_MKDIR = 12,                /* <path>| */
    XS_RM = 13,                   /* <path>| */
    XS_SET_PERMS = 14,            /* <path>|<perm>|+ */
    XS_WATCH_EVENT = 15,          /* Daemon to client only: <epath>|<token>| */
    XS_ERROR = 16,                /* Daemon to client only: <errno name>| */
    XS_IS_DOMAIN_INTRODUCED = 17, /* <domid>|  ->  T| or F| */
    XS_RESUME = 18,               /* <domid>|; privileged */
    XS_SET_TARGET = 19,           /* <domid>|<target domid>|; privileged */
    /* 20 was XS_RESTRICT; it has been removed and is an invalid type. */
    XS_RESET_WATCHES = 21,  /* |: drops the caller's watches and transactions */
    XS_DIRECTORY_PART = 22, /* <path>|<offset>|  ->  <generation>|<child>|* */
    XS_GET_FEATURE = 23,    /* [<domid>|]  ->  <features>| */
    XS_SET_FEATURE = 24,    /* <domid>|<features>|; privileged */
    XS_GET_QUOTA = 25,      /* [[<domid>|]<quota>|]  ->  <value>| or the quota names */
    XS_SET_QUOTA = 26,      /* [<domid>|]<quota>|<value>|; privileged */

    XS_TYPE_COUNT, /* Number of type values, valid or not. */

    XS_INVALID = 0xffff /* Guaranteed never to be a valid type. */
};

/* The historical name of XS_CONTROL. */
#define XS_DEBUG XS_CONTROL

/*
 * Errors travel as the errno name, not the number, so that both ends may have different errno
 * values. A reader that does not know a name treats it as EINVAL. The order of this table is
 * part of the ABI (clients index it); new names are only ever appended.
 */
struct xsd_errors {
    int errnum;
    const char *errstring;
};

#ifdef EINVAL
#define XSD_ERROR(x)                                                                               \
    {                                                                                              \
        x, #x                                                                                      \
    }
static const struct xsd_errors xsd_errors[] __attribute__((unused)) = {
    XSD_ERROR(EINVAL),    XSD_ERROR(EACCES),  XSD_ERROR(EEXIST), XSD_ERROR(EISDIR),
    XSD_ERROR(ENOENT),    XSD_ERROR(ENOMEM),  XSD_ERROR(ENOSPC), XSD_ERROR(EIO),
    XSD_ERROR(ENOTEMPTY), XSD_ERROR(ENOSYS),  XSD_ERROR(EROFS),  XSD_ERROR(EBUSY),
    XSD_ERROR(EAGAIN),    XSD_ERROR(EISCONN), XSD_ERROR(E2BIG),  XSD_ERROR(EPERM),
};
#undef XSD_ERROR
#endif

/*
 * Every message in either direction: this header, then len payload bytes. All fields are
 * little-endian (host order on x86).
 *   type    @0   enum xsd_sockmsg_type.
 *   req_id  @4   chosen by the client, echoed in the reply; 0 in watch events.
 *   tx_id   @8   transaction the request belongs to, 0 for none; echoed; 0 in watch events.
 *   len     @12  payload length, at most XENSTORE_PAYLOAD_MAX.
 */
struct xsd_sockmsg {
    uint32_t type;
    uint32_t req_id;
    uint32_t tx_id;
    uint32_t len;
};

_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg is 16 bytes");
_Static_assert(offsetof(struct xsd_sockmsg, type) == 0, "xsd_sockmsg.type @0");
_Static_assert(offsetof(struct xsd_sockmsg, req_id) == 4, "xsd_sockmsg.req_id @4");
_Static_assert(offsetof(struct xsd_sockmsg, tx_id) == 8, "xsd_sockmsg.tx_id @8");
_Static_assert(offsetof(struct xsd_sockmsg, len) == 12, "xsd_sockmsg.len @12");

/* Index of the strings in a XS_WATCH_EVENT payload. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN };

/*
 * The shared page of a domain's xenstore connection. Two byte rings, each with free-running
 * 32-bit producer and consumer indexes: byte x of a stream lives at x mod XENSTORE_RING_SIZE,
 * prod - cons is the number of unread bytes (never more than the ring size), and a writer may
 * only overwrite bytes the reader has consumed. After updating data or an index the writer
 * signals the event channel; readers re-read the indexes and may poll at any time.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* @0:    requests, written by the domain */
    char rsp[XENSTORE_RING_SIZE]; /* @1024: replies and watch events, written by the daemon */
    XENSTORE_RING_IDX req_cons;   /* @2048: written by the daemon */
    XENSTORE_RING_IDX req_prod;   /* @2052: written by the domain */
    XENSTORE_RING_IDX rsp_cons;   /* @2056: written by the domain */
    XENSTORE_RING_IDX rsp_prod;   /* @2060: written by the daemon */
    uint32_t server_features;     /* @2064: XENSTORE_SERVER_FEATURE_* offered by the daemon */
    uint32_t connection;          /* @2068: XENSTORE_CONNECTED or XENSTORE_RECONNECT */
    uint32_t error;               /* @2072: XENSTORE_ERROR_*, set by the daemon */
    uint32_t evtchn_port;         /* @2076: domain's port, if the builder filled it in */
};

_Static_assert(offsetof(struct xenstore_domain_interface, req) == 0, "req @0");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp) == 1024, "rsp @1024");
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048, "req_cons @2048");
_Static_assert(offsetof(struct xenstore_domain_interface, req_prod) == 2052, "req_prod @2052");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_cons) == 2056, "rsp_cons @2056");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_prod) == 2060, "rsp_prod @2060");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) == 2064,
               "server_features @2064");
_Static_assert(offsetof(struct xenstore_domain_interface, connection) == 2068, "connection @2068");
_Static_assert(offsetof(struct xenstore_domain_interface, error) == 2072, "error @2072");
_Static_assert(offsetof(struct xenstore_domain_interface, evtchn_port) == 2076,
               "evtchn_port @2076");
_Static_assert(sizeof(struct xenstore_domain_interface) == 2080,
               "xenstore_domain_interface is 2080 bytes");

/*
 * Largest payload in either direction. A client that sends more is disconnected (a domain's
 * ring is marked XENSTORE_ERROR_PROTO), because the stream can no longer be trusted.
 */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest absolute path, and longest relative path a client should send. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* The domain may request a ring reset. */
#define XENSTORE_SERVER_FEATURE_ERROR        2 /* The error field is maintained. */
#define XENSTORE_SERVER_FEATURE_WATCHDEPTH   4 /* XS_WATCH accepts a <depth> argument. */
#define XENSTORE_SERVER_FEATURE_DOMID_ANY    8 /* Permissions may name DOMID_ANY. */

/* Values of the connection field. */
#define XENSTORE_CONNECTED 0 /* Steady state. */
#define XENSTORE_RECONNECT 1 /* Set by the domain to request a reset; cleared by the daemon. */

/* Values of the error field. */
#define XENSTORE_ERROR_NONE    0 /* No error. */
#define XENSTORE_ERROR_COMM    1 /* Communication problem. */
#define XENSTORE_ERROR_RINGIDX 2 /* Producer and consumer indexes are inconsistent. */
#define XENSTORE_ERROR_PROTO   3 /* Protocol violation, e.g. a payload that is too long. */

#endif /* XEN_PUBLIC_IO_XS_WIRE_H */
