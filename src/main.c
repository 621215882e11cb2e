/*
 * main.c - the command line: options, then scripts, -e commands, the REPL
 * or a non-terminal stdin.
 *
 *   neuron                 the REPL (commands from stdin when it is not a
 *                          terminal)
 *   neuron FILE...         run scripts, then exit
 *   neuron -i FILE         run a script, then stay interactive
 *   neuron -e 'COMMANDS'   run commands
 *   neuron --step FILE     presenter mode (front/present.c)
 *   neuron --json          requests and events as JSON lines (front/json.c)
 *   neuron --notebook FILE a lesson as a Jupyter notebook (front/notebook.c)
 *
 * Exit status: 0 all went well, 1 a command failed or an expect missed,
 * 2 bad usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/pool.h"  /* nn_pool_set_threads: NEURON_THREADS */
#include "front/front.h"
#include "interp/files.h"
#include "interp/interp.h"
#include "interp/record.h"

#define EXIT_USAGE 2
#define EXIT_INTERRUPTED 130

/* The options, one row each: what --help prints, and what the man page
 * (src/front/neuron.1) and the bash completion (src/front/neuron.bash)
 * must list; tests/shell/options.sh checks all three against this table
 * and that the parser below takes every row. */
typedef struct option_row {
    const char *name;   /* "--width"; "--color=" takes its value after = */
    const char *arg;    /* "N", or NULL for none */
    const char *help;   /* one line, or more with '\n' */
} option_row;

static const option_row option_rows[] = {
    { "-e", "COMMANDS", "run commands (may be given more than once; they "
      "run\nbefore any FILE)" },
    { "-i", NULL, "after the files, stay at the prompt" },
    { "--step", NULL, "presenter mode for the one FILE (or lesson N): each\n"
      "command is shown and runs at Enter; q quits, b goes back\none "
      "command, : runs a command of your own" },
    { "--json", NULL, "machine-readable mode: JSON requests on stdin, one\n"
      "JSON event a line on stdout (`help json`)" },
    { "--notebook", "FILE", "write the lesson FILE as a Jupyter notebook" },
    { "--ascii", NULL, "plain ASCII drawing, no Unicode" },
    { "--color=", "WHEN", "auto (default), always or never; NO_COLOR "
      "turns it off" },
    { "--width", "N", "output width in columns (20 to 1000)" },
    { "--echo", NULL, "show each command of a script before its output" },
    { "--spacing", "N", "N blank lines between presented commands, and "
      "taller\nplots, for the back of the room (0 to 10)" },
    { "--type-delay", "MS", "--step types each command out, MS "
      "milliseconds a\ncharacter (0, the default: shown at once)" },
    { "--keep-going", NULL, "go on after an error (the exit status is "
      "still 1)" },
    { "--allow-write", "DIR", "let scripts write files under DIR too (they "
      "may\nwrite only beside themselves otherwise; repeatable)" },
    { "--version", NULL, "print the version" },
    { "--help", NULL, "print this help (also -h)" },
};

/* --help: the ways to run, then the options from the table. */
static void print_usage(FILE *f)
{
    fputs("usage: neuron [OPTIONS] [FILE...]\n"
          "  an interactive teaching REPL for artificial neurons\n"
          "\n"
          "  neuron                 start the prompt (reads stdin when it is "
          "not a terminal)\n"
          "  neuron FILE...         run scripts, then exit (- is standard "
          "input)\n"
          "  neuron -i FILE         run a script, then stay at the prompt\n"
          "  neuron -e 'COMMANDS'   run commands\n"
          "  neuron --step FILE     present a script to a class\n"
          "  neuron --json          the machine-readable mode (a notebook's "
          "kernel)\n"
          "  neuron --notebook FILE a lesson as a Jupyter notebook\n"
          "\n"
          "options:\n", f);
    for (size_t i = 0; i < sizeof option_rows / sizeof option_rows[0]; i++) {
        const option_row *r = &option_rows[i];
        char head[40];
        snprintf(head, sizeof head, "%s%s%s", r->name,
                 r->arg && r->name[strlen(r->name) - 1] != '=' ? " " : "",
                 r->arg ? r->arg : "");
        fprintf(f, "  %-21s", head);
        for (const char *line = r->help; *line;) {
            size_t n = strcspn(line, "\n");
            fprintf(f, "  %.*s\n", (int)n, line);
            line += n + (line[n] == '\n');
            if (*line)
                fprintf(f, "  %-21s", "");
        }
    }
    fputs("\n"
          "Exit status: 0 all went well, 1 a command failed or an expect "
          "missed,\n"
          "2 bad usage. Type `help` at the prompt for the commands.\n", f);
}

