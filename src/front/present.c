/*
 * present.c - presenter mode, `neuron --step FILE`: a lesson shown on a
 * classroom projector one command at a time.
 *
 * The script is read whole and split into lines; each line is one of
 *   a row of an open image block   shown after "   ...> ", run at once
 *   a blank line                   skipped
 *   a comment                      narration: its text, shown at once
 *   `say TEXT`, `hint TEXT`        narration: run at once, not shown
 *   ask, checkpoint                run at once, not shown: they show
 *                                  themselves (and an ask's line would
 *                                  give its answer away)
 *   `pause`                        a wait for a key; nothing is shown
 *   a command                      shown after "neuron> " as if typed
 *                                  (--type-delay MS between characters),
 *                                  then a wait: Enter runs it, q quits,
 *                                  b goes back one command
 * `spacing N` blank lines separate a command's output from what follows.
 *
 * Going back runs the script again from a fresh session up to the command
 * before, into a sink that prints nowhere, then shows that command again:
 * the state is exactly what it was then, whatever the commands did. That
 * replay writes no file (s->replaying): `save`, `plot ... > f.svg` and
 * `record` wrote theirs when they ran live, and a recording going on is
 * rebuilt in memory, so the handout `record stop` writes holds each
 * command once, as it last ran.
 *
 * A handout recorded in this mode is the one a plain run of the script
 * gives: what the presenter prints of its own (prompts, the command as
 * typed, narration, spacing, "back one command") is set aside from it
 * (record_aside_start/end), and the comments and `pause` lines, shown
 * rather than run, are recorded as the interpreter would record them.
 *
 * Keys are read one at a time with the terminal out of canonical mode
 * (and echo) only while waiting; a signal that ends the process meanwhile
 * puts the terminal back first. Without a terminal on stdin nothing waits:
 * the script runs like any script, each command shown before its output
 * (and no typing pace unless stdout is a terminal), so the mode can be
 * tested in a pipe. Thin like the other front ends: lines go to
 * interp_eval_line.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../interp/interp.h"
#include "../interp/record.h"
#include "front.h"

/* What a line of the script is, for the presenter. */
typedef enum kind {
    K_BLANK, K_ROW, K_NOTE, K_SAY, K_SELF, K_PAUSE, K_COMMAND
} kind;

/* What a key asks for. */
enum { KEY_NONE, KEY_RUN, KEY_QUIT, KEY_BACK, KEY_LIVE };

typedef struct presenter {
    sess *proto;         /* main's session: sink, settings, hooks */
    sess *s;             /* the session the script runs in (owned) */
    const char *path;    /* the script, as given */
    char *real;          /* its real path: a `run` of itself is a cycle */
    char *buf;           /* the script's text (owned) */
    size_t *start;       /* line i is buf[start[i]..start[i + 1]) */
    size_t n;            /* lines */
    size_t *ran;         /* lines of the commands run, in order (for b) */
    size_t n_ran;
    int keys;            /* stdin is a terminal: wait for keys */
    int delay_ms;        /* pause between typed characters, or 0 */
    int gap;             /* a command ran: spacing before what follows */
} presenter;

/* ============================ the script ============================ */

/* Reads the script and finds its lines (a UTF-8 BOM skipped). 0, or
 * CMD_ERR with the error reported through proto. */
static int load(presenter *p)
{
    size_t len;
    if (interp_read_script(p->proto, p->path, &p->buf, &len) != 0) {
        interp_report(p->proto, NULL);
        return CMD_ERR;
    }
    size_t from = len >= 3 && memcmp(p->buf, "\xef\xbb\xbf", 3) == 0
                  ? 3 : 0;  // a UTF-8 byte order mark
    size_t lines = 1;
    for (size_t i = from; i < len; i++)
        lines += p->buf[i] == '\n';
    p->start = malloc((lines + 1) * sizeof *p->start);
    p->ran = malloc(lines * sizeof *p->ran);
    if (!p->start || !p->ran) {
        sess_fail(p->proto, SIZE_MAX, 0, "out of memory");
        interp_report(p->proto, NULL);
        return CMD_ERR;
    }
    for (size_t i = from; i < len; i = p->start[p->n]) {
        const char *nl = memchr(p->buf + i, '\n', len - i);
        p->start[p->n++] = i;
        p->start[p->n] = nl ? (size_t)(nl - p->buf) + 1 : len;
    }
    if (p->n == 0)
        p->start[0] = len;
    return 0;
}

