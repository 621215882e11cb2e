/*
 * lex.c - the tokenizer of the command language.
 *
 * One pass, left to right, no backtracking past the current token, so a
 * line of a megabyte splits in linear time. Each token remembers its
 * column for the caret under an error.
 *
 * Numbers are checked here by hand before any conversion, because C's
 * strtod is too generous for a learner's calculator: it reads `nan`,
 * `inf`, `0x1p3`, and `1.2` out of `1.2.3`. The grammar is
 *   digits ['.' [digits]] | '.' digits,  then optionally
 *   ('e' | 'E') ['+' | '-'] digits
 * with at least one digit in the mantissa. Only the validated bytes go to
 * strtod (the program never sets LC_NUMERIC, so '.' is the decimal point).
 * A number may be followed directly by a name, for implicit multiplication
 * (`5x`), but not by '.', a digit, '_' or an 'e' that starts no exponent:
 * those make the whole run (`1.2.3`, `1_000`, `1e`) one malformed number,
 * never a partial parse.
 *
 * Messages quote the user's bytes through lex_escape, so a control byte,
 * a raw CR or a stray UTF-8 byte is shown as \xNN and never reaches the
 * terminal as is.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "lex.h"

/* Characters of quoted text before lex_escape cuts it with "...". */
#define ESCAPE_CUT 40

