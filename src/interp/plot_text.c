/*
 * plot_text.c - a plot drawn on a canvas of character cells.
 *
 * The drawing area is w x h cells. Lines live in "dot space": with
 * Unicode a cell is a braille character of 2 x 4 dots (U+2800 plus one bit
 * per dot), so the area is 2w x 4h dots. A line from one point to the
 * next is clipped to the area, then stepped dot by dot (Bresenham), so a
 * steep jump leaves no gap. A series drawn with a glyph shows it in every
 * cell one of its dots falls in.
 *
 *   1.0 ┤                         ⣀⣀⠤⠤⠤⠴⠒⠒⠒⠒⠒⠒⠒   ticks: 3 to 5, steps
 *       │                     ⢀⡤⠒⠋                   of 1, 2 or 5 x 10^k
 *       │                   ⡠⠚⠉
 *   0.5 ┤                ⢀⡤⠊⠁
 *       │             ⣀⠤⠚⠁
 *   0.0 ┤⠤⠤⠤⠤⠤⠤⠤⠖⠒⠒⠒⠉⠉┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄   the zero line, when
 *       └───┬───────────────┬──────────────┬───   0 is inside the range
 *          -5               0              5
 *        ⠒⠒ sigmoid                               the legend
 *
 * Layout: y labels, " ┤", the area; the area is as wide as the width
 * allows once the labels and half the last x label are placed; height
 * width/4 rows in [8, 24] unless the caller asks. The y range comes from
 * the data padded by 5% (plot.c), so the curve never touches the frame.
 *
 * Glyphs (Unicode / ASCII):
 *   lines     colour on: each series its colour (blue, red, green, magenta,
 *             cyan, yellow, then again), in braille / * o + x # % & =.
 *             colour off: the first series braille, the others
 *             • + * # % = ~ & (Unicode); * # = % & ~ $ : (ASCII, which
 *             keeps o and x for points and + for the axes).
 *   points    class 0, 1, 2...: ○ × △ □ ◇ ▽ / o x ^ v < >, in the
 *             colour of the class (blue, red, green, ...).
 *   mark      ◆ / @ in bold, its label one cell to its right, else to its
 *             left, else on the row above or below: the first place where
 *             it covers nothing drawn (the right, when none is free).
 *   regions   colour on: a light background of the class colour (256-colour
 *             codes, written here because out.h has only foregrounds);
 *             colour off: class 0 blank, 1 · (.), 2 :, 3 ', then again.
 *   zero line ┄ / -, dim.
 *   legend    a line series as ━━ in its colour (colour on), ⠒⠒ (braille,
 *             colour off) or its glyph twice; points as their class glyph.
 * (Bars and images are in plot_chart.c.)
 * Where two things share a cell, the later drawn wins: regions, the zero
 * line, the series in order, points, marks, the marks' labels. Labels are
 * shown one character a cell: controls, invalid UTF-8 and characters that
 * are not one column wide (and, in ASCII, all non-ASCII) become '?'.
 */
#include "plot_impl.h"
#include "../engine/mem.h"  /* nn_malloc: allocations a test can fail */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 500
#define MAX_WIDTH 1000  /* out.h clamps widths to this */

/* Ink of a cell beside the palette indices 0, 1, ... */
enum { INK_NONE = -1, INK_DIM = -2, INK_BOLD = -3 };

#define NPALETTE 6
static const out_color palette[NPALETTE] = {
    OUT_BLUE, OUT_RED, OUT_GREEN, OUT_MAGENTA, OUT_CYAN, OUT_YELLOW
};
/* xterm-256 pastels of the palette: the region backgrounds. */
static const int region_bg[NPALETTE] = { 153, 224, 194, 225, 195, 230 };

static const char *const ascii_series[8] = {
    "*", "#", "=", "%", "&", "~", "$", ":"
};
static const char *const uni_series[8] = {
    "•", "+", "*", "#", "%", "=", "~", "&"
};
static const char *const uni_class[6] = { "○", "×", "△", "□", "◇", "▽" };
static const char *const ascii_class[6] = { "o", "x", "^", "v", "<", ">" };
static const char *const uni_region[4] = { " ", "·", ":", "'" };
static const char *const ascii_region[4] = { " ", ".", ":", "'" };

