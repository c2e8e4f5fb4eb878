/* util.c - growable strings, dates, UTF-8, Swedish sorting, atomic files. */
#include "actionplan/util.h"
#include "actionplan/i18n.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* =========================================================================
 * Memory
 * ========================================================================= */

static void out_of_memory(void)
{
    fputs("actionplan: out of memory\n", stderr);
    abort();
}

void *ap_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *ap_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *ap_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

char *ap_xstrdup(const char *s)
{
    return s ? ap_xstrndup(s, strlen(s)) : NULL;
}

char *ap_xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = ap_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void ap_grow(void *items_ptr, size_t *cap, size_t need, size_t elem)
{
    void **items = items_ptr;
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    *items = ap_xrealloc(*items, n * elem);
    *cap = n;
}

/* =========================================================================
 * ap_buf
 * ========================================================================= */

void ap_buf_append(ap_buf *b, const char *s, size_t n)
{
    ap_grow(&b->p, &b->cap, b->len + n + 1, 1);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void ap_buf_puts(ap_buf *b, const char *s)
{
    ap_buf_append(b, s, strlen(s));
}

void ap_buf_putc(ap_buf *b, char c)
{
    ap_buf_append(b, &c, 1);
}

void ap_buf_printf(ap_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    ap_grow(&b->p, &b->cap, b->len + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void ap_buf_pad(ap_buf *b, const char *text, int width)
{
    ap_buf_puts(b, text);
    for (int n = (int)ap_utf8_len(text); n < width; n++)
        ap_buf_putc(b, ' ');
}

void ap_buf_indented(ap_buf *b, const char *text, int indent)
{
    for (const char *p = text; *p; p++) {
        ap_buf_putc(b, *p);
        if (*p == '\n' && p[1])
            for (int i = 0; i < indent; i++)
                ap_buf_putc(b, ' ');
    }
}

void ap_buf_reset(ap_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

const char *ap_buf_str(const ap_buf *b)
{
    return b->p ? b->p : "";
}

char *ap_buf_steal(ap_buf *b)
{
    char *p = b->p ? b->p : ap_xstrdup("");
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void ap_buf_free(ap_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* =========================================================================
 * ap_arena
 * ========================================================================= */

struct ap_arena_chunk {
    ap_arena_chunk *next;
    size_t used;
    size_t cap;
    _Alignas(16) unsigned char data[];
};

/* n bytes at the next multiple of align (a power of two) in the head
 * chunk, or in a new one. Strings take alignment 1: a snapshot holds a
 * million of them, and rounding each up to 16 bytes cost 7 on average. */
static void *arena_take(ap_arena *a, size_t n, size_t align)
{
    ap_arena_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at > c->cap || c->cap - at < n) {
        size_t cap = n > 65536 ? n : 65536;
        c = ap_xmalloc(sizeof *c + cap);
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    c->used = at + n;
    return c->data + at;
}

void *ap_arena_alloc(ap_arena *a, size_t n)
{
    void *p = arena_take(a, n ? n : 1, 16);
    memset(p, 0, n);
    return p;
}

char *ap_arena_strndup(ap_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = arena_take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ap_arena_strdup(ap_arena *a, const char *s)
{
    return s ? ap_arena_strndup(a, s, strlen(s)) : NULL;
}

void ap_memory_release(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void ap_arena_free(ap_arena *a)
{
    ap_arena_chunk *c = a->head;
    while (c) {
        ap_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

/* =========================================================================
 * ap_strmap
 * ========================================================================= */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void strmap_insert(ap_strmap *m, char *key, void *value)
{
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->values[i] = value;
}

void ap_strmap_put(ap_strmap *m, const char *key, void *value)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t oldcap = m->cap;
        char **oldk = m->keys;
        void **oldv = m->values;
        m->cap = oldcap ? oldcap * 2 : 64;
        m->keys = ap_xcalloc(m->cap, sizeof *m->keys);
        m->values = ap_xcalloc(m->cap, sizeof *m->values);
        m->n = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (oldk[i])
                strmap_insert(m, oldk[i], oldv[i]);
        free(oldk);
        free(oldv);
    }
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    if (m->keys[i]) {
        m->values[i] = value;
        return;
    }
    strmap_insert(m, ap_arena_strdup(&m->arena, key), value);
}

void *ap_strmap_get(const ap_strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0)
            return m->values[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

void ap_strmap_free(ap_strmap *m)
{
    free(m->keys);
    free(m->values);
    ap_arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

/* =========================================================================
 * ap_intern
 * ========================================================================= */

static uint64_t hash_mem(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* The slot of s (n bytes) in t: where it is, or the empty one it goes to. */
static size_t intern_slot(const ap_intern *t, const char *s, size_t n)
{
    size_t i = (size_t)hash_mem(s, n) & (t->cap - 1);
    while (t->slots[i] && !(strncmp(t->slots[i], s, n) == 0 && t->slots[i][n] == '\0'))
        i = (i + 1) & (t->cap - 1);
    return i;
}

const char *ap_intern_mem(ap_intern *t, const char *s, size_t n)
{
    if (!s)
        return NULL;
    if ((t->n + 1) * 2 > t->cap) {
        size_t oldcap = t->cap;
        const char **old = t->slots;
        t->cap = oldcap ? oldcap * 2 : 256;
        t->slots = ap_xcalloc(t->cap, sizeof *t->slots);
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                t->slots[intern_slot(t, old[i], strlen(old[i]))] = old[i];
        free(old);
    }
    size_t i = intern_slot(t, s, n);
    if (!t->slots[i]) {
        t->slots[i] = ap_arena_strndup(t->arena, s, n);
        t->n++;
    }
    return t->slots[i];
}

const char *ap_intern_str(ap_intern *t, const char *s)
{
    return s ? ap_intern_mem(t, s, strlen(s)) : NULL;
}

void ap_intern_free(ap_intern *t)
{
    free(t->slots);
    t->slots = NULL;
    t->cap = t->n = 0;
}

/* =========================================================================
 * Strings
 * ========================================================================= */

char *ap_trim(char *s)
{
    if (!s)
        return s;
    char *start = s;
    while (*start && isspace((unsigned char)*start))
        start++;
    size_t n = strlen(start);
    while (n > 0 && isspace((unsigned char)start[n - 1]))
        n--;
    memmove(s, start, n);
    s[n] = '\0';
    return s;
}

bool ap_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

bool ap_parse_int(const char *s, long long min, long long max, long long *out)
{
    if (!s || !*s)
        return false;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    for (const char *q = p; *q; q++)
        if (!isdigit((unsigned char)*q))
            return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno == ERANGE || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool ap_parse_amount(const char *s, long long max, long long *out)
{
    char digits[32];
    size_t j = 0, n = strlen(s);
    if (n >= 2 && strcmp(s + n - 2, "kr") == 0)
        n -= 2;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '%')
            continue;
        if (j + 1 >= sizeof digits)
            return false;
        digits[j++] = s[i];
    }
    digits[j] = '\0';
    return ap_parse_int(digits, 0, max, out);
}

/* Where the one decimal sign of "41,000" is, when the number has the
 * ambiguous shape; NULL otherwise. */
static const char *ambiguous_sep(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    bool nonzero = false;
    const char *q = p;
    for (; isdigit((unsigned char)*q); q++)
        nonzero |= *q != '0';
    if (q == p || !nonzero || (*q != ',' && *q != '.'))
        return NULL;
    for (int i = 1; i <= 3; i++)
        if (!isdigit((unsigned char)q[i]))
            return NULL;
    return q[4] == '\0' ? q : NULL;
}

bool ap_number_ambiguous(const char *s, char *hint, size_t hintsz)
{
    const char *sep = s ? ambiguous_sep(s) : NULL;
    if (!sep)
        return false;
    /* As thousands: the digits without the sign. As a decimal: trailing
     * zeros dropped ("41,0"), or a zero added ("2,1250"), so the shape is
     * no longer that of thousands. */
    int intlen = (int)(sep - s);
    const char *dec = sep + 1;
    int declen = 3;
    while (declen > 1 && dec[declen - 1] == '0')
        declen--;
    snprintf(hint, hintsz,
             TR("tre siffror efter decimaltecknet kan läsas som tusental; skriv %.*s%s eller "
                "%.*s%c%.*s%s",
                "three digits after the decimal sign may be read as thousands; write %.*s%s or "
                "%.*s%c%.*s%s"),
             intlen, s, dec, intlen, s, *sep, declen, dec, declen == 3 ? "0" : "");
    return true;
}

bool ap_parse_number(const char *s, double *out)
{
    if (!s || !*s || strlen(s) > 64 || ambiguous_sep(s))
        return false;
    char tmp[80];
    size_t j = 0;
    bool seen_sep = false, seen_digit = false;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (c == ',' || c == '.') {
            if (seen_sep)
                return false;
            seen_sep = true;
            c = '.';
        } else if (c == '-' || c == '+') {
            if (i != 0)
                return false;
        } else if (isdigit((unsigned char)c)) {
            seen_digit = true;
        } else {
            return false;
        }
        tmp[j++] = c;
    }
    tmp[j] = '\0';
    if (!seen_digit)
        return false;
    /* strtod honours LC_NUMERIC; we never change it from "C". */
    char *end = NULL;
    double v = strtod(tmp, &end);
    if (*end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

char *ap_format_grouped(long long v, const char *sep, char *out, size_t outsz)
{
    char digits[32];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    int n = snprintf(digits, sizeof digits, "%llu", u);
    size_t j = 0, seplen = strlen(sep);
    if (v < 0 && j + 1 < outsz)
        out[j++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            for (size_t k = 0; k < seplen && j + 1 < outsz; k++)
                out[j++] = sep[k];
        if (j + 1 < outsz)
            out[j++] = digits[i];
    }
    out[j] = '\0';
    return out;
}

/* Put the digits of s (an unsigned decimal in the C locale) into out with
 * thousands grouped and the language's separators. */
static void group_digits(ap_buf *out, const char *s, const char *thousands, const char *point)
{
    size_t intlen = strspn(s, "0123456789");
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            ap_buf_puts(out, thousands);
        ap_buf_putc(out, s[i]);
    }
    if (s[intlen]) {
        ap_buf_puts(out, point);
        ap_buf_puts(out, s + intlen + 1);
    }
}

char *ap_format_number(char *buf, size_t size, double v, int decimals)
{
    if (!buf || size == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", "\xE2\x80\x93"); /* – */
        return buf;
    }
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    char raw[512];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    bool zero = strspn(raw, "0.,") == strlen(raw);
    bool sv = ap_language() == AP_LANG_SV;
    ap_buf out = {0};
    if (v < 0 && !zero)
        ap_buf_putc(&out, '-');
    group_digits(&out, raw, sv ? "\xC2\xA0" : ",", sv ? "," : ".");
    snprintf(buf, size, "%s", ap_buf_str(&out));
    ap_buf_free(&out);
    return buf;
}

const char *ap_capitalised(ap_buf *b, const char *text)
{
    ap_buf_reset(b);
    ap_buf_puts(b, text ? text : "");
    unsigned char *p = (unsigned char *)b->p;
    if (p[0] >= 'a' && p[0] <= 'z')
        p[0] = (unsigned char)(p[0] - 32);
    else if (p[0] == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7)
        p[1] = (unsigned char)(p[1] - 32); /* å ä ö é … in Latin-1's range */
    return ap_buf_str(b);
}

/* Fold a code point to lower case for ASCII and Latin-1 letters. */
static uint32_t fold_case(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    return c;
}

int ap_casecmp_utf8(const char *a, const char *b)
{
    const char *p = a, *q = b;
    for (;;) {
        if (!*p || !*q)
            return (unsigned char)*p - (unsigned char)*q;
        uint32_t x = fold_case(ap_utf8_next(&p));
        uint32_t y = fold_case(ap_utf8_next(&q));
        if (x != y)
            return x < y ? -1 : 1;
    }
}

/* Primary sort weight of a (lower-cased) code point for Swedish:
 * separators < digits < a..z < å < ä < ö < everything else. */
static uint32_t sv_weight(uint32_t c)
{
    switch (c) {
    case 0xE5: return 1000 + 27;              /* å */
    case 0xE4: case 0xE6: return 1000 + 28;   /* ä, æ */
    case 0xF6: case 0xF8: return 1000 + 29;   /* ö, ø */
    case 0xE9: case 0xE8: case 0xEA: case 0xEB: return 1000 + ('e' - 'a');
    case 0xE1: case 0xE0: case 0xE2: return 1000 + 0;
    case 0xFC: return 1000 + ('y' - 'a');     /* ü sorts as y in Swedish */
    default: break;
    }
    if (c >= 'a' && c <= 'z')
        return 1000 + (c - 'a');
    if (c >= '0' && c <= '9')
        return 500 + (c - '0');
    if (c < 128)
        return c; /* space and punctuation first */
    return 2000 + c;
}

int ap_collate_sv(const char *a, const char *b)
{
    const char *p = a, *q = b;
    while (*p && *q) {
        uint32_t x = sv_weight(fold_case(ap_utf8_next(&p)));
        uint32_t y = sv_weight(fold_case(ap_utf8_next(&q)));
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (*p || *q)
        return *p ? 1 : -1;
    /* Equal but for case or accents: fall back to the bytes (stable order). */
    int r = strcmp(b, a); /* lower case (larger bytes) first */
    return r < 0 ? -1 : r > 0;
}

int ap_code_cmp(const char *a, const char *b)
{
    const char *p = a, *q = b;
    while (*p && *q) {
        if (isdigit((unsigned char)*p) && isdigit((unsigned char)*q)) {
            while (*p == '0' && isdigit((unsigned char)p[1]))
                p++;
            while (*q == '0' && isdigit((unsigned char)q[1]))
                q++;
            size_t lp = 0, lq = 0;
            while (isdigit((unsigned char)p[lp]))
                lp++;
            while (isdigit((unsigned char)q[lq]))
                lq++;
            if (lp != lq)
                return lp < lq ? -1 : 1;
            int r = strncmp(p, q, lp);
            if (r)
                return r < 0 ? -1 : 1;
            p += lp;
            q += lq;
        } else {
            if (*p != *q)
                return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
            p++;
            q++;
        }
    }
    if (*p || *q)
        return *p ? 1 : -1;
    return 0;
}

/* =========================================================================
 * UTF-8
 * ========================================================================= */

bool ap_utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = u[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            goto invalid;
        }
        if (i + len > n)
            goto invalid;
        for (size_t k = 1; k < len; k++) {
            if ((u[i + k] & 0xC0) != 0x80)
                goto invalid;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto invalid;
        i += len;
    }
    return true;
invalid:
    if (bad)
        *bad = i;
    return false;
}

uint32_t ap_utf8_next(const char **s)
{
    const unsigned char *u = (const unsigned char *)*s;
    if (!*u)
        return 0;
    size_t len = 1;
    uint32_t cp = 0xFFFD;
    if (u[0] < 0x80) {
        cp = u[0];
    } else if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) {
        cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        len = 2;
    } else if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        len = 3;
    } else if ((u[0] & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 &&
               (u[3] & 0xC0) == 0x80) {
        cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
             ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
        len = 4;
    }
    *s += len;
    return cp;
}

size_t ap_text_control_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = u[i];
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            return i;
        /* C1 (U+0080-U+009F) is 0xC2 0x80-0x9F in UTF-8 */
        if (c == 0xC2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F)
            return i;
    }
    return n;
}

void ap_control_name(const char *s, char *out, size_t outsz)
{
    static const char *const c0[32] = {
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF",
        "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
        "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    const char *p = s;
    uint32_t cp = ap_utf8_next(&p);
    if (cp < 32)
        snprintf(out, outsz, "U+%04X (%s)", (unsigned)cp, c0[cp]);
    else if (cp == 0x7F)
        snprintf(out, outsz, "U+007F (DEL)");
    else
        snprintf(out, outsz, "U+%04X", (unsigned)cp);
}

const char *ap_control_reason(void)
{
    return TR("ett styrtecken (bara tabb och radbrytning är tillåtna)",
              "a control character (only tab and newline are allowed)");
}

/* Length of a colour sequence ESC [ digits/';' m at s, or 0. */
static size_t sgr_len(const char *s)
{
    if (s[0] != '\033' || s[1] != '[')
        return 0;
    size_t i = 2;
    while (isdigit((unsigned char)s[i]) || s[i] == ';')
        i++;
    return s[i] == 'm' ? i + 1 : 0;
}

void ap_write_escaped(FILE *f, const char *s, bool keep_sgr)
{
    size_t n = strlen(s);
    while (n > 0) {
        size_t at = ap_text_control_at(s, n);
        fwrite(s, 1, at, f);
        if (at == n)
            return;
        size_t skip = keep_sgr ? sgr_len(s + at) : 0;
        if (skip)
            fwrite(s + at, 1, skip, f);
        else if ((unsigned char)s[at] == 0xC2) {
            fprintf(f, "\\u%04x", (unsigned)(unsigned char)s[at + 1]);
            skip = 2;
        } else {
            fprintf(f, "\\x%02x", (unsigned)(unsigned char)s[at]);
            skip = 1;
        }
        s += at + skip;
        n -= at + skip;
    }
}

size_t ap_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

size_t ap_utf8_prefix(const char *s, size_t max_chars)
{
    size_t chars = 0, i = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == max_chars)
                break;
            chars++;
        }
        i++;
    }
    return i;
}

/* =========================================================================
 * Dates (Howard Hinnant's days_from_civil / civil_from_days)
 * ========================================================================= */

ap_date ap_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (ap_date)(era * 146097 + doe - 719468);
}

void ap_date_to_ymd(ap_date day, int *y, int *m, int *d)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp + (mp < 10 ? 3 : -9);
    *y = yy + (mm <= 2);
    *m = mm;
    *d = dd;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

bool ap_date_parse(const char *s, ap_date *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = ap_date_from_ymd(y, m, d);
    return true;
}

char *ap_date_format(ap_date day, char buf[11])
{
    if (day == AP_DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    int y, m, d;
    ap_date_to_ymd(day, &y, &m, &d);
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    buf[0] = (char)('0' + uy / 1000);
    buf[1] = (char)('0' + uy / 100 % 10);
    buf[2] = (char)('0' + uy / 10 % 10);
    buf[3] = (char)('0' + uy % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + um / 10);
    buf[6] = (char)('0' + um % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + ud / 10);
    buf[9] = (char)('0' + ud % 10);
    buf[10] = '\0';
    return buf;
}

ap_date ap_date_today(void)
{
    ap_date d;
    /* tests only: a file holding the date, read on every call, so that a
     * test can move "today" while a server runs */
    const char *file = getenv("ACTIONPLAN_TODAY_FILE");
    if (file && *file) {
        char text[16] = {0};
        FILE *f = fopen(file, "r");
        if (f) {
            size_t n = fread(text, 1, 10, f);
            fclose(f);
            text[n] = '\0';
            if (ap_date_parse(text, &d))
                return d;
        }
    }
    const char *fixed = getenv("ACTIONPLAN_TODAY");
    if (fixed && ap_date_parse(fixed, &d))
        return d;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return ap_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

double ap_date_excel_serial(ap_date day)
{
    return (double)day + 25569.0;
}

int ap_date_year(ap_date day)
{
    int y, m, d;
    if (day == AP_DATE_NONE)
        return 0;
    ap_date_to_ymd(day, &y, &m, &d);
    return y;
}

ap_date ap_date_year_end(int y)
{
    return ap_date_from_ymd(y, 12, 31);
}

ap_rc ap_date_check_not_future(ap_date day, ap_date today, const char *what, ap_error *err)
{
    char d[11], t[11];
    if (day == AP_DATE_NONE || day <= today)
        return AP_OK;
    return ap_error_set(err, AP_E_INPUT,
                        TR("%s %s ligger i framtiden (i dag är det %s)",
                           "%s %s is in the future (today is %s)"),
                        what, ap_date_format(day, d), ap_date_format(today, t));
}

/* =========================================================================
 * Files
 * ========================================================================= */

/* A FIFO that lives in the file system, as opposed to an anonymous pipe
 * (process substitution), which Linux names "pipe:[inode]" in /proc. */
static bool is_named_fifo(int fd)
{
    char link[64], target[32];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0)
        return true; /* cannot tell: refusing is safe, waiting is not */
    target[n] = '\0';
    return strncmp(target, "pipe:", 5) != 0;
}

ap_rc ap_open_input(const char *path, int *fd, struct stat *st, ap_error *err)
{
    /* O_NONBLOCK: open of a FIFO without a writer returns at once instead
     * of waiting; fstat then says what it is. */
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (*fd < 0)
        return ap_error_set(err, AP_E_IO, TR("kan inte öppna '%s': %s", "unable to open '%s': %s"),
                            path, ap_errno_text(errno));
    ap_rc rc = AP_OK;
    if (fstat(*fd, st) != 0)
        rc = ap_error_set(err, AP_E_IO, TR("kan inte öppna '%s': %s", "unable to open '%s': %s"),
                          path, ap_errno_text(errno));
    else if (S_ISDIR(st->st_mode))
        rc = ap_error_set(err, AP_E_IO,
                          TR("'%s' är en katalog, inte en fil", "'%s' is a directory, not a file"),
                          path);
    else if (S_ISFIFO(st->st_mode) && is_named_fifo(*fd))
        rc = ap_error_set(err, AP_E_IO,
                          TR("'%s' är en namngiven pipe (FIFO), ingen vanlig fil; spara "
                             "innehållet i en fil och läs den",
                             "'%s' is a named pipe (FIFO), not a regular file; save its "
                             "content in a file and read that"),
                          path);
    else if (fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK) != 0)
        rc = ap_error_set(err, AP_E_IO, TR("kan inte läsa '%s': %s", "unable to read '%s': %s"),
                          path, ap_errno_text(errno));
    if (rc != AP_OK) {
        close(*fd);
        *fd = -1;
    }
    return rc;
}

ap_rc ap_read_file(const char *path, char **data, size_t *len, ap_error *err)
{
    struct stat st;
    int fd;
    *data = NULL;
    if (len)
        *len = 0;
    ap_rc rc = ap_open_input(path, &fd, &st, err);
    if (rc != AP_OK)
        return rc;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return ap_error_set(err, AP_E_IO, TR("kan inte öppna '%s': %s", "unable to open '%s': %s"),
                            path, ap_errno_text(errno));
    }
    /* A device may never end (/dev/zero): reading it would fill the memory.
     * What is not a regular file (a device, a pipe from <(...)) is read up
     * to a limit; /dev/null stays an empty file. */
    size_t limit = S_ISREG(st.st_mode) ? SIZE_MAX : (size_t)256 << 20;
    ap_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len + n <= limit)
        ap_buf_append(&b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed || n > 0) {
        ap_buf_free(&b);
        if (!failed)
            return ap_error_set(err, AP_E_IO,
                                TR("'%s' är ingen vanlig fil och tar inte slut (över 256 MiB)",
                                   "'%s' is not a regular file and does not end (over 256 MiB)"),
                                path);
        return ap_error_set(err, AP_E_IO, TR("kan inte läsa '%s'", "unable to read '%s'"), path);
    }
    if (len)
        *len = b.len;
    *data = ap_buf_steal(&b);
    return AP_OK;
}

const char *ap_disk_full_reason(const char *path, int errnum)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    struct statvfs fs;
    /* under 64 KiB free: too little for any report or form */
    bool full = errnum == ENOSPC || errnum == EDQUOT ||
                (statvfs(dir[0] ? dir : "/", &fs) == 0 &&
                 (unsigned long long)fs.f_bavail * fs.f_frsize < 65536);
    return full ? TR("disken är full: frigör utrymme eller skriv till en annan katalog",
                     "disk is full: free some space or write to another folder")
                : NULL;
}

const char *ap_errno_text(int errnum)
{
    static const struct {
        int errnum;
        const char *sv;
    } texts[] = {
        {ENOENT, "filen eller katalogen finns inte"},
        {EACCES, "åtkomst nekas (behörighet saknas)"},
        {EPERM, "åtgärden är inte tillåten"},
        {ENOSPC, "disken är full"},
        {EDQUOT, "diskkvoten är slut"},
        {EISDIR, "det är en katalog"},
        {ENOTDIR, "en del av sökvägen är ingen katalog"},
        {EROFS, "filsystemet är skrivskyddat"},
        {EEXIST, "filen finns redan"},
        {ENAMETOOLONG, "namnet är för långt"},
        {EMFILE, "för många öppna filer"},
        {ENFILE, "för många öppna filer i systemet"},
        {EIO, "in- eller utmatningsfel (fel på disken eller enheten)"},
        {EBUSY, "enheten eller resursen är upptagen"},
        {ETXTBSY, "filen används"},
        {ELOOP, "för många symboliska länkar"},
        {ENOMEM, "minnet räcker inte"},
        {EFBIG, "filen är för stor"},
        {EAGAIN, "resursen är tillfälligt upptagen, försök igen"},
        {EINVAL, "ogiltigt argument"},
        {ENXIO, "enheten finns inte"},
        {ENODEV, "enheten finns inte"},
    };
    if (ap_language() == AP_LANG_EN)
        return strerror(errnum);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i].errnum == errnum)
            return texts[i].sv;
    static _Thread_local char other[32];
    snprintf(other, sizeof other, "systemfel %d", errnum);
    return other;
}

