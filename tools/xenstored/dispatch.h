/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Request dispatch: a table indexed by message type gives each operation its handler and flags
 * (privileged only, transaction id ignored). Every failure becomes an error reply naming the
 * errno value; nothing a client sends can abort the daemon.
 */
#ifndef XSD_DISPATCH_H
#define XSD_DISPATCH_H

#include <stdbool.h>
#include <stdint.h>

struct conn;
struct request;

/* Handle one complete request from c; exactly one reply (or error) is queued. */
void dispatch_request(struct conn *c, const struct request *req);

/* Name of a message type for the log ("READ"), or "UNKNOWN". */
const char *dispatch_type_name(uint32_t type);

/*
 * Split the payload into NUL-terminated strings: store up to max pointers in vec and return
 * how many strings there are in total (bytes after the last NUL are not a string).
 */
unsigned int dispatch_args(const struct request *req, const char **vec, unsigned int max);

/* The payload as a single string (exactly one NUL, at the end), or NULL. */
const char *dispatch_onearg(const struct request *req);

/*
 * Canonicalise client path arg for c into out (PATH_BUF_SIZE bytes), applying c's path-length
 * quota. Returns 0 or EINVAL; *relative (if not NULL) tells whether arg was relative.
 */
int dispatch_path(struct conn *c, const char *arg, bool allow_special, char *out, bool *relative);

#endif /* XSD_DISPATCH_H */