typedef struct options {
    int ascii, keep_going, interactive_after, width;
    int color;             /* -1 auto, 0 never, 1 always */
    int echo, step;        /* --echo, --step */
    int json;              /* --json */
    const char *notebook;  /* --notebook FILE */
    int spacing;           /* --spacing N */
    int type_delay;        /* --type-delay MS */
    const char **evals;    /* -e texts, in order */
    int n_evals;
    const char **files;
    int n_files;
    const char **allow;    /* --allow-write folders */
    int n_allow;
} options;

/* Prints "neuron: MESSAGE" and a hint; returns the usage status. */
static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "neuron: %s '%s'\nTry 'neuron --help' for more.\n",
            what, arg);
    return EXIT_USAGE;
}

/* Parses a width 20..1000; -1 when bad. */
static int parse_width(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 20 || v > 1000)
        return -1;
    return (int)v;
}

/* Parses a whole number from lo to hi; -1 when bad. */
static int parse_int(const char *s, int lo, int hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    return (int)v;
}

/* After --help or --version: -1 (stop, status 0) when stdout took it
 * all, else 1 with the reason on stderr. */
static int flushed(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return -1;
    fprintf(stderr, "neuron: write error: %s\n", strerror(errno));
    return 1;
}

/* Fills *opt from argv; returns 0 or an exit status to stop with. */
static int parse_options(int argc, char **argv, options *opt)
{
    opt->color = -1;
    opt->evals = calloc((size_t)argc, sizeof *opt->evals);
    opt->files = calloc((size_t)argc, sizeof *opt->files);
    opt->allow = calloc((size_t)argc, sizeof *opt->allow);
    if (!opt->evals || !opt->files || !opt->allow) {
        fprintf(stderr, "neuron: out of memory\n");
        return 1;
    }
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || a[1] == '\0') {
            opt->files[opt->n_files++] = a;
        } else if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_usage(stdout);
            return flushed();
        } else if (strcmp(a, "--version") == 0) {
            printf("neuron %s\n", NEURON_VERSION);
            return flushed();
        } else if (strcmp(a, "--ascii") == 0) {
            opt->ascii = 1;
        } else if (strcmp(a, "--echo") == 0) {
            opt->echo = 1;
        } else if (strcmp(a, "--step") == 0) {
            opt->step = 1;
        } else if (strcmp(a, "--json") == 0) {
            opt->json = 1;
        } else if (strcmp(a, "--notebook") == 0) {
            if (++i == argc)
                return usage_error("--notebook needs a lesson, as in "
                                   "--notebook", "lessons/01-the-node.neuron");
            opt->notebook = argv[i];
        } else if (strncmp(a, "--spacing", 9) == 0
                   && (a[9] == '=' || a[9] == '\0')) {
            const char *v = a[9] ? a + 10 : i + 1 < argc ? argv[++i] : "";
            opt->spacing = parse_int(v, 0, SESS_SPACING_MAX);
            if (opt->spacing < 0)
                return usage_error("--spacing takes a number of blank lines "
                                   "from 0 to 10, not", v);
        } else if (strncmp(a, "--type-delay", 12) == 0
                   && (a[12] == '=' || a[12] == '\0')) {
            const char *v = a[12] ? a + 13 : i + 1 < argc ? argv[++i] : "";
            opt->type_delay = parse_int(v, 0, 1000);
            if (opt->type_delay < 0)
                return usage_error("--type-delay takes milliseconds from 0 "
                                   "to 1000, not", v);
        } else if (strcmp(a, "--keep-going") == 0) {
            opt->keep_going = 1;
        } else if (strncmp(a, "--allow-write", 13) == 0
                   && (a[13] == '=' || a[13] == '\0')) {
            const char *dir = a[13] ? a + 14 : ++i < argc ? argv[i] : "";
            if (!dir[0])
                return usage_error("--allow-write needs a folder, as in "
                                   "--allow-write", "/tmp");
            opt->allow[opt->n_allow++] = dir;
        } else if (strcmp(a, "-e") == 0) {
            if (++i == argc)
                return usage_error("-e needs commands, as in -e", "sigmoid(0)");
            opt->evals[opt->n_evals++] = argv[i];
        } else if (strcmp(a, "-i") == 0) {
            opt->interactive_after = 1;
        } else if (strncmp(a, "--color", 7) == 0) {
            const char *w = a[7] == '=' ? a + 8 : a[7] ? NULL : "always";
            if (w && strcmp(w, "auto") == 0)
                opt->color = -1;
            else if (w && strcmp(w, "always") == 0)
                opt->color = 1;
            else if (w && strcmp(w, "never") == 0)
                opt->color = 0;
            else
                return usage_error("--color takes auto, always or never, "
                                   "not", a);
        } else if (strncmp(a, "--width", 7) == 0) {
            const char *w = a[7] == '=' ? a + 8 : a[7] ? NULL
                          : i + 1 < argc ? argv[++i] : "";
            opt->width = w ? parse_width(w) : -1;
            if (opt->width < 0)
                return usage_error("--width takes a number of columns from 20 "
                                   "to 1000, not", w ? w : a);
        } else {
            return usage_error("unknown option", a);
        }
    }
    if (opt->step && (opt->n_files != 1 || opt->n_evals > 0
                      || opt->interactive_after
                      || strcmp(opt->files[0], "-") == 0))
        return usage_error("--step presents one script file, as in --step",
                           "lessons/01-the-node.neuron");
    if ((opt->json || opt->notebook)
        && (opt->n_files || opt->n_evals || opt->step
            || opt->interactive_after || (opt->json && opt->notebook)))
        return usage_error(opt->json ? "--json reads its requests from stdin; "
                           "it takes no scripts, -e, -i or --step, not"
                           : "--notebook converts one lesson; it takes no "
                           "other scripts, -e, -i or --step, not",
                           opt->n_files ? opt->files[0] : opt->n_evals
                           ? "-e" : opt->step ? "--step" : "-i");
    return 0;
}

