#!/bin/sh
# svg.sh - `> FILE.svg` on plot, boundary and plot loss: the files are
# well-formed XML with an <svg> root that has width, height and viewBox,
# carry their series labels, and draw what they claim (the curves pass
# through the right values, the boundary regions agree with the points,
# series have distinct colours); then, when Chromium is installed, each is
# rendered headless and the screenshot must show the curves. Also the
# write's failure cases (RELIABILITY G1, G2): a missing directory, a
# directory as the target, a write that fails half-way (File too large):
# status 1, a clear message, the old file untouched, no *.tmp.* left.
# Run by tests/run-all.sh with $NEURON (absolute path) and maybe $VG.
# $VG is a command prefix (valgrind ...), split into words on purpose.
# SVG_SHOTS=DIR keeps the SVG files and screenshots in DIR to look at.
# shellcheck disable=SC2086
. "$(dirname "$0")/lib/common.sh"

# nrun ARGS...: neuron in $tmp/d with stdin from /dev/null; sets rc.
nrun() {
    (cd "$tmp/d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        --width 80 "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
    rc=$?
}

no_tmp_left() {  # no_tmp_left WHAT DIR: the writer left no temporary file
    left=$(find "$2" -name '*.tmp.*' 2>/dev/null)
    [ -z "$left" ] || fail "$1: a temporary file was left behind: $left"
}

mkdir "$tmp/d"
d=$tmp/d

have_py=no
if command -v python3 >/dev/null 2>&1; then
    have_py=yes
else
    echo "svg.sh: skipped the XML and drawing checks: python3 not installed"
fi

# ---- the checker: python3 with the standard library only ----
cat >"$tmp/check.py" <<'EOF'
"""check.py MODE FILE [ARGS]: what an SVG written by neuron must be.

Modes: act, z, units, boundary, loss (an SVG) and png (a screenshot).
Prints one line per problem and exits 1 if there was any."""
import math
import struct
import sys
import zlib
from xml.dom import minidom

problems = []


def bad(msg):
    problems.append(msg)


def num(s):
    try:
        return float(s.replace('\u2212', '-'))
    except (AttributeError, ValueError):
        return None


def text_of(e):
    return ''.join(c.data for c in e.childNodes
                   if c.nodeType in (c.TEXT_NODE, c.CDATA_SECTION_NODE))


def relu(x):
    return max(0.0, x)


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


UNITS = {
    '-n1': lambda x: -relu(-5 * x - 7.7),
    '-n2': lambda x: -relu(-1.2 * x - 1.3),
    '-n3': lambda x: -relu(1.2 * x + 1),
    'n4': lambda x: relu(1.2 * x - .2),
    'n5': lambda x: relu(2 * x - 1.1),
    'n6': lambda x: relu(5 * x - 5),
}


def zfun(x):
    return sum(f(x) for f in UNITS.values())


class Svg:
    def __init__(self, path):
        self.doc = minidom.parse(path)        # raises on malformed XML
        self.root = self.doc.documentElement
        self.texts = [(e, text_of(e)) for e in
                      self.root.getElementsByTagName('text')]
        self.lines = self.root.getElementsByTagName('line')

    def check_root(self):
        r = self.root
        if r.tagName != 'svg':
            bad('the root element is <%s>, not <svg>' % r.tagName)
            return
        if r.getAttribute('xmlns') != 'http://www.w3.org/2000/svg':
            bad('the <svg> root lacks xmlns="http://www.w3.org/2000/svg"')
        w, h = num(r.getAttribute('width')), num(r.getAttribute('height'))
        if w is None or h is None or w <= 0 or h <= 0:
            bad('<svg> width/height missing or not positive: %r x %r'
                % (r.getAttribute('width'), r.getAttribute('height')))
        vb = r.getAttribute('viewBox').replace(',', ' ').split()
        if len(vb) != 4 or any(num(v) is None for v in vb) \
                or num(vb[2]) <= 0 or num(vb[3]) <= 0:
            bad('<svg> viewBox missing or malformed: %r'
                % r.getAttribute('viewBox'))

    def has_labels(self, labels):
        shown = set(t.strip() for _, t in self.texts)
        for lab in labels:
            if lab not in shown:
                bad('no text element reads %r (texts: %s)'
                    % (lab, sorted(shown)))

    def legend(self):
        """Legend labels in order: text anchored at its start."""
        return [t for e, t in self.texts
                if e.getAttribute('text-anchor') == 'start']

    def axes(self):
        """Maps data to pixels from the tick labels: x ticks are numbers
        centred under the axis, y ticks numbers right-aligned, paired with
        the horizontal line (tick mark or grid) just above the baseline."""
        xt = [(num(t), float(e.getAttribute('x')), e.getAttribute('y'))
              for e, t in self.texts
              if e.getAttribute('text-anchor') == 'middle'
              and num(t) is not None]
        if xt:
            rows = {}
            for _, _, y in xt:
                rows[y] = rows.get(y, 0) + 1
            row = max(rows, key=rows.get)
            xt = [(v, px) for v, px, y in xt if y == row]
            self.xlabel_y = float(row)
        hy = []
        for ln in self.lines:
            if ln.getAttribute('y1') == ln.getAttribute('y2'):
                hy.append(float(ln.getAttribute('y1')))
        yt = []
        for e, t in self.texts:
            if e.getAttribute('text-anchor') != 'end' or num(t) is None:
                continue
            base = float(e.getAttribute('y'))
            near = [y for y in hy if 0 <= base - y <= 10]
            if near:
                yt.append((num(t), min(near, key=lambda y: base - y)))
        if len(xt) < 2 or len(yt) < 2:
            bad('cannot read the axes: x ticks %s, y ticks %s' % (xt, yt))
            return False
        self.xticks = sorted(v for v, _ in xt)
        self.yticks = sorted(v for v, _ in yt)
        (a0, p0), (a1, p1) = min(xt), max(xt)
        self.xs = (p1 - p0) / (a1 - a0)
        self.x0 = p0 - a0 * self.xs
        (b0, q0), (b1, q1) = min(yt), max(yt)
        self.ys = (q1 - q0) / (b1 - b0)
        self.y0 = q0 - b0 * self.ys
        for v, px in xt:
            if abs(self.px(v) - px) > 1.5:
                bad('x ticks are not evenly spaced: %g at %g' % (v, px))
        for v, py in yt:
            if abs(self.py(v) - py) > 1.5:
                bad('y ticks are not evenly spaced: %g at %g' % (v, py))
        return True

    def px(self, x):
        return self.x0 + x * self.xs

    def py(self, y):
        return self.y0 + y * self.ys

    def dy(self, py):
        return (py - self.y0) / self.ys

    def polylines(self):
        out = []
        for p in self.root.getElementsByTagName('polyline'):
            pts = [tuple(float(c) for c in xy.split(','))
                   for xy in p.getAttribute('points').split()]
            out.append((p.getAttribute('stroke'), pts))
        return out

    def value_at(self, pts, x):
        """The data y of a polyline at data x, or None outside it."""
        X = self.px(x)
        for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
            lo, hi = min(xa, xb), max(xa, xb)
            if lo - 0.01 <= X <= hi + 0.01:
                y = ya if xb == xa else ya + (yb - ya) * (X - xa) / (xb - xa)
                return self.dy(y)
        return None


def hue(a, b):
    """How alike two #rrggbb colours are in hue: the cosine between their
    deviations from grey."""
    def dev(c):
        v = [int(c[i:i + 2], 16) for i in (1, 3, 5)]
        m = sum(v) / 3.0
        return [x - m for x in v]
    u, v = dev(a), dev(b)
    nu = math.sqrt(sum(x * x for x in u)) or 1
    nv = math.sqrt(sum(x * x for x in v)) or 1
    return sum(x * y for x, y in zip(u, v)) / (nu * nv)


def series(svg, names):
    """The curve series, matched with the legend in order."""
    lines = svg.polylines()
    leg = svg.legend()
    if leg != names:
        bad('legend reads %s, expected %s' % (leg, names))
    if len(lines) != len(names):
        bad('%d polylines for %d series %s' % (len(lines), len(names), names))
        return {}
    cols = [c for c, _ in lines]
    for i, c in enumerate(cols):
        if c in cols[:i]:
            bad('series %r has the same colour %s as %r: the legend cannot '
                'tell them apart' % (names[i], c, names[cols.index(c)]))
    return {n: pts for n, (_, pts) in zip(names, lines)}


def follows(svg, name, pts, f, xs, tol_px=3.0):
    """The curve passes within tol_px pixels of f at each x."""
    tol = abs(tol_px / svg.ys)
    miss = []
    for x in xs:
        got = svg.value_at(pts, x)
        want = f(x)
        if got is None:
            miss.append('%s is not drawn at x = %g' % (name, x))
        elif abs(got - want) > tol:
            miss.append('%s at x = %g is drawn at %.3f, should be %.3f'
                        % (name, x, got, want))
    for m in miss[:3]:
        bad(m)
    if len(miss) > 3:
        bad('%s: %d more points off the curve' % (name, len(miss) - 3))


def readable(svg):
    """Text stays inside the picture, tick labels and legend entries do
    not overlap (width estimated at 0.6 em a character)."""
    W = num(svg.root.getAttribute('width')) or 0
    H = num(svg.root.getAttribute('height')) or 0
    base = num(svg.root.getAttribute('font-size')) or 16
    boxes = []
    for e, t in svg.texts:
        if e.getAttribute('transform'):
            continue                   # the rotated y axis title
        size = num(e.getAttribute('font-size')) or base
        if size < 10:
            bad('text %r is set in %gpx: too small to read on a slide'
                % (t, size))
        w = 0.6 * size * len(t)
        x, y = float(e.getAttribute('x')), float(e.getAttribute('y'))
        anchor = e.getAttribute('text-anchor') or 'start'
        x0 = x - w / 2 if anchor == 'middle' else x - w if anchor == 'end' \
            else x
        if x0 < -1 or x0 + w > W + 1 or y - size < -1 or y > H + 1:
            bad('text %r runs out of the %gx%g picture' % (t, W, H))
        boxes.append((x0, y - size * 0.8, x0 + w, y, t))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 \
                    and b[1] < a[3] - 1:
                bad('texts %r and %r overlap' % (a[4], b[4]))


def spans(svg, name, pts, a, b):
    first, last = min(p[0] for p in pts), max(p[0] for p in pts)
    if abs(first - svg.px(a)) > 2 or abs(last - svg.px(b)) > 2:
        bad('%s is drawn from x = %.3g to %.3g, not %g to %g'
            % (name, (first - svg.x0) / svg.xs, (last - svg.x0) / svg.xs,
               a, b))


def grid(a, b, n=29):
    return [a + (b - a) * i / (n - 1) for i in range(n)]


def check_act(svg):
    svg.has_labels(['sigmoid', 'relu'])
    if not svg.axes():
        return
    s = series(svg, ['sigmoid', 'relu'])
    if not s:
        return
    xs = grid(-6, 6)
    follows(svg, 'sigmoid', s['sigmoid'], sigmoid, xs)
    follows(svg, 'relu', s['relu'], relu, xs)
    for n in s:
        spans(svg, n, s[n], -6, 6)
    for v in (-6, 6):
        if v not in svg.xticks:
            bad('no x tick at %g, the end of the range' % v)


def check_z(svg):
    target = 'x^3 + x^2 - x - 1'
    svg.has_labels(['Z', target])
    if not svg.axes():
        return
    s = series(svg, ['Z', target])
    if not s:
        return
    xs = grid(-2, 1.5, 36) + [-7.7 / 5, -1.3 / 1.2, -1 / 1.2, .2 / 1.2,
                              1.1 / 2, 1.0]
    follows(svg, 'Z', s['Z'], zfun, xs)
    follows(svg, target, s[target], lambda x: x ** 3 + x ** 2 - x - 1, xs)
    for n in s:
        spans(svg, n, s[n], -2, 1.5)


def check_units(svg):
    names = ['Z'] + list(UNITS)
    svg.has_labels(names)
    if not svg.axes():
        return
    s = series(svg, names)
    if not s:
        return
    xs = grid(-2, 1.5, 36)
    follows(svg, 'Z', s['Z'], zfun, xs)
    for n, f in UNITS.items():
        follows(svg, n, s[n], f, xs)


def check_boundary(svg):
    svg.has_labels(["the neuron's line", 'a true separator', 'y = 0',
                    'y = 1', 'x1', 'x2'])
    if not svg.axes():
        return
    bottom = svg.xlabel_y - 8          # the legend lies below the x labels
    o = [(float(c.getAttribute('cx')), float(c.getAttribute('cy')))
         for c in svg.root.getElementsByTagName('circle')]
    o = [p for p in o if p[1] < bottom]
    x = []
    for p in svg.root.getElementsByTagName('path'):
        nums = p.getAttribute('d').replace('M', ' ').replace('L', ' ').split()
        v = [float(n) for n in nums]
        if len(v) >= 4:
            cx = sum(v[0::2]) / len(v[0::2])
            cy = sum(v[1::2]) / len(v[1::2])
            if cy < bottom:
                x.append((cx, cy))
    want = int(sys.argv[3]) if len(sys.argv) > 3 else None
    if want is not None and len(o) + len(x) != want:
        bad('%d points drawn (%d circles, %d crosses), expected %d'
            % (len(o) + len(x), len(o), len(x), want))
    if not o or not x:
        bad('both classes must be drawn: %d circles, %d crosses'
            % (len(o), len(x)))
        return
    W = num(svg.root.getAttribute('width'))
    H = num(svg.root.getAttribute('height'))
    cells = []
    for r in svg.root.getElementsByTagName('rect'):
        rx, ry = float(r.getAttribute('x')), float(r.getAttribute('y'))
        rw = float(r.getAttribute('width'))
        rh = float(r.getAttribute('height'))
        if rw >= W - 1 and rh >= H - 1:
            continue                   # the background
        cells.append((rx, ry, rx + rw, ry + rh, r.getAttribute('fill')))

    def colours(p):
        got = set()
        for dx in (-4, 0, 4):
            for dy in (-4, 0, 4):
                for x0, y0, x1, y1, f in cells:
                    if x0 <= p[0] + dx < x1 and y0 <= p[1] + dy < y1:
                        got.add(f)
        return got

    def majority(pts):
        count = {}
        for p in pts:
            for c in colours(p):
                count[c] = count.get(c, 0) + 1
        return max(count, key=count.get) if count else None

    c0, c1 = majority(o), majority(x)
    if c0 is None or c1 is None or c0 == c1:
        bad('the regions do not tell the classes apart: class 0 on %s, '
            'class 1 on %s' % (c0, c1))
        return
    # a region is a tint of its class's marker colour, not the other's
    m0 = svg.root.getElementsByTagName('circle')[0].getAttribute('stroke')
    m1 = svg.root.getElementsByTagName('path')[0].getAttribute('stroke')
    if hue(c0, m0) <= hue(c0, m1) or hue(c1, m1) <= hue(c1, m0):
        bad('the region colours do not match the classes: class 0 (%s) '
            'lies on %s, class 1 (%s) on %s' % (m0, c0, m1, c1))
    for name, pts, c in (('y = 0', o, c0), ('y = 1', x, c1)):
        wrong = [p for p in pts if c not in colours(p)]
        if wrong:
            bad('%d %s points lie outside their region (the data was '
                'learnt without a mistake): first at pixel %.0f,%.0f'
                % (len(wrong), name, wrong[0][0], wrong[0][1]))
    lines = svg.polylines()
    if not lines:
        bad("the neuron's line is not drawn")
        return
    (ax, ay), (bx, by) = lines[0][1][0], lines[0][1][-1]

    def side(p):
        return (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax)
    length = math.hypot(bx - ax, by - ay)
    s0 = [side(p) / length for p in o if abs(side(p) / length) > 3]
    s1 = [side(p) / length for p in x if abs(side(p) / length) > 3]
    if s0 and s1 and not ((max(s0) < 0 < min(s1)) or (max(s1) < 0 < min(s0))):
        bad("the neuron's line does not separate the two classes")


def check_loss(svg):
    svg.has_labels(['loss', 'epoch'])
    if not svg.axes():
        return
    s = series(svg, ['loss'])
    if not s:
        return
    pts = s['loss']
    epochs = int(sys.argv[3])
    if len(pts) != epochs:
        bad('the loss line has %d points for %d epochs' % (len(pts), epochs))
    frac = [t for t in svg.xticks if t != int(t)]
    if frac:
        bad('the epoch axis has ticks between whole epochs: %s'
            % ', '.join('%g' % t for t in frac))
    spans(svg, 'loss', pts, 1, epochs)
    for px, py in pts:
        if svg.dy(py) < -1e-9:
            bad('a negative loss is drawn: %g' % svg.dy(py))
            break


def read_png(path):
    with open(path, 'rb') as fh:
        data = fh.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG file')
    pos, idat, hdr = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            hdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = hdr
    bpp = {2: 3, 6: 4}.get(ctype)
    if depth != 8 or bpp is None or interlace:
        raise ValueError('unexpected PNG format: depth %d, type %d, '
                         'interlace %d' % (depth, ctype, interlace))
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for k in range(stride):
            a = line[k - bpp] if k >= bpp else 0
            b = prev[k]
            c = prev[k - bpp] if k >= bpp else 0
            if f == 1:
                line[k] = (line[k] + a) & 255
            elif f == 2:
                line[k] = (line[k] + b) & 255
            elif f == 3:
                line[k] = (line[k] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[k] = (line[k] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def check_png(path, colours):
    w, h, bpp, rows = read_png(path)
    if w < 400 or h < 300:
        bad('the screenshot is only %dx%d' % (w, h))
    count, seen, ink = {}, set(), 0
    want = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours]
    hits = [0] * len(want)
    for row in rows:
        for k in range(0, w * bpp, bpp):
            px = (row[k], row[k + 1], row[k + 2])
            seen.add(px)
            if px != (255, 255, 255):
                ink += 1
            for j, c in enumerate(want):
                if all(abs(px[i] - c[i]) <= 40 for i in range(3)):
                    hits[j] += 1
    total = w * h
    if len(seen) < 3:
        bad('the screenshot has only %d colours: a blank page?' % len(seen))
    if ink < total * 0.01:
        bad('the screenshot is almost all white (%d of %d pixels drawn)'
            % (ink, total))
    for c, n in zip(colours, hits):
        if n < 40:
            bad('the screenshot shows almost no %s (%d pixels): a series '
                'is not drawn' % (c, n))


def check_network(svg):
    # network FILE CIRCLES LINES NUMBERS: a unit-by-unit diagram with a
    # circle a node and a line an edge; its weight labels and biases are
    # numbers `show network` printed (NUMBERS, a file of them), an edge
    # blue when its label is positive, red when negative.
    circles = svg.root.getElementsByTagName('circle')
    want_c, want_l = int(sys.argv[3]), int(sys.argv[4])
    if len(circles) != want_c:
        bad('%d circles, expected %d (inputs and units)'
            % (len(circles), want_c))
    if len(svg.lines) != want_l:
        bad('%d lines, expected %d (one an edge)' % (len(svg.lines), want_l))
    shown = set(open(sys.argv[5]).read().split())
    labels = 0
    for e, t in svg.texts:
        t = t.strip()
        v = t[4:] if t.startswith('b = ') else t
        if num(v) is None or (not t.startswith('b = ') and
                              e.getAttribute('fill') not in
                              ('#2166ac', '#b2182b')):
            continue
        labels += 1
        if v not in shown:
            bad('the diagram shows %s, which show network does not' % v)
        if not t.startswith('b = '):
            colour = '#b2182b' if num(v) < 0 else '#2166ac'
            if e.getAttribute('fill') != colour:
                bad('weight %s is drawn in %s' % (v, e.getAttribute('fill')))
    if labels == 0:
        bad('no weight or bias is written on the diagram')


def check_picture(svg):
    # picture FILE MIN-RECTS [LABEL...]: an image or bars, drawn as at
    # least MIN-RECTS filled rectangles, with its labels
    rects = svg.root.getElementsByTagName('rect')
    if len(rects) < int(sys.argv[3]):
        bad('%d rectangles, expected at least %s' % (len(rects),
                                                     sys.argv[3]))
    svg.has_labels(sys.argv[4:])


def check_boxes(svg):
    # boxes FILE LAYERS LABEL...: a box a layer and one for the inputs
    rects = [r for r in svg.root.getElementsByTagName('rect')
             if r.getAttribute('rx')]
    if len(rects) != int(sys.argv[3]) + 1:
        bad('%d layer boxes, expected %d' % (len(rects),
                                             int(sys.argv[3]) + 1))
    svg.has_labels(sys.argv[4:])


def check_confusion(svg):
    # confusion FILE N COUNTS NAME...: an N x N grid of cells (rects with
    # a count each), the counts `evaluate` printed (COUNTS, a file, row by
    # row), the classes' names along both sides
    n = int(sys.argv[3])
    want = open(sys.argv[4]).read().split()
    cells = [r for r in svg.root.getElementsByTagName('rect')
             if r.getAttribute('x') and num(r.getAttribute('width')) ==
             num(r.getAttribute('height'))]
    if len(cells) != n * n:
        bad('%d cells, expected %d' % (len(cells), n * n))
    got = [t.strip() for _, t in svg.texts if t.strip().isdigit()]
    if len(want) != n * n:
        bad('evaluate printed %d counts, expected %d' % (len(want), n * n))
    elif got[-n * n:] != want:     # the names come first, then the cells
        bad('the cells say %s, evaluate printed %s' % (got[-n * n:], want))
    shown = [t.strip() for _, t in svg.texts]
    for name in sys.argv[5:]:
        if shown.count(name) < 2:
            bad('class %r is not named on both sides' % name)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == 'png':
        check_png(path, sys.argv[3:])
    else:
        try:
            svg = Svg(path)
        except Exception as e:      # ExpatError, OSError
            print('not well-formed XML: %s' % e)
            return 1
        svg.check_root()
        if mode != 'colours':
            readable(svg)
        if mode == 'colours':
            print(' '.join(sorted(set(
                c for c, _ in svg.polylines()))))
        else:
            {'act': check_act, 'z': check_z, 'units': check_units,
             'boundary': check_boundary, 'loss': check_loss,
             'network': check_network, 'boxes': check_boxes,
             'picture': check_picture,
             'confusion': check_confusion}[mode](svg)
    for p in problems:
        print(p)
    return 1 if problems else 0


sys.exit(main())
EOF

# svg_ok WHAT FILE MODE [ARGS]: the file exists and passes the checks
svg_ok() {
    what=$1
    name=$2
    f=$d/$2
    mode=$3
    shift 3
    if [ ! -s "$f" ]; then
        fail "$what: $name was not written"
        return
    fi
    head -c 400 "$f" | grep -q '<svg[^>]* width="[^"]*"' ||
        fail "$what: $name has no <svg width=...> near the top"
    head -c 400 "$f" | grep -q '<svg[^>]* viewBox="[^"]*"' ||
        fail "$what: $name has no <svg viewBox=...> near the top"
    [ "$have_py" = yes ] || return
    if ! python3 "$tmp/check.py" "$mode" "$f" "$@" >"$tmp/py" 2>&1; then
        fail "$what: $name:"
        sed 's/^/    /' "$tmp/py" | head -12
    fi
}

# ---- the four kinds of picture ----
nrun -e 'plot sigmoid, relu from -6 to 6 > act.svg'
status "plot sigmoid, relu > act.svg" 0
grep -q "act.svg" "$tmp/out" || fail "plot > act.svg: no 'wrote act.svg' message"
svg_ok "plot sigmoid, relu" act.svg act

units='n1(x) = Relu(-5x - 7.7)
n2(x) = Relu(-1.2x - 1.3)
n3(x) = Relu(1.2x + 1)
n4(x) = Relu(1.2x - .2)
n5(x) = Relu(2x - 1.1)
n6(x) = Relu(5x - 5)
Z(x) = -n1(x) - n2(x) - n3(x) + n4(x) + n5(x) + n6(x)'
printf '%s\n' "$units" >"$d/units.neuron"
nrun -e 'run units.neuron' -e 'plot Z, x^3 + x^2 - x - 1 from -2 to 1.5 > z.svg'
status "plot Z, target > z.svg" 0
svg_ok "plot Z, target" z.svg z
nrun -e 'run units.neuron' -e 'plot Z from -2 to 1.5 units > units.svg'
status "plot Z units > units.svg" 0
svg_ok "plot Z units" units.svg units

nrun -e 'data blobs 40; train 20' -e 'expect errors = 0' \
    -e 'boundary > boundary.svg' -e 'plot loss > loss.svg' -e 'epochs'
status "data blobs 40; train 20; boundary > FILE; plot loss > FILE" 0
svg_ok "boundary" boundary.svg boundary 40
epochs=$(tail -1 "$tmp/out")
case $epochs in
'' | *[!0-9]*) fail "plot loss: 'epochs' printed '$epochs'" ;;
*) svg_ok "plot loss" loss.svg loss "$epochs" ;;
esac

