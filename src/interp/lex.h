/*
 * lex.h - the tokenizer of the command language.
 *
 * Splits one line (or part of one) into numbers, names and punctuation,
 * each with its column, so errors can put a caret under the token. The
 * operators pasted from slides are read as typed ones: − and – as '-',
 * × ⋅ · ∙ as '*', ÷ ∕ as '/', ′ as '\'', ≥ ≤ → as >= <= ->. Numbers
 * are parsed here, strictly and without the locale: digits with an optional
 * fraction and exponent (`-0.5` is '-' then 0.5, `1e-3`, `.5`, `5.`).
 * `nan`, `inf`, hex, `1.2.3`, `1e`, `1_000` and out-of-range literals are
 * errors, never a partial parse.
 * Ownership: tokens point into the caller's line, which must outlive them.
 */
#ifndef NEURON_INTERP_LEX_H
#define NEURON_INTERP_LEX_H

#include <stddef.h> /* size_t */

typedef enum tok_kind {
    TOK_END,    /* end of the text */
    TOK_NUM,    /* a number literal; value in num */
    TOK_NAME,   /* [A-Za-z_][A-Za-z0-9_]* */
    TOK_PUNCT   /* an operator or bracket; which one in op */
} tok_kind;

/* Two-character operators, as values of token.op beside plain chars
 * '+' '-' '*' '/' '^' '(' ')' '[' ']' ',' '=' '\'' '<' '>' ';' ':'. */
enum { TOK_GE = 256, TOK_LE, TOK_ARROW /* -> */, TOK_EQ /* == */ };

typedef struct token {
    tok_kind kind;
    const char *start;  /* first byte in the line */
    size_t len;         /* bytes */
    size_t col;         /* 0-based byte offset of start in the whole line */
    double num;         /* TOK_NUM: the value */
    int op;             /* TOK_PUNCT: the character or TOK_GE.. */
    int space_before;   /* 1 when whitespace (or the start) precedes it */
} token;

/* An error with the column to put the caret under. */
typedef struct lex_error {
    size_t col;        /* 0-based byte offset in the whole line */
    size_t len;        /* bytes to underline, at least 1 */
    char msg[200];     /* lower case, no trailing newline */
} lex_error;

typedef struct lexer {
    const char *src;   /* the text being split */
    size_t len;        /* its length in bytes */
    size_t pos;        /* next byte to read */
    size_t col0;       /* column of src[0] in the whole line */
    int has_peek;      /* 1 when peeked holds the next token */
    token peeked;
    token last;        /* the last token lex_next returned; TOK_END of
                          length 0 before the first */
} lexer;

/* Longest name in bytes; a longer one is an error ("name too long"). A
 * buffer that holds any name needs LEX_NAME_MAX + 1 bytes. */
#define LEX_NAME_MAX 64

/* Longest number literal in bytes ("number too long"). */
#define LEX_NUMBER_MAX 255

/* Bytes lex_escape may write, with its NUL: 40 characters and "...". */
#define LEX_ESCAPE_SIZE 48

/* Starts splitting src[0..len); col0 is the column of src[0] in the line
 * (for carets). Whitespace is space, tab, CR, VT and FF. */
void lex_init(lexer *lx, const char *src, size_t len, size_t col0);

/* Reads the next token into *t. Returns 0, or -1 with *err filled for a bad
 * number or a character that starts no token (printed escaped), and *t an
 * empty TOK_END at the bad token's column. After an error the lexer stays
 * at the bad token. */
int lex_next(lexer *lx, token *t, lex_error *err);

/* Like lex_next but leaves the token to be read again. */
int lex_peek(lexer *lx, token *t, lex_error *err);

/* The rest of the text after the last token read, leading whitespace
 * skipped (a peeked token counts as unread); *len gets its length and
 * *col its column. The lexer is then at the end. For commands whose
 * argument is free text (`say`). */
const char *lex_rest(lexer *lx, size_t *len, size_t *col);

/* 1 when t is the punctuation op. */
int tok_is(const token *t, int op);

/* 1 when t is a name equal to word, ignoring ASCII case. */
int tok_is_word(const token *t, const char *word);

/* Fills err for token t: "expected WHAT, got 'TOKEN'" (or "got end of
 * line"); the token is written escaped. Returns -1 for chaining. */
int lex_expected(lex_error *err, const token *t, const char *what);

/* Writes s[0..len) into buf (cap bytes, always NUL-terminated) as an error
 * message shows it: printable ASCII and well-formed printable UTF-8 (`é`,
 * `→`) as is, a backslash as \\, any other byte as \xNN (so a raw control
 * byte, a C1 control, a bidi or zero-width character, a CR or a stray
 * byte never reaches the terminal), cut after 40 bytes with "...".
 * Returns buf. LEX_ESCAPE_SIZE bytes always hold the whole result. */
const char *lex_escape(char *buf, size_t cap, const char *s, size_t len);

/* Fills err with a printf-style message and the span col, len (a len of
 * 0 counts as 1) to underline. Returns -1 for chaining:
 * `return lex_fail(err, t.col, t.len, "unknown name '%s'", name);` */
int lex_fail(lex_error *err, size_t col, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
