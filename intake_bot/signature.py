"""Is the final score sheet signed by the chief referee (裁判长)?

For each page image (upright: parsers.ocr turns it): find where the table ends (the last long
horizontal rule with column borders standing on it), OCR the band below it, find the signer's label
and judge the zone that belongs to it: from where the label's print ends (where the recogniser placed
its last character) to the next label on its line (or a label column of the lines below, or the line's
end). Handwriting a character wide that starts in the zone is a signature, also when it runs on into
the next label; an empty space, dust, a ruled line to sign on, another role's signature on the line
below and a seal stamped over another label are not. A red seal is taken off a colour page before
anything is read.

A page's verdict says whether the line is signed and, when it reads unsigned, whether that reading
is certain: a label inferred from its neighbours, a seal over the zone or a mark too small to call
are doubts, and a doubtful "unsigned" goes to staff, not to the sender.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from parsers import ocr

SIGNER = "裁判长"           # whose signature, unless the campaign names another (Material.signature)
INK_LEVEL = 120           # grey value below which a pixel is ink
MIN_WRITTEN = 0.8         # handwriting at least this many character widths wide is a signature
SOME_INK = 0.3            # less than this is nothing; between this and MIN_WRITTEN a mark too small to call
SPECK = 0.3               # ink shapes smaller than this share of a character are dust or punctuation
RULE_HEIGHT = 0.4         # a shape this flat (share of a character) and two characters long is a ruled line
THIN_RULE = 0.1           # ... or this thin (a printed line, thinner than a pen's stroke) at any length
LABEL_TAIL = r"[\s·.]*(?:[(（]?[\s·.]*签[字名章][\s·.]*[)）]?)?[\s·.]*[:：]?"    # （签字）： after the signer
FOOTER_BOX_THRESH = 0.4   # a line of print with a scribble run through it is less surely text as a whole
NEXT_LABEL = re.compile(r"签字|签名|监督|记分|计分|日期|审核|核分|仲裁|制表|[\u4e00-\u9fff)）][:：]|[:：]\s*$")     # a word and a colon: a label
PRINT = re.compile(r"[\u4e00-\u9fff()（）:：]")       # what a printed label is made of

INFERRED = "签字栏的位置由相邻栏推断"
SEALED = "签字处盖有印章"
SMALL_MARK = "签字处只有很小的笔迹"


@dataclass(frozen=True)
class Verdict:
    """The signer's line on a sheet: signed True/False, None when no page has the line; `doubt` says
    (for staff) why an unsigned reading is not certain."""
    signed: bool | None
    doubt: str = ""


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


def _spaced(signer: str) -> str:
    """The signer's title as OCR may read it: letters spaced out (裁 判 长) or not."""
    return r"\s*".join(map(re.escape, signer))


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
    (裁判长：＿＿＿＿) or a rule under a title, and the footer starts above it. A table drawn without
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


def _label_box(found: list[tuple], signer: str = SIGNER):
    """The signer's label box; when OCR lost the chief referee's label under the ink, inferred from its
    neighbours on the usual sheet (the row of the 监督员 label, the column of the 记分员 label)."""
    label = re.compile(_spaced(signer))
    for box in found:
        if label.search(box[0]):
            return box
    supervisor = next((b for b in found if "监督" in b[0]), None)
    scorer = next((b for b in found if "记分" in b[0] or "计分" in b[0]), None)
    if signer == SIGNER and supervisor and scorer and scorer[2] > supervisor[2]:
        height = supervisor[4] - supervisor[2]
        return ("裁判长(virtual)", scorer[1], supervisor[2], scorer[1] + 5.2 * height, supervisor[4])
    return None


@functools.lru_cache(maxsize=2)
def footer(image_bytes: bytes):
    """(grey band under the table, OCR lines of it): where signature lines are, with any red seal taken
    off. Kept for the last pages asked about: the classifier reads the footer, then the signature
    check looks at its ink."""
    gray = ocr.gray(image_bytes, without_red=True)
    h, _w = gray.shape
    start = table_bottom(gray)
    if start is None:
        start = 0                           # no rule found: read the whole page
    elif start > h - 40:
        start = int(h * 0.55)
    band = gray[start:h]
    return band, ocr.lines(band, box_thresh=FOOTER_BOX_THRESH)


def footer_text(image_bytes: bytes) -> str:
    return ocr.text_of(footer(image_bytes)[1])


def _char_width(found: list[tuple], fallback: float) -> float:
    """The width of one printed character: the narrowest over boxes of a few characters (a box read
    together with a signature is wider than its text; none is narrower)."""
    widths = [(b[3] - b[1]) / units for b in found if (units := _width_units(b[0])) >= 3]
    return min(widths, default=fallback)


def _width_units(text: str) -> float:
    """Printed width in characters: Chinese characters and (full-width) punctuation one each, Latin
    letters and digits half (OCR returns the punctuation in its ASCII form)."""
    return sum(0.5 if ch.isascii() and ch.isalnum() else 1.0 for ch in text if not ch.isspace())


def _box_characters(band, box: tuple) -> list[tuple[str, float]]:
    """The characters the recogniser reads in a box, with their middles in band columns."""
    _text, x0, y0, x1, y1 = box
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    try:
        return [(ch, x0 + x) for ch, x in ocr.characters(band[y0:int(y1) + 1, x0:int(x1) + 1]) if not ch.isspace()]
    except Exception:
        return []


