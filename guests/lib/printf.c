/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vsnprintf for test kernels (guest/console.h lists what it understands). Written for the
 * guests alone: test kernels share nothing with the hypervisor but include/public.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <guest/console.h>

/* The output buffer; `len` keeps counting past `size` so the full length can be returned. */
struct out {
    char *buf;
    size_t size;
    size_t len;
};

/* A conversion specification: %[flags][width][.precision][length]conversion. */
struct spec {
    bool left;  /* '-': pad on the right. */
    bool zero;  /* '0': pad numbers with zeros. */
    bool plus;  /* '+': always print a sign. */
    bool space; /* ' ': a space where a plus sign would go. */
    bool alt;   /* '#': 0x prefix for hex, leading 0 for octal. */
    int width;
    int precision; /* -1 if none. */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size) {
        o->buf[o->len] = c;
    }
    o->len++;
}

static void pad(struct out *o, char c, int count)
{
    while (count-- > 0) {
        put(o, c);
    }
}

static void put_string(struct out *o, const struct spec *s, const char *str)
{
    size_t n;
    int fill;

    if (!str) {
        str = "(null)";
    }
    n = s->precision >= 0 ? strnlen(str, (size_t)s->precision) : strlen(str);
    fill = s->width > (int)n ? s->width - (int)n : 0;
    if (!s->left) {
        pad(o, ' ', fill);
    }
    while (n--) {
        put(o, *str++);
    }
    if (s->left) {
        pad(o, ' ', fill);
    }
}

/* Formats `value` (its magnitude; `negative` gives the sign) in `base` (8, 10 or 16). */
static void put_number(struct out *o, const struct spec *s, uint64_t value, bool negative,
                       unsigned int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, zeros, fill;
    const char *prefix = "";
    int prefix_len;

    while (value) {
        tmp[n++] = digits[value % base];
        value /= base;
    }
    /* "%.0d" of 0 prints no digits; everything else prints at least one. */
    if (n == 0 && s->precision != 0) {
        tmp[n++] = '0';
    }
    if (negative) {
        prefix = "-";
    } else if (s->plus && base == 10) {
        prefix = "+";
    } else if (s->space && base == 10) {
        prefix = " ";
    } else if (s->alt && base == 16 && !(n == 1 && tmp[0] == '0')) {
        prefix = upper ? "0X" : "0x";
    } else if (s->alt && base == 8 && (n == 0 || tmp[n - 1] != '0')) {
        prefix = "0";
    }
    prefix_len = (int)strlen(prefix);

    zeros = s->precision > n ? s->precision - n : 0;
    fill = s->width - prefix_len - zeros - n;
    if (fill < 0) {
        fill = 0;
    }
    /* The 0 flag is ignored with a precision or with left alignment, as in C. */
    if (s->zero && !s->left && s->precision < 0) {
        zeros += fill;
        fill = 0;
    }
    if (!s->left) {
        pad(o, ' ', fill);
    }
    while (*prefix) {
        put(o, *prefix++);
    }
    pad(o, '0', zeros);
    while (n) {
        put(o, tmp[--n]);
    }
    if (s->left) {
        pad(o, ' ', fill);
    }
}

/* Parses flags, width and precision at *fmt (just after the '%'), advancing *fmt. */
static void parse_spec(const char **fmt, va_list *args, struct spec *s)
{
    const char *p = *fmt;

    *s = (struct spec){.precision = -1};
    for (;; p++) {
        if (*p == '-') {
            s->left = true;
        } else if (*p == '0') {
            s->zero = true;
        } else if (*p == '+') {
            s->plus = true;
        } else if (*p == ' ') {
            s->space = true;
        } else if (*p == '#') {
            s->alt = true;
        } else {
            break;
        }
    }
    if (*p == '*') {
        s->width = va_arg(*args, int);
        if (s->width < 0) {
            s->left = true;
            s->width = -s->width;
        }
        p++;
    } else {
        while (*p >= '0' && *p <= '9') {
            s->width = s->width * 10 + (*p++ - '0');
        }
    }
    if (*p == '.') {
        p++;
        s->precision = 0;
        if (*p == '*') {
            s->precision = va_arg(*args, int);
            if (s->precision < 0) {
                s->precision = -1;
            }
            p++;
        } else {
            while (*p >= '0' && *p <= '9') {
                s->precision = s->precision * 10 + (*p++ - '0');
            }
        }
    }
    *fmt = p;
}