/* 1 when line[0..len) starts with the word w (any case) followed by a
 * blank or the end; *after is then the offset past it. */
static int starts_with(const char *line, size_t len, const char *w,
                       size_t *after)
{
    size_t i = strspn(line, " \t"), n = strlen(w);
    if (i + n > len || strncasecmp(line + i, w, n) != 0)
        return 0;
    if (i + n < len && !strchr(" \t\r\n", line[i + n]))
        return 0;
    *after = i + n;
    return 1;
}

static kind classify(const sess *s, const char *line, size_t len)
{
    if (s->block.open)
        return K_ROW;
    size_t i = 0, after;
    while (i < len && strchr(" \t\r\v\f\n", line[i]))
        i++;
    if (i == len)
        return K_BLANK;
    if (line[i] == '#')
        return K_NOTE;
    if (starts_with(line, len, "pause", &after)) {
        after += strspn(line + after, " \t\r");
        if (after >= len || line[after] == '#' || line[after] == '\n')
            return K_PAUSE;
    }
    static const char *const self[] = { "say", "hint", "ask", "checkpoint" };
    for (size_t k = 0; k < sizeof self / sizeof self[0]; k++)
        if (starts_with(line, len, self[k], &after)
            && (k < 2 || !memchr(line + after, ';', len - after))
            && line[after + strspn(line + after, " \t")] != '=')
            return k < 2 ? K_SAY : K_SELF;  // `say = 2` defines a name
    return K_COMMAND;
}

/* ============================ sessions ============================ */

/* A new session made like proto: its sink, and the settings and hooks the
 * front end gave it. NULL on out of memory. */
static sess *fresh(const presenter *p)
{
    const sess *proto = p->proto;
    sess *s = sess_new(proto->o);
    if (!s)
        return NULL;
    s->interactive = proto->interactive;
    s->progress = proto->progress;
    s->keep_going = proto->keep_going;
    s->interrupted = proto->interrupted;
    s->wait = proto->wait;
    s->wait_ctx = proto->wait_ctx;
    s->read_line = proto->read_line;
    s->read_ctx = proto->read_ctx;
    s->keys = proto->keys;  // tune, from a live command
    s->echo = proto->echo;
    s->presenting = 1;  // an ask waits for the teacher, not an answer
    s->spacing = proto->spacing;
    s->allow_write = proto->allow_write;
    s->n_allow_write = proto->n_allow_write;
    s->depth++;  // as `run` does: errors name the script and its line
    s->where[s->depth - 1] = (sess_where){ p->path, 0, p->real };
    return s;
}

/* Runs line i in s, which sees line i + 1 (ask reads its hint there). */
static int run_line(const presenter *p, sess *s, size_t i)
{
    size_t from = p->start[i], to = p->start[i + 1];
    s->next_line = NULL;
    s->next_len = 0;
    if (i + 1 < p->n) {
        size_t end = p->start[i + 2];
        s->next_line = p->buf + to;
        s->next_len = end - to - (end > to && p->buf[end - 1] == '\n');
    }
    sess_where w = { p->path, (long)i + 1, NULL };
    int rc = interp_eval_line(s, p->buf + from, to - from, w);
    s->next_line = NULL;
    s->next_len = 0;
    out_flush(s->o);
    return rc;
}

/* Rebuilds the session as it was before line `to`: a fresh session runs
 * lines 0..to-1 into a sink that prints nowhere, with nothing waiting
 * (pause, ask and checkpoint act as in a pipe). 0, or -1 on out of memory
 * (the session is then left as it was). */