# show network > FILE: a 2-2-1 network as a diagram, every number on it
# one `show network` prints; a large one as boxes
nrun -e 'data xor; network 2 2 tanh 1 sigmoid; loss bce; rate 0.5' \
    -e 'train 300' -e 'show network' -e 'show network > net.svg'
status "show network > net.svg" 0
grep -q "net.svg" "$tmp/out" || fail "show network > net.svg: no 'wrote' message"
sed -n 's/^ *unit [0-9]* *//p' "$tmp/out" | tr -d '│' >"$tmp/numbers"
svg_ok "show network, 2-2-1" net.svg network 5 6 "$tmp/numbers"
nrun -e 'network 784 128 sigmoid 10' -e 'show network > big.svg'
status "show network > big.svg" 0
svg_ok "show network, 784-128-10" big.svg boxes 2 "784 inputs" \
    "128 sigmoid" "10 softmax" "100,480 parameters"
nrun -e 'show network > none.svg'
status "show network > none.svg, no network" 1
err_has "show network, no network" "no network yet"
[ -e "$d/none.svg" ] && fail "show network, no network: none.svg was written"

# every picture as SVG (issue 13): an image, the neuron's weights, a
# network's unit, a prediction's digit and bars, softmax's bars
printf 'image dot 3x3\n...\n.#.\n...\nend\nimage show dot > dot.svg\n' >"$d/pictures.neuron"
nrun pictures.neuron -e 'inputs 1 1 1 1; weights 1 -1 1 -1' \
    -e 'show weights > w.svg' -e 'softmax 1 2 3 > soft.svg' \
    -e 'data mnist' -e 'network 784 16 relu 10' -e 'show unit 1 > unit.svg' \
    -e 'predict sample 3 > pred.svg'
