/*
 * live.c - the live view: frames of plots and text, drawn in place.
 *
 * A frame is composed in memory first: its text lines, then its plots
 * in as many columns as the width holds, the first plot (the main
 * picture) in a column of its own, the others stacked in the rest; a
 * plot that would get too few rows to read is left out. Each plot is
 * rendered by the plotting module into a private memory sink at its
 * column's width; how many rows it takes beyond its drawing area (title,
 * axis, labels, legend) is measured on that rendering and kept, so the
 * next frame asks for the right drawing height at once (the first may
 * render twice). The columns are then joined line by line, each line
 * padded by the columns it shows (escape codes take none), and every
 * line is cut at the frame's width, so a frame never holds more than
 * width x height: a terminal never wraps or scrolls it.
 *
 * On the terminal a frame is: hide the cursor, home it, each line
 * followed by "clear to end of line", then "clear to end of screen",
 * all in one write (out_frame). Lines stop one column short of the
 * edge: a character written in the last column leaves the cursor
 * waiting to wrap, and the clear that follows would erase it on some
 * terminals. Homing the cursor instead of moving it up by the lines of
 * the last frame keeps a resized window right: the old frame may have
 * wrapped into more rows than were written. The first frame makes its
 * room by writing newlines, which scroll the screen's text into the
 * terminal's scrollback rather than over-writing it.
 *
 * The signal guard: while a view is drawn, SIGTERM and SIGHUP show the
 * cursor (and put back saved terminal modes) before the process ends by
 * the signal's default action; Ctrl-Z does the same before stopping, and
 * on the way back (fg) asks for a frame at once; SIGWINCH asks for one
 * too. The handlers use only write(2), tcsetattr, sigaction,
 * pthread_sigmask and raise, which are async-signal-safe; one view
 * draws at a time, so their state is a file-level struct.
 */
#include "live.h"
#include "plot_impl.h"  /* plot_buf: a frame's text */
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <errno.h>
#include <pthread.h> /* pthread_sigmask: the worker pool makes threads */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* The terminal's controls the view uses (VT100, as the REPL's). */
#define HIDE_CURSOR "\033[?25l"
#define SHOW_CURSOR "\033[?25h"
#define HOME "\033[H"
#define CLEAR_LINE "\033[K"
#define CLEAR_BELOW "\033[J"
#define RESET_PEN "\033[0m"

/* Rows a plot takes beyond its drawing area, guessed before the first
 * rendering measures it: title, axis, tick labels, axis label, legend. */
#define OVERHEAD_GUESS 7

struct live {
    out *o;              /* where frames go (borrowed) */
    out *mem;            /* the plots are rendered here */
    int drawn;           /* drew in place: cursor hidden, guard on */
    int overhead[LIVE_MAX_PLOTS];  /* measured rows beyond the area */
    live_throttle clock;
};

/* ============================ the signal guard ============================ */

static const int guarded[] = { SIGTERM, SIGHUP, SIGTSTP, SIGWINCH };
#define NGUARDED (sizeof guarded / sizeof guarded[0])

static struct guard {
    int on;
    int fd;                           /* the terminal written to */
    struct sigaction old[NGUARDED];   /* the handlers before */
    volatile sig_atomic_t redraw;     /* resized, or back from Ctrl-Z */
    int modes;                        /* modes held (live_hold_modes): */
    int modes_fd;                     /* on this terminal, */
    struct termios before, during;    /* the ones to put back, the view's */
} guard;

static void put_fd(int fd, const char *s)
{
    size_t len = strlen(s);
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

static void on_signal(int sig);

static void catch(int sig, struct sigaction *old)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(sig, &sa, old);
}

/* Cursor shown; the signal's default action (end or stop) taken; after a
 * stop, the handler back and a frame asked for. */
static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGWINCH) {
        guard.redraw = 1;
        errno = saved;
        return;
    }
    if (guard.modes)
        tcsetattr(guard.modes_fd, TCSADRAIN, &guard.before);
    put_fd(guard.fd, RESET_PEN SHOW_CURSOR "\n");
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);  // it is blocked in here
    raise(sig);  // SIGTERM, SIGHUP: the end; SIGTSTP: stopped here
    if (sig == SIGTSTP) {  // continued (fg): hide it and draw again
        catch(SIGTSTP, NULL);
        if (guard.modes)
            tcsetattr(guard.modes_fd, TCSADRAIN, &guard.during);
        put_fd(guard.fd, HIDE_CURSOR);
        guard.redraw = 1;
    }
    errno = saved;
}

