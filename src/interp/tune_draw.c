/*
 * tune_draw.c - what the panel of `tune` shows: the measures (the sum's
 * max error, the points wrong), the picture that fits what is turned
 * (boundary's own, or the curves fire --plot and plot draw), the knobs
 * and the keys, all in one frame of the live view (live.h).
 */
#include "tune_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curves.h"
#include "plot.h"
#include "../engine/mem.h"  /* nn_calloc: allocations a test can fail */

/* ============================ what is measured ============================ */

/* The neuron's data when it is 2-D and the neuron fits it: boundary's
 * picture. NULL otherwise. */
const nn_data *tune_flat_data(const sess *s)
{
    const nn_data *d = s->tr.data;
    return d && d->rows > 0 && d->cols == 2 && d->classes <= 2
           && s->nr->n == 2 && !s->nw.net ? d : NULL;
}

/* Max and mean |sum - target| on the grid of compare. 0 or CMD_ERR. */
int tune_measure(tuning *tn)
{
    sess *s = tn->s;
    double from = s->match.from, to = s->match.to, sum = 0;
    tn->maxerror = -1;
    for (size_t i = 0; i < CURVES_ERROR_GRID; i++) {
        double x = curves_x(from, to, i, CURVES_ERROR_GRID), y1, y2;
        if (sess_eval(s, tn->sum, x, SIZE_MAX, &y1) != 0
            || sess_eval(s, tn->target, x, SIZE_MAX, &y2) != 0)
            return CMD_ERR;
        double e = fabs(y1 - y2);
        if (e > tn->maxerror || isnan(e)) {
            tn->maxerror = e;
            tn->worst_x = x;
        }
        sum += e / CURVES_ERROR_GRID;
    }
    tn->meanerror = sum;
    tn->matched = tn->has_goal && tn->maxerror < tn->goal;
    return 0;
}

/* Points of 2-D data the neuron gets wrong. */
void tune_count_wrong(tuning *tn, const nn_data *d)
{
    const sess *s = tn->s;
    const nn_neuron *nr = s->nr;
    tn->wrong = 0;
    for (size_t i = 0; i < d->rows; i++) {
        double z = nr->w[0] * d->x[2 * i] + nr->w[1] * d->x[2 * i + 1] + nr->b;
        int cls = nn_learn_class(&s->tr.cfg, nr, z, nr->act->f(z, nr->param));
        tn->wrong += cls != (d->y[i] != 0);
    }
    tn->points = d->rows;
    tn->matched = tn->has_goal && (double)tn->wrong <= tn->goal;
}

/* ============================ the picture ============================ */

/* The sum against its target. 0, -1 on out of memory, or CMD_ERR. */
static int sum_picture(tuning *tn, plot *p)
{
    sess *s = tn->s;
    double from = s->match.from, to = s->match.to;
    double x[CURVE_POINTS], y[CURVE_POINTS], t[CURVE_POINTS];
    for (size_t i = 0; i < CURVE_POINTS; i++) {
        x[i] = curves_x(from, to, i, CURVE_POINTS);
        if (sess_eval(s, tn->sum, x[i], SIZE_MAX, &y[i]) != 0
            || sess_eval(s, tn->target, x[i], SIZE_MAX, &t[i]) != 0)
            return CMD_ERR;
    }
    char label[300];
    plot_xrange(p, from, to);
    snprintf(label, sizeof label, "%s", s->match.sum);
    if (plot_line(p, label, x, y, CURVE_POINTS) != 0)
        return -1;
    snprintf(label, sizeof label, "%.60s", s->match.target);
    return plot_line(p, label, x, t, CURVE_POINTS);
}

/* Text lines of a frame, kept for the frame that shows them. */
typedef struct lines {
    char text[LIVE_MAX_LINES][512];
    size_t n;
} lines;

