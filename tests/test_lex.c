/*
 * test_lex.c - the tokenizer: numbers good and bad, names, punctuation,
 * columns, whitespace, escaped bytes in messages, linear time on long
 * lines.
 *
 * Number values are compared exactly: each literal below is read by one
 * correctly rounded strtod, and the expected value is the same literal
 * compiled by the C compiler, also correctly rounded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "interp/lex.h"

/* ---- helpers ---- */

/* Splits src into up to max tokens (the TOK_END included); returns the
 * count, or -1 with *err filled at the first error. */
static int split(const char *src, size_t col0, token *toks, size_t max,
                 lex_error *err)
{
    lexer lx;
    size_t n = 0;

    lex_init(&lx, src, strlen(src), col0);
    while (n < max) {
        if (lex_next(&lx, &toks[n], err) != 0)
            return -1;
        if (toks[n++].kind == TOK_END)
            return (int)n;
    }
    return (int)n;
}

/* src is one number, then the end. */
static double number(const char *src)
{
    token toks[3];
    lex_error err;
    int n = split(src, 0, toks, 3, &err);

    if (n < 0)
        fail_msg("'%s': %s", src, err.msg);
    assert_int_equal(n, 2);
    assert_int_equal(toks[0].kind, TOK_NUM);
    assert_int_equal(toks[0].len, strlen(src));
    assert_int_equal(toks[1].kind, TOK_END);
    return toks[0].num;
}

/* Lexing src fails with exactly msg, underlining col, len. */
static void lex_fails(const char *src, const char *msg, size_t col,
                      size_t len)
{
    token toks[16];
    lex_error err;

    if (split(src, 0, toks, 16, &err) != -1)
        fail_msg("'%s' lexed without error", src);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.col, col);
    assert_int_equal(err.len, len);
}

/* ---- numbers ---- */

static void test_lex_number_forms(void **state)
{
    (void)state;
    assert_true(number("0") == 0.0);
    assert_true(number("42") == 42.0);
    assert_true(number("007") == 7.0);
    assert_true(number("3.25") == 3.25);
    assert_true(number(".5") == 0.5);
    assert_true(number("5.") == 5.0);
    assert_true(number("1e-3") == 1e-3);
    assert_true(number("1E3") == 1e3);
    assert_true(number("2.5e+2") == 250.0);
    assert_true(number("1.e5") == 1e5);
    assert_true(number("0.1") == 0.1);
    assert_true(number("1e308") == 1e308);
    assert_true(number("1.7976931348623157e308") == 1.7976931348623157e308);
    /* A denormal is still a number, not zero. */
    assert_true(number("1e-310") == 1e-310);
    /* Zero digits with a huge exponent are plain zero, not an overflow. */
    assert_true(number("0e999") == 0.0);
    assert_true(number("0.000e-999") == 0.0);
}

static void test_lex_number_sign_is_separate(void **state)
{
    token t[4];
    lex_error err;
    (void)state;

    /* `-0.5` is '-' then 0.5; `--1` is two '-' then 1 (the parser makes
     * it 1). */
    assert_int_equal(split("-0.5", 0, t, 4, &err), 3);
    assert_true(tok_is(&t[0], '-'));
    assert_true(t[1].kind == TOK_NUM && t[1].num == 0.5);
    assert_int_equal(split("--1", 0, t, 4, &err), 4);
    assert_true(tok_is(&t[0], '-') && tok_is(&t[1], '-'));
    assert_true(t[2].kind == TOK_NUM && t[2].num == 1.0);
    assert_int_equal(split("+-1", 0, t, 4, &err), 4);
    assert_true(tok_is(&t[0], '+') && tok_is(&t[1], '-'));
}

/* checklist: B1 B2 */
static void test_lex_number_out_of_range(void **state)
{
    (void)state;
    lex_fails("1e999", "number out of range: 1e999", 0, 5);
    lex_fails("-1e999", "number out of range: 1e999", 1, 5);
    lex_fails("1.8e308", "number out of range: 1.8e308", 0, 7);
    lex_fails("1e-400", "number too small: 1e-400 (it would be 0)", 0, 6);
    lex_fails("0.0001e-330", "number too small: 0.0001e-330 (it would be 0)",
              0, 11);
}