/* ---- character classes (ASCII, whatever the locale) ---- */

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_xdigit(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_name_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(int c)
{
    return is_name_start(c) || is_digit(c);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ---- messages ---- */

int lex_fail(lex_error *err, size_t col, size_t len, const char *fmt, ...)
{
    va_list ap;
    err->col = col;
    err->len = len ? len : 1;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

/* Bytes of the well-formed UTF-8 character at s[0..n) that may be shown
 * as it is: 2 to 4, or 0 for a malformed or overlong sequence, a
 * surrogate, a C1 control, or a character that reorders or hides text
 * (the bidi controls, zero-width ones, line separators, the BOM). */
static size_t printable_utf8(const unsigned char *s, size_t n)
{
    size_t want = s[0] >= 0xc2 && s[0] <= 0xdf ? 2
                : s[0] >= 0xe0 && s[0] <= 0xef ? 3
                : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
    if (want == 0 || want > n)
        return 0;
    for (size_t k = 1; k < want; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    unsigned long cp = want == 2 ? (s[0] & 0x1fUL) << 6 | (s[1] & 0x3f)
                     : want == 3 ? (s[0] & 0x0fUL) << 12
                                   | (s[1] & 0x3fUL) << 6 | (s[2] & 0x3f)
                     : (s[0] & 0x07UL) << 18 | (s[1] & 0x3fUL) << 12
                       | (s[2] & 0x3fUL) << 6 | (s[3] & 0x3f);
    if ((want == 3 && cp < 0x800) || (want == 4 && cp < 0x10000)
        || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)
        || (cp >= 0x80 && cp < 0xa0) || cp == 0xad
        || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e)
        || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff)
        return 0;
    return want;
}

const char *lex_escape(char *buf, size_t cap, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t out = 0;

    if (cap == 0)
        return buf;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char piece[4];
        size_t k = 0;
        size_t u = c >= 0x80 ? printable_utf8((const unsigned char *)s + i,
                                              len - i) : 0;
        if (u > 0) {  // a whole character: kept, or the text is cut here
            if (out + u > ESCAPE_CUT) {
                if (out + 4 <= cap) {
                    memcpy(buf + out, "...", 3);
                    out += 3;
                }
                break;
            }
            if (out + u >= cap)
                break;
            memcpy(buf + out, s + i, u);
            out += u;
            i += u - 1;
            continue;
        }
        if (c == '\\') {
            piece[k++] = '\\';
            piece[k++] = '\\';
        } else if (c >= 0x20 && c < 0x7f) {
            piece[k++] = (char)c;
        } else {
            piece[k++] = '\\';
            piece[k++] = 'x';
            piece[k++] = hex[c >> 4];
            piece[k++] = hex[c & 15];
        }
        if (out + k > ESCAPE_CUT) {
            if (out + 4 <= cap) {
                memcpy(buf + out, "...", 3);
                out += 3;
            }
            break;
        }
        if (out + k >= cap)
            break;
        memcpy(buf + out, piece, k);
        out += k;
    }
    buf[out] = '\0';
    return buf;
}

int lex_expected(lex_error *err, const token *t, const char *what)
{
    char text[LEX_ESCAPE_SIZE];

    if (t->kind == TOK_END)
        return lex_fail(err, t->col, 1, "expected %s, got end of line",
                        what);
    lex_escape(text, sizeof text, t->start, t->len);
    return lex_fail(err, t->col, t->len, "expected %s, got '%s'", what,
                    text);
}

/* ---- numbers ---- */

/* End of the run of number-like bytes from start, so a message shows the
 * whole of `1.2.3` or `5e-3.2`: letters, digits, '_' and '.', plus a sign
 * right after the exponent letter ('e', or 'p' in hex). */
static size_t number_run(const lexer *lx, size_t start, int hex)
{
    size_t i = start;
    while (i < lx->len) {
        int c = (unsigned char)lx->src[i];
        if (is_name_char(c) || c == '.') {
            i++;
        } else if ((c == '+' || c == '-') && i > start
                   && lower(lx->src[i - 1]) == (hex ? 'p' : 'e')) {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* Fills err for the malformed number at start. */
static int malformed(const lexer *lx, size_t start, lex_error *err)
{
    char text[LEX_ESCAPE_SIZE];
    size_t end = number_run(lx, start, 0);
    lex_escape(text, sizeof text, lx->src + start, end - start);
    return lex_fail(err, lx->col0 + start, end - start,
                    "malformed number '%s'", text);
}

/* 1 when a hexadecimal literal starts at i: `0x` then a hex digit or '.'.
 * A lone `0x` is 0 times x. */
static int hex_starts(const lexer *lx, size_t i)
{
    const char *s = lx->src;
    return s[i] == '0' && i + 2 < lx->len && lower(s[i + 1]) == 'x'
           && (is_xdigit((unsigned char)s[i + 2]) || s[i + 2] == '.');
}

/* Reads the number at lx->pos into *t (see the grammar at the top). */
static int lex_number(lexer *lx, token *t, lex_error *err)
{
    const char *s = lx->src;
    size_t n = lx->len, start = lx->pos, i = start;
    size_t digits = 0;
    int nonzero = 0;   /* a digit other than 0 in the mantissa */
    char text[LEX_ESCAPE_SIZE];

    if (hex_starts(lx, start)) {
        size_t end = number_run(lx, start, 1);
        lex_escape(text, sizeof text, s + start, end - start);
        return lex_fail(err, lx->col0 + start, end - start,
                        "hexadecimal numbers are not supported: '%s'",
                        text);
    }
    for (; i < n && is_digit(s[i]); i++, digits++)
        nonzero |= s[i] != '0';
    if (i < n && s[i] == '.')
        for (i++; i < n && is_digit(s[i]); i++, digits++)
            nonzero |= s[i] != '0';
    if (digits == 0)
        return malformed(lx, start, err);
    if (i < n && lower(s[i]) == 'e') {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j >= n || !is_digit(s[j]))
            return malformed(lx, start, err);   // `1e`, `1ex`, `1e+`
        while (j < n && is_digit(s[j]))
            j++;
        i = j;
    }
    if (i < n && (s[i] == '.' || s[i] == '_' || is_digit(s[i])
                  || lower(s[i]) == 'e'))
        return malformed(lx, start, err);       // `1.2.3`, `1_000`, `1e3e`

    size_t len = i - start;
    lex_escape(text, sizeof text, s + start, len);
    if (len > LEX_NUMBER_MAX)
        return lex_fail(err, lx->col0 + start, len,
                        "number too long: '%s' (at most %d characters)",
                        text, LEX_NUMBER_MAX);

    char buf[LEX_NUMBER_MAX + 1];
    memcpy(buf, s + start, len);
    buf[len] = '\0';
    double v = strtod(buf, NULL);
    if (isinf(v))
        return lex_fail(err, lx->col0 + start, len,
                        "number out of range: %s", text);
    if (v == 0.0 && nonzero)
        return lex_fail(err, lx->col0 + start, len,
                        "number too small: %s (it would be 0)", text);
    t->kind = TOK_NUM;
    t->len = len;
    t->num = v;
    lx->pos = i;
    return 0;
}

/* ---- other tokens ---- */

static int lex_name(lexer *lx, token *t, lex_error *err)
{
    size_t i = lx->pos;
    while (i < lx->len && is_name_char((unsigned char)lx->src[i]))
        i++;
    size_t len = i - lx->pos;
    if (len > LEX_NAME_MAX) {
        char text[LEX_ESCAPE_SIZE];
        lex_escape(text, sizeof text, lx->src + lx->pos, len);
        return lex_fail(err, lx->col0 + lx->pos, len,
                        "name too long: '%s' (at most %d characters)",
                        text, LEX_NAME_MAX);
    }
    t->kind = TOK_NAME;
    t->len = len;
    lx->pos = i;
    return 0;
}

/* Bytes of the character at s[0..n): a whole UTF-8 sequence when one
 * starts there, so the caret covers it, else 1. */
static size_t char_length(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t want = c >= 0xc2 && c <= 0xdf ? 2
                : c >= 0xe0 && c <= 0xef ? 3
                : c >= 0xf0 && c <= 0xf4 ? 4 : 1;
    size_t k = 1;
    while (k < want && k < n && ((unsigned char)s[k] & 0xc0) == 0x80)
        k++;
    return k == want ? k : 1;
}

/* Characters pasted from slides and PDFs that mean an operator: read as
 * that operator (the token keeps the bytes that were typed, so a caret
 * still covers the whole character). */
static const struct {
    const char *utf8;
    int op;
} typeset[] = {
    { "\xe2\x88\x92", '-' },       /* U+2212 minus sign */
    { "\xe2\x80\x93", '-' },       /* U+2013 en dash, typeset as minus */
    { "\xc3\x97", '*' },           /* U+00D7 multiplication sign */
    { "\xe2\x8b\x85", '*' },       /* U+22C5 dot operator */
    { "\xc2\xb7", '*' },           /* U+00B7 middle dot */
    { "\xe2\x88\x99", '*' },       /* U+2219 bullet operator */
    { "\xc3\xb7", '/' },           /* U+00F7 division sign */
    { "\xe2\x88\x95", '/' },       /* U+2215 division slash */
    { "\xe2\x80\xb2", '\'' },      /* U+2032 prime: f′(x) */
    { "\xe2\x89\xa5", TOK_GE },    /* U+2265 greater-than or equal */
    { "\xe2\x89\xa4", TOK_LE },    /* U+2264 less-than or equal */
    { "\xe2\x86\x92", TOK_ARROW }, /* U+2192 rightwards arrow */
};

/* The operator the typeset character s[0..n) stands for, or 0. */
static int typeset_op(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof typeset / sizeof typeset[0]; i++)
        if (strlen(typeset[i].utf8) == n
            && memcmp(typeset[i].utf8, s, n) == 0)
            return typeset[i].op;
    return 0;
}

/* The code point of the UTF-8 sequence s[0..n) (n from char_length). */
static unsigned long code_point(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 2)
        return (p[0] & 0x1fUL) << 6 | (p[1] & 0x3f);
    if (n == 3)
        return (p[0] & 0x0fUL) << 12 | (p[1] & 0x3fUL) << 6 | (p[2] & 0x3f);
    if (n == 4)
        return (p[0] & 0x07UL) << 18 | (p[1] & 0x3fUL) << 12
               | (p[2] & 0x3fUL) << 6 | (p[3] & 0x3f);
    return p[0];
}

/* Operators and brackets: two-character ones first. */
static int lex_punct(lexer *lx, token *t, lex_error *err)
{
    static const struct {
        char text[3];
        int op;
    } pairs[] = {
        { ">=", TOK_GE }, { "<=", TOK_LE }, { "->", TOK_ARROW },
        { "==", TOK_EQ },
    };
    static const char singles[] = "+-*/^()[],='<>;:";
    const char *s = lx->src + lx->pos;
    size_t left = lx->len - lx->pos;

    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        if (left >= 2 && s[0] == pairs[i].text[0]
            && s[1] == pairs[i].text[1]) {
            t->kind = TOK_PUNCT;
            t->op = pairs[i].op;
            t->len = 2;
            lx->pos += 2;
            return 0;
        }
    }
    if (s[0] != '\0' && strchr(singles, s[0]) != NULL) {
        t->kind = TOK_PUNCT;
        t->op = (unsigned char)s[0];
        t->len = 1;
        lx->pos += 1;
        return 0;
    }

    size_t n = char_length(s, left);
    int op = n > 1 ? typeset_op(s, n) : 0;
    if (op) {
        t->kind = TOK_PUNCT;
        t->op = op;
        t->len = n;
        lx->pos += n;
        return 0;
    }
    char text[LEX_ESCAPE_SIZE], point[16] = "";
    lex_escape(text, sizeof text, s, n);
    if (n > 1)
        snprintf(point, sizeof point, " (U+%04lX)", code_point(s, n));
    return lex_fail(err, lx->col0 + lx->pos, n,
                    "unexpected character '%s'%s", text, point);
}