/* One character cell of the drawing area. */
typedef struct cell {
    char glyph[5];      /* UTF-8 of a glyph; "" when none */
    unsigned char dots; /* braille dots, one bit each; 0 when none */
    signed char ink;    /* palette index or INK_* */
    signed char region; /* class of the cell's centre; -1 when none */
} cell;

typedef struct canvas {
    out *o;
    int w, h;           /* cells */
    cell *cells;        /* (h, w) row-major */
    double xlo, xhi, ylo, yhi;
} canvas;

/* How a series draws: braille dots, or a glyph in each cell. */
typedef struct ink {
    int braille;
    const char *glyph;
    int color;          /* palette index or INK_* */
} ink;

/* ============================ labels ============================ */

/* 1 when cp takes exactly one terminal column. */
static int one_column(unsigned cp)
{
    static const unsigned odd[][2] = {  // zero-width or wide
        { 0x0300, 0x036f }, { 0x1100, 0x115f }, { 0x1ab0, 0x1aff },
        { 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x2028, 0x202e },
        { 0x2060, 0x206f }, { 0x20d0, 0x20ff }, { 0x2e80, 0xa4cf },
        { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe00, 0xfe0f },
        { 0xfe30, 0xfe4f }, { 0xfeff, 0xfeff }, { 0xff00, 0xff60 },
        { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f }, { 0x1f900, 0x1f9ff },
        { 0x20000, 0x3fffd }, { 0xe0000, 0xe0fff },
    };
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
        return 0;
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        if (cp >= odd[i][0] && cp <= odd[i][1])
            return 0;
    return 1;
}

/* The character of s at *i as one cell shows it: itself, or "?". */
static void next_char(const char *s, size_t len, size_t *i, int ascii,
                      char piece[5])
{
    unsigned cp = 0;
    size_t n = out_utf8_decode(s + *i, len - *i, &cp);
    if (n == 0 || !one_column(cp) || (ascii && cp >= 0x80)) {
        strcpy(piece, "?");
        *i += n ? n : 1;
        return;
    }
    memcpy(piece, s + *i, n);
    piece[n] = '\0';
    *i += n;
}

/* Appends s as shown, at most maxw columns (cut with "…" / "."); returns
 * the columns used. */
int plot_label_put(plot_buf *b, const char *s, int ascii, int maxw)
{
    size_t len = strlen(s), i = 0;
    int count = 0;
    char piece[5];
    while (i < len) {
        next_char(s, len, &i, ascii, piece);
        count++;
    }
    int keep = count <= maxw ? count : maxw - 1;
    i = 0;
    for (int k = 0; k < keep; k++) {
        next_char(s, len, &i, ascii, piece);
        plot_buf_puts(b, piece);
    }
    if (keep < count && maxw > 0)
        plot_buf_puts(b, ascii ? "." : "…");
    return keep < 0 ? 0 : count <= maxw ? count : maxw;
}

/* Columns s takes as shown. */
int plot_label_width(const char *s)
{
    size_t len = strlen(s), i = 0;
    int count = 0;
    char piece[5];
    while (i < len) {
        next_char(s, len, &i, 0, piece);
        count++;
    }
    return count;
}

void plot_pad(plot_buf *b, int n)
{
    for (int i = 0; i < n; i++)
        plot_buf_add(b, " ", 1);
}

/* Writes b as one line (newline added) and empties it; a line that ran
 * out of memory is replaced by a note saying so. */
void plot_flush_line(plot_buf *b, out *o)
{
    plot_buf_add(b, "\n", 1);
    if (!b->oom)
        out_write(o, OUT_OUT, b->data, b->len);
    else
        out_printf(o, "(plot: out of memory)\n");
    b->len = 0;
    b->oom = 0;
}