status "pictures > FILE.svg" 0
svg_ok "image show > dot.svg" dot.svg picture 2
svg_ok "show weights > w.svg" w.svg picture 4
svg_ok "softmax > soft.svg" soft.svg picture 3 p1 p2 p3
svg_ok "show unit 1 > unit.svg" unit.svg picture 784
svg_ok "predict sample > pred.svg (the digit)" pred.svg picture 50
svg_ok "predict sample > pred-2.svg (the bars)" pred-2.svg picture 10 0 9
nrun -e 'inputs 1 0 1; weights 0.5 -0.2 0.8; bias -0.3' -e 'show > neuron.svg'
status "show > neuron.svg" 0
svg_ok "show > neuron.svg" neuron.svg picture 2 "x1 = 1" "w2 = -0.2" \
    "b = -0.3" "z = 1" "a = 0.7311" sigmoid
nrun -e 'inputs 1 -1; weights 2 1' -e 'fire --plot > fire.svg'
status "fire --plot > fire.svg" 0
svg_ok "fire --plot > fire.svg" fire.svg picture 1 "z = 1, a = 0.7311" sigmoid
nrun -e 'inputs 1; weights 1' -e 'fire > nofire.svg'
status "fire > nofire.svg (no picture)" 1
err_has "fire > nofire.svg" "drew no picture"
[ -e "$d/nofire.svg" ] && fail "fire > nofire.svg: a file was written"
nrun -e 'show biology > biology.svg'
status "show biology > biology.svg" 0
svg_ok "show biology > biology.svg" biology.svg picture 2 "dendrites, with synapses" \
    "cell body" axon "inputs x" "synapses: weights w" "f(z)"
