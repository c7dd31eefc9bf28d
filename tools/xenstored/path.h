/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Client paths. A path is absolute ("/a/b"), relative to the caller's home
 * "/local/domain/<domid>", or a special watch name ("@introduceDomain"). Valid characters are
 * [A-Za-z0-9-/_@]; doubled and trailing slashes are invalid (except the root "/").
 */
#ifndef XSD_PATH_H
#define XSD_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include <public/io/xs_wire.h>

#include "perms.h"

/* Room for any canonical path and its NUL. */
#define PATH_BUF_SIZE (XENSTORE_ABS_PATH_MAX + 1)

/*
 * Turn the client path in into a canonical absolute path (or a special name) in out, which has
 * PATH_BUF_SIZE bytes. Special names are accepted only with allow_special. For an unprivileged
 * caller, the part of the path below "/local/domain/<n>/" may be at most path_max bytes
 * (0: no limit); no canonical path may exceed XENSTORE_ABS_PATH_MAX.
 * Returns 0, or EINVAL for an invalid or too long path. *relative, if not NULL, tells whether
 * in was relative.
 */
int path_canonical(const struct ident *who, const char *in, bool allow_special,
                   unsigned int path_max, char *out, bool *relative);

/* Write "/local/domain/<domid>" into out (at least 32 bytes); returns its length. */
size_t path_home(unsigned int domid, char *out);

/*
 * Whether child is path itself or lies below it, at most depth levels down (depth < 0: any
 * depth).
 */
bool path_is_below(const char *child, const char *path, int depth);

#endif /* XSD_PATH_H */