/* ---- the lexer ---- */

void lex_init(lexer *lx, const char *src, size_t len, size_t col0)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->len = len;
    lx->col0 = col0;
    lx->last.kind = TOK_END;
    lx->last.start = src;
    lx->last.col = col0;
    lx->last.space_before = 1;
}

/* Reads one token, advancing pos past it; on error pos is at the bad
 * token. */
static int scan(lexer *lx, token *t, lex_error *err)
{
    while (lx->pos < lx->len && is_space((unsigned char)lx->src[lx->pos]))
        lx->pos++;
    memset(t, 0, sizeof *t);
    t->start = lx->src + lx->pos;
    t->col = lx->col0 + lx->pos;
    t->space_before = lx->pos == 0
                      || is_space((unsigned char)lx->src[lx->pos - 1]);
    if (lx->pos >= lx->len) {
        t->kind = TOK_END;
        return 0;
    }

    int c = (unsigned char)lx->src[lx->pos];
    if (is_digit(c) || c == '.')
        return lex_number(lx, t, err);
    if (is_name_start(c))
        return lex_name(lx, t, err);
    return lex_punct(lx, t, err);
}

/* What a failed read leaves in *t: an end token at the bad place, so a
 * caller that reports the error at t (or looks at t anyway) never reads
 * a half-made token. */
