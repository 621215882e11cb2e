/*
 * batch.c - commands from a stdin that is not a terminal: read with
 * getline, whose returned length keeps NUL bytes visible (readline would
 * drop them and echo a prompt).
 */
#include <stdio.h>
#include <stdlib.h>

#include "../interp/interp.h"
#include "front.h"

int batch_run(sess *s)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int status = CMD_OK;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        const char *text = line;
        size_t len = (size_t)n;
        if (++lineno == 1 && len >= 3 && (unsigned char)text[0] == 0xef
            && (unsigned char)text[1] == 0xbb && (unsigned char)text[2] == 0xbf) {
            text += 3;  // a UTF-8 byte order mark
            len -= 3;
        }
        sess_where w = { SESS_STDIN, lineno, NULL };
        if (s->echo)
            interp_echo(s, text, len);  // --echo: a transcript
        int rc = interp_eval_line(s, text, len, w);
        if (rc == CMD_EXIT) {
            status = CMD_EXIT;
            break;
        }
        if (rc == CMD_ERR) {
            status = CMD_ERR;
            if (!s->keep_going)
                break;
        }
        if (front_interrupted) {
            status = CMD_ERR;  // Ctrl-C: main exits with 130
            break;
        }
    }
    free(line);
    if (status != CMD_EXIT && image_end_of_input(s) != CMD_OK) {
        if (s->err[0])
            interp_report(s, "image");
        status = CMD_ERR;
    }
    return status;
}

int front_wait_enter(void *ctx)
{
    sess *s = ctx;
    out_printf(s->o, "(press Enter to go on)");
    out_flush(s->o);
    int c;
    while ((c = getchar()) != EOF && c != '\n')
        ;
    return c == EOF ? -1 : 0;
}
