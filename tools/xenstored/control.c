/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XS_CONTROL: commands for the administrator (xenstore-control). The set is ours; the
 * commands Xen's daemon offers that make sense here keep their names and reply formats.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "dispatch.h"
#include "domain.h"
#include "log.h"
#include "op.h"
#include "tree.h"
#include "xsd.h"

#define CONTROL_MAX_ARGS 8

struct control_cmd {
    const char *name;
    const char *args;
    int (*fn)(struct conn *c, const struct request *req, const char **argv, unsigned int argc);
};

/* Reply with a NUL-terminated text. */
static int control_text(struct conn *c, const struct request *req, const char *text)
{
    return conn_reply(c, req, XS_CONTROL, text, strlen(text) + 1);
}

static int control_check(struct conn *c, const struct request *req, const char **argv,
                         unsigned int argc)
{
    char msg[256];

    (void)argv;
    if (argc) {
        return EINVAL;
    }
    if (tree_check(&c->x->tree, msg, sizeof(msg))) {
        log_error("store check failed: %s", msg);
        return control_text(c, req, msg);
    }
    return conn_reply_ok(c, req);
}

static int control_log(struct conn *c, const struct request *req, const char **argv,
                       unsigned int argc)
{
    enum log_level level;
    char buf[64];

    if (argc == 0) {
        snprintf(buf, sizeof(buf), "Log level: %s\n", log_level_name(log_get_level()));
        return control_text(c, req, buf);
    }
    if (argc != 1 || !log_parse_level(argv[0], &level)) {
        return EINVAL;
    }
    log_set_level(level);
    return conn_reply_ok(c, req);
}

static int control_print(struct conn *c, const struct request *req, const char **argv,
                         unsigned int argc)
{
    if (argc != 1) {
        return EINVAL;
    }
    log_info("control: %s", argv[0]);
    return conn_reply_ok(c, req);
}

static int control_quota(struct conn *c, const struct request *req, const char **argv,
                         unsigned int argc)
{
    char buf[1024];
    size_t len = 0;
    unsigned int i, val;
    enum quota_id id;

    if (argc == 0) {
        len += (size_t)snprintf(buf, sizeof(buf), "Quota settings:\n");
        for (i = 0; i < Q_COUNT; i++) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%-17s: %8u %s\n",
                                    quota_name((enum quota_id)i), c->x->quota.val[i],
                                    quota_descr((enum quota_id)i));
        }
        return control_text(c, req, buf);
    }
    if (argc == 3 && strcmp(argv[0], "set") == 0 && quota_lookup(argv[1], &id) &&
        quota_parse_value(argv[2], &val) == 0) {
        c->x->quota.val[id] = val;
        return conn_reply_ok(c, req);
    }
    return EINVAL;
}

static int control_help(struct conn *c, const struct request *req, const char **argv,
                        unsigned int argc);

static const struct control_cmd control_cmds[] = {
    {"check", "", control_check},
    {"help", "", control_help},
    {"log", "[error|warn|info|debug]", control_log},
    {"print", "<string>", control_print},
    {"quota", "[set <name> <val>]", control_quota},
};

#define CONTROL_NCMDS (sizeof(control_cmds) / sizeof(control_cmds[0]))

static int control_help(struct conn *c, const struct request *req, const char **argv,
                        unsigned int argc)
{
    char buf[512];
    size_t len = 0;
    unsigned int i;

    (void)argv;
    if (argc) {
        return EINVAL;
    }
    buf[0] = '\0';
    for (i = 0; i < CONTROL_NCMDS; i++) {
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%-15s %s\n", control_cmds[i].name,
                                control_cmds[i].args);
    }
    return control_text(c, req, buf);
}

int op_control(struct conn *c, struct txn *t, const struct request *req)
{
    const char *vec[CONTROL_MAX_ARGS + 1];
    unsigned int n = dispatch_args(req, vec, CONTROL_MAX_ARGS + 1), i;

    (void)t;
    if (n == 0 || n > CONTROL_MAX_ARGS + 1) {
        return EINVAL;
    }
    for (i = 0; i < CONTROL_NCMDS; i++) {
        if (strcmp(vec[0], control_cmds[i].name) == 0) {
            return control_cmds[i].fn(c, req, vec + 1, n - 1);
        }
    }
    return EINVAL;
}
