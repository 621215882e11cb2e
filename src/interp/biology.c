/*
 * biology.c - `show biology`: the biological neuron beside the artificial
 * one, the picture of the course's first objective. In the terminal as
 * text; with `> FILE.svg` (or in a notebook) as a drawing in which each
 * part of the cell points at the part of the node that copies it.
 */
#include "cmd.h"

#include <stdlib.h>

#include "plot_impl.h"  /* plot_buf: the drawing's text */

/* The picture as text: the cell above, the node below, the same parts
 * named in both. */
static const char *const biology_text[] = {
    "a biological neuron:",
    "",
    "    \\  |  /        .--------------.",
    "  ---\\ | /--------(   cell body:    )=======axon=======>---<  to the",
    "  ---/ | \\--------(  adds, and fires )                  >---<  next",
    "    /  |  \\        '--------------'                            neurons",
    "  dendrites, through synapses (each stronger or weaker)",
    "",
    "the artificial neuron that copies it:",
    "",
    "   x1 --(w1)--\\",
    "   x2 --(w2)---+--> z = w1*x1 + w2*x2 + w3*x3 + b --> f(z) --> a",
    "   x3 --(w3)--/                                  b",
    "",
    "  dendrites              -> inputs x   the signals arriving",
    "  synapses               -> weights w  how strong each connection is",
    "  cell body, adding up   -> z, with b  the weighted sum; b: how easily",
    "                                       it fires",
    "  fires past a threshold -> f(z)       the activation",
    "  axon                   -> a          the output, to the next neurons",
};

/* Width and height of the drawing, in pixels. */
enum { BIO_W = 760, BIO_H = 520 };

/* One dendrite: a branch from (x, y) to the cell body's edge with two
 * twigs, a synapse (a dot, r its strength) at its tip. */
static void dendrite(plot_buf *b, double x, double y, double r)
{
    plot_buf_printf(b, "<path d=\"M%.0f,%.0f Q%.0f,%.0f 200,%.0f\" fill="
                    "\"none\" stroke=\"#8c5a2b\" stroke-width=\"4\"/>\n"
                    "<path d=\"M%.0f,%.0f l-22,-16 M%.0f,%.0f l-22,14\" "
                    "stroke=\"#8c5a2b\" stroke-width=\"2\" fill=\"none\"/>\n"
                    "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%.1f\" fill="
                    "\"#2166ac\"/>\n", x, y, (x + 200) / 2, y,
                    120 + (y - 120) * 0.3, x + 40, y, x + 40, y, x, y, r);
}

/* An arrow from (x1, y1) to (x2, y2). */
static void arrow(plot_buf *b, double x1, double y1, double x2, double y2)
{
    plot_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2="
                    "\"%.0f\" stroke=\"#333\" stroke-width=\"2\" marker-end="
                    "\"url(#arrow)\"/>\n", x1, y1, x2, y2);
}

static void label(plot_buf *b, double x, double y, const char *anchor,
                  int size, const char *text)
{
    plot_buf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"%d\" "
                    "text-anchor=\"%s\">%s</text>\n", x, y, size, anchor,
                    text);
}

/* A dashed grey line from a part of the cell down to its copy, with what
 * they share written beside it. */
static void maps_to(plot_buf *b, double x, double y1, double y2,
                    const char *what)
{
    plot_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2="
                    "\"%.0f\" stroke=\"#999\" stroke-dasharray=\"5,4\"/>\n"
                    "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill="
                    "\"#555\" text-anchor=\"middle\" stroke=\"white\" "
                    "stroke-width=\"4\" paint-order=\"stroke\">%s</text>\n",
                    x, y1, x,
                    y2, x, (y1 + y2) / 2 + 4, what);
}