/* The title centred over span columns. */
void plot_emit_title(const plot *p, out *o, int span, plot_buf *b)
{
    if (!p->title)
        return;
    int w = plot_label_width(p->title);
    plot_pad(b, w < span ? (span - w) / 2 : 0);
    plot_label_put(b, p->title, out_ascii(o), span);
    plot_flush_line(b, o);
}

/* ============================ the canvas ============================ */

static out_color ink_color(int which)
{
    return which == INK_DIM ? OUT_DIM : which == INK_BOLD ? OUT_BOLD
           : which >= 0 ? palette[which % NPALETTE] : OUT_PLAIN;
}

static ink line_ink(const out *o, int i)
{
    ink k = { 0, NULL, i % NPALETTE };
    if (out_ascii(o))
        k.glyph = ascii_series[i % 8];
    else if (out_color_on(o) || i == 0)
        k.braille = 1;
    else
        k.glyph = uni_series[(i - 1) % 8];
    return k;
}

static ink class_ink(const out *o, int cls)
{
    ink k = { 0, out_glyph(o, uni_class[cls % 6], ascii_class[cls % 6]),
              cls % NPALETTE };
    return k;
}

/* Dot coordinates of x and y: 0 at the left / top edge, 2w-1 and 4h-1 at
 * the right / bottom. Far-away values are held at +-1e9 dots, which keeps
 * the visible part of a segment where it was. */
static double dot_x(const canvas *c, double x)
{
    double d = (x - c->xlo) / (c->xhi - c->xlo) * (2 * c->w - 1);
    return d < -1e9 ? -1e9 : d > 1e9 ? 1e9 : d;
}

static double dot_y(const canvas *c, double y)
{
    double d = (c->yhi - y) / (c->yhi - c->ylo) * (4 * c->h - 1);
    return d < -1e9 ? -1e9 : d > 1e9 ? 1e9 : d;
}

static void set_glyph(cell *k, const char *glyph, int color)
{
    snprintf(k->glyph, sizeof k->glyph, "%s", glyph);
    k->dots = 0;
    k->ink = (signed char)color;
}

/* Puts one dot of ink k at (px, py), inside the area. */
static void put_dot(canvas *c, int px, int py, const ink *k)
{
    static const unsigned char bit[2][4] = {
        { 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 }
    };
    cell *e = &c->cells[(py / 4) * c->w + px / 2];
    if (!k->braille) {
        set_glyph(e, k->glyph, k->color);
        return;
    }
    if (e->glyph[0])
        e->glyph[0] = '\0';
    e->dots |= bit[px % 2][py % 4];
    e->ink = (signed char)k->color;
}

/* The cell a point falls in; 0 when outside the area. */
static int cell_of(const canvas *c, double x, double y, int *cx, int *cy)
{
    if (!isfinite(x) || !isfinite(y))
        return 0;
    double px = dot_x(c, x), py = dot_y(c, y);
    if (px < -0.5 || py < -0.5 || px > 2 * c->w - 0.5
        || py > 4 * c->h - 0.5)
        return 0;
    *cx = (int)lround(px) / 2;
    *cy = (int)lround(py) / 4;
    *cx = *cx >= c->w ? c->w - 1 : *cx;
    *cy = *cy >= c->h ? c->h - 1 : *cy;
    return 1;
}

/* Draws the segment between two data points, clipped, dot by dot. */
static void draw_segment(canvas *c, double x0, double y0, double x1,
                         double y1, const ink *k)
{
    double ax = dot_x(c, x0), ay = dot_y(c, y0);
    double bx = dot_x(c, x1), by = dot_y(c, y1);
    if (!plot_clip(&ax, &ay, &bx, &by, 2 * c->w - 1, 4 * c->h - 1))
        return;
    int x = (int)lround(ax), y = (int)lround(ay);
    int xe = (int)lround(bx), ye = (int)lround(by);
    int dx = abs(xe - x), dy = -abs(ye - y);
    int sx = x < xe ? 1 : -1, sy = y < ye ? 1 : -1;
    int err = dx + dy;
    for (;;) {  // Bresenham: every step moves to an 8-neighbour dot
        put_dot(c, x, y, k);
        if (x == xe && y == ye)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y += sy;
        }
    }
}

