/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot command-line parsing (hv/include/hv/cmdline.h).
 *
 * The command line comes from the bootloader, so it is treated as hostile: it is read at most
 * CMDLINE_MAX bytes far, each option is unquoted into a fixed buffer, and every number is
 * checked for overflow and for the width of its variable.
 */
#include <hv/cmdline.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/string.h>

/* Weak so that an image without any parameter still links. */
extern const struct hv_param __start_hv_params[] __attribute__((weak));
extern const struct hv_param __stop_hv_params[] __attribute__((weak));

struct option {
    char text[CMDLINE_OPTION_MAX]; /* name=value, unquoted; the '=' becomes a NUL. */
    size_t len;                    /* Full length, even when it did not fit. */
    const char *value;             /* After the '=', or NULL. */
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Read the option starting at or after p (p < end) into opt, removing quotes.
 * Returns the position after it, or NULL when only blanks remain.
 */
static const char *next_option(const char *p, const char *end, struct option *opt)
{
    bool quoted = false;

    while (p < end && is_blank(*p)) {
        p++;
    }
    if (p == end) {
        return NULL;
    }
    opt->len = 0;
    for (; p < end && (quoted || !is_blank(*p)); p++) {
        if (*p == '"') {
            quoted = !quoted;
            continue;
        }
        if (opt->len < sizeof(opt->text) - 1) {
            opt->text[opt->len] = *p;
        }
        opt->len++;
    }
    opt->text[MIN(opt->len, sizeof(opt->text) - 1)] = '\0';
    opt->value = NULL;
    if (opt->len < sizeof(opt->text)) {
        char *eq = strchr(opt->text, '=');

        if (eq) {
            *eq = '\0';
            opt->value = eq + 1;
        }
    }
    return p;
}

/*
 * The end of the part of `cmdline` we look at: at most CMDLINE_MAX bytes, read no further
 * than one byte past that, and cut back to a blank so no option is applied half-read.
 */
static const char *cmdline_end(const char *cmdline, bool *truncated)
{
    const char *end = cmdline + strnlen(cmdline, CMDLINE_MAX);

    *truncated = *end != '\0';
    if (*truncated && !is_blank(*end)) {
        while (end > cmdline && !is_blank(end[-1])) {
            end--;
        }
    }
    return end;
}

static const struct hv_param *find_param(const char *name)
{
    const struct hv_param *p;

    for (p = __start_hv_params; p < __stop_hv_params; p++) {
        if (!strcmp(p->name, name)) {
            return p;
        }
    }
    return NULL;
}

/*
 * Parse an unsigned decimal or 0x-hex number; *end is set past the digits, also when the
 * number overflows (-ERANGE), so that callers can still look at what follows.
 */
static int parse_number(const char *s, const char **end, uint64_t *out)
{
    unsigned int base = 10, digit;
    bool overflow = false;
    uint64_t v = 0;
    const char *start;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    for (start = s;; s++) {
        if (*s >= '0' && *s <= '9') {
            digit = (unsigned int)(*s - '0');
        } else if (base == 16 && ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')) {
            digit = (unsigned int)((*s | 0x20) - 'a' + 10);
        } else {
            break;
        }
        if (v > (UINT64_MAX - digit) / base) {
            overflow = true;
        }
        v = v * base + digit;
    }
    *end = s;
    *out = v;
    if (s == start) {
        return -EINVAL;
    }
    return overflow ? -ERANGE : 0;
}

int cmdline_parse_uint(const char *s, uint64_t *out)
{
    const char *end;
    uint64_t v;
    int rc = parse_number(s, &end, &v);

    if (rc == -EINVAL || *end) {
        return -EINVAL;
    }
    if (rc) {
        return rc;
    }
    *out = v;
    return 0;
}

int cmdline_parse_size(const char *s, uint64_t *out)
{
    static const char suffixes[] = "kmgt";
    const char *end, *suffix;
    unsigned int shift = 0;
    uint64_t v;
    int rc = parse_number(s, &end, &v);

    /* A malformed suffix is reported before an overflow: "99999999999999999999Q" is no size. */
    if (rc && rc != -ERANGE) {
        return rc;
    }
    if (*end) {
        suffix = strchr(suffixes, *end | 0x20);
        if (!suffix || !*suffix || end[1]) {
            return -EINVAL;
        }
        shift = 10 * (unsigned int)(suffix - suffixes + 1);
    }
    if (rc || (shift && v > (UINT64_MAX >> shift))) {
        return -ERANGE;
    }
    *out = v << shift;
    return 0;
}

int cmdline_parse_bool(const char *value, bool *out)
{
    static const char *const yes[] = {"1", "yes", "on", "true", "enable"};
    static const char *const no[] = {"0", "no", "off", "false", "disable"};
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(value, yes[i]) || !strcmp(value, no[i])) {
            *out = !strcmp(value, yes[i]);
            return 0;
        }
    }
    return -EINVAL;
}