ap_rc ap_mkdir_p(const char *path, ap_error *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return ap_error_set(err, AP_E_IO, TR("sökvägen är för lång: '%s'", "path too long: '%s'"),
                            path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                goto fail;
            *p = '/';
        }
    }
    if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
        goto fail;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return ap_error_set(err, AP_E_IO, TR("'%s' är ingen katalog", "'%s' is not a directory"),
                            path);
    return AP_OK;
fail:
    return ap_error_set(err, AP_E_IO,
                        TR("kan inte skapa katalogen '%s': %s", "unable to create folder '%s': %s"),
                        tmp, ap_errno_text(errno));
}

void ap_path_join(char *out, size_t outsz, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n == 0)
        snprintf(out, outsz, "%s", name);
    else
        snprintf(out, outsz, "%.*s/%s", (int)n, dir, name);
}

void ap_safe_filename(char *out, size_t outsz, const char *s)
{
    size_t j = 0;
    for (size_t i = 0; s[i] && j + 1 < outsz; i++) {
        unsigned char c = (unsigned char)s[i];
        out[j++] = (isalnum(c) || c == '-' || c == '_' || c == '.') ? (char)c : '_';
    }
    out[j] = '\0';
}

/* The pid of a trailing ".PID-N.tmp" of name[0..len), or 0; *at is where
 * that suffix begins. */