static int rebuild(presenter *p, size_t to)
{
    FILE *null = fopen("/dev/null", "w");
    out *quiet = null ? out_new_stdio(null, null) : out_new_memory();
    sess *s = quiet ? fresh(p) : NULL;
    if (!s) {
        out_free(quiet);
        if (null)
            fclose(null);
        return -1;
    }
    out_set_width(quiet, out_width(p->proto->o));
    out_set_ascii(quiet, out_ascii(p->proto->o));
    s->o = quiet;
    s->wait = NULL;
    s->read_line = NULL;
    s->keys = NULL;
    s->interactive = s->progress = 0;
    s->replaying = 1;  // the files were written when the lines ran live
    for (size_t i = 0; i < to; i++)
        if (run_line(p, s, i) == CMD_EXIT)
            break;
    s->replaying = 0;
    record_move(s, p->proto->o);  // a recording rebuilt goes on live
    s->wait = p->proto->wait;
    s->read_line = p->proto->read_line;
    s->keys = p->proto->keys;
    s->interactive = p->proto->interactive;
    s->progress = p->proto->progress;
    s->errors_seen = p->s->errors_seen;  // the replay's are not new
    if (s->interrupted)
        *s->interrupted = 0;
    sess_free(p->s);
    p->s = s;
    out_free(quiet);
    if (null)
        fclose(null);
    return 0;
}

/* ============================ the terminal ============================ */

static struct termios saved_modes;
static volatile sig_atomic_t modes_changed;

/* A signal that ends the process while a key is awaited: the terminal's
 * modes go back first (tcsetattr is async-signal-safe). */
static void on_fatal(int sig)
{
    if (modes_changed)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Maps the bytes after an ESC (arrows, page keys) to a key. */
static int escape_key(void)
{
    struct termios t = saved_modes;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 1;  // a lone Esc: give up after 0.1 s
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
    char seq[4] = "";
    ssize_t n = read(STDIN_FILENO, seq, 3);
    if (n < 2 || (seq[0] != '[' && seq[0] != 'O'))
        return KEY_NONE;
    if (seq[1] == 'C' || seq[1] == 'B' || (seq[1] == '6' && n == 3))
        return KEY_RUN;   // Right, Down, Page Down (a clicker's "next")
    if (seq[1] == 'D' || seq[1] == 'A' || (seq[1] == '5' && n == 3))
        return KEY_BACK;  // Left, Up, Page Up
    return KEY_NONE;
}

/* Reads one key: Enter, space, Right or Page Down run; q, Ctrl-D, Ctrl-C
 * or the end of input quit; b, Backspace, Left or Page Up go back. */
static int read_key(void)
{
    static const int fatal[] = { SIGTERM, SIGHUP, SIGQUIT };
    struct sigaction sa, old[3];
    unsigned char c = 0;
    ssize_t n;
    if (tcgetattr(STDIN_FILENO, &saved_modes) != 0) {
        n = read(STDIN_FILENO, &c, 1);  // not a terminal after all
        return n <= 0 ? KEY_QUIT : c == 'q' ? KEY_QUIT
               : c == 'b' ? KEY_BACK : c == '\n' ? KEY_RUN : KEY_NONE;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++)
        sigaction(fatal[i], &sa, &old[i]);
    struct termios raw = saved_modes;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);  // ISIG kept: Ctrl-C works
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    modes_changed = 1;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    n = read(STDIN_FILENO, &c, 1);
    int e = errno, key = KEY_NONE;
    if (n == 1 && c == 27)
        key = escape_key();
    else if (n == 1)
        key = c == '\r' || c == '\n' || c == ' ' ? KEY_RUN
            : c == 'q' || c == 'Q' || c == 4 ? KEY_QUIT
            : c == 'b' || c == 'B' || c == 127 || c == 8 ? KEY_BACK
            : c == ':' ? KEY_LIVE
            : KEY_NONE;
    else if (n == 0 || e != EINTR || front_interrupted)
        key = KEY_QUIT;  // end of input, an error, Ctrl-C
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    modes_changed = 0;
    for (int i = 0; i < 3; i++)
        sigaction(fatal[i], &old[i], NULL);
    front_interrupted = 0;
    return key;
}