/* neuron --json: the session prints into memory, the events go to
 * stdout; no colour, Unicode drawing, the width asked for (80 unless
 * --width or a request says otherwise). */
static int run_json(const options *opt)
{
    out *wire = out_new_stdio(stdout, stderr);
    out *mem = out_new_memory();
    sess *s = wire && mem ? sess_new(mem) : NULL;
    int status = 1;
    if (s) {
        out_set_width(mem, opt->width ? opt->width : 80);
        out_set_ascii(mem, opt->ascii);
        s->allow_write = opt->allow;
        s->n_allow_write = (size_t)opt->n_allow;
        s->interrupted = &front_interrupted;
        front_signals();
        files_on_interrupt(&front_interrupted);
        signal(SIGPIPE, SIG_DFL);
        status = json_run(s, wire);
        if (record_end(s) != CMD_OK)
            status = 1;
        int err_no;
        if (out_flush(wire) != 0 || out_failed(wire, &err_no)) {
            out_failed(wire, &err_no);
            fprintf(stderr, "neuron: write error: %s\n", strerror(err_no));
            status = 1;
        }
    } else {
        fprintf(stderr, "neuron: out of memory\n");
    }
    sess_free(s);
    out_free(mem);
    out_free(wire);
    return status;
}

/* neuron --notebook FILE: the notebook on stdout. */
static int run_notebook(const options *opt)
{
    out *o = out_new_stdio(stdout, stderr);
    if (!o) {
        fprintf(stderr, "neuron: out of memory\n");
        return 1;
    }
    int status = notebook_write(opt->notebook, o);
    int err_no;
    if (out_flush(o) != 0 || out_failed(o, &err_no)) {
        out_failed(o, &err_no);
        fprintf(stderr, "neuron: write error: %s\n", strerror(err_no));
        status = 1;
    }
    out_free(o);
    return status;
}

