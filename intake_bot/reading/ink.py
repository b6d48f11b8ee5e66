"""The ink on a scanned signed sheet, as a clerk sees it: where the table ends (its last long rule), the
seals stamped on the page, and how much handwriting a signer's zone holds (not dust, not a ruled line to
sign on, not the print of a label). Used by intake_bot.reading.signature, which finds the zone."""
from __future__ import annotations

from dataclasses import dataclass

INK_LEVEL = 120           # grey value below which a pixel is ink
MIN_WRITTEN = 0.8         # handwriting at least this many character widths wide is a signature
SOME_INK = 0.3            # less than this is nothing; between this and MIN_WRITTEN a mark too small to call
SPECK = 0.3               # ink shapes smaller than this share of a character are dust or punctuation
RULE_HEIGHT = 0.4         # a shape this flat (share of a character) and two characters long is a ruled line
THIN_RULE = 0.1           # ... or this thin (a printed line, thinner than a pen's stroke) at any length


@dataclass(frozen=True)
class Zone:
    """Where the signer signs on a footer band: columns start..end, rows top..bottom around the label's
    middle; char is the height of a line of print (the unit of every size)."""
    start: float
    end: float
    top: float
    bottom: float
    char: float
    inferred: bool = False


def _longest_run(row) -> int:
    import numpy as np
    padded = np.concatenate(([0], row.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max()) if len(edges) else 0


RULE_PIECE = 0.3       # a table's rule has an unbroken piece this share of the page wide
DESK = 0.15            # share of a pooled row that is dark all the way to the image's edge: the desk, no rule


def table_bottom(gray) -> int | None:
    """Row index just under the last long horizontal rule. A rotated scan spreads a rule over
    several rows, so rows are pooled in taller bands, where a rule is one long unbroken run of ink
    (pooled text is not: it has gaps; nor are three signer lines side by side, signed across)."""
    dark = gray < 140
    h, w = dark.shape
    for k in (6, 16, 40):
        hh = h // k * k
        if hh == 0:
            return None
        blocks = dark[:hh].reshape(hh // k, k, w).any(axis=1)
        if k == 6:                      # a rule has a long piece; a line of labels with a line to sign on after
            rows = [i for i in (blocks.mean(axis=1) > 0.45).nonzero()[0]        # each, signed across, is pieces
                    if _longest_run(blocks[i]) > RULE_PIECE * w]
        else:
            rows = [i for i in (blocks.mean(axis=1) > 0.45).nonzero()[0] if _longest_run(blocks[i]) > 0.5 * w]
        # not the desk around a photographed page: dark from the row to the image's top or bottom edge (a
        # wedge when the page was straightened, of any height); a table's rule has paper on both sides
        shade = blocks.mean(axis=1)
        rows = [i for i in rows if not (shade[i:] >= DESK).all() and not (shade[:i + 1] >= DESK).all()]
        if len(rows):
            closing = [r for r in rows if _closes_table(dark, int(r * k))]
            return int(((closing or rows)[-1] + 1) * k)
    return None


def _closes_table(dark, top: int) -> bool:
    """A rule with column borders standing on it closes a table; a rule with none is a line to sign on
    (签字人：＿＿＿＿) or a rule under a title, and the footer starts above it. A table drawn without
    column borders has no such rule at all, and then the last long rule is taken."""
    reach = 24
    if top < reach:
        return False
    import numpy as np
    above = dark[top - reach:top]
    pooled = above[:, :-3] | above[:, 1:-2] | above[:, 2:-1] | above[:, 3:]
    borders = pooled.all(axis=0)             # four columns pooled: a border drifts in a tilted scan or photo
    edges = np.flatnonzero(np.diff(np.concatenate(([0], borders.astype(np.int8), [0]))))
    widths = edges[1::2] - edges[::2]
    return int((widths <= 12).sum()) >= 2        # thin: a dark margin beside a photographed page is no border


def seals(gray, char: float) -> list[tuple[float, float, float]]:
    """Round seals on a grey band, as (x, y, radius): rings two to twelve lines of print across whose
    circle is inked most of the way round (a loop of handwriting is not)."""
    import cv2
    import numpy as np
    if min(gray.shape) < 2 * char:
        return []
    found = cv2.HoughCircles(cv2.medianBlur(np.ascontiguousarray(gray), 3), cv2.HOUGH_GRADIENT, dp=1.5,
                             minDist=3 * char, param1=120, param2=60, minRadius=int(1.2 * char),
                             maxRadius=int(6 * char))
    if found is None:
        return []
    ink = gray < INK_LEVEL + 60                  # a seal's ink is lighter than print
    height, width = ink.shape
    out = []
    for x, y, r in found[0]:
        seen = inked = 0
        for a in np.linspace(0, 2 * np.pi, 96, endpoint=False):
            near = [(int(round(y + (r + d) * np.sin(a))), int(round(x + (r + d) * np.cos(a)))) for d in (-5, -2, 0, 2, 5)]
            near = [(i, j) for i, j in near if 0 <= i < height and 0 <= j < width]
            seen += bool(near)
            inked += any(ink[i, j] for i, j in near)
        if seen >= 40 and inked >= 0.6 * seen:   # most of the ring in view (a band's edge may cut it), inked
            out.append((float(x), float(y), float(r)))
    return out


def written_width(gray, zone: Zone) -> tuple[float, bool]:
    """How wide the handwriting that belongs to the zone is, in pixels, and whether a seal lies where
    the signer signs. Ink shapes are taken whole from a band taller than the zone: a shape belongs to
    it when it starts inside the zone and its middle lies on the label's line, and counts over the
    zone's columns. Left out: specks (dust, a colon), ruled lines (a blank line to sign on, drawn or
    printed, slightly rotated; a stroke that crosses the line joins it into one shape, and counts), and
    the ink inside a seal's ring (a grey seal over the next label reaches back into the zone)."""
    import cv2
    import numpy as np
    char = zone.char
    reach = zone.bottom - zone.top
    y0, y1 = max(0, int(zone.top - reach)), max(0, int(zone.bottom + reach))
    x0, x1 = max(0, int(zone.start)), max(0, int(zone.end))
    right = min(gray.shape[1], int(zone.end + 8 * char))     # wide enough to see a seal's ring whole
    region = gray[y0:y1, x0:right]
    if region.size == 0 or x1 <= x0:
        return 0.0, False
    ink = (region < INK_LEVEL).astype(np.uint8)
    sealed = False
    for sx, sy, radius in seals(region, char):
        yy, xx = np.ogrid[:ink.shape[0], :ink.shape[1]]
        ink[(xx - sx) ** 2 + (yy - sy) ** 2 <= (1.12 * radius + 4) ** 2] = 0      # the ring drawn wide
        sealed |= sx - radius < 4 * char             # over the place right after the label
    count, labels, stats, _centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    covered = np.zeros(ink.shape[1], dtype=bool)
    top, bottom = zone.top - y0, zone.bottom - y0
    for index, (x, y, w, h, _area) in enumerate(stats[1:count], 1):
        if x >= x1 - x0 or not top <= y + h / 2 <= bottom:
            continue                             # starts past the zone, or sits on another line
        if max(w, h) < SPECK * char:
            continue
        if h <= RULE_HEIGHT * char and (w >= 2 * char or h <= THIN_RULE * char) and _straight(labels[y:y + h, x:x + w] == index):
            continue
        covered[x:x + w] = True
    return float(covered[:x1 - x0].sum()), sealed


def _straight(shape) -> bool:
    """A ruled line: the middle of its ink in each column lies on one straight line (within a pixel
    and a half; a scan's tilt makes it slope). A flat scribble wanders off it."""
    import numpy as np
    rows = np.arange(shape.shape[0])[:, None]
    counts = shape.sum(axis=0)
    columns = np.flatnonzero(counts)
    if len(columns) < 3:
        return True
    middles = (shape[:, columns] * rows).sum(axis=0) / counts[columns]
    slope, offset = np.polyfit(columns, middles, 1)
    return float(np.abs(middles - (slope * columns + offset)).max()) <= 1.5