nrun -e 'show biology'
grep -q 'dendrites' "$tmp/out" || fail "show biology: no text picture"

# evaluate > FILE: the confusion matrix, the counts evaluate prints
nrun -e 'data and' -e 'train 2' -e 'evaluate > and-conf.svg'
status "evaluate > and-conf.svg (a neuron)" 0
sed -n 's/^ *actual [01] *//p' "$tmp/out" >"$tmp/counts"
svg_ok "evaluate > and-conf.svg" and-conf.svg confusion 2 "$tmp/counts" 0 1
cp "$(dirname "$0")/../../examples/flowers.csv" "$d/"
nrun -e "data load flowers.csv" \
    -e 'network 2 8 tanh 3 softmax; loss ce' -e 'train 3' \
    -e 'evaluate > conf.svg'
status "evaluate > conf.svg (a network, named classes)" 0
sed -n '/^rows:/,$p' "$tmp/out" | sed '1,2d' | grep -v '^wrote ' |
    awk '{ $1 = ""; print }' >"$tmp/counts"
svg_ok "evaluate > conf.svg" conf.svg confusion 3 "$tmp/counts" versicolor \
    setosa virginica
nrun -e 'data mnist' -e 'network 784 16 relu 10' -e 'mistakes 2 > miss.svg'
status "mistakes 2 > miss.svg" 0
svg_ok "mistakes 2 > miss.svg" miss.svg picture 50
svg_ok "mistakes 2 > miss-2.svg" miss-2.svg picture 50