/* The drawing's SVG text into b. */
static void biology_svg(plot_buf *b)
{
    plot_svg_diagram_begin(b, BIO_W, BIO_H);
    label(b, BIO_W / 2.0, 26, "middle", 16,
          "a biological neuron, and the artificial neuron that copies it");
    // the cell: dendrites with their synapses, the body, the axon
    dendrite(b, 60, 70, 7);
    dendrite(b, 50, 120, 3.5);
    dendrite(b, 60, 170, 5.5);
    plot_buf_printf(b, "<ellipse cx=\"250\" cy=\"120\" rx=\"55\" ry=\"42\" "
                    "fill=\"#f6e0c8\" stroke=\"#8c5a2b\" stroke-width=\"2\"/>"
                    "\n<circle cx=\"250\" cy=\"120\" r=\"13\" fill="
                    "\"#c89f7a\"/>\n<line x1=\"305\" y1=\"120\" x2=\"610\" "
                    "y2=\"120\" stroke=\"#8c5a2b\" stroke-width=\"4\"/>\n");
    for (int k = 0; k < 4; k++)  // the myelin sheath, in segments
        plot_buf_printf(b, "<rect x=\"%d\" y=\"111\" width=\"58\" height="
                        "\"18\" rx=\"9\" fill=\"#fbf3c6\" stroke=\"#8c5a2b\"/>"
                        "\n", 330 + 70 * k);
    plot_buf_puts(b, "<path d=\"M610,120 l30,-25 M610,120 l34,0 M610,120 "
                  "l30,25\" stroke=\"#8c5a2b\" stroke-width=\"3\" fill="
                  "\"none\"/>\n");
    for (int k = -1; k <= 1; k++)  // the axon's terminals
        plot_buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill="
                        "\"#8c5a2b\"/>\n", k ? 641 : 646, 120 + 25 * k);
    label(b, 95, 205, "middle", 13, "dendrites, with synapses");
    label(b, 250, 185, "middle", 13, "cell body");
    label(b, 470, 102, "middle", 13, "axon");
    label(b, 700, 124, "middle", 13, "to other");
    label(b, 700, 140, "middle", 13, "neurons");
    // the node: inputs, weights, the sum with its bias, f, the output
    const double ny = 390;
    for (int k = 0; k < 3; k++) {
        double y = ny - 50 + 50 * k;
        plot_buf_printf(b, "<text x=\"60\" y=\"%.0f\" font-size=\"14\" "
                        "text-anchor=\"middle\">x%d</text>\n<line x1=\"75\" "
                        "y1=\"%.0f\" x2=\"222\" y2=\"%.0f\" stroke=\"#2166ac\" "
                        "stroke-width=\"%d\"/>\n<text x=\"140\" y=\"%.0f\" "
                        "font-size=\"12\" fill=\"#2166ac\" text-anchor="
                        "\"middle\">w%d</text>\n", y + 5, k + 1, y, ny,
                        k == 1 ? 1 : 3,
                        y + (ny - y) * 0.45 - 6, k + 1);
    }
    plot_buf_printf(b, "<circle cx=\"250\" cy=\"%.0f\" r=\"28\" fill="
                    "\"#f2f2f2\" stroke=\"#333\"/>\n", ny);
    label(b, 250, ny + 8, "middle", 22, "\xce\xa3");
    label(b, 250, ny + 46, "middle", 12, "z = w1 x1 + w2 x2 + w3 x3 + b");
    arrow(b, 278, ny, 400, ny);
    plot_buf_printf(b, "<rect x=\"402\" y=\"%.0f\" width=\"80\" height="
                    "\"36\" rx=\"6\" fill=\"#f2f2f2\" stroke=\"#333\"/>\n",
                    ny - 18);
    label(b, 442, ny + 5, "middle", 14, "f(z)");
    arrow(b, 482, ny, 600, ny);
    label(b, 615, ny + 5, "start", 14, "a");
    label(b, 540, ny - 8, "middle", 12, "the output");
    // what each part of the cell became
    maps_to(b, 60, 215, ny - 70, "inputs x");
    maps_to(b, 150, 215, ny - 40, "synapses: weights w");
    maps_to(b, 250, 192, ny - 34, "adds up: z, with a bias b");
    maps_to(b, 442, 132, ny - 22, "fires past a threshold: f(z)");
    maps_to(b, 620, 150, ny - 14, "axon: a");
    plot_buf_printf(b, "<text x=\"20\" y=\"%d\" font-size=\"11\" fill="
                    "\"#555\">A synapse's size stands for its strength: a "
                    "weight. The node keeps only the arithmetic.</text>\n"
                    "</svg>\n", BIO_H - 14);
}

int cmd_show_biology(sess *s, lexer *lx)
{
    char path[4096];
    if (cmd_read_svg_target(s, lx, path, sizeof path) != 0
        || cmd_read_end(s, lx) != 0)
        return CMD_ERR;
    if (!path[0] && !s->svg_picture) {
        for (size_t i = 0; i < sizeof biology_text / sizeof *biology_text; i++)
            out_printf(s->o, "%s\n", biology_text[i]);
        return CMD_OK;
    }
    plot_buf b = { NULL, 0, 0, 0 };
    biology_svg(&b);
    int rc = b.oom ? sess_fail(s, SIZE_MAX, 0, "out of memory")
             : path[0] ? cmd_write_svg(s, path, b.data, b.len, BIO_W, BIO_H)
             : 0;
    if (rc == 0 && !path[0])  // a notebook: the drawing, inline
        s->svg_picture(s->front_ctx, b.data, b.len);
    free(b.data);
    return rc;
}
