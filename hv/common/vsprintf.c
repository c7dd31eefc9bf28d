/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatted output into a bounded buffer (hv/include/hv/printk.h).
 *
 * Everything funnels through out_char(), which counts every character the full output
 * would have but stores only what fits, so truncation and the C99 return value fall out of
 * one place. No floating point: the hypervisor is built without SSE.
 */
#include <hv/printk.h>
#include <hv/string.h>
#include <hv/symbols.h>

enum {
    F_LEFT = 1u << 0,  /* '-' */
    F_ZERO = 1u << 1,  /* '0' */
    F_SPACE = 1u << 2, /* ' ' */
    F_PLUS = 1u << 3,  /* '+' */
    F_ALT = 1u << 4,   /* '#' */
    F_UPPER = 1u << 5, /* %X */
    F_PTR = 1u << 6,   /* %p: always "0x" */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
    unsigned int flags;
    int width;     /* Minimum field width; 0 when absent. */
    int precision; /* -1 when absent. */
    enum length length;
};

struct out {
    char *buf;
    size_t size;
    size_t len; /* Characters produced so far, stored or not. */
};

static void out_char(struct out *o, char c)
{
    if (o->len + 1 < o->size) {
        o->buf[o->len] = c;
    }
    o->len++;
}

static void out_repeat(struct out *o, char c, int n)
{
    for (; n > 0; n--) {
        out_char(o, c);
    }
}

static void out_str(struct out *o, const char *s)
{
    while (*s) {
        out_char(o, *s++);
    }
}

/* Parse a decimal field, saturating far below INT_MAX so width arithmetic cannot overflow. */
static int parse_decimal(const char **fmt)
{
    int v = 0;

    while (**fmt >= '0' && **fmt <= '9') {
        if (v < 100000000) {
            v = v * 10 + (**fmt - '0');
        }
        (*fmt)++;
    }
    return v;
}

static const char *parse_flags(const char *fmt, struct spec *s)
{
    for (;; fmt++) {
        switch (*fmt) {
        case '-':
            s->flags |= F_LEFT;
            break;
        case '0':
            s->flags |= F_ZERO;
            break;
        case ' ':
            s->flags |= F_SPACE;
            break;
        case '+':
            s->flags |= F_PLUS;
            break;
        case '#':
            s->flags |= F_ALT;
            break;
        default:
            return fmt;
        }
    }
}

static const char *parse_length(const char *fmt, struct spec *s)
{
    switch (*fmt) {
    case 'h':
        s->length = fmt[1] == 'h' ? LEN_HH : LEN_H;
        return fmt + (fmt[1] == 'h' ? 2 : 1);
    case 'l':
        s->length = fmt[1] == 'l' ? LEN_LL : LEN_L;
        return fmt + (fmt[1] == 'l' ? 2 : 1);
    case 'z':
        s->length = LEN_Z;
        return fmt + 1;
    case 't':
        s->length = LEN_T;
        return fmt + 1;
    case 'j':
        s->length = LEN_J;
        return fmt + 1;
    default:
        s->length = LEN_NONE;
        return fmt;
    }
}

/* Parse flags, width, precision and length; returns a pointer to the conversion character. */
static const char *parse_spec(const char *fmt, struct spec *s, va_list *ap)
{
    s->flags = 0;
    s->width = 0;
    s->precision = -1;
    fmt = parse_flags(fmt, s);
    if (*fmt == '*') {
        int w = va_arg(*ap, int);

        /* A negative '*' width means left-justify (C11 7.21.6.1p5). */
        if (w < 0) {
            s->flags |= F_LEFT;
            w = w < -100000000 ? 100000000 : -w;
        }
        s->width = MIN(w, 100000000);
        fmt++;
    } else {
        s->width = parse_decimal(&fmt);
    }
    if (*fmt == '.') {
        fmt++;
        if (*fmt == '*') {
            int p = va_arg(*ap, int);

            /* A negative '*' precision is taken as if it were omitted. */
            s->precision = p < 0 ? -1 : MIN(p, 100000000);
            fmt++;
        } else {
            s->precision = parse_decimal(&fmt);
        }
    }
    return parse_length(fmt, s);
}