nrun -e 'image show nosuch > none.svg'
status "image show nosuch > none.svg" 1
[ -e "$d/none.svg" ] && fail "image show nosuch: none.svg was written"

# an existing file is replaced by a successful write
printf 'old contents\n' >"$d/act.svg"
nrun -e 'plot tanh > act.svg'
status "plot over an existing file" 0
head -c 5 "$d/act.svg" | grep -q '<' || fail "plot over an existing file: not replaced"
no_tmp_left "plot over an existing file" "$d"

# ---- rendered by a browser ----
if ! command -v chromium >/dev/null 2>&1; then
    echo "svg.sh: skipped: chromium not installed"
elif [ -n "$VG" ]; then
    echo "svg.sh: skipped the Chromium rendering under valgrind"
else
    nrun -e 'plot sigmoid, relu from -6 to 6 > act.svg'   # again: tanh above
    # every kind of picture neuron draws, each checked for its colours
    # or, for pictures without lines, for ink on the page
    for f in act z units boundary loss net big dot w soft unit pred pred-2 \
             neuron fire biology and-conf conf miss; do
        [ -s "$d/$f.svg" ] || { fail "chromium: $f.svg was not written"; continue; }
        prof=$(mktemp -d "$tmp/chromium.XXXXXX")
        timeout -k 5 60 chromium --headless --no-sandbox --disable-gpu \
            --disable-background-networking --disable-component-update \
            --disable-sync --no-first-run --disable-quic \
            --user-data-dir="$prof" --screenshot="$tmp/$f.png" \
            --window-size=760,500 "file://$d/$f.svg" \
            </dev/null >"$tmp/chromium.log" 2>&1
        crc=$?
        rm -rf "$prof"
        if [ ! -s "$tmp/$f.png" ]; then
            fail "chromium $f.svg: no screenshot (status $crc)"
            grep -v dbus "$tmp/chromium.log" | tail -5 | sed 's/^/    /'
            continue
        fi
        if [ "$have_py" = yes ]; then
            cols=$(python3 "$tmp/check.py" colours "$d/$f.svg" 2>/dev/null)
            if ! python3 "$tmp/check.py" png "$tmp/$f.png" $cols \
                    >"$tmp/py" 2>&1; then
                fail "chromium $f.svg: the screenshot:"
                sed 's/^/    /' "$tmp/py" | head -8
            fi
        fi
    done