/* checklist: B3 */
static void test_lex_number_hex_rejected(void **state)
{
    (void)state;
    lex_fails("0x10", "hexadecimal numbers are not supported: '0x10'", 0, 4);
    lex_fails("0X1F", "hexadecimal numbers are not supported: '0X1F'", 0, 4);
    lex_fails("0x1p3", "hexadecimal numbers are not supported: '0x1p3'",
              0, 5);
    lex_fails("1 + 0x1p-3",
              "hexadecimal numbers are not supported: '0x1p-3'", 4, 6);
}

/* checklist: B4 */
static void test_lex_number_malformed(void **state)
{
    (void)state;
    lex_fails("1e", "malformed number '1e'", 0, 2);
    lex_fails("1e+", "malformed number '1e+'", 0, 3);
    lex_fails("1.2.3", "malformed number '1.2.3'", 0, 5);
    lex_fails(".", "malformed number '.'", 0, 1);
    lex_fails("2 + . 1", "malformed number '.'", 4, 1);
    lex_fails("1..2", "malformed number '1..2'", 0, 4);
    lex_fails("5e-3.2", "malformed number '5e-3.2'", 0, 6);
    lex_fails("1_000", "malformed number '1_000'", 0, 5);
    lex_fails("1e3e5", "malformed number '1e3e5'", 0, 5);
    lex_fails("1.2.3x+1", "malformed number '1.2.3x'", 0, 6);
    /* 2 then `exp` cannot be told from an exponent: an error, no guess. */
    lex_fails("2exp(1)", "malformed number '2exp'", 0, 4);
}

static void test_lex_number_too_long(void **state)
{
    char src[301];
    (void)state;

    memset(src, '1', 300);
    src[300] = '\0';
    lex_fails(src, "number too long: '1111111111111111111111111111111111111111"
              "...' (at most 255 characters)", 0, 300);
    src[255] = '\0';   // 255 digits are still a number
    /* (10^255 - 1)/9 = 1.11...e254; both sides are correctly rounded
     * reads of nearly the same decimal, so within an ulp (2.2e-16). */
    assert_rel_close(number(src), 1.111111111111111e254, 1e-15);
}

/* checklist: B3 */
/* nan, inf and Infinity are names here; the parser rejects them. */
static void test_lex_nan_inf_are_names(void **state)
{
    token t[3];
    lex_error err;
    const char *words[] = { "nan", "inf", "Infinity", "NaN" };
    (void)state;

    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(split(words[i], 0, t, 3, &err), 2);
        assert_int_equal(t[0].kind, TOK_NAME);
        assert_int_equal(t[0].len, strlen(words[i]));
    }
}

/* A number then a name with no space: implicit multiplication. */
static void test_lex_number_then_name(void **state)
{
    token t[4];
    lex_error err;
    (void)state;

    assert_int_equal(split("5x", 0, t, 4, &err), 3);
    assert_true(t[0].kind == TOK_NUM && t[0].num == 5.0);
    assert_true(t[1].kind == TOK_NAME && t[1].len == 1);
    assert_int_equal(t[1].space_before, 0);
    assert_int_equal(split("1e3x", 0, t, 4, &err), 3);
    assert_true(t[0].num == 1000.0 && t[1].kind == TOK_NAME);
    assert_int_equal(split("5e-3x", 0, t, 4, &err), 3);
    assert_true(t[0].num == 5e-3 && t[1].kind == TOK_NAME);
    /* A lone 0x is 0 times x. */
    assert_int_equal(split("0x", 0, t, 4, &err), 3);
    assert_true(t[0].num == 0.0 && t[1].kind == TOK_NAME);
    assert_int_equal(split("2 x", 0, t, 4, &err), 3);
    assert_int_equal(t[1].space_before, 1);
    assert_int_equal(split("2(", 0, t, 4, &err), 3);
    assert_true(tok_is(&t[1], '(') && t[1].space_before == 0);
}

/* ---- names and punctuation ---- */

static void test_lex_names(void **state)
{
    token t[6];
    lex_error err;
    char name[66];
    (void)state;

    assert_int_equal(split("x1 w_2 _a Relu", 0, t, 6, &err), 5);
    for (int i = 0; i < 4; i++)
        assert_int_equal(t[i].kind, TOK_NAME);
    assert_int_equal(t[1].len, 3);
    assert_true(tok_is_word(&t[3], "relu"));
    assert_true(tok_is_word(&t[3], "RELU"));
    assert_false(tok_is_word(&t[3], "rel"));
    assert_false(tok_is_word(&t[3], "relux"));

    memset(name, 'a', 65);
    name[64] = '\0';   // 64 bytes: the longest name
    assert_int_equal(split(name, 0, t, 6, &err), 2);
    assert_int_equal(t[0].len, 64);
    name[64] = 'a';
    name[65] = '\0';
    lex_fails(name, "name too long: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
              "...' (at most 64 characters)", 0, 65);
}