/* Emit one integer: [spaces][sign or prefix][zeros][digits][spaces]. */
static void put_number(struct out *o, const struct spec *s, unsigned long long v, char sign,
                       unsigned int base)
{
    const char *set = (s->flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
    char digits[24]; /* 22 octal digits hold 64 bits. */
    char prefix[3] = "";
    int nd = 0, zeros, pad;

    for (; v; v /= base) {
        digits[nd++] = set[v % base];
    }
    /* Zero prints as "0" unless an explicit precision of 0 asks for no digits at all. */
    zeros = s->precision > nd ? s->precision - nd : (s->precision < 0 && !nd);
    if (sign) {
        prefix[0] = sign;
    } else if ((base == 16 && (s->flags & F_ALT) && nd) || (s->flags & F_PTR)) {
        prefix[0] = '0';
        prefix[1] = (s->flags & F_UPPER) ? 'X' : 'x';
    } else if (base == 8 && (s->flags & F_ALT) && !zeros) {
        zeros = 1; /* '#' makes the first octal digit a zero. */
    }
    pad = s->width - (int)strlen(prefix) - zeros - nd;
    if ((s->flags & F_ZERO) && !(s->flags & F_LEFT) && s->precision < 0 && pad > 0) {
        zeros += pad;
        pad = 0;
    }
    if (!(s->flags & F_LEFT)) {
        out_repeat(o, ' ', pad);
    }
    out_str(o, prefix);
    out_repeat(o, '0', zeros);
    while (nd) {
        out_char(o, digits[--nd]);
    }
    if (s->flags & F_LEFT) {
        out_repeat(o, ' ', pad);
    }
}

/* Emit len characters of str (NULs included) padded to the field width. */
static void put_padded(struct out *o, const struct spec *s, const char *str, size_t len)
{
    int pad = (size_t)s->width > len ? s->width - (int)len : 0;

    if (!(s->flags & F_LEFT)) {
        out_repeat(o, ' ', pad);
    }
    while (len--) {
        out_char(o, *str++);
    }
    if (s->flags & F_LEFT) {
        out_repeat(o, ' ', pad);
    }
}

static void put_string(struct out *o, const struct spec *s, const char *str)
{
    if (!str) {
        str = "(null)";
    }
    put_padded(o, s, str, strnlen(str, s->precision < 0 ? (size_t)-1 : (size_t)s->precision));
}

/* %pS: "name+0xoff/0xsize", or the bare address when no function contains it. */
static void put_symbol(struct out *o, unsigned long addr)
{
    static const struct spec hex = {F_PTR, 0, -1, LEN_NONE};
    unsigned long offset, size;
    const char *name = symbols_lookup(addr, &offset, &size);

    if (!name) {
        put_number(o, &hex, addr, 0, 16);
        return;
    }
    out_str(o, name);
    out_char(o, '+');
    put_number(o, &hex, offset, 0, 16);
    out_char(o, '/');
    put_number(o, &hex, size, 0, 16);
}

static unsigned long long fetch_unsigned(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case LEN_HH:
        return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_H:
        return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_L:
        return va_arg(*ap, unsigned long);
    case LEN_LL:
        return va_arg(*ap, unsigned long long);
    case LEN_Z:
        return va_arg(*ap, size_t);
    case LEN_T:
        return (unsigned long long)va_arg(*ap, ptrdiff_t);
    case LEN_J:
        return va_arg(*ap, uintmax_t);
    case LEN_NONE:
    default:
        return va_arg(*ap, unsigned int);
    }
}

static long long fetch_signed(const struct spec *s, va_list *ap)
{
    switch (s->length) {
    case LEN_HH:
        return (signed char)va_arg(*ap, int);
    case LEN_H:
        return (short)va_arg(*ap, int);
    case LEN_L:
        return va_arg(*ap, long);
    case LEN_LL:
        return va_arg(*ap, long long);
    case LEN_Z:
        /* The signed type corresponding to size_t is long on every target we build for. */
        return va_arg(*ap, long);
    case LEN_T:
        return va_arg(*ap, ptrdiff_t);
    case LEN_J:
        return va_arg(*ap, intmax_t);
    case LEN_NONE:
    default:
        return va_arg(*ap, int);
    }
}

static void put_signed(struct out *o, const struct spec *s, va_list *ap)
{
    long long v = fetch_signed(s, ap);
    /* Negate in unsigned arithmetic so that LLONG_MIN is representable. */
    unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char sign = v < 0 ? '-' : (s->flags & F_PLUS) ? '+' : (s->flags & F_SPACE) ? ' ' : 0;

    put_number(o, s, mag, sign, 10);
}

/* Handle one conversion character; returns the format position after it. */
static const char *convert(struct out *o, const char *fmt, struct spec *s, va_list *ap)
{
    switch (*fmt) {
    case 'd':
    case 'i':
        put_signed(o, s, ap);
        break;
    case 'u':
        put_number(o, s, fetch_unsigned(s, ap), 0, 10);
        break;
    case 'X':
        s->flags |= F_UPPER;
        __attribute__((fallthrough));
    case 'x':
        put_number(o, s, fetch_unsigned(s, ap), 0, 16);
        break;
    case 'o':
        put_number(o, s, fetch_unsigned(s, ap), 0, 8);
        break;
    case 'c': {
        char c = (char)va_arg(*ap, int);

        /* A NUL character still counts as one character of output. */
        put_padded(o, s, &c, 1);
        break;
    }
    case 's':
        put_string(o, s, va_arg(*ap, const char *));
        break;
    case 'p':
        if (fmt[1] == 'S') {
            put_symbol(o, (unsigned long)va_arg(*ap, void *));
            return fmt + 2;
        }
        s->flags |= F_PTR;
        put_number(o, s, (unsigned long)va_arg(*ap, void *), 0, 16);
        break;
    case '%':
        out_char(o, '%');
        break;
    case '\0':
        /* A lone '%' at the end of the format prints itself. */
        out_char(o, '%');
        return fmt;
    default:
        /* Unknown conversions are printed verbatim so that the mistake is visible. */
        out_char(o, '%');
        out_char(o, *fmt);
        break;
    }
    return fmt + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    struct spec s;
    va_list args;

    va_copy(args, ap);
    while (*fmt) {
        if (*fmt != '%') {
            out_char(&o, *fmt++);
            continue;
        }
        fmt = parse_spec(fmt + 1, &s, &args);
        fmt = convert(&o, fmt, &s, &args);
    }
    va_end(args);
    if (size) {
        buf[MIN(o.len, size - 1)] = '\0';
    }
    return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

enum log_level printk_level(const char *msg, const char **text)
{
    enum log_level level = LOG_LEVEL_INFO;

    if (msg[0] == '\001' && msg[1] >= '1' && msg[1] <= '4') {
        level = (enum log_level)(msg[1] - '0');
        msg += 2;
    }
    if (text) {
        *text = msg;
    }
    return level;
}