static void guard_on(int fd)
{
    if (guard.on)
        return;
    guard.fd = fd;
    guard.redraw = 0;
    for (size_t i = 0; i < NGUARDED; i++)
        catch(guarded[i], &guard.old[i]);
    guard.on = 1;
}

static void guard_off(void)
{
    if (!guard.on)
        return;
    for (size_t i = 0; i < NGUARDED; i++)
        sigaction(guarded[i], &guard.old[i], NULL);
    guard.on = 0;
    guard.redraw = 0;
    guard.modes = 0;
}

void live_hold_modes(live *v, int fd, const struct termios *before,
                     const struct termios *during)
{
    (void)v;  // one view draws at a time: the guard is the file's
    guard.modes = 0;  // a signal now sees either the old or the new
    guard.modes_fd = fd;
    guard.before = *before;
    guard.during = *during;
    guard.modes = 1;
}

/* ============================ the view ============================ */

live *live_new(out *o)
{
    live *v = nn_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->mem = out_new_memory();
    if (!v->mem) {
        free(v);
        return NULL;
    }
    v->o = o;
    v->clock.interval = LIVE_INTERVAL;
    return v;
}

void live_free(live *v)
{
    if (!v)
        return;
    live_end(v);
    guard.modes = 0;  // held for this view only, drawn or not
    out_free(v->mem);
    free(v);
}

int live_on_terminal(const live *v)
{
    int cols, rows;
    return out_term_size(v->o, &cols, &rows) == 0;
}

double live_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int live_throttle_due(live_throttle *t, double now)
{
    if (t->started && now - t->last < t->interval && now >= t->last)
        return 0;
    t->started = 1;
    t->last = now;
    return 1;
}

int live_due(live *v)
{
    if (guard.on && guard.redraw) {
        guard.redraw = 0;
        v->clock.started = 1;
        v->clock.last = live_now();
        return 1;
    }
    return live_throttle_due(&v->clock, live_now());
}

/* ============================ text ============================ */

/* Bytes of the escape sequence at s[0..len) (ESC [ params final), or 0
 * when s does not start one. */
static size_t escape_len(const char *s, size_t len)
{
    if (len < 2 || s[0] != '\033' || s[1] != '[')
        return 0;
    size_t i = 2;
    while (i < len && !((unsigned char)s[i] >= 0x40
                        && (unsigned char)s[i] <= 0x7e))
        i++;
    return i < len ? i + 1 : len;
}

int live_columns(const char *line, size_t len)
{
    int cols = 0;
    for (size_t i = 0; i < len;) {
        size_t esc = escape_len(line + i, len - i);
        if (esc) {
            i += esc;
            continue;
        }
        if (((unsigned char)line[i] & 0xc0) != 0x80)
            cols++;
        i++;
    }
    return cols;
}

/* Appends line[0..len) cut at `width` columns; returns the columns
 * appended. A line with escape codes ends with the pen reset. */
static int add_clipped(plot_buf *b, const char *line, size_t len, int width)
{
    int cols = 0, coded = 0;
    size_t i = 0;
    while (i < len) {
        size_t esc = escape_len(line + i, len - i);
        if (esc) {
            plot_buf_add(b, line + i, esc);
            coded = 1;
            i += esc;
            continue;
        }
        size_t n = 1;  // a whole UTF-8 character
        while (i + n < len && ((unsigned char)line[i + n] & 0xc0) == 0x80)
            n++;
        if (cols == width)
            break;
        plot_buf_add(b, line + i, n);
        cols++;
        i += n;
    }
    if (coded)
        plot_buf_puts(b, RESET_PEN);
    return cols;
}

/* ============================ layout ============================ */

/* One rendered plot: its lines, pointers into text. */
typedef struct cell {
    char *text;                  /* malloc'ed rendering */
    const char *line[512];
    size_t len[512];
    int n;
} cell;

static void split_lines(cell *c)
{
    c->n = 0;
    const char *p = c->text;
    while (*p && c->n < (int)(sizeof c->line / sizeof c->line[0])) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        c->line[c->n] = p;
        c->len[c->n++] = len;
        p += len + (nl != NULL);
    }
}

/* Renders p into c at `width` columns with a drawing area of `area`
 * rows. 0 or -1 on out of memory. */