def _advance(placed: list[tuple[str, float]], fallback: float) -> float:
    """From one character's middle to the next along a printed label."""
    if len(placed) < 2:
        return fallback
    return min((placed[-1][1] - placed[0][1]) / (len(placed) - 1), 1.3 * fallback)


def _label_start_at(placed: list[tuple[str, float]], adv: float) -> float | None:
    """Where the first label among placed characters starts: the print before a label word (监督, 记分,
    a colon, ...) going back to where handwriting (characters that are not print) or a gap ends it."""
    text = "".join(ch for ch, _x in placed)
    match = NEXT_LABEL.search(text)
    if not match:
        return None
    first = match.start()
    while first > 0 and PRINT.match(text[first - 1]) and placed[first][1] - placed[first - 1][1] <= 1.8 * adv:
        first -= 1
    return placed[first][1] - 0.5 * adv


def _label_end(band, box: tuple, char_w: float, signer: str = SIGNER) -> tuple[float, float | None]:
    """(where the signer's label ends, where a next label read in the same box starts, or None).
    From where the recogniser placed the characters: half a character past the middle of the label's
    last one (a box read together with the signature after it is wider than the label). Else the box's
    right edge, or its text's printed length when the box is far wider than that."""
    text, bx0, _by0, bx1, _by1 = box
    placed = _box_characters(band, box)
    match = re.search(_spaced(signer) + LABEL_TAIL, "".join(ch for ch, _x in placed))
    if match and match.end() > match.start():
        label = placed[match.start():match.end()]
        adv = _advance(label, char_w)
        return min(bx1, label[-1][1] + 0.5 * adv), _label_start_at(placed[match.end():], adv)
    match = re.search(_spaced(signer) + LABEL_TAIL, text)
    expected = _width_units(text[:match.end()] if match else text) * char_w
    return (bx1 if bx1 - bx0 <= 1.25 * expected else bx0 + 1.1 * expected), None


def _label_start(band, box: tuple, char_w: float) -> float:
    """Where the print of a label box starts. A box far wider than its text holds handwriting run on
    into it from the left: the label then starts where the recogniser placed its first printed word."""
    text, bx0, _by0, bx1, _by1 = box
    if bx1 - bx0 <= 1.25 * _width_units(text) * char_w:
        return bx0
    placed = _box_characters(band, box)
    start = _label_start_at(placed, _advance(placed, char_w)) if placed else None
    return bx0 if start is None else max(bx0, start)


def signer_zone(band, found: list[tuple], signer: str = SIGNER) -> Zone | None:
    """The zone that belongs to the signer's label on a footer band; None when there is no label. It
    ends at the next label on the line (read in the label's own box when the handwriting joined them),
    else at a label column of the lines below (the next label lost under a seal), else a third of the
    band's width on."""
    h, w = band.shape
    box = _label_box(found, signer)
    if box is None:
        return None
    text, bx0, by0, bx1, by1 = box
    # the height of a line of print: the lowest box of a few characters (ink written into a box only
    # makes it taller; a label read together with its signature is one tall box; a box cut by the
    # band's top edge does not count)
    char = min((b[4] - b[2] for b in found if len(b[0].strip()) >= 2 and b[2] > 1), default=by1 - by0)
    height = min(by1 - by0, char * 1.5)
    mid = (by0 + by1) / 2
    char_w = _char_width(found, 0.85 * char)
    start, inner = _label_end(band, box, char_w, signer)
    labels = [b for b in found if b is not box and b[3] > start + char_w and NEXT_LABEL.search(b[0])]
    beside = [b for b in labels if abs((b[2] + b[4]) / 2 - mid) < height]
    ends = [_label_start(band, b, char_w) for b in beside] + ([inner] if inner is not None else [])
    if not ends:                        # the next label lost (under a seal): the label columns below
        ends = [b[1] for b in labels if b[1] > start + 2 * char_w and b[2] > by1]
    end = min([e for e in ends if e > start + char_w], default=min(w, start + 0.35 * w)) - 5
    return Zone(start + 3, end, mid - height, mid + height, char, inferred=text.endswith("(virtual)"))


def page_verdict(image_bytes: bytes, signer: str = SIGNER) -> Verdict | None:
    """The verdict on a page with the signer's label; None when the page has no such label."""
    band, found = footer(image_bytes)
    zone = signer_zone(band, found, signer)
    if zone is None:
        return None
    written, sealed = written_width(band, zone)
    if written >= MIN_WRITTEN * zone.char:
        return Verdict(True)
    doubts = [INFERRED] * zone.inferred + [SEALED] * sealed + [SMALL_MARK] * (written >= SOME_INK * zone.char)
    return Verdict(False, "；".join(doubts))


def sheet_verdict(pages: list[bytes], signer: str = SIGNER) -> Verdict:
    """Signed when any page is; unsigned when the line is blank (doubtful when a blank reading is) or
    missing on every page; None when no page could be read."""
    verdicts = []
    for page in reversed(pages):
        try:
            verdict = page_verdict(page, signer) or Verdict(False)
        except Exception:
            continue
        if verdict.signed:
            return verdict
        verdicts.append(verdict)
    if not verdicts:
        return Verdict(None)
    return Verdict(False, "；".join(dict.fromkeys(v.doubt for v in verdicts if v.doubt)))


def sheet_signed(pages: list[bytes], signer: str = SIGNER) -> bool | None:
    return sheet_verdict(pages, signer).signed