static void add_line(lines *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_line(lines *l, const char *fmt, ...)
{
    if (l->n == LIVE_MAX_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->text[l->n++], sizeof l->text[0], fmt, ap);
    va_end(ap);
}

/* The lines a memory sink holds, each its own line of the frame. */
static void add_printed(lines *l, const char *text)
{
    while (*text) {
        size_t n = strcspn(text, "\n");
        add_line(l, "%.*s", (int)n, text);
        text += n + (text[n] == '\n');
    }
}

/* The knobs: "w1 = 0.7  [w2 = -0.2]  b = -0.3", wrapped at the width,
 * the one picked in brackets (with what is being typed). */
static void add_knobs(tuning *tn, lines *l, int width)
{
    const tune_panel *p = &tn->panel;
    char row[512] = "", item[128], num[32];
    size_t used = 0;
    for (size_t i = 0; i < p->n; i++) {
        const tune_param *q = &p->param[i];
        int picked = i == p->at;
        if (picked && p->typed[0])
            snprintf(item, sizeof item, "[%s = %s_]", q->name, p->typed);
        else
            snprintf(item, sizeof item, picked ? "[%s = %s]" : " %s = %s ",
                     q->name, sess_num(tn->s, q->value, num));
        size_t len = strlen(item);
        if (l->n + 2 >= LIVE_MAX_LINES)
            break;  // the last line is the keys'
        if (used > 0 && (int)(used + len + 1) >= width) {
            add_line(l, "%s", row);
            used = 0;
            row[0] = '\0';
        }
        used += (size_t)snprintf(row + used, sizeof row - used, "%s%s",
                                 used ? " " : "", item);
    }
    if (used)
        add_line(l, "%s", row);
}

/* Draws the frame: what is measured, the knobs, the keys, the picture.
 * 0, or CMD_ERR with the error recorded. */
int tune_draw(tuning *tn, live *v)
{
    sess *s = tn->s;
    lines *l = nn_calloc(1, sizeof *l);
    plot *p = plot_new();
    out *mem = out_new_memory();
    int rc = l && p && mem ? 0 : -1;
    int width = 80, height = 24;
    out_term_size(s->o, &width, &height);
    char b1[32], b2[32], b3[32];
    const nn_data *d = tune_flat_data(s);
    if (rc == 0 && tn->units) {
        rc = tune_measure(tn);
        if (rc == 0 && tn->has_goal)
            add_line(l, "%s max error below %s", tn->matched ? "matched!"
                     : "goal:", sess_num(s, tn->goal, b1));
        if (rc == 0)
            add_line(l, "%s against %.60s: max error %s at x = %s, mean %s",
                     s->match.sum, s->match.target,
                     sess_num(s, tn->maxerror, b1),
                     sess_num(s, tn->worst_x, b2),
                     sess_num(s, tn->meanerror, b3));
        if (rc == 0)
            rc = sum_picture(tn, p);
    } else if (rc == 0 && d) {
        tune_count_wrong(tn, d);
        if (tn->has_goal)
            add_line(l, "%s at most %s wrong", tn->matched ? "matched!"
                     : "goal:", sess_num(s, tn->goal, b1));
        add_line(l, "line: %s*x1 + %s*x2 + %s = 0: %zu of %zu point%s "
                 "wrong", cmd_paren(s, s->nr->w[0], b1),
                 cmd_paren(s, s->nr->w[1], b2), cmd_paren(s, s->nr->b, b3),
                 tn->wrong, tn->points, tn->points == 1 ? "" : "s");
        plot_free(p);  // boundary's own picture
        p = NULL;
        rc = cmd_boundary_plot(s, &p);
    } else if (rc == 0) {  // fire's arithmetic, printed as fire prints it
        const nn_neuron *nr = s->nr;
        double z;
        out_set_width(mem, width - 1);
        out_set_ascii(mem, out_ascii(s->o));
        out *o = s->o;  // the text goes into the frame, not the session's
        s->o = mem;
        rc = cmd_print_fire(s, &z);
        s->o = o;
        add_printed(l, out_text(mem, OUT_OUT));
        plot_free(p);  // fire --plot's own picture
        p = NULL;
        if (rc == 0)
            rc = cmd_activation_plot(s, nr->act, nr->param, 1, z, &p);
    }
    if (rc == 0) {
        add_knobs(tn, l, width - 1);
        add_line(l, "%s", tn->panel.note[0] ? tn->panel.note
                 : out_ascii(s->o)
                 ? "Enter keep  Esc put back  <-/-> pick  Up/Down +-0.1  "
                   "PgUp/PgDn +-1  0-9 type"
                 : "Enter keep  Esc put back  ←/→ pick  ↑/↓ ±0.1  "
                   "PgUp/PgDn ±1  0-9 type");
        live_frame f = { { NULL }, l->n, { p }, 1 };
        for (size_t i = 0; i < l->n; i++)
            f.line[i] = l->text[i];
        rc = live_draw(v, &f);
    }
    out_free(mem);
    plot_free(p);
    free(l);
    if (rc == -1)
        return sess_fail(s, SIZE_MAX, 0, "out of memory");
    return rc;
}