/* Reads an integer argument of the size the length modifier at *fmt says, advancing *fmt. */
static uint64_t get_int(const char **fmt, va_list *args, bool is_signed, bool *negative)
{
    const char *p = *fmt;
    int size = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long (and z, t, j). */
    int64_t sv;

    if (p[0] == 'h') {
        size = p[1] == 'h' ? -2 : -1;
        p += size == -2 ? 2 : 1;
    } else if (p[0] == 'l') {
        size = p[1] == 'l' ? 2 : 1;
        p += size;
    } else if (p[0] == 'z' || p[0] == 't' || p[0] == 'j') {
        size = 1;
        p++;
    }
    *fmt = p;
    *negative = false;
    if (!is_signed) {
        switch (size) {
        case -2:
            return (unsigned char)va_arg(*args, unsigned int);
        case -1:
            return (unsigned short)va_arg(*args, unsigned int);
        case 0:
            return va_arg(*args, unsigned int);
        default:
            return va_arg(*args, unsigned long long);
        }
    }
    switch (size) {
    case -2:
        sv = (signed char)va_arg(*args, int);
        break;
    case -1:
        sv = (short)va_arg(*args, int);
        break;
    case 0:
        sv = va_arg(*args, int);
        break;
    default:
        sv = va_arg(*args, long long);
        break;
    }
    if (sv < 0) {
        *negative = true;
        return (uint64_t)0 - (uint64_t)sv;
    }
    return (uint64_t)sv;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = {buf, size, 0};
    struct spec s;
    va_list ap;
    uint64_t v;
    bool neg;

    va_copy(ap, args);
    while (*fmt) {
        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt++;
        parse_spec(&fmt, &ap, &s);
        /* Look past the length modifier to find the conversion character. */
        const char *conv = fmt;
        while (*conv == 'h' || *conv == 'l' || *conv == 'z' || *conv == 't' || *conv == 'j') {
            conv++;
        }
        switch (*conv) {
        case 'd':
        case 'i':
            v = get_int(&fmt, &ap, true, &neg);
            put_number(&o, &s, v, neg, 10, false);
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            v = get_int(&fmt, &ap, false, &neg);
            put_number(&o, &s, v, false, *conv == 'u' ? 10 : *conv == 'o' ? 8 : 16, *conv == 'X');
            break;
        case 'p':
            s.alt = true;
            put_number(&o, &s, (uint64_t)(uintptr_t)va_arg(ap, void *), false, 16, false);
            fmt = conv;
            break;
        case 's':
            put_string(&o, &s, va_arg(ap, const char *));
            fmt = conv;
            break;
        case 'c':
            s.precision = -1;
            pad(&o, ' ', s.left ? 0 : s.width - 1);
            put(&o, (char)va_arg(ap, int));
            pad(&o, ' ', s.left ? s.width - 1 : 0);
            fmt = conv;
            break;
        case '%':
            put(&o, '%');
            fmt = conv;
            break;
        case '\0':
            /* A lone '%' at the end: print it and stop. */
            put(&o, '%');
            va_end(ap);
            goto done;
        default:
            /* Unknown conversion: print it as written, so the mistake is visible. */
            put(&o, '%');
            put(&o, *conv);
            fmt = conv;
            break;
        }
        if (*fmt) {
            fmt++;
        }
    }
    va_end(ap);
done:
    if (size) {
        buf[o.len < size ? o.len : size - 1] = '\0';
    }
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}