static long tmp_suffix(const char *name, size_t len, size_t *at)
{
    if (len < 5 || memcmp(name + len - 4, ".tmp", 4) != 0)
        return 0;
    size_t i = len - 4;
    while (i > 0 && isdigit((unsigned char)name[i - 1]))
        i--;
    if (i == len - 4 || i == 0 || name[i - 1] != '-')
        return 0;
    size_t dash = --i;
    while (i > 0 && isdigit((unsigned char)name[i - 1]))
        i--;
    if (i == dash || i == 0 || name[i - 1] != '.' || dash - i > 9)
        return 0;
    *at = i - 1;
    long pid = 0;
    for (size_t k = i; k < dash; k++)
        pid = pid * 10 + (name[k] - '0');
    return pid;
}

/* The pid in a temporary name ".BASE.PID-N.tmp" of ap_atomic_begin, or 0.
 * A temporary file of a temporary file (a report's renderer writes its
 * file under the name the report stages it at) is one too:
 * "..BASE.PID-N.tmp.PID-M.tmp". */
static long tmp_owner(const char *name, const char *base)
{
    size_t blen = strlen(base), len = strlen(name), at = 0;
    long pid = tmp_suffix(name, len, &at);
    while (pid > 0 && name[0] == '.') {
        if (at == 1 + blen && memcmp(name + 1, base, blen) == 0)
            return pid;
        name++; /* the inner temporary name, without its suffix */
        len = at - 1;
        if (tmp_suffix(name, len, &at) != pid)
            return 0;
    }
    return 0;
}