fi
if [ -n "${SVG_SHOTS:-}" ]; then
    mkdir -p "$SVG_SHOTS" && cp "$d"/*.svg "$tmp"/*.png "$SVG_SHOTS"/ 2>/dev/null
fi

# ---- failures: a clear message, status 1, nothing left behind ----
# checklist: G1 G2 G3
nrun -e 'plot sigmoid > /nonexistent/x.svg'
status "plot > /nonexistent/x.svg" 1
err_has "plot > /nonexistent/x.svg" "/nonexistent/x.svg"
err_has "plot > /nonexistent/x.svg" "No such file or directory"
[ -e /nonexistent ] && fail "plot > /nonexistent/x.svg: /nonexistent exists now"
no_tmp_left "plot > /nonexistent/x.svg" "$d"

nrun -e 'data blobs 20' -e 'boundary > /nonexistent/b.svg'
status "boundary > /nonexistent/b.svg" 1
err_has "boundary > /nonexistent/b.svg" "No such file or directory"

mkdir "$d/adir"
nrun -e 'plot sigmoid > adir'
status "plot > a directory" 1
err_has "plot > a directory" "adir"
[ -d "$d/adir" ] || fail "plot > a directory: the directory is gone"
no_tmp_left "plot > a directory" "$d"

nrun -e 'plot sigmoid >'
status "plot > with no file name" 1
err_has "plot > with no file name" "file name"

# a write that fails half-way (EFBIG) leaves the old file as it was
printf 'the old plot\n' >"$d/old.svg"
cp "$d/old.svg" "$tmp/old.copy"
(
    ulimit -f 4
    trap '' XFSZ
    cd "$d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        -e 'plot sigmoid, relu, tanh, softplus > old.svg' \
        </dev/null >"$tmp/out" 2>"$tmp/err"
)
rc=$?
status "plot > old.svg, File too large" 1
err_has "plot > old.svg, File too large" "old.svg"
err_has "plot > old.svg, File too large" "File too large"
cmp -s "$d/old.svg" "$tmp/old.copy" ||
    fail "plot > old.svg, File too large: the old file was changed"
no_tmp_left "plot > old.svg, File too large" "$d"
(
    ulimit -f 4
    trap '' XFSZ
    cd "$d" && LC_ALL=C timeout "$T" $VG "$NEURON" --color=never \
        -e 'data blobs 200; train 5; boundary > new.svg' \
        </dev/null >/dev/null 2>"$tmp/err"
)
rc=$?
status "boundary > new.svg, File too large" 1
err_has "boundary > new.svg, File too large" "File too large"
[ -e "$d/new.svg" ] && fail "boundary > new.svg, File too large: a partial new.svg was left"
no_tmp_left "boundary > new.svg, File too large" "$d"

if [ "$fails" -eq 0 ]; then
    echo "svg.sh: all passed"
fi
[ "$fails" -eq 0 ]
