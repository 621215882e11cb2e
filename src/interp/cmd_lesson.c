/*
 * cmd_lesson.c - the course: `lessons` lists the lesson scripts with their
 * objective and length, `lesson 3` or `lesson activations` runs one and
 * leaves the learner at the prompt with what it built.
 *
 * The lesson rule: a lesson starts from a clean session, so lessons never
 * break each other, in any order. Work already in the session is saved
 * first to before-lesson-N.neuron (before-lesson-N-2.neuron ... when that
 * is taken), where a session is written (the current folder at the
 * prompt), and `run` brings it back. When it cannot be saved, the lesson
 * does not start and nothing is lost.
 *
 * Lessons are found in $NEURON_LESSONS, in lessons/ next to the program,
 * or in the installed lesson folder (files_lesson_path). A lesson's first
 * comment lines say what it is:
 *   # Lesson 3: activation functions
 *   # Objective: describe and identify activation functions ...
 *   # About 15 minutes.
 */
#include "cmd.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistd.h>  /* access */

#include "files.h"
#include "interp.h"

#define MAX_LESSONS 100

typedef struct lesson {
    char file[256];        /* 03-activation-functions.neuron */
    char title[120];       /* activation functions */
    char objective[600];   /* the Objective: lines joined */
    char length[40];       /* "15 minutes" */
    int number;            /* 3 */
} lesson;

static int by_file(const void *a, const void *b)
{
    return strcmp(((const lesson *)a)->file, ((const lesson *)b)->file);
}

/* Reads a lesson's header comments into l. */
static void read_header(const char *dir, lesson *l)
{
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/%s", dir, l->file);
    l->number = atoi(l->file);
    snprintf(l->title, sizeof l->title, "%.*s", (int)sizeof l->title - 1,
             l->file);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    int in_objective = 0;
    while (fgets(line, sizeof line, f) && line[0] == '#') {
        line[strcspn(line, "\r\n")] = '\0';
        const char *text = line + 1 + (line[1] == ' ');
        const char *colon = strchr(text, ':');
        if (strncasecmp(text, "Lesson ", 7) == 0 && colon) {
            snprintf(l->title, sizeof l->title, "%s", colon + 1
                     + (colon[1] == ' '));
            in_objective = 0;
        } else if (strncasecmp(text, "Objective:", 10) == 0) {
            snprintf(l->objective, sizeof l->objective, "%s", text + 11);
            in_objective = 1;
        } else if (strncasecmp(text, "About ", 6) == 0) {
            snprintf(l->length, sizeof l->length, "%.*s",
                     (int)strcspn(text + 6, "."), text + 6);
            in_objective = 0;
        } else if (in_objective) {
            size_t used = strlen(l->objective);
            snprintf(l->objective + used, sizeof l->objective - used, " %s",
                     text);
        }
    }
    fclose(f);
}

/* 1 when word occurs in text, ASCII case ignored. */
static int contains(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (; *text; text++)
        if (strncasecmp(text, word, n) == 0)
            return 1;
    return n == 0;
}

/* Finds and reads the lessons; returns how many (0 with an error
 * recorded when there is no lesson folder). */
static size_t find_lessons(sess *s, lesson *ls, char *dir, size_t cap)
{
    if (files_lesson_path(".", dir, cap) != 0) {
        sess_fail(s, SIZE_MAX, 0, "no lessons found (looked in "
                  "$NEURON_LESSONS, next to the program and in %s)",
                  NEURON_LESSONDIR);
        return 0;
    }
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < MAX_LESSONS) {
        size_t len = strlen(e->d_name);
        if (len > 7 && len < sizeof ls[n].file && isdigit((unsigned char)
            e->d_name[0]) && strcmp(e->d_name + len - 7, ".neuron") == 0) {
            memset(&ls[n], 0, sizeof ls[n]);
            snprintf(ls[n].file, sizeof ls[n].file, "%s", e->d_name);
            n++;
        }
    }
    if (d)
        closedir(d);
    qsort(ls, n, sizeof *ls, by_file);
    for (size_t i = 0; i < n; i++)
        read_header(dir, &ls[i]);
    if (n == 0)
        sess_fail(s, SIZE_MAX, 0, "no lessons in %s", dir);
    return n;
}

int cmd_lessons(sess *s, const cmd_args *a)
{
    (void)a;
    static lesson ls[MAX_LESSONS];
    char dir[4096];
    size_t n = find_lessons(s, ls, dir, sizeof dir);
    if (n == 0)
        return CMD_ERR;
    /* a lesson's header is the file's text: its control bytes are shown
     * escaped (\x1b), as `say` shows them, never sent to the terminal;
     * the objective is escaped first, in memory, then wrapped */
    out *esc = out_new_memory();
    if (!esc)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const lesson *l = &ls[i];
        out_printf(s->o, "%s%2d  ", out_on(s->o, OUT_BOLD), l->number);
        out_escaped(s->o, OUT_OUT, l->title, strlen(l->title));
        out_printf(s->o, "%s", out_off(s->o));
        if (l->length[0]) {
            out_printf(s->o, "   (about ");
            out_escaped(s->o, OUT_OUT, l->length, strlen(l->length));
            out_printf(s->o, ")");
        }
        out_printf(s->o, "\n");
        if (l->objective[0]) {
            out_clear(esc);
            out_printf(esc, "    ");
            out_escaped(esc, OUT_OUT, l->objective, strlen(l->objective));
            out_wrap(s->o, OUT_OUT, out_text(esc, OUT_OUT), 4);
        }
    }
    out_free(esc);
    out_printf(s->o, "`lesson N` runs one from a clean session (work in "
               "yours is saved first), and leaves its own work in it.\n");
    return CMD_OK;
}

