/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-module command lines that describe domains (hv/include/hv/domain-spec.h, syntax in
 * docs/domains.md).
 *
 * Tokens are split like a shell word list, the way GRUB writes them: blanks separate tokens,
 * double quotes group blanks and '=' into a token and are removed wherever they appear, and
 * a backslash makes the following '"', '\' or '\'' literal. GRUB re-quotes each argument it
 * passes (cmdline=a b becomes "cmdline=a b", with '"', '\' and '\'' escaped by a backslash),
 * while QEMU passes the text as typed (cmdline="a b"); both give the same token. The first
 * '=' of a token separates key and value, so values may contain more '='.
 *
 * Everything is bounded: the line (DOMAIN_SPEC_LINE_MAX), every key and value (the buffers
 * below, lengths counted past them so overlong input is reported, not cut), every number
 * (range-checked after an overflow-checked parse). Values quoted in messages are shortened
 * and stripped of control characters, since they go to the console.
 */
#include <stdarg.h>
#include <hv/cmdline.h>
#include <hv/domain-spec.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/string.h>

/* One token: key and value unquoted, lengths counted in full even past the buffers. */
struct token {
    char key[DOMAIN_SPEC_KEY_MAX];
    size_t key_len;
    char value[DOMAIN_CMDLINE_MAX];
    size_t value_len;
    bool has_eq;
};

struct parse_ctx {
    struct domain_spec *out;
    char *err;
    size_t errlen;
    unsigned int seen; /* Bit i: keys[i] was given. */
    char shown[48];    /* A value made fit for a message. */
};