static int wait_key(presenter *p)
{
    out_flush(p->s->o);
    int key;
    while ((key = read_key()) == KEY_NONE)
        ;
    return key;
}

/* Sleeps ms milliseconds; -1 when a signal (Ctrl-C) cut it short. */
static int nap(int ms)
{
    struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };
    return nanosleep(&t, NULL) == 0 ? 0 : -1;
}

/* ============================ showing ============================ */

/* Blank lines after a command's output, before what comes next. */
static void space(presenter *p)
{
    for (int i = 0; p->gap && i < p->s->spacing; i++)
        out_printf(p->s->o, "\n");
    p->gap = 0;
}

/* A comment as narration: its text after '#' and one space. */
static void narrate(presenter *p, const char *line, size_t len)
{
    const char *hash = memchr(line, '#', len);
    size_t at = (size_t)(hash - line) + 1;
    at += at < len && line[at] == ' ';
    while (len > at && strchr("\r\n", line[len - 1]))
        len--;
    out_escaped(p->s->o, OUT_OUT, line + at, len - at);
    out_printf(p->s->o, "\n");
}

/* Shows the line after the prompt as if typed, a character at a time
 * at the typing pace (Ctrl-C shows the rest at once); no newline. */
static void show(presenter *p, const char *line, size_t len)
{
    out *o = p->s->o;
    while (len > 0 && strchr("\r\n", line[len - 1]))
        len--;
    out_printf(o, "%s", p->s->block.open ? INTERP_MORE : INTERP_PROMPT);
    int delay = p->delay_ms;
    for (size_t i = 0; i < len;) {
        size_t n = 1;  // a whole UTF-8 character at a time
        while (delay && i + n < len && ((unsigned char)line[i + n] & 0xc0)
                                       == 0x80)
            n++;
        if (!delay)
            n = len - i;
        out_escaped(o, OUT_OUT, line + i, n);
        i += n;
        if (delay) {
            out_flush(o);
            if (nap(delay) != 0 && front_interrupted) {
                front_interrupted = 0;
                delay = 0;
            }
        }
    }
}

/* ':' at a command: the teacher types a command of their own at a
 * "live> " prompt and it runs in the lesson's session (going back later
 * replays the script, without it); then the lesson's command is shown
 * again. Its output stays out of a handout being recorded. */
static void live(presenter *p)
{
    out *o = p->s->o;
    out_printf(o, isatty(STDOUT_FILENO) ? "\r\033[K" : "\n");
    char *text = p->s->read_line
                 ? p->s->read_line(p->s->read_ctx, "live> ", 0) : NULL;
    if (!text) {
        out_printf(o, "\n");
        return;
    }
    sess_where w = { sess_live, 1, NULL };  // tune may open from here
    struct record *rec = p->s->rec;  // not the lesson's: not recorded
    p->s->rec = NULL;
    interp_eval_line(p->s, text, strlen(text), w);
    p->s->rec = rec;
    free(text);
    if (p->s->interrupted)
        *p->s->interrupted = 0;
    p->gap = 1;
    space(p);
}

/* Goes back one command from line i: returns the line of the last
 * command run, with the session rebuilt as it was before it, or i when
 * there is none. */
static size_t go_back(presenter *p, size_t i)
{
    if (p->n_ran == 0)
        return i;
    size_t to = p->ran[p->n_ran - 1];
    if (rebuild(p, to) != 0) {
        out_eprintf(p->s->o, "error: out of memory; cannot go back\n");
        return i;
    }
    p->n_ran--;
    p->gap = 0;
    out *o = p->s->o;
    out_printf(o, "%s(back one command)%s\n", out_on(o, OUT_DIM),
               out_off(o));
    return to;
}

/* ============================ the loop ============================ */

/* Shows line i of kind k and waits for a key when it is a command; the
 * line to go on from in *next. Returns 1 to run line i, 0 not to, or
 * CMD_EXIT to stop. */