/* 1 when the session holds nothing a fresh one does not (what `save`
 * would write is the same), 0 when it holds work, -1 out of memory. */
static int is_clean(sess *s)
{
    sess *fresh = sess_new(s->o);
    char *mine = NULL, *clean = NULL;
    size_t n1 = 0, n2 = 0;
    int rc = !fresh || cmd_session_text(s, "n.net", &mine, &n1) != 0
             || cmd_session_text(fresh, "n.net", &clean, &n2) != 0
             ? -1 : n1 == n2 && memcmp(mine, clean, n1) == 0;
    free(mine);
    free(clean);
    sess_free(fresh);
    return rc;
}

/* The lesson rule (above): saves the session's work, then resets it.
 * CMD_OK, or CMD_ERR with the session as it was. */
static int start_clean(sess *s, int number)
{
    int clean = is_clean(s);
    if (clean < 0)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    if (clean)
        return CMD_OK;
    char name[64], target[4096];
    files_rule rule;
    for (int k = 1; k <= 100; k++) {
        if (k == 100)
            return sess_fail(s, SIZE_MAX, 0, "before-lesson-%d.neuron .. "
                             "-99 are all taken: save your session (save "
                             "FILE), reset, then start the lesson", number);
        if (k == 1)
            snprintf(name, sizeof name, "before-lesson-%d.neuron", number);
        else
            snprintf(name, sizeof name, "before-lesson-%d-%d.neuron", number,
                     k);
        if (cmd_write_target(s, name, target, sizeof target, &rule) != 0)
            return CMD_ERR;
        if (access(target, F_OK) != 0)
            break;
    }
    if (cmd_save_session(s, target) != CMD_OK) {
        char why[sizeof s->err];
        snprintf(why, sizeof why, "%s", s->err);
        return sess_fail(s, SIZE_MAX, 0, "a lesson starts from a clean "
                         "session, and yours could not be saved first (%s): "
                         "save it (save FILE) and reset, then start the "
                         "lesson", why);
    }
    out_printf(s->o, "(lesson %d starts from a clean session)\n", number);
    return sess_reset(s);
}

/* The lesson named by text[0..len) (its number, or a word of its title
 * or file name): its path in path (cap bytes) and its number. 0, or
 * CMD_ERR with the error recorded. */
static int find_lesson(sess *s, const char *text, size_t len, size_t col,
                       char *path, size_t cap, int *number_out)
{
    static lesson ls[MAX_LESSONS];
    char dir[4096];
    size_t n = find_lessons(s, ls, dir, sizeof dir);
    if (n == 0)
        return CMD_ERR;
    char want[128];
    snprintf(want, sizeof want, "%.*s", (int)(len < 127 ? len : 127), text);
    /* all digits: a number (strtol saturates, so a huge one finds none);
     * anything else, "1 2" too, is a word of a title or a file name */
    char *end = want;
    long number = isdigit((unsigned char)want[0]) ? strtol(want, &end, 10)
                                                  : -1;
    if (*end != '\0')
        number = -1;
    size_t wl = strlen(want);
    if (wl > 3 && (want[wl - 1] == 's' || want[wl - 1] == 'S'))
        want[wl - 1] = '\0';  // "activations" finds "activation functions"
    const lesson *hit = NULL;
    for (size_t i = 0; i < n && !hit; i++) {
        if (number >= 0 ? (long)ls[i].number == number
                        : contains(ls[i].title, want)
                          || contains(ls[i].file, want))
            hit = &ls[i];
    }
    if (!hit)
        return sess_fail(s, col, len, "no lesson '%s'; `lessons` lists them",
                         want);
    snprintf(path, cap, "%s/%s", dir, hit->file);
    *number_out = hit->number;
    return 0;
}

int interp_lesson_path(sess *s, const char *name, char *path, size_t cap)
{
    int number;
    return find_lesson(s, name, strlen(name), SIZE_MAX, path, cap, &number);
}

int cmd_lesson(sess *s, const cmd_args *a)
{
    char path[4400];
    int number;
    if (find_lesson(s, a->text, a->len, a->col, path, sizeof path, &number)
        != 0 || start_clean(s, number) != CMD_OK)
        return CMD_ERR;
    return interp_run_file(s, path);  // its errors are reported already
}
