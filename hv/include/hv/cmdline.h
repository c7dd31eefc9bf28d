/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot command-line parameters, declared next to the variable they set:
 *
 *     static bool opt_noirqbalance;
 *     boolean_param("noirqbalance", opt_noirqbalance);
 *
 * Each declaration places a struct hv_param in the linker section `hv_params`, which
 * cmdline_parse() walks between __start_hv_params and __stop_hv_params. The hypervisor's
 * linker script must keep that section (KEEP), 8-byte aligned, and define both symbols
 * around it; a hosted link gets them from the linker automatically.
 *
 * Syntax: options separated by blanks; `name` or `name=value`; double quotes group blanks
 * into one option and are removed ("console=a b" or console="a b"). Unknown options and bad
 * values are reported with a warning and otherwise ignored: a typo never stops a boot.
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <hv/compiler.h>
#include <hv/types.h>

/*
 * Longest command line looked at; the rest, and an option cut by the limit, are ignored with
 * a warning. At most CMDLINE_MAX + 1 bytes are ever read.
 */
#define CMDLINE_MAX 4096
/* Longest single option (name=value, quotes removed); longer ones are ignored. */
#define CMDLINE_OPTION_MAX 512

enum hv_param_type {
    HV_PARAM_BOOL,   /* bool: name, name=1/0/yes/no/on/off/true/false, no-name. */
    HV_PARAM_INT,    /* Any integer type: decimal or 0x hex, '-' for signed types. */
    HV_PARAM_SIZE,   /* 64-bit unsigned: a number with an optional K/M/G/T suffix. */
    HV_PARAM_STRING, /* char array: the value, rejected if it does not fit. */
    HV_PARAM_CUSTOM, /* A function given the value. */
};

/* One registered parameter. 32 bytes, 8-aligned, so the section is a plain array. */
struct hv_param {
    const char *name;
    void *var;                    /* Variable to set (NULL for custom parameters). */
    int (*fn)(const char *value); /* Custom parameters only. */
    uint32_t size;                /* sizeof the variable. */
    uint8_t type;                 /* enum hv_param_type. */
    uint8_t is_signed;            /* HV_PARAM_INT: the variable's type is signed. */
    uint16_t reserved;
};

#define HV_PARAM_CAT2(a, b) a##b
#define HV_PARAM_CAT(a, b)  HV_PARAM_CAT2(a, b)

/*
 * __aligned(8) is explicit because the compiler may otherwise over-align 32-byte objects,
 * which would leave holes between the entries of the section.
 */
#define HV_PARAM(_name, _type, _var, _size, _signed, _fn)                                          \
    static const struct hv_param HV_PARAM_CAT(hv_param_, __LINE__) __used __section("hv_params")   \
        __aligned(8) = {_name, _var, _fn, _size, _type, _signed, 0}

/* `var` must be a bool. */
#define boolean_param(name, var)                                                                   \
    _Static_assert(__builtin_types_compatible_p(__typeof__(var), bool),                            \
                   "boolean_param needs a bool");                                                  \
    HV_PARAM(name, HV_PARAM_BOOL, &(var), sizeof(var), 0, NULL)

/* `var` is an integer of 1, 2, 4 or 8 bytes; out-of-range values are rejected. */
#define integer_param(name, var)                                                                   \
    _Static_assert(sizeof(var) == 1 || sizeof(var) == 2 || sizeof(var) == 4 || sizeof(var) == 8,   \
                   "integer_param needs an integer");                                              \
    HV_PARAM(name, HV_PARAM_INT, &(var), sizeof(var), !((__typeof__(var))-1 > (__typeof__(var))0), \
             NULL)

/* `var` is a 64-bit unsigned byte count; "mem=512M" stores 512 << 20. */
#define size_param(name, var)                                                                      \
    _Static_assert(sizeof(var) == 8 && (__typeof__(var))-1 > (__typeof__(var))0,                   \
                   "size_param needs a 64-bit unsigned variable");                                 \
    HV_PARAM(name, HV_PARAM_SIZE, &(var), sizeof(var), 0, NULL)

/* `var` is a char array (not a pointer); its size bounds the value, terminator included. */
#define string_param(name, var)                                                                    \
    _Static_assert(!__builtin_types_compatible_p(__typeof__(var), __typeof__(&(var)[0])),          \
                   "string_param needs a char array");                                             \
    HV_PARAM(name, HV_PARAM_STRING, (var), sizeof(var), 0, NULL)

/*
 * `fn(value)` receives the text after '=' ("" when there is none) and returns 0, or
 * -EINVAL to have the value reported as bad. It runs during cmdline_parse(), at boot.
 */
#define custom_param(name, fn) HV_PARAM(name, HV_PARAM_CUSTOM, NULL, 0, 0, fn)

/*
 * Apply every option of `cmdline` to the registered parameters, in order (a later option
 * overrides an earlier one). Never fails: unknown options, bad values and overlong input are
 * reported with pr_warn and skipped.
 * Returns the number of options that were skipped. `cmdline` may be NULL.
 * Context: boot, single CPU.
 */
unsigned int cmdline_parse(const char *cmdline);

/*
 * Find option `name` in `cmdline` (a module's command line, say) without touching any
 * parameter. The last occurrence wins, as in cmdline_parse(). Its value, quotes removed, is
 * copied into buf (size bytes, always terminated when size > 0; "" for a bare `name`).
 * Options longer than CMDLINE_OPTION_MAX - 1 characters are not seen, as in cmdline_parse().
 * Returns the value's full length (>= size means it was truncated), or -ENOENT.
 * Context: any.
 */
int cmdline_find_option(const char *cmdline, const char *name, char *buf, size_t size);

/*
 * Value parsers shared by cmdline_parse() and other parsers of boot text (domain-spec.c).
 * Each takes the whole string `s` (no blanks, no sign) and stores the result in *out only
 * on success. Context: any.
 */

/*
 * An unsigned number, decimal or 0x-prefixed hexadecimal, with nothing after it.
 * Returns 0, -EINVAL (empty, not a number, trailing characters) or -ERANGE (above 2^64 - 1).
 */
int cmdline_parse_uint(const char *s, uint64_t *out);

/*
 * A byte count: a number as for cmdline_parse_uint() with an optional K, M, G or T suffix
 * (either case; powers of 1024). "512M" gives 512 << 20; "4096" gives 4096.
 * Returns 0, -EINVAL (not a size) or -ERANGE (above 2^64 - 1 bytes).
 */
int cmdline_parse_size(const char *s, uint64_t *out);

/*
 * A boolean: 1/yes/on/true/enable or 0/no/off/false/disable (exact, lower case).
 * Returns 0 or -EINVAL.
 */
int cmdline_parse_bool(const char *s, bool *out);

#endif /* HV_CMDLINE_H */