/* A known key: its handler parses a non-overlong value (empty only when empty_ok). */
struct key_handler {
    const char *key;
    int (*parse)(struct parse_ctx *c, const char *value);
    bool empty_ok;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters allowed in domain names and option keys. */
static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

static bool is_name(const char *s)
{
    for (; *s; s++) {
        if (!is_name_char(*s)) {
            return false;
        }
    }
    return true;
}

static int __printf(4, 5) report(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    va_list ap;

    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* `s` shortened to 40 characters ("..." marks the cut), control characters as '?'. */
static const char *shown(struct parse_ctx *c, const char *s)
{
    size_t i;

    for (i = 0; s[i] && i < 40; i++) {
        c->shown[i] = (s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    }
    c->shown[i] = '\0';
    if (s[i]) {
        strlcpy(c->shown + i, "...", sizeof(c->shown) - i);
    }
    return c->shown;
}

static void token_add(struct token *t, char ch)
{
    if (!t->has_eq) {
        if (t->key_len < sizeof(t->key) - 1) {
            t->key[t->key_len] = ch;
        }
        t->key_len++;
    } else {
        if (t->value_len < sizeof(t->value) - 1) {
            t->value[t->value_len] = ch;
        }
        t->value_len++;
    }
}

/*
 * Read the token at or after *pp (before end) into t and move *pp past it.
 * Returns 1 for a token, 0 when only blanks remain, -EINVAL for an unterminated quote
 * (t then holds what was read).
 */
static int next_token(const char **pp, const char *end, struct token *t)
{
    const char *p = *pp;
    bool quoted = false;

    while (p < end && is_blank(*p)) {
        p++;
    }
    if (p == end) {
        *pp = p;
        return 0;
    }
    t->key_len = t->value_len = 0;
    t->has_eq = false;
    while (p < end && (quoted || !is_blank(*p))) {
        char ch = *p++;

        if (ch == '\\' && p < end && (*p == '"' || *p == '\\' || *p == '\'')) {
            token_add(t, *p++);
        } else if (ch == '"') {
            quoted = !quoted;
        } else if (ch == '=' && !t->has_eq) {
            t->has_eq = true;
        } else {
            token_add(t, ch);
        }
    }
    t->key[MIN(t->key_len, sizeof(t->key) - 1)] = '\0';
    t->value[MIN(t->value_len, sizeof(t->value) - 1)] = '\0';
    *pp = p;
    return quoted ? -EINVAL : 1;
}

/* Does "domain=" occur in [p, end)? For lines that cannot be split into tokens. */
static bool contains_domain(const char *p, const char *end)
{
    static const char needle[] = "domain=";
    const size_t n = sizeof(needle) - 1;

    for (; (size_t)(end - p) >= n; p++) {
        if (!memcmp(p, needle, n)) {
            return true;
        }
    }
    return false;
}

/*
 * Is this line meant as a domain spec? A kernel line with a typo (an unclosed quote) must be
 * reported, not mistaken for a ramdisk, so untokenisable lines fall back to a plain search.
 */
static bool is_domain_line(const char *line, const char *end, bool too_long)
{
    struct token t;
    const char *p = line;
    int rc;

    while ((rc = next_token(&p, end, &t)) > 0) {
        if (t.has_eq && t.key_len < sizeof(t.key) && !strcmp(t.key, "domain")) {
            return true;
        }
    }
    return (rc < 0 || too_long) && contains_domain(line, end);
}

static int bad_value(struct parse_ctx *c, int rc, const char *key, const char *value,
                     const char *why)
{
    return report(c->err, c->errlen, rc, "%s=%s: %s", key, shown(c, value), why);
}

static int parse_name(struct parse_ctx *c, const char *value)
{
    if (strlen(value) >= DOMAIN_NAME_MAX) {
        return report(c->err, c->errlen, -E2BIG, "domain name '%s' longer than %u characters",
                      shown(c, value), DOMAIN_NAME_MAX - 1);
    }
    if (!is_name(value)) {
        return report(c->err, c->errlen, -EINVAL, "domain name '%s' has invalid characters",
                      shown(c, value));
    }
    strlcpy(c->out->name, value, sizeof(c->out->name));
    return 0;
}

/* Guest memory is handed out in pages. Sizes without suffix are bytes, as in cmdline.c. */
static int parse_mem(struct parse_ctx *c, const char *value)
{
    uint64_t v;
    int rc = cmdline_parse_size(value, &v);

    if (rc == -EINVAL) {
        return bad_value(c, rc, "mem", value, "not a size");
    }
    if (rc || v > DOMAIN_MEM_MAX) {
        return bad_value(c, -ERANGE, "mem", value, "more than the maximum of 64G");
    }
    if (v < DOMAIN_MEM_MIN) {
        return bad_value(c, -ERANGE, "mem", value,
                         "less than the minimum of 2M (a size without suffix is in bytes)");
    }
    if (!IS_ALIGNED(v, PAGE_SIZE)) {
        return bad_value(c, -EINVAL, "mem", value, "not a multiple of 4K");
    }
    c->out->mem = v;
    return 0;
}

/* An unsigned number in [min, max] for `key`; `range` is the message for other numbers. */
static int parse_bounded(struct parse_ctx *c, const char *key, const char *value, uint64_t min,
                         uint64_t max, const char *range, unsigned int *out)
{
    uint64_t v;
    int rc = cmdline_parse_uint(value, &v);

    if (rc == -EINVAL) {
        return bad_value(c, rc, key, value, "not a number");
    }
    if (rc || v < min || v > max) {
        return bad_value(c, -ERANGE, key, value, range);
    }
    *out = (unsigned int)v;
    return 0;
}

static int parse_vcpus(struct parse_ctx *c, const char *value)
{
    return parse_bounded(c, "vcpus", value, 1, DOMAIN_VCPUS_MAX, "must be 1..64", &c->out->vcpus);
}

static int parse_ramdisk(struct parse_ctx *c, const char *value)
{
    return parse_bounded(c, "ramdisk", value, 0, UINT16_MAX, "not a module index",
                         &c->out->ramdisk);
}

static int parse_weight(struct parse_ctx *c, const char *value)
{
    return parse_bounded(c, "weight", value, 1, DOMAIN_WEIGHT_MAX, "must be 1..65535",
                         &c->out->weight);
}

/* Checked against vcpus= once the whole line is read (vcpus may come later). */
static int parse_cap(struct parse_ctx *c, const char *value)
{
    return parse_bounded(c, "cap", value, 0, 100 * DOMAIN_VCPUS_MAX, "must be 0..100*vcpus",
                         &c->out->cap);
}

static int parse_console(struct parse_ctx *c, const char *value)
{
    if (cmdline_parse_bool(value, &c->out->console)) {
        return bad_value(c, -EINVAL, "console", value, "must be yes or no");
    }
    return 0;
}

static int parse_privileged(struct parse_ctx *c, const char *value)
{
    if (cmdline_parse_bool(value, &c->out->privileged)) {
        return bad_value(c, -EINVAL, "privileged", value, "must be yes or no");
    }
    return 0;
}

static int parse_cmdline(struct parse_ctx *c, const char *value)
{
    strlcpy(c->out->cmdline, value, sizeof(c->out->cmdline));
    return 0;
}

static const struct key_handler keys[] = {
    {"domain", parse_name, false},
    {"mem", parse_mem, false},
    {"vcpus", parse_vcpus, false},
    {"ramdisk", parse_ramdisk, false},
    {"cmdline", parse_cmdline, true},
    {"weight", parse_weight, false},
    {"cap", parse_cap, false},
    {"console", parse_console, false},
    {"privileged", parse_privileged, false},
};

/*
 * Keep an unknown key=value for later features; the key is valid, the value not overlong.
 * A full list is only a warning: an option nobody reads yet must not stop a domain.
 */
static int add_extra(struct parse_ctx *c, const struct token *t)
{
    struct domain_spec *out = c->out;
    unsigned int i;

    for (i = 0; i < out->nr_extras; i++) {
        if (!strcmp(out->extras[i].key, t->key)) {
            return report(c->err, c->errlen, -EEXIST, "%s= given twice", t->key);
        }
    }
    if (t->value_len >= DOMAIN_SPEC_VALUE_MAX) {
        return report(c->err, c->errlen, -E2BIG, "%s= value longer than %u characters", t->key,
                      DOMAIN_SPEC_VALUE_MAX - 1);
    }
    if (out->nr_extras == DOMAIN_SPEC_MAX_EXTRAS) {
        pr_warn("domain spec: more than %u extra options, %s= ignored\n", DOMAIN_SPEC_MAX_EXTRAS,
                t->key);
        return 0;
    }
    strlcpy(out->extras[out->nr_extras].key, t->key, DOMAIN_SPEC_KEY_MAX);
    strlcpy(out->extras[out->nr_extras].value, t->value, DOMAIN_SPEC_VALUE_MAX);
    out->nr_extras++;
    return 0;
}

static int apply_token(struct parse_ctx *c, const struct token *t)
{
    unsigned int i;

    if (!t->has_eq) {
        return report(c->err, c->errlen, -EINVAL, "'%s': not a key=value option", shown(c, t->key));
    }
    if (t->key_len >= DOMAIN_SPEC_KEY_MAX) {
        return report(c->err, c->errlen, -EINVAL, "option name '%s...' longer than %u characters",
                      shown(c, t->key), DOMAIN_SPEC_KEY_MAX - 1);
    }
    if (!t->key_len || !is_name(t->key)) {
        return report(c->err, c->errlen, -EINVAL, "bad option name '%s'", shown(c, t->key));
    }
    if (t->value_len >= DOMAIN_CMDLINE_MAX) {
        return report(c->err, c->errlen, -E2BIG, "%s= value longer than %u characters", t->key,
                      DOMAIN_CMDLINE_MAX - 1);
    }
    for (i = 0; i < ARRAY_SIZE(keys); i++) {
        if (strcmp(t->key, keys[i].key)) {
            continue;
        }
        if (c->seen & (1U << i)) {
            return report(c->err, c->errlen, -EEXIST, "%s= given twice", t->key);
        }
        c->seen |= 1U << i;
        if (!t->value_len && !keys[i].empty_ok) {
            return report(c->err, c->errlen, -EINVAL, "%s=: empty value", t->key);
        }
        return keys[i].parse(c, t->value);
    }
    if (!t->value_len) {
        return report(c->err, c->errlen, -EINVAL, "%s=: empty value", t->key);
    }
    return add_extra(c, t);
}

static int parse_tokens(struct parse_ctx *c, const char *line, const char *end)
{
    const char *p = line;
    bool first = true;
    struct token t;
    int rc;

    while ((rc = next_token(&p, end, &t)) > 0) {
        /* A first token without '=' is the file name some loaders pass. */
        if (!(first && !t.has_eq)) {
            rc = apply_token(c, &t);
            if (rc) {
                return rc;
            }
        }
        first = false;
    }
    if (rc < 0) {
        if (t.has_eq && t.key_len < DOMAIN_SPEC_KEY_MAX) {
            return report(c->err, c->errlen, rc, "unterminated quote in %s", shown(c, t.key));
        }
        return report(c->err, c->errlen, rc, "unterminated quote in '%s'", shown(c, t.key));
    }
    return 0;
}

static void set_defaults(struct domain_spec *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = DOMAIN_SPEC_NONE;
    out->mem = DOMAIN_MEM_DEFAULT;
    out->vcpus = 1;
    out->ramdisk = DOMAIN_NO_RAMDISK;
    out->weight = DOMAIN_WEIGHT_DEFAULT;
    out->cap = 0;
    out->console = true;
}

int domain_spec_parse(const char *modline, struct domain_spec *out, char *err, size_t errlen)
{
    struct parse_ctx c = {.out = out, .err = err, .errlen = errlen};
    const char *line = modline ? modline : "";
    size_t len = strnlen(line, DOMAIN_SPEC_LINE_MAX + 1);
    const char *end = line + MIN(len, (size_t)DOMAIN_SPEC_LINE_MAX);
    int rc;

    set_defaults(out);
    if (!is_domain_line(line, end, len > DOMAIN_SPEC_LINE_MAX)) {
        return 1;
    }
    out->kind = DOMAIN_SPEC_BAD;
    if (len > DOMAIN_SPEC_LINE_MAX) {
        return report(err, errlen, -E2BIG, "module command line longer than %u characters",
                      DOMAIN_SPEC_LINE_MAX);
    }
    rc = parse_tokens(&c, line, end);
    if (rc) {
        return rc;
    }
    if (out->cap > 100 * out->vcpus) {
        return report(err, errlen, -ERANGE, "cap=%u: must be 0..%u with vcpus=%u", out->cap,
                      100 * out->vcpus, out->vcpus);
    }
    out->kind = DOMAIN_SPEC_OK;
    return 0;
}

int domain_spec_check_name(const struct domain_spec *specs, unsigned int nr, unsigned int idx,
                           char *err, size_t errlen)
{
    unsigned int j;

    if (idx >= nr || specs[idx].kind != DOMAIN_SPEC_OK) {
        return 0;
    }
    for (j = 0; j < idx; j++) {
        if (specs[j].kind == DOMAIN_SPEC_OK && !strcmp(specs[j].name, specs[idx].name)) {
            return report(err, errlen, -EEXIST, "domain name '%s' already used by module %u",
                          specs[idx].name, j);
        }
    }
    return 0;
}

int domain_spec_check_ramdisk(const struct domain_spec *specs, unsigned int nr, unsigned int idx,
                              char *err, size_t errlen)
{
    unsigned int r;

    if (idx >= nr || specs[idx].kind != DOMAIN_SPEC_OK || specs[idx].ramdisk == DOMAIN_NO_RAMDISK) {
        return 0;
    }
    r = specs[idx].ramdisk;
    if (r >= nr) {
        return report(err, errlen, -ENOENT, "ramdisk=%u: there is no module %u (%u modules)", r, r,
                      nr);
    }
    if (specs[r].kind != DOMAIN_SPEC_NONE) {
        return report(err, errlen, -EINVAL, "ramdisk=%u: module %u is a domain kernel", r, r);
    }
    return 0;
}