static int render(live *v, const plot *p, int width, int area, cell *c)
{
    out_clear(v->mem);
    out_set_width(v->mem, width);
    out_set_color(v->mem, out_color_on(v->o));
    out_set_ascii(v->mem, out_ascii(v->o));
    // an image taller than its room takes two pixel rows a line
    out_set_height(v->mem, p->kind == PLOT_IMAGE ? area + 4 : 0);
    plot_render_text(p, v->mem, area);
    free(c->text);
    c->text = NULL;
    if (out_text_lost(v->mem, OUT_OUT))
        return -1;
    const char *t = out_text(v->mem, OUT_OUT);
    size_t len = strlen(t);
    c->text = nn_malloc(len + 1);
    if (!c->text)
        return -1;
    memcpy(c->text, t, len + 1);
    split_lines(c);
    return 0;
}

/* Renders plot `slot` to fit width x height: the drawing area is the
 * height less what the plot adds around it (measured, kept for the next
 * frame), and no taller than suits the width (braille cells are twice as
 * tall as wide). 0 or -1. */
static int render_fit(live *v, const plot *p, size_t slot, int width,
                      int height, cell *c)
{
    int extra = v->overhead[slot] > 0 ? v->overhead[slot] : OVERHEAD_GUESS;
    int most = width * 3 / 5 > 8 ? width * 3 / 5 : 8;
    int area = height - extra;
    area = area > most ? most : area < 2 ? 2 : area;
    for (int tries = 0; tries < 3; tries++) {
        if (render(v, p, width, area, c) != 0)
            return -1;
        v->overhead[slot] = c->n - area > 0 ? c->n - area : 1;
        if (c->n <= height || area == 2)
            break;
        area -= c->n - height;
        area = area < 2 ? 2 : area;
    }
    if (c->n > height)  // still too tall (a narrow legend): cut below
        c->n = height;
    return 0;
}

/* A column of plots stacked: the lines of its cells in order. */
typedef struct column {
    const char *line[1024];
    size_t len[1024];
    int n;
} column;

/* Stacks plots first..last-1 (their cells, slots) into col, cw columns
 * wide and at most `height` rows: each takes an equal share of the rows
 * left, and what a short one (a bar chart) leaves goes to the next.
 * When the shares would leave a plot's drawing area too small to read,
 * the last plots are left out. 0 or -1. */
static int stack(live *v, const live_frame *f, size_t first, size_t last,
                 int cw, int height, cell *cells, column *col)
{
    for (size_t i = first; i < last && last - first > 1; i++)
        if (v->overhead[i] <= 0  // not measured yet: a trial rendering
            && render_fit(v, f->plot[i], i, cw, OVERHEAD_GUESS + LIVE_MIN_AREA,
                          &cells[i]) != 0)
            return -1;
    while (last - first > 1) {  // each needs its extra rows and an area
        int need = 0;
        for (size_t i = first; i < last; i++)
            need += v->overhead[i] + LIVE_MIN_AREA;
        if (need <= height)
            break;
        last--;
    }
    int left = height;
    col->n = 0;
    for (size_t i = first; i < last; i++) {
        int share = left / (int)(last - i);
        if (render_fit(v, f->plot[i], i, cw, share, &cells[i]) != 0)
            return -1;
        for (int k = 0; k < cells[i].n && col->n < height
                        && col->n < 1024; k++) {
            col->line[col->n] = cells[i].line[k];
            col->len[col->n++] = cells[i].len[k];
        }
        left -= cells[i].n;
    }
    return 0;
}

/* Appends the columns side by side, a line of each padded to the
 * column's width, trailing blanks dropped; *rows counts the lines. */
static void join(plot_buf *b, const column *cols, int ncols, int cw, int width,
                 int *rows)
{
    int tallest = 0;
    for (int j = 0; j < ncols; j++)
        tallest = cols[j].n > tallest ? cols[j].n : tallest;
    for (int i = 0; i < tallest; i++) {
        if (*rows > 0)
            plot_buf_add(b, "\n", 1);
        size_t start = b->len;
        int at_col = 0;
        for (int j = 0; j < ncols; j++) {
            int at = j * (cw + LIVE_GAP);
            if (i >= cols[j].n || cols[j].len[i] == 0)
                continue;
            plot_pad(b, at - at_col);
            int room = width - at < cw ? width - at : cw;
            at_col = at + add_clipped(b, cols[j].line[i], cols[j].len[i],
                                      room);
        }
        while (b->len > start && b->data[b->len - 1] == ' ')
            b->data[--b->len] = '\0';
        (*rows)++;
    }
}