static int present_line(presenter *p, size_t i, kind k, size_t *next)
{
    const char *line = p->buf + p->start[i];
    size_t len = p->start[i + 1] - p->start[i];
    *next = i + 1;
    if (k == K_BLANK)
        return 0;
    if (k == K_PAUSE) {
        int key = p->keys ? wait_key(p) : KEY_RUN;
        if (key == KEY_BACK)
            *next = go_back(p, i);
        else
            record_line(p->s, line, len);  // as a plain run records it
        return key == KEY_QUIT ? CMD_EXIT : 0;
    }
    if (k != K_ROW)
        space(p);
    if (k == K_NOTE) {
        record_line(p->s, line, len);
        if (!(i == 0 && len >= 2 && line[0] == '#' && line[1] == '!'))
            narrate(p, line, len);
        return 0;
    }
    if (k == K_SAY || k == K_SELF)
        return 1;
    show(p, line, len);
    int key = p->keys && k == K_COMMAND ? wait_key(p) : KEY_RUN;
    while (key == KEY_LIVE) {  // ':' a command of the teacher's, then back
        live(p);
        show(p, line, len);
        key = wait_key(p);
    }
    if (key == KEY_BACK) {
        out_printf(p->s->o, isatty(STDOUT_FILENO) ? "\r\033[K" : "\n");
        *next = go_back(p, i);
        return 0;
    }
    out_printf(p->s->o, "\n");
    if (key == KEY_QUIT)
        return CMD_EXIT;
    if (k == K_COMMAND)
        p->ran[p->n_ran++] = i;
    return 1;
}

static int present(presenter *p)
{
    int status = CMD_OK;
    size_t i = 0;
    while (i < p->n) {
        kind k = classify(p->s, p->buf + p->start[i],
                          p->start[i + 1] - p->start[i]);
        size_t next;
        record_aside_start(p->s);  // a handout holds none of the show
        int go = present_line(p, i, k, &next);
        record_aside_end(p->s);
        if (go == CMD_EXIT)
            return CMD_EXIT;
        if (!go) {
            i = next;
            continue;
        }
        if (p->keys && p->s->interrupted)
            *p->s->interrupted = 0;
        int rc = run_line(p, p->s, i);
        p->gap = k != K_SAY;  // narration sticks to what follows
        i = next;
        if (rc == CMD_EXIT)
            return CMD_EXIT;
        if (sess_interrupted(p->s)) {
            if (p->keys) {
                *p->s->interrupted = 0;  // live: Ctrl-C stopped that one
            } else if (i < p->n) {
                sess_fail(p->s, SIZE_MAX, 0, "interrupted; the rest of the "
                          "script is not run");
                interp_report(p->s, NULL);
                return CMD_ERR;
            }
        }
        if (rc == CMD_ERR) {
            status = CMD_ERR;  // in front of a class the show goes on
            if (!p->keys && !p->s->keep_going)
                break;
        }
    }
    if (image_end_of_input(p->s) != CMD_OK) {
        if (p->s->err[0])
            interp_report(p->s, "image");
        status = CMD_ERR;
    }
    return status;
}

int present_run(sess *proto, const char *path, int delay_ms)
{
    presenter p = { .proto = proto, .path = path };
    p.keys = isatty(STDIN_FILENO);
    p.delay_ms = isatty(STDOUT_FILENO) && delay_ms > 0 ? delay_ms : 0;
    proto->err[0] = '\0';
    int rc = load(&p);
    if (rc == 0) {
        p.real = realpath(path, NULL);
        p.s = fresh(&p);
        if (!p.s) {
            sess_fail(proto, SIZE_MAX, 0, "out of memory");
            interp_report(proto, NULL);
            rc = CMD_ERR;
        }
    }
    if (rc == 0) {
        rc = present(&p);
        if (record_end(p.s) != CMD_OK)  // a recording going on is written
            p.s->errors_seen++;
        out_flush(p.s->o);
        proto->errors_seen += p.s->errors_seen;
    }
    sess_free(p.s);
    free(p.buf);
    free(p.start);
    free(p.ran);
    free(p.real);
    return rc;
}