static void test_lex_punctuation(void **state)
{
    static const int ops[] = {
        '+', '-', '*', '/', '^', '(', ')', '[', ']', ',', '=', '\'', '<',
        '>', ';', ':', TOK_GE, TOK_LE, TOK_ARROW, TOK_EQ, '=', '<', '-',
        '>', TOK_END
    };
    token t[32];
    lex_error err;
    (void)state;

    int n = split("+-*/^()[],='<>;: >= <= -> == = < - >", 0, t, 32, &err);
    assert_int_equal(n, 25);
    for (int i = 0; i < n - 1; i++) {
        assert_int_equal(t[i].kind, TOK_PUNCT);
        assert_int_equal(t[i].op, ops[i]);
        assert_int_equal(t[i].len, ops[i] >= 256 ? 2 : 1);
    }
    assert_int_equal(t[n - 1].kind, TOK_END);
    /* `>=1` is >= then 1; `->1` is the arrow then 1. */
    assert_int_equal(split("->1", 0, t, 4, &err), 3);
    assert_true(tok_is(&t[0], TOK_ARROW));
}

/* ---- columns and whitespace ---- */

static void test_lex_columns(void **state)
{
    token t[6];
    lex_error err;
    (void)state;

    /* col0 = 10: the text starts at column 10 of its line. */
    assert_int_equal(split("  ab\t+ 3", 10, t, 6, &err), 4);
    assert_int_equal(t[0].col, 12);
    assert_int_equal(t[1].col, 15);
    assert_int_equal(t[2].col, 17);
    assert_int_equal(t[3].kind, TOK_END);
    assert_int_equal(t[3].col, 18);
    assert_int_equal(t[0].space_before, 1);
    assert_int_equal(split("a+b", 0, t, 6, &err), 4);
    assert_int_equal(t[0].space_before, 1);  // the start counts as space
    assert_int_equal(t[1].space_before, 0);
    assert_int_equal(t[2].space_before, 0);
    lex_fails("1 + @", "unexpected character '@'", 4, 1);
}

/* checklist: A4 */
static void test_lex_whitespace_cr_tab(void **state)
{
    token t[4];
    lex_error err;
    (void)state;

    /* A CRLF file's CR, tabs, VT and FF separate tokens like spaces. */
    assert_int_equal(split("\t1\v\f2\r", 0, t, 4, &err), 3);
    assert_true(t[0].num == 1.0 && t[1].num == 2.0);
    assert_int_equal(t[1].col, 4);
    assert_int_equal(split(" \r\t ", 0, t, 4, &err), 1);
    assert_int_equal(t[0].kind, TOK_END);
    assert_int_equal(split("", 0, t, 4, &err), 1);
}

/* ---- messages ---- */

/* checklist: A6 A7 */
static void test_lex_unexpected_escaped(void **state)
{
    (void)state;
    lex_fails("#", "unexpected character '#'", 0, 1);
    lex_fails("1 ! 2", "unexpected character '!'", 2, 1);
    lex_fails("\\", "unexpected character '\\\\'", 0, 1);
    lex_fails("\x01", "unexpected character '\\x01'", 0, 1);
    lex_fails("1\n", "unexpected character '\\x0a'", 1, 1);
    lex_fails("\x7f", "unexpected character '\\x7f'", 0, 1);
    lex_fails("\x1b[31m", "unexpected character '\\x1b'", 0, 1);
    /* é is two bytes, underlined together, and shown as it is: well-formed
     * printable UTF-8 reaches the terminal safely (issue 13) */
    lex_fails("caf\xc3\xa9", "unexpected character '\xc3\xa9' (U+00E9)", 3,
              2);
    /* A lone byte that starts no UTF-8 sequence. */
    lex_fails("\xff", "unexpected character '\\xff'", 0, 1);
    lex_fails("\xe2\x88", "unexpected character '\\xe2'", 0, 1);
    /* Characters that reorder or hide text, C1 controls, overlong forms
     * and surrogates stay escaped. */
    lex_fails("\xe2\x80\xae", "unexpected character '\\xe2\\x80\\xae' "
              "(U+202E)", 0, 3);
    lex_fails("\xe2\x80\x8b", "unexpected character '\\xe2\\x80\\x8b' "
              "(U+200B)", 0, 3);
    lex_fails("\xc2\x9b", "unexpected character '\\xc2\\x9b' (U+009B)", 0,
              2);
    lex_fails("\xed\xa0\x80", "unexpected character '\\xed\\xa0\\x80' "
              "(U+D800)", 0, 3);
}