/* A line series: consecutive finite points joined, a lone one a dot. */
static void draw_line(canvas *c, const plot_series *s, const ink *k)
{
    for (size_t i = 0; i < s->n; i++) {
        int here = isfinite(s->x[i]) && isfinite(s->y[i]);
        int next = i + 1 < s->n && isfinite(s->x[i + 1])
                   && isfinite(s->y[i + 1]);
        int prev = i > 0 && isfinite(s->x[i - 1]) && isfinite(s->y[i - 1]);
        if (here && next)
            draw_segment(c, s->x[i], s->y[i], s->x[i + 1], s->y[i + 1], k);
        else if (here && !prev)
            draw_segment(c, s->x[i], s->y[i], s->x[i], s->y[i], k);
    }
}

static void draw_points(canvas *c, const plot_series *s, const ink *k)
{
    int cx, cy;
    for (size_t i = 0; i < s->n; i++)
        if (cell_of(c, s->x[i], s->y[i], &cx, &cy))
            set_glyph(&c->cells[cy * c->w + cx], k->glyph, k->color);
}

/* Text into cells from (row, col) on, cut at the right edge. */
static void draw_text(canvas *c, int row, int col, const char *s, int color)
{
    size_t len = strlen(s), i = 0;
    char piece[5];
    while (i < len && col < c->w) {
        next_char(s, len, &i, out_ascii(c->o), piece);
        if (col >= 0)
            set_glyph(&c->cells[row * c->w + col], piece, color);
        col++;
    }
}

/* 1 when the cells (row, col..col+len-1) exist and nothing is drawn on
 * them or on the cell either side (where those exist). */
static int cells_free(const canvas *c, int row, int col, int len)
{
    if (row < 0 || row >= c->h || col < 0 || col + len > c->w)
        return 0;
    for (int q = col - 1; q <= col + len; q++) {
        if (q < 0 || q >= c->w)
            continue;
        const cell *k = &c->cells[row * c->w + q];
        if (k->dots || (k->glyph[0] && k->ink != INK_DIM))
            return 0;
    }
    return 1;
}

static void draw_mark(canvas *c, const plot_marker *m)
{
    int cx, cy;
    if (!cell_of(c, m->x, m->y, &cx, &cy))
        return;
    set_glyph(&c->cells[cy * c->w + cx], out_glyph(c->o, "◆", "@"),
              INK_BOLD);
    int len = plot_label_width(m->label);
    if (len == 0)
        return;
    int rows[6] = { cy, cy, cy - 1, cy - 1, cy + 1, cy + 1 };
    int cols[6] = { cx + 2, cx - 1 - len, cx + 1, cx - len,
                    cx + 1, cx - len };
    int pick = -1;
    for (int i = 0; i < 6 && pick < 0; i++)
        if (cells_free(c, rows[i], cols[i], len))
            pick = i;
    int col = pick >= 0 ? cols[pick] : cx + 2;
    if (pick < 0 && col + len > c->w)
        col = c->w - len;
    draw_text(c, pick >= 0 ? rows[pick] : cy, col < 0 ? 0 : col, m->label,
              INK_BOLD);
}

/* Each cell takes the class of its centre. */
static void draw_regions(canvas *c, plot_classify_fn classify, void *ctx)
{
    for (int r = 0; r < c->h; r++) {
        double y = c->yhi - (4 * r + 1.5) / (4 * c->h - 1)
                   * (c->yhi - c->ylo);
        for (int q = 0; q < c->w; q++) {
            double x = c->xlo + (2 * q + 0.5) / (2 * c->w - 1)
                       * (c->xhi - c->xlo);
            int cls = classify(ctx, x, y);
            c->cells[r * c->w + q].region = (signed char)
                (cls < 0 ? -1 : cls % 120);
        }
    }
}