/* Lays the plots out in `height` rows: as many columns as the width
 * holds (LIVE_PLOT_COLS each at least); the first plot, the main
 * picture, has the first column to itself, the others share the rest in
 * order; one column stacks them all. 0 or -1. */
static int lay_out(live *v, const live_frame *f, int width, int height,
                   plot_buf *b, int *rows)
{
    size_t n = f->nplots > LIVE_MAX_PLOTS ? LIVE_MAX_PLOTS : f->nplots;
    int ncols = (width + LIVE_GAP) / (LIVE_PLOT_COLS + LIVE_GAP);
    ncols = ncols < 1 ? 1 : ncols > (int)n ? (int)n : ncols;
    int cw = (width - (ncols - 1) * LIVE_GAP) / ncols;
    cell cells[LIVE_MAX_PLOTS];
    column *cols = nn_calloc((size_t)ncols, sizeof *cols);
    int rc = cols ? 0 : -1;
    memset(cells, 0, sizeof cells);
    size_t first = 0;
    for (int j = 0; rc == 0 && j < ncols; j++) {
        size_t last = ncols == 1 ? n : j == 0 ? 1
                    : 1 + (n - 1) * (size_t)j / (size_t)(ncols - 1);
        rc = stack(v, f, first, last, cw, height, cells, &cols[j]);
        first = last;
    }
    if (rc == 0)
        join(b, cols, ncols, cw, width, rows);
    for (size_t i = 0; i < LIVE_MAX_PLOTS; i++)
        free(cells[i].text);
    free(cols);
    return rc;
}

int live_compose(live *v, const live_frame *f, int width, int height,
                 char **text, size_t *len, int *rows)
{
    plot_buf b = { 0 };
    int n = 0;
    width = width < 1 ? 1 : width;
    plot_buf_add(&b, "", 0);
    for (size_t i = 0; i < f->nlines && n < height; i++) {
        if (n > 0)
            plot_buf_add(&b, "\n", 1);
        add_clipped(&b, f->line[i], strlen(f->line[i]), width);
        n++;
    }
    int failed = f->nplots > 0 && height - n >= 3
                 && lay_out(v, f, width, height - n, &b, &n) != 0;
    if (failed || b.oom) {
        free(b.data);
        return -1;
    }
    *text = b.data;
    *len = b.len;
    *rows = n;
    return 0;
}

/* ============================ drawing ============================ */

/* Draws f in place, `below` rows of the terminal left under it. */
static int draw(live *v, const live_frame *f, int below)
{
    int cols, lines;
    if (out_term_size(v->o, &cols, &lines) != 0)
        return 0;  // no terminal (any more): nothing to draw on
    char *text;
    size_t len;
    int rows, height = lines - 1 - below;
    if (live_compose(v, f, cols - 1, height < 1 ? 1 : height, &text, &len,
                     &rows) != 0)
        return -1;
    plot_buf b = { 0 };
    if (!v->drawn) {  // room: the screen's text up into the scrollback
        for (int i = 0; i < lines - 1; i++)
            plot_buf_add(&b, "\n", 1);
    }
    plot_buf_puts(&b, HIDE_CURSOR HOME);
    for (size_t i = 0; i <= len; i++) {  // each line cleared to its end
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        plot_buf_add(&b, text + i, end - i);
        plot_buf_puts(&b, CLEAR_LINE);
        if (end < len)
            plot_buf_add(&b, "\n", 1);
        i = end;
    }
    plot_buf_puts(&b, CLEAR_BELOW);
    free(text);
    if (b.oom) {
        free(b.data);
        return -1;
    }
    if (!v->drawn) {
        guard_on(out_fd(v->o));
        v->drawn = 1;
    }
    out_frame(v->o, b.data, b.len);
    free(b.data);
    return 0;
}

int live_draw(live *v, const live_frame *f)
{
    return draw(v, f, 0);
}

int live_draw_final(live *v, const live_frame *f, int below)
{
    return draw(v, f, below);
}

void live_end(live *v)
{
    if (!v || !v->drawn)
        return;
    out_frame(v->o, "\n" SHOW_CURSOR, sizeof "\n" SHOW_CURSOR - 1);
    guard_off();
    v->drawn = 0;
}

int live_print(live *v, const live_frame *f, int width, int height)
{
    char *text;
    size_t len;
    int rows;
    if (live_compose(v, f, width, height, &text, &len, &rows) != 0)
        return -1;
    if (rows > 0) {
        out_write(v->o, OUT_OUT, text, len);
        out_write(v->o, OUT_OUT, "\n", 1);
    }
    free(text);
    return 0;
}
