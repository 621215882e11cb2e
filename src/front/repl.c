/*
 * repl.c - the interactive prompt, on GNU readline.
 *
 * Reads a line, hands it to the interpreter, repeats. History lives in
 * $XDG_STATE_HOME/neuron/history (or ~/.local/state/neuron/history), one
 * line appended per command so two sessions and a closed terminal lose
 * nothing, capped at HISTORY_MAX lines. Tab completes from the command
 * table. Ctrl-C: readline's default would kill the process, so a handler
 * only sets a flag (no SA_RESTART) and rl_signal_event_hook abandons the
 * half-typed line; the same flag stops long computations. After Ctrl-Z
 * and fg, a SIGCONT flag read by the same hook draws the prompt and the
 * line again (the shell wrote over them).
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "../interp/interp.h"
#include "front.h"

#define PROMPT INTERP_PROMPT
#define MORE   INTERP_MORE
#define HISTORY_MAX 1000

volatile sig_atomic_t front_interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    front_interrupted = 1;
}

void front_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocked read returns at once
    sigaction(SIGINT, &sa, NULL);
    /* past `ulimit -f` a write fails with EFBIG and the writer says "File
       too large", keeping the old file, instead of the signal killing
       the session */
    signal(SIGXFSZ, SIG_IGN);
}

/* Set when the process is continued after Ctrl-Z (fg): the shell wrote
 * over the line, so readline must draw the prompt and the line again. */
static volatile sig_atomic_t continued;

static void on_sigcont(int sig)
{
    (void)sig;
    continued = 1;
}

/* The session the prompt is reading for: Ctrl-C leaves its image block. */
static sess *reading;

/* Called by readline when a signal arrives while it waits for a key. */
static int on_signal_event(void)
{
    if (continued) {
        /* readline stopped us on SIGTSTP and prepared the terminal again
         * on the way back; the cursor is at the start of a fresh row */
        continued = 0;
        rl_forced_update_display();
    }
    if (front_interrupted) {
        front_interrupted = 0;
        rl_replace_line("", 0);
        rl_crlf();
        if (reading && reading->block.open) {  // the rows' prompt: leave
            if (image_block_leave(reading) != CMD_OK && reading->err[0])
                interp_report(reading, "image");
            out_flush(reading->o);
            rl_set_prompt(PROMPT);
        }
        rl_on_new_line();
        rl_redisplay();
    }
    return 0;
}

/* ============================ width ============================ */

int front_auto_width;

/* A COLUMNS or LINES value from lo to 1000, else -1. */
static int count_from(const char *env, long lo)
{
    char *end;
    long v = strtol(env, &end, 10);
    return end != env && *end == '\0' && v >= lo && v <= 1000 ? (int)v : -1;
}

/* The terminal's width, or 80 when it cannot be read. */
int front_terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20
        && ws.ws_col <= 1000)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    int w = env ? count_from(env, 20) : -1;
    return w > 0 ? w : 80;
}

/* The terminal's height in rows (LINES when it cannot be asked), or 0
 * when output is not a terminal. */
int front_terminal_height(void)
{
    struct winsize ws;
    if (!isatty(STDOUT_FILENO))
        return 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row >= 8
        && ws.ws_row <= 1000)
        return ws.ws_row;
    const char *env = getenv("LINES");
    int h = env ? count_from(env, 8) : -1;
    return h >= 8 ? h : 0;
}

/* ============================ history ============================ */

/* Makes the folders of `below` (".local/state/neuron") inside `base`,
 * like mkdir -p but never base itself nor anything above it: base must
 * already be a folder (HOME=/nonexistent/x makes nothing, not even as
 * root). The whole path goes to dir; returns 0 when it is a folder. */
static int make_dirs(const char *base, const char *below, char *dir,
                     size_t cap)
{
    struct stat st;
    if (stat(base, &st) != 0 || !S_ISDIR(st.st_mode))
        return -1;
    int n = snprintf(dir, cap, "%s/%s", base, below);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    for (char *p = dir + strlen(base) + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int bad = mkdir(dir, 0700) != 0 && errno != EEXIST;
        *p = '/';
        if (bad)
            return -1;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return -1;
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

/* The history file's path (malloc'ed), or NULL when there is none.
 * XDG_STATE_HOME, when it is an absolute path, holds neuron/history; the
 * folder holding XDG_STATE_HOME must exist (XDG_STATE_HOME itself and
 * neuron/ are made, as the XDG spec asks of a missing state folder).
 * Else HOME, which must exist, holds .local/state/neuron/history (the
 * three folders made as needed): a HOME such as Debian's /nonexistent
 * for system users says "no home", and nothing is made. */
static char *history_path(void)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[4096], base[4096], below[4200];
    int rc;
    if (state && state[0] == '/' && strlen(state) < sizeof base) {
        strcpy(base, state);
        size_t n = strlen(base);
        while (n > 1 && base[n - 1] == '/')
            base[--n] = '\0';
        char *slash = strrchr(base, '/');  // base = its folder
        snprintf(below, sizeof below, "%s%sneuron", slash + 1,
                 slash[1] ? "/" : "");
        slash[slash == base] = '\0';
        rc = make_dirs(base, below, dir, sizeof dir);
    } else if (state && state[0] == '/') {
        return NULL;  // too long a path to hold
    } else if (home && home[0]) {
        rc = make_dirs(home, ".local/state/neuron", dir, sizeof dir);
    } else {
        return NULL;
    }
    if (rc != 0)
        return NULL;
    size_t n = strlen(dir) + sizeof "/history";
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/history", dir);
    return path;
}

/* Blocks the signals that would interrupt or end a history write half
 * way (readline does not retry a write that EINTR cut short); the old mask
 * goes to *old. They are delivered when it is put back. */
static void hold_signals(sigset_t *old)
{
    sigset_t hold;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, old);
}