/* Remove the temporary files of final_path that a killed run left behind
 * (SIGKILL or a power cut leaves no chance to unlink them): those whose
 * process no longer exists. */
static void remove_stale_tmp(const char *final_path, int dirlen, const char *base)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", dirlen ? dirlen : 1, dirlen ? final_path : ".");
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = tmp_owner(e->d_name, base);
        if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%.*s%s", dirlen, final_path, e->d_name);
        unlink(path);
    }
    closedir(d);
}

ap_rc ap_atomic_begin(ap_atomic *a, const char *final_path, ap_error *err)
{
    static _Atomic unsigned counter; /* two renderers may begin at once */
    snprintf(a->final_path, sizeof a->final_path, "%s", final_path);
    const char *slash = strrchr(final_path, '/');
    int dirlen = slash ? (int)(slash - final_path + 1) : 0;
    const char *base = slash ? slash + 1 : final_path;
    remove_stale_tmp(final_path, dirlen, base);
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(a->tmp_path, sizeof a->tmp_path, "%.*s.%s.%ld-%u.tmp", dirlen, final_path, base,
                 (long)getpid(), counter++);
        int fd = open(a->tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            close(fd);
            return AP_OK;
        }
        if (errno != EEXIST)
            break;
    }
    a->tmp_path[0] = '\0';
    return ap_error_set(err, AP_E_IO, TR("kan inte skriva i '%.*s': %s", "unable to write in '%.*s': %s"),
                        dirlen ? dirlen : 1, dirlen ? final_path : ".", ap_errno_text(errno));
}

