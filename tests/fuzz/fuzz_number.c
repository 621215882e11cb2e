/*
 * fuzz_number.c - libFuzzer target: the tokenizer and the expression
 * parser on any bytes (numbers are where parsers break: Lua fuzzes its
 * number reader on its own). A parsed program is evaluated at x = 0.5.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "engine/expr.h"
#include "interp/lex.h"
#include "interp/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lexer lx;
    token t;
    lex_error err;
    lex_init(&lx, (const char *)data, size, 0);
    while (lex_next(&lx, &t, &err) == 0 && t.kind != TOK_END)
        ;
    parse_names names = { .allow_x = 1 };
    nn_expr *e = NULL;
    lex_init(&lx, (const char *)data, size, 0);
    if (parse_expr(&lx, &names, &e, &err) == 0) {
        nn_expr_env env = { 0.5, NULL, NULL, NULL, NULL };
        double v;
        nn_expr_eval(e, &env, &v);
        nn_expr_free(e);
    }
    return 0;
}