static int failed(token *t)
{
    t->kind = TOK_END;
    t->len = 0;
    t->num = 0;
    t->op = 0;
    return -1;
}

int lex_next(lexer *lx, token *t, lex_error *err)
{
    if (lx->has_peek) {
        lx->has_peek = 0;
        *t = lx->peeked;
    } else if (scan(lx, t, err) != 0) {
        return failed(t);
    }
    lx->last = *t;
    return 0;
}

int lex_peek(lexer *lx, token *t, lex_error *err)
{
    if (!lx->has_peek) {
        if (scan(lx, &lx->peeked, err) != 0) {
            *t = lx->peeked;
            return failed(t);
        }
        lx->has_peek = 1;
    }
    *t = lx->peeked;
    return 0;
}

const char *lex_rest(lexer *lx, size_t *len, size_t *col)
{
    size_t i = lx->has_peek ? (size_t)(lx->peeked.start - lx->src)
                            : lx->pos;
    while (i < lx->len && is_space((unsigned char)lx->src[i]))
        i++;
    lx->has_peek = 0;
    lx->pos = lx->len;
    *len = lx->len - i;
    *col = lx->col0 + i;
    return lx->src + i;
}

int tok_is(const token *t, int op)
{
    return t->kind == TOK_PUNCT && t->op == op;
}

int tok_is_word(const token *t, const char *word)
{
    size_t n = strlen(word);
    if (t->kind != TOK_NAME || t->len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)t->start[i]) != lower((unsigned char)word[i]))
            return 0;
    return 1;
}