/* Appends the last line of the history list to the file. A new file is
 * written whole; any other failure (disk full) leaves the file as it was
 * rather than rewrite it. Ctrl-C, SIGTERM and SIGHUP wait until it is
 * done. */
static void save_line(const char *hist)
{
    sigset_t old;
    hold_signals(&old);
    if (append_history(1, hist) == ENOENT)
        write_history(hist);
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ============================ completion ============================ */

static size_t gen_index;

/* Yields the words the interpreter offers where Tab was pressed,
 * starting with text. */
static char *generate(const char *text, int state)
{
    size_t len = strlen(text);
    if (state == 0)
        gen_index = 0;
    for (;;) {
        char word[64];
        const char *name = interp_complete_word(gen_index++, word,
                                                sizeof word);
        if (!name)
            return NULL;
        if (strncmp(name, text, len) == 0)
            return strdup(name);  // readline frees it
    }
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;  // no file names unless asked
    switch (interp_complete_at(rl_line_buffer, (size_t)start)) {
    case INTERP_CMPL_WORDS:
        return rl_completion_matches(text, generate);
    case INTERP_CMPL_FILES:
        rl_attempted_completion_over = 0;
        return NULL;  // readline's file-name completion
    case INTERP_CMPL_NONE:
        break;
    }
    return NULL;
}

/* ============================ the loop ============================ */

/* The environment's locale for characters, so that readline edits UTF-8
 * (numbers stay locale-free: LC_NUMERIC is not touched). Loaded here, on
 * the first line read at a terminal, not at start-up: it costs a good
 * part of a millisecond, and neuron -e or a script never needs it. */
static void load_locale(void)
{
    static int loaded;
    if (!loaded)
        setlocale(LC_CTYPE, "");
    loaded = 1;
}

int repl_run(sess *s)
{
    load_locale();
    char *hist = history_path();
    rl_readline_name = "neuron";
    rl_attempted_completion_function = complete;
    rl_signal_event_hook = on_signal_event;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigcont;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;  // a computation's reads go on after fg
    sigaction(SIGCONT, &sa, NULL);
    stifle_history(HISTORY_MAX);
    if (hist)
        read_history(hist);
    s->prompt_width = strlen(PROMPT);
    reading = s;
    out_printf(s->o, "neuron %s: type `help` for the commands, Ctrl-D to "
               "leave.\n", NEURON_VERSION);
    out_flush(s->o);
    for (;;) {
        front_interrupted = 0;
        continued = 0;  // a stop during a command: its output is on screen
        /* the rows of an image block get a continuation prompt */
        char *line = readline(s->block.open ? MORE : PROMPT);
        if (front_auto_width)  // the window may have changed meanwhile
            out_set_width(s->o, front_terminal_width());
        out_set_height(s->o, front_terminal_height());
        if (!line) {
            out_printf(s->o, "\n");  // the shell prompt on a fresh line
            break;
        }
        /* a bracketed paste of several lines arrives as one: run each */
        int rc = CMD_OK;
        for (char *at = line, *nl; at && rc != CMD_EXIT; at = nl) {
            nl = strchr(at, '\n');
            if (nl)
                *nl++ = '\0';
            if (at[strspn(at, " \t\r")] != '\0') {
                add_history(at);
                if (hist)
                    save_line(hist);
            }
            sess_where w = { NULL, 0, NULL };
            rc = interp_eval_line(s, at, strlen(at), w);
            if (front_interrupted && nl && rc != CMD_EXIT) {
                sess_fail(s, SIZE_MAX, 0, "interrupted; the rest of the "
                          "pasted lines is not run");
                interp_report(s, NULL);
                break;
            }
        }
        free(line);
        out_flush(s->o);
        if (rc == CMD_EXIT)
            break;
    }
    if (hist) {
        sigset_t old;
        hold_signals(&old);
        history_truncate_file(hist, HISTORY_MAX);
        sigprocmask(SIG_SETMASK, &old, NULL);
        free(hist);
    }
    s->prompt_width = 0;
    reading = NULL;
    return 0;
}

/* ===================== lines for ask and checkpoint ===================== */

/* Completion for an answer to `ask`: nothing (not even file names). */
static char **complete_nothing(const char *text, int start, int end)
{
    (void)text;
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1;
    return NULL;
}

char *front_read_line(void *ctx, const char *prompt, int is_command)
{
    sess *s = ctx;
    out_flush(s->o);
    load_locale();
    rl_readline_name = "neuron";
    rl_attempted_completion_function = is_command ? complete
                                                  : complete_nothing;
    rl_signal_event_hook = on_signal_event;
    front_interrupted = 0;
    char *line = readline(prompt);
    if (front_auto_width)
        out_set_width(s->o, front_terminal_width());
    out_set_height(s->o, front_terminal_height());
    if (line && is_command && line[strspn(line, " \t\r")] != '\0')
        add_history(line);  // Up recalls it; the REPL saves the file
    return line;
}