static void draw_zero_line(canvas *c)
{
    if (!(c->ylo < 0 && c->yhi > 0))
        return;
    int r = (int)lround(dot_y(c, 0)) / 4;
    for (int q = 0; q < c->w; q++)
        set_glyph(&c->cells[r * c->w + q], out_glyph(c->o, "┄", "-"),
                  INK_DIM);
}

/* What a cell shows: its text, foreground ink, background class. */
static void cell_look(const canvas *c, const cell *k, char text[5],
                      int *fg, int *bg)
{
    int color = out_color_on(c->o);
    *bg = color && k->region >= 0 ? k->region % NPALETTE : -1;
    *fg = k->ink;
    if (k->dots) {
        unsigned cp = 0x2800u + k->dots;
        text[0] = (char)0xe2;
        text[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        text[2] = (char)(0x80 | (cp & 0x3f));
        text[3] = '\0';
    } else if (k->glyph[0]) {
        strcpy(text, k->glyph);
    } else {
        *fg = INK_NONE;
        strcpy(text, !color && k->region >= 0
               ? out_glyph(c->o, uni_region[k->region % 4],
                           ascii_region[k->region % 4]) : " ");
    }
}

/* Switches the pen from (*fg, *bg) to (fg, bg). */
static void pen(plot_buf *b, const out *o, int *cur_fg, int *cur_bg, int fg,
                int bg)
{
    if (fg == *cur_fg && bg == *cur_bg)
        return;
    if (*cur_fg != INK_NONE || *cur_bg >= 0)
        plot_buf_puts(b, out_off(o));
    if (bg >= 0)
        plot_buf_printf(b, "\033[48;5;%dm", region_bg[bg]);
    if (fg != INK_NONE)
        plot_buf_puts(b, out_on(o, ink_color(fg)));
    *cur_fg = fg;
    *cur_bg = bg;
}

/* Appends row r of the canvas, without trailing blank cells. */
static void emit_cells(const canvas *c, int r, plot_buf *b)
{
    char text[5];
    int fg, bg, last = -1;
    for (int q = 0; q < c->w; q++) {
        cell_look(c, &c->cells[r * c->w + q], text, &fg, &bg);
        if (strcmp(text, " ") != 0 || bg >= 0)
            last = q;
    }
    int cur_fg = INK_NONE, cur_bg = -1;
    for (int q = 0; q <= last; q++) {
        cell_look(c, &c->cells[r * c->w + q], text, &fg, &bg);
        pen(b, c->o, &cur_fg, &cur_bg, fg, bg);
        plot_buf_puts(b, text);
    }
    pen(b, c->o, &cur_fg, &cur_bg, INK_NONE, -1);
}

/* ============================ series on axes ============================ */

/* Where things go: total width, y label column, the area, the ticks. */
typedef struct layout {
    int total, lw, w, h;
    plot_ticks xt, yt;
} layout;

static int clamp_int(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Text rows around a plot's area, besides its title and axis names: the
 * x axis and its numbers, a legend, a line the command may print after
 * it (boundary's equation), the command line above and the prompt. */
#define PLOT_CHROME 6

/* Sizes the area so the y labels, the area and the half of the last x
 * label that sticks out past it fit the width. */
static void plan(const plot *p, const plot_view *v, const out *o,
                 int height, layout *L)
{
    L->total = clamp_int(out_width(o), 20, MAX_WIDTH);
    L->h = height > 0 ? clamp_int(height, 2, MAX_ROWS)
                      : clamp_int(L->total / 4, 8, 24);
    // on a terminal, the plot with its title, axis, legend, the command
    // above and the prompt below fit the screen
    int room = out_height(o) - PLOT_CHROME - (p->title != NULL)
               - (p->xlabel != NULL) - (p->ylabel != NULL);
    if (out_height(o) > 0 && L->h > room)
        L->h = room < 4 ? 4 : room;
    plot_ticks_make(v->ylo, v->yhi, clamp_int(L->h / 4, 3, 5), 3, 5,
                    &L->yt);
    L->lw = 1;
    for (int i = 0; i < L->yt.n; i++)
        L->lw = clamp_int((int)strlen(L->yt.label[i]), L->lw,
                          L->total / 3);
    int w = L->total - L->lw - 3;
    for (int pass = 0; pass < 2; pass++) {  // x labels depend on w
        plot_ticks_make(v->xlo, v->xhi, clamp_int(w / 10, 2, 11), 2, 12,
                        &L->xt);
        if (p->integer_x)
            plot_ticks_whole(&L->xt);
        int longest = 0;
        for (int i = 0; i < L->xt.n; i++)
            longest = clamp_int((int)strlen(L->xt.label[i]), longest,
                                L->total / 4);
        w = L->total - L->lw - 2 - longest / 2;
    }
    L->w = w;
}

static void draw_all(const plot *p, canvas *c, int has_data)
{
    if (p->classify)
        draw_regions(c, p->classify, p->classify_ctx);
    draw_zero_line(c);
    int lines = 0;
    for (size_t i = 0; i < p->nseries; i++) {
        if (p->series[i].cls < 0) {
            ink k = line_ink(c->o, lines++);
            draw_line(c, &p->series[i], &k);
        }
    }
    for (size_t i = 0; i < p->nseries; i++) {
        if (p->series[i].cls >= 0) {
            ink k = class_ink(c->o, p->series[i].cls);
            draw_points(c, &p->series[i], &k);
        }
    }
    for (size_t i = 0; i < p->nmarks; i++)
        draw_mark(c, &p->marks[i]);
    if (!has_data)
        draw_text(c, c->h / 2, c->w > 17 ? (c->w - 17) / 2 : 0,
                  "(nothing to plot)", INK_NONE);
}

/* The rows of the area, each after its y label and the axis. */
static void emit_rows(const canvas *c, const layout *L, plot_buf *b)
{
    int tick_at[MAX_ROWS];
    for (int r = 0; r < c->h; r++)
        tick_at[r] = -1;
    for (int i = 0; i < L->yt.n; i++) {
        int r = (int)lround(dot_y(c, L->yt.v[i])) / 4;
        tick_at[clamp_int(r, 0, c->h - 1)] = i;
    }
    for (int r = 0; r < c->h; r++) {
        if (tick_at[r] >= 0) {
            const char *l = L->yt.label[tick_at[r]];
            int len = clamp_int((int)strlen(l), 0, L->lw);
            plot_pad(b, L->lw - len);
            plot_buf_add(b, l, (size_t)len);
            plot_buf_puts(b, out_glyph(c->o, " ┤", " +"));
        } else {
            plot_pad(b, L->lw);
            plot_buf_puts(b, out_glyph(c->o, " │", " |"));
        }
        emit_cells(c, r, b);
        plot_flush_line(b, c->o);
    }
}

/* The x axis with its ticks, then their labels, each centred under its
 * tick, moved in from the right edge, left out where it would touch the
 * one before. */
static void emit_x_axis(const canvas *c, const layout *L, plot_buf *b)
{
    char ticks[MAX_WIDTH] = { 0 }, row[MAX_WIDTH + 1];
    int col[PLOT_TICKS_MAX];
    for (int i = 0; i < L->xt.n; i++) {
        col[i] = clamp_int((int)lround(dot_x(c, L->xt.v[i])) / 2, 0,
                           c->w - 1);
        ticks[col[i]] = 1;
    }
    plot_pad(b, L->lw + 1);
    plot_buf_puts(b, out_glyph(c->o, "└", "+"));
    for (int q = 0; q < c->w; q++)
        plot_buf_puts(b, ticks[q] ? out_glyph(c->o, "┬", "+")
                                  : out_glyph(c->o, "─", "-"));
    plot_flush_line(b, c->o);
    memset(row, ' ', sizeof row);
    int end = 0, used = 0;
    for (int i = 0; i < L->xt.n; i++) {
        int len = clamp_int((int)strlen(L->xt.label[i]), 0, L->total);
        int start = L->lw + 2 + col[i] - len / 2;
        start = clamp_int(start, 0, L->total - len);
        if (i > 0 && start < end + 1)
            continue;
        memcpy(row + start, L->xt.label[i], (size_t)len);
        end = used = start + len;
    }
    plot_buf_add(b, row, (size_t)used);
    plot_flush_line(b, c->o);
}

/* The legend: each series' sample and label, wrapped at the width. */
static void emit_legend(const plot *p, out *o, int indent, int total,
                        plot_buf *b)
{
    plot_buf text = { 0 };
    int room, col = 0, lines = 0;
    indent = total - indent < 16 ? 0 : indent;
    room = total - indent;
    for (size_t i = 0; i < p->nseries; i++) {
        const plot_series *s = &p->series[i];
        ink k = s->cls < 0 ? line_ink(o, lines++) : class_ink(o, s->cls);
        int sw = k.braille || s->cls < 0 ? 2 : 1;
        text.len = 0;
        if (s->label[0])
            plot_buf_puts(&text, s->label);
        else if (s->cls < 0)
            plot_buf_printf(&text, "series %d", lines);
        else
            plot_buf_printf(&text, "class %d", s->cls);
        if (!plot_series_finite(s))
            plot_buf_puts(&text, " (no finite values)");
        if (text.oom) {  // the flush below says so
            b->oom = 1;
            break;
        }
        int need = sw + 1 + plot_label_width(text.data);
        if (col > 0 && col + 3 + need > room) {
            plot_flush_line(b, o);
            col = 0;
        }
        plot_pad(b, col == 0 ? indent : 3);
        col += col == 0 ? 0 : 3;
        plot_buf_puts(b, out_on(o, ink_color(k.color)));
        for (int j = 0; j < sw; j++)
            plot_buf_puts(b, k.braille ? out_color_on(o) ? "━" : "⠒"
                                       : k.glyph);
        plot_buf_puts(b, out_off(o));
        plot_buf_add(b, " ", 1);
        col += sw + 1;
        col += plot_label_put(b, text.data, out_ascii(o), room - col);
    }
    if (col > 0 || b->oom)
        plot_flush_line(b, o);
    free(text.data);
}

static void render_xy(const plot *p, out *o, int height)
{
    plot_view v;
    layout L;
    plot_buf b = { 0 };
    plot_view_of(p, &v);
    plan(p, &v, o, height, &L);
    canvas c = { o, L.w, L.h, nn_calloc((size_t)L.w * (size_t)L.h,
                                     sizeof(cell)),
                 v.xlo, v.xhi, v.ylo, v.yhi };
    if (!c.cells) {
        out_printf(o, "(plot: out of memory)\n");
        return;
    }
    for (int i = 0; i < L.w * L.h; i++) {
        c.cells[i].ink = INK_NONE;
        c.cells[i].region = -1;
    }
    draw_all(p, &c, v.has_data);
    plot_emit_title(p, o, L.lw + 2 + L.w, &b);
    if (p->ylabel) {
        plot_label_put(&b, p->ylabel, out_ascii(o), L.total);
        plot_flush_line(&b, o);
    }
    emit_rows(&c, &L, &b);
    emit_x_axis(&c, &L, &b);
    if (p->xlabel) {
        int len = plot_label_width(p->xlabel);
        plot_pad(&b, len < L.w ? L.lw + 2 + (L.w - len) / 2 : 0);
        plot_label_put(&b, p->xlabel, out_ascii(o), L.total);
        plot_flush_line(&b, o);
    }
    emit_legend(p, o, L.lw + 2, L.total, &b);
    free(c.cells);
    free(b.data);
}

/* ============================ entry ============================ */

void plot_render_text(const plot *p, out *o, int height)
{
    if (p->kind == PLOT_BARS)
        plot_text_bars(p, o);
    else if (p->kind == PLOT_IMAGE)
        plot_text_image(p, o);
    else
        render_xy(p, o, height);
}