/* Store v in an integer variable of `size` bytes; the caller checked the range. */
static void store_int(void *var, uint32_t size, uint64_t v)
{
    switch (size) {
    case 1:
        *(uint8_t *)var = (uint8_t)v;
        break;
    case 2:
        *(uint16_t *)var = (uint16_t)v;
        break;
    case 4:
        *(uint32_t *)var = (uint32_t)v;
        break;
    default:
        *(uint64_t *)var = v;
        break;
    }
}

static int set_int(const struct hv_param *p, const char *value)
{
    unsigned int bits = p->size * 8;
    bool negative = p->is_signed && value[0] == '-';
    uint64_t v, max;
    const char *end;

    if (parse_number(value + negative, &end, &v) || *end) {
        return -EINVAL;
    }
    /* Largest magnitude: 2^bits - 1 unsigned, 2^(bits-1) - 1 positive, 2^(bits-1) negative. */
    max = p->is_signed ? (1ULL << (bits - 1)) - !negative : ~0ULL >> (64 - bits);
    if (v > max) {
        return -ERANGE;
    }
    store_int(p->var, p->size, negative ? 0 - v : v);
    return 0;
}

static int set_size(const struct hv_param *p, const char *value)
{
    uint64_t v;
    int rc = cmdline_parse_size(value, &v);

    if (rc) {
        return rc;
    }
    *(uint64_t *)p->var = v;
    return 0;
}

static int set_param(const struct hv_param *p, const char *value)
{
    switch (p->type) {
    case HV_PARAM_BOOL:
        if (!value) {
            *(bool *)p->var = true;
            return 0;
        }
        return cmdline_parse_bool(value, (bool *)p->var);
    case HV_PARAM_INT:
        return value ? set_int(p, value) : -EINVAL;
    case HV_PARAM_SIZE:
        return value ? set_size(p, value) : -EINVAL;
    case HV_PARAM_STRING:
        value = value ? value : "";
        if (strlen(value) >= p->size) {
            return -E2BIG;
        }
        strlcpy(p->var, value, p->size);
        return 0;
    case HV_PARAM_CUSTOM:
        return p->fn(value ? value : "") ? -EINVAL : 0;
    default:
        return -EINVAL;
    }
}

/* Apply one option; returns false when it was skipped. */
static bool apply_option(const struct option *opt)
{
    const struct hv_param *p;
    int rc;

    if (opt->len >= sizeof(opt->text)) {
        pr_warn("cmdline: option '%.32s...' longer than %u characters ignored\n", opt->text,
                CMDLINE_OPTION_MAX - 1);
        return false;
    }
    p = find_param(opt->text);
    if (!p && !strncmp(opt->text, "no-", 3)) {
        p = find_param(opt->text + 3);
        if (p && p->type == HV_PARAM_BOOL && !opt->value) {
            *(bool *)p->var = false;
            return true;
        }
        p = NULL;
    }
    if (!p) {
        pr_warn("cmdline: unknown option '%s' ignored\n", opt->text);
        return false;
    }
    rc = set_param(p, opt->value);
    if (rc == -E2BIG) {
        pr_warn("cmdline: value of '%s' longer than %u characters ignored\n", opt->text,
                p->size - 1);
    } else if (rc) {
        pr_warn("cmdline: bad value '%s' for option '%s' ignored\n", opt->value ? opt->value : "",
                opt->text);
    }
    return rc == 0;
}

unsigned int cmdline_parse(const char *cmdline)
{
    struct option opt;
    const char *p, *end;
    unsigned int skipped = 0;
    bool truncated;

    if (!cmdline) {
        return 0;
    }
    end = cmdline_end(cmdline, &truncated);
    if (truncated) {
        pr_warn("cmdline: command line longer than %u bytes, the rest is ignored\n", CMDLINE_MAX);
        skipped++;
    }
    for (p = next_option(cmdline, end, &opt); p; p = next_option(p, end, &opt)) {
        skipped += !apply_option(&opt);
    }
    return skipped;
}

int cmdline_find_option(const char *cmdline, const char *name, char *buf, size_t size)
{
    struct option opt;
    const char *p, *end;
    int found = -ENOENT;
    bool truncated;

    if (!cmdline) {
        return -ENOENT;
    }
    end = cmdline_end(cmdline, &truncated);
    for (p = next_option(cmdline, end, &opt); p; p = next_option(p, end, &opt)) {
        if (opt.len < sizeof(opt.text) && !strcmp(opt.text, name)) {
            const char *value = opt.value ? opt.value : "";

            found = (int)strlen(value);
            if (size) {
                strlcpy(buf, value, size);
            }
        }
    }
    return found;
}