/* 1 when the locale the environment names for characters is UTF-8:
 * LC_ALL, else LC_CTYPE, else LANG, as setlocale reads them. Read from
 * the names, not by loading the locale: setlocale costs a good part of a
 * millisecond of start-up (files opened and mapped), and only readline
 * needs it, so repl.c loads it when the prompt first comes up. */
static int utf8_locale(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
    static const char *const utf8[] = { "UTF-8", "utf-8", "UTF8", "utf8" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !v[0])
            continue;
        for (size_t j = 0; j < sizeof utf8 / sizeof utf8[0]; j++)
            if (strstr(v, utf8[j]))
                return 1;
        return 0;
    }
    return 0;
}

/* Sets width, colour and drawing from the options and the terminal. */
static void configure(out *o, const options *opt)
{
    int tty = isatty(STDOUT_FILENO);
    out_set_width(o, opt->width ? opt->width
                     : tty ? front_terminal_width() : 72);
    front_auto_width = tty && !opt->width;
    out_set_height(o, front_terminal_height());
    const char *term = getenv("TERM");
    const char *no_color = getenv("NO_COLOR");
    int color = opt->color;
    if (color < 0)  // no TERM or a dumb one: a terminal without colour
        color = tty && !(no_color && no_color[0])
                && term && term[0] && strcmp(term, "dumb") != 0;
    out_set_color(o, color);
    out_set_ascii(o, opt->ascii || !utf8_locale());
}

/* After Ctrl-C stopped a command of the command line: says what is
 * skipped, as a script says it. */
static void skipped(sess *s, const char *what)
{
    sess_fail(s, SIZE_MAX, 0, "interrupted; %s", what);
    interp_report(s, NULL);
}

/* Runs what the command line asked for; returns the exit status. Ctrl-C
 * during a -e command or a script stops everything after it: with -i on
 * a terminal the prompt comes up, otherwise the status is 130 (as a shell
 * reports a command SIGINT ended). */
static int run(sess *s, const options *opt)
{
    int rc = CMD_OK;
    if (opt->step) {  // a script, or a lesson by number or name
        char lesson[4400];
        const char *file = opt->files[0];
        if (access(file, F_OK) != 0 && strchr(file, '/') == NULL) {
            if (interp_lesson_path(s, file, lesson, sizeof lesson) != 0) {
                interp_report(s, NULL);
                return 1;
            }
            file = lesson;
        }
        present_run(s, file, opt->type_delay);
        return s->errors_seen > 0;
    }
    int stopped = 0;  // Ctrl-C: nothing after the command it stopped runs
    for (int i = 0; i < opt->n_evals && rc != CMD_EXIT && !stopped; i++) {
        sess_where w = { NULL, 0, NULL };
        rc = interp_eval_line(s, opt->evals[i], strlen(opt->evals[i]), w);
        stopped = front_interrupted != 0;
        if (stopped && i + 1 < opt->n_evals + opt->n_files)
            skipped(s, "the commands and scripts after it are not run");
        else if (rc == CMD_ERR && !s->keep_going)
            return 1;
    }
    for (int i = 0; i < opt->n_files && rc != CMD_EXIT && !stopped; i++) {
        if (strcmp(opt->files[i], "-") == 0)
            rc = batch_run(s);  // "-" is standard input
        else
            rc = interp_run_file(s, opt->files[i]);
        stopped = front_interrupted != 0;
        if (stopped && i + 1 < opt->n_files)
            skipped(s, "the scripts after it are not run");
        else if (rc == CMD_ERR && !s->keep_going && !stopped)
            return 1;
    }
    int batch_only = opt->n_evals > 0 || opt->n_files > 0;
    if (stopped && !(opt->interactive_after && isatty(STDIN_FILENO)))
        return EXIT_INTERRUPTED;
    front_interrupted = 0;  // -i: the prompt comes up, as after any Ctrl-C
    if (rc != CMD_EXIT && (!batch_only || opt->interactive_after)) {
        if (isatty(STDIN_FILENO))
            return repl_run(s);  // errors at the prompt are part of play
        batch_run(s);
    }
    return s->errors_seen > 0;
}