static void fsync_path(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Sync the folder that holds path, so that a rename into it is on disk. */
static void fsync_parent(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

ap_rc ap_atomic_commit(ap_atomic *a, ap_error *err)
{
    fsync_path(a->tmp_path, O_RDONLY);
    if (rename(a->tmp_path, a->final_path) != 0) {
        ap_rc rc = ap_error_set(err, AP_E_IO,
                                TR("kan inte skriva '%s': %s", "unable to write '%s': %s"),
                                a->final_path, ap_errno_text(errno));
        ap_atomic_abort(a);
        return rc;
    }
    a->tmp_path[0] = '\0';
    fsync_parent(a->final_path);
    return AP_OK;
}

void ap_atomic_abort(ap_atomic *a)
{
    if (a->tmp_path[0])
        unlink(a->tmp_path);
    a->tmp_path[0] = '\0';
}

ap_rc ap_atomic_group_begin(ap_atomic_group *g, const char *const *final_paths, int n,
                            ap_error *err)
{
    memset(g, 0, sizeof *g);
    for (; g->n < n && g->n < AP_ATOMIC_GROUP_MAX; g->n++) {
        ap_rc rc = ap_atomic_begin(&g->files[g->n], final_paths[g->n], err);
        if (rc != AP_OK) {
            ap_atomic_group_undo(g);
            return rc;
        }
    }
    return AP_OK;
}

/* Keep the file at final_path (if any) under a temporary name of its own
 * (a hard link: the final name never goes missing), into old. */
static ap_rc keep_old(const char *final_path, char *old, size_t oldsz, ap_error *err)
{
    struct stat st;
    old[0] = '\0';
    if (lstat(final_path, &st) != 0 || !S_ISREG(st.st_mode))
        return AP_OK; /* nothing to keep; a directory makes the rename fail */
    ap_atomic keep;
    ap_rc rc = ap_atomic_begin(&keep, final_path, err);
    if (rc != AP_OK)
        return rc;
    unlink(keep.tmp_path);
    if (link(final_path, keep.tmp_path) != 0)
        return ap_error_set(err, AP_E_IO, TR("kan inte skriva '%s': %s", "unable to write '%s': %s"),
                            final_path, ap_errno_text(errno));
    snprintf(old, oldsz, "%s", keep.tmp_path);
    return AP_OK;
}

ap_rc ap_atomic_group_place(ap_atomic_group *g, ap_error *err)
{
    for (; g->placed < g->n; g->placed++) {
        ap_atomic *a = &g->files[g->placed];
        ap_rc rc = keep_old(a->final_path, g->old_path[g->placed], sizeof g->old_path[0], err);
        if (rc == AP_OK) {
            fsync_path(a->tmp_path, O_RDONLY);
            if (rename(a->tmp_path, a->final_path) != 0)
                rc = ap_error_set(err, AP_E_IO,
                                  TR("kan inte skriva '%s': %s", "unable to write '%s': %s"),
                                  a->final_path, ap_errno_text(errno));
        }
        if (rc != AP_OK) {
            if (g->old_path[g->placed][0])
                unlink(g->old_path[g->placed]);
            g->old_path[g->placed][0] = '\0';
            ap_atomic_group_undo(g);
            return rc;
        }
        a->tmp_path[0] = '\0';
    }
    for (int i = 0; i < g->n; i++)
        fsync_parent(g->files[i].final_path);
    return AP_OK;
}

void ap_atomic_group_keep(ap_atomic_group *g)
{
    for (int i = 0; i < g->n; i++) {
        if (g->old_path[i][0])
            unlink(g->old_path[i]);
        g->old_path[i][0] = '\0';
        ap_atomic_abort(&g->files[i]);
    }
    g->n = g->placed = 0;
}

void ap_atomic_group_undo(ap_atomic_group *g)
{
    for (int i = 0; i < g->n; i++) {
        if (i < g->placed) {
            /* the file it replaced comes back in one rename; a new one goes */
            if (g->old_path[i][0])
                rename(g->old_path[i], g->files[i].final_path);
            else
                unlink(g->files[i].final_path);
        }
        g->old_path[i][0] = '\0';
        ap_atomic_abort(&g->files[i]);
    }
    g->n = g->placed = 0;
}