/* Operators pasted from slides read as typed ones (issue 13), each token
 * covering the whole character, so carets after it stay right. */
static void test_lex_typeset_operators(void **state)
{
    static const struct {
        const char *src;
        int op;
    } cases[] = {
        { "\xe2\x88\x92", '-' }, { "\xe2\x80\x93", '-' },
        { "\xc3\x97", '*' }, { "\xe2\x8b\x85", '*' }, { "\xc2\xb7", '*' },
        { "\xe2\x88\x99", '*' }, { "\xc3\xb7", '/' }, { "\xe2\x88\x95", '/' },
        { "\xe2\x80\xb2", '\'' }, { "\xe2\x89\xa5", TOK_GE },
        { "\xe2\x89\xa4", TOK_LE }, { "\xe2\x86\x92", TOK_ARROW },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[32];
        token t[4];
        lex_error err;
        snprintf(src, sizeof src, "2%s1", cases[i].src);
        assert_int_equal(split(src, 0, t, 4, &err), 4);
        assert_int_equal(t[1].kind, TOK_PUNCT);
        assert_int_equal(t[1].op, cases[i].op);
        assert_int_equal(t[1].col, 1);
        assert_int_equal(t[1].len, strlen(cases[i].src));
        assert_int_equal(t[2].col, 1 + strlen(cases[i].src));
        assert_true(t[2].num == 1.0);
    }
    /* the error after one is at the right byte: 2 − 1 ! */
    lex_fails("2 \xe2\x88\x92 1 !", "unexpected character '!'", 8, 1);
    /* an en dash is a minus; an em dash is not */
    lex_fails("2 \xe2\x80\x94 1", "unexpected character '\xe2\x80\x94' "
              "(U+2014)", 2, 3);
}

static void test_lex_error_stays_at_token(void **state)
{
    lexer lx;
    token t;
    lex_error err;
    const char *src = "1 + 1.2.3";
    (void)state;

    lex_init(&lx, src, strlen(src), 0);
    assert_int_equal(lex_next(&lx, &t, &err), 0);
    assert_int_equal(lex_next(&lx, &t, &err), 0);
    assert_int_equal(lex_peek(&lx, &t, &err), -1);
    assert_int_equal(lex_next(&lx, &t, &err), -1);
    assert_string_equal(err.msg, "malformed number '1.2.3'");
    assert_int_equal(err.col, 4);
    assert_int_equal(lex_next(&lx, &t, &err), -1);  // still there
    assert_int_equal(err.col, 4);
    assert_true(tok_is(&lx.last, '+'));
}

static void test_lex_expected_messages(void **state)
{
    lexer lx;
    token t;
    lex_error err;
    char src[80];
    (void)state;

    lex_init(&lx, "", 0, 7);
    lex_next(&lx, &t, &err);
    assert_int_equal(lex_expected(&err, &t, "a number"), -1);
    assert_string_equal(err.msg, "expected a number, got end of line");
    assert_int_equal(err.col, 7);
    assert_int_equal(err.len, 1);

    lex_init(&lx, "  sigmoid", 9, 0);
    lex_next(&lx, &t, &err);
    lex_expected(&err, &t, "a number");
    assert_string_equal(err.msg, "expected a number, got 'sigmoid'");
    assert_int_equal(err.col, 2);
    assert_int_equal(err.len, 7);

    /* Cut after 40 characters of text. */
    memset(src, 'b', 50);
    src[50] = '\0';
    lex_init(&lx, src, 50, 0);
    lex_next(&lx, &t, &err);
    lex_expected(&err, &t, "a number");
    assert_string_equal(err.msg, "expected a number, got "
                        "'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb...'");
    assert_int_equal(err.len, 50);
}