/* NEURON_THREADS=N: the threads the network's products use (0: one a
 * core; the default is 1, pool.h). A bad value is reported and the
 * default kept. */
static void threads_from_env(void)
{
    const char *env = getenv("NEURON_THREADS");
    if (!env || !env[0])
        return;
    char *end;
    errno = 0;
    unsigned long n = strtoul(env, &end, 10);
    if (env[0] < '0' || env[0] > '9' || *end || errno) {
        fprintf(stderr, "neuron: NEURON_THREADS=%s: expected a whole number "
                "(0 for one thread a core); using the default\n", env);
        return;
    }
    nn_pool_set_threads(n > NN_POOL_MAX ? NN_POOL_MAX : (size_t)n);
}

int main(int argc, char **argv)
{
    options opt = { 0 };
    int st = parse_options(argc, argv, &opt);
    threads_from_env();
    if (st != 0) {
        free(opt.evals);
        free(opt.files);
        free(opt.allow);
        return st < 0 ? 0 : st;
    }
    if (opt.json || opt.notebook) {
        st = opt.json ? run_json(&opt) : run_notebook(&opt);
        free(opt.evals);
        free(opt.files);
        free(opt.allow);
        return st;
    }
    out *o = out_new_stdio(stdout, stderr);
    sess *s = o ? sess_new(o) : NULL;
    if (!s) {
        fprintf(stderr, "neuron: out of memory\n");
        return 1;
    }
    configure(o, &opt);
    s->keep_going = opt.keep_going;
    s->echo = opt.echo;
    s->spacing = opt.spacing;
    s->allow_write = opt.allow;
    s->n_allow_write = (size_t)opt.n_allow;
    s->progress = isatty(STDOUT_FILENO);
    s->interrupted = &front_interrupted;
    if (isatty(STDIN_FILENO)) {
        s->interactive = 1;
        s->wait = front_wait_enter;
        s->wait_ctx = s;
        s->read_line = front_read_line;  // ask, checkpoint
        s->read_ctx = s;
        s->keys = front_tty_keys();  // tune: stdout a terminal too
    }
    front_signals();
    files_on_interrupt(&front_interrupted);  // Ctrl-C ends a waiting read
    int status = run(s, &opt);
    if (record_end(s) != CMD_OK)  // a recording still going is written
        status = 1;
    if (front_interrupted && !isatty(STDIN_FILENO))
        status = EXIT_INTERRUPTED;  // Ctrl-C stopped a script
    int err_no;
    if (out_flush(o) != 0 || out_failed(o, &err_no)) {
        out_failed(o, &err_no);
        fprintf(stderr, "neuron: write error: %s\n", strerror(err_no));
        status = 1;
    }
    sess_free(s);
    out_free(o);
    free(opt.evals);
    free(opt.files);
    free(opt.allow);
    return status;
}