static void test_lex_escape(void **state)
{
    char buf[LEX_ESCAPE_SIZE];
    char small[6];
    char src[64];
    (void)state;

    assert_string_equal(lex_escape(buf, sizeof buf, "a\rb\\c\t", 6),
                        "a\\x0db\\\\c\\x09");
    /* 13 four-character escapes fit in 40 only 10 at a time. */
    memset(src, 1, 13);
    lex_escape(buf, sizeof buf, src, 13);
    assert_int_equal(strlen(buf), 43);
    assert_string_equal(buf + 40, "...");
    /* Exactly 40 characters are not cut. */
    memset(src, 'q', 40);
    lex_escape(buf, sizeof buf, src, 40);
    assert_int_equal(strlen(buf), 40);
    /* A small buffer is cut but stays terminated. */
    assert_string_equal(lex_escape(small, sizeof small, "abcdefgh", 8),
                        "abcde");
}

static void test_lex_peek_last_and_rest(void **state)
{
    lexer lx;
    token t, u;
    lex_error err;
    size_t len, col;
    const char *src = "say  hello,  world ";
    (void)state;

    lex_init(&lx, src, strlen(src), 3);
    assert_int_equal(lx.last.kind, TOK_END);
    assert_int_equal(lex_peek(&lx, &t, &err), 0);
    assert_int_equal(lx.last.kind, TOK_END);  // peeking reads nothing
    assert_int_equal(lex_next(&lx, &u, &err), 0);
    assert_true(t.start == u.start && u.len == 3);
    assert_true(lx.last.start == u.start);
    lex_peek(&lx, &t, &err);                   // `hello` counts as unread
    const char *rest = lex_rest(&lx, &len, &col);
    assert_int_equal(len, 14);
    assert_int_equal(col, 8);
    assert_memory_equal(rest, "hello,  world ", 14);
    assert_int_equal(lex_next(&lx, &t, &err), 0);
    assert_int_equal(t.kind, TOK_END);
}

/* ---- long lines: linear time, no recursion ---- */

/* checklist: A2 */
static void test_lex_megabyte_lines(void **state)
{
    size_t n = 1u << 20;
    char *src = malloc(n + 1);
    lexer lx;
    token t;
    lex_error err;
    size_t count = 0;
    (void)state;

    assert_non_null(src);
    for (size_t i = 0; i < n; i += 2) {
        src[i] = 'a';
        src[i + 1] = '+';
    }
    src[n] = '\0';
    lex_init(&lx, src, n, 0);
    do {
        assert_int_equal(lex_next(&lx, &t, &err), 0);
        count++;
    } while (t.kind != TOK_END);
    assert_int_equal(count, n + 1);

    memset(src, 'a', n);   // one megabyte name
    lex_fails(src, "name too long: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
              "...' (at most 64 characters)", 0, n);
    memset(src, '7', n);   // one megabyte number
    lex_fails(src, "number too long: '7777777777777777777777777777777777777777"
              "...' (at most 255 characters)", 0, n);
    memset(src, '.', n);
    lex_fails(src, "malformed number '........................................"
              "...'", 0, n);
    memset(src, ' ', n);
    lex_init(&lx, src, n, 0);
    assert_int_equal(lex_next(&lx, &t, &err), 0);
    assert_int_equal(t.kind, TOK_END);
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lex_number_forms),
        cmocka_unit_test(test_lex_number_sign_is_separate),
        cmocka_unit_test(test_lex_number_out_of_range),
        cmocka_unit_test(test_lex_number_hex_rejected),
        cmocka_unit_test(test_lex_number_malformed),
        cmocka_unit_test(test_lex_number_too_long),
        cmocka_unit_test(test_lex_nan_inf_are_names),
        cmocka_unit_test(test_lex_number_then_name),
        cmocka_unit_test(test_lex_names),
        cmocka_unit_test(test_lex_punctuation),
        cmocka_unit_test(test_lex_columns),
        cmocka_unit_test(test_lex_whitespace_cr_tab),
        cmocka_unit_test(test_lex_unexpected_escaped),
        cmocka_unit_test(test_lex_typeset_operators),
        cmocka_unit_test(test_lex_error_stays_at_token),
        cmocka_unit_test(test_lex_expected_messages),
        cmocka_unit_test(test_lex_escape),
        cmocka_unit_test(test_lex_peek_last_and_rest),
        cmocka_unit_test(test_lex_megabyte_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
