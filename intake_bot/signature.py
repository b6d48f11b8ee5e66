"""Is the final score sheet signed by the chief referee (裁判长)?

For each page image: find where the table ends (the last long horizontal rule with column borders
standing on it), OCR the band below it, find the 裁判长 label, and measure how wide the handwriting is
between the label and the next label on its line. Handwriting a character wide is a signature; an
empty space, dust or a ruled line to sign on is not. True when any page is signed, False when the
line is missing or blank on every page, None when nothing could be read.
"""
from __future__ import annotations

import functools
import re

from parsers import ocr

SIGNER = "裁判长"           # whose signature, unless the campaign names another (Material.signature)
INK_LEVEL = 120           # grey value below which a pixel is ink
MIN_WRITTEN = 0.8         # handwriting at least this many character widths wide is a signature
SPECK = 0.3               # ink shapes smaller than this share of a character are dust or punctuation
RULE_HEIGHT = 0.4         # a shape this flat (share of a character) and two characters long is a ruled line
LABEL_TAIL = r"[\s·.]*(?:[(（]?[\s·.]*签[字名章][\s·.]*[)）]?)?[\s·.]*[:：]?"    # （签字）： after the signer


def _spaced(signer: str) -> str:
    """The signer's title as OCR may read it: letters spaced out (裁 判 长) or not."""
    return r"\s*".join(map(re.escape, signer))
NEXT_LABEL = re.compile(r"签字|签名|监督|记分|计分|日期|审核|核分|仲裁|制表|[:：]\s*$")


def _longest_run(row) -> int:
    import numpy as np
    padded = np.concatenate(([0], row.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max()) if len(edges) else 0


def table_bottom(gray) -> int | None:
    """Row index just under the last long horizontal rule. A rotated scan spreads a rule over
    several rows, so rows are pooled in taller bands, where a rule is one long unbroken run of ink
    (pooled text is not: it has gaps)."""
    dark = gray < 140
    h, w = dark.shape
    for k in (6, 16, 40):
        hh = h // k * k
        if hh == 0:
            return None
        blocks = dark[:hh].reshape(hh // k, k, w).any(axis=1)
        if k == 6:
            rows = (blocks.mean(axis=1) > 0.45).nonzero()[0]
        else:
            rows = [i for i in (blocks.mean(axis=1) > 0.45).nonzero()[0] if _longest_run(blocks[i]) > 0.5 * w]
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


def written_width(gray, x0: int, y0: int, x1: int, y1: int, char: float) -> float:
    """How wide the handwriting in a box is, in pixels: the columns covered by ink strokes, leaving out
    specks (dust, a colon) and ruled lines (a blank line to sign on, drawn or printed, slightly
    rotated). A stroke that crosses the line joins it into one shape, and counts."""
    import cv2
    import numpy as np
    region = gray[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    if region.size == 0:
        return 0.0
    ink = (region < INK_LEVEL).astype(np.uint8)
    count, labels, stats, _centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    covered = np.zeros(region.shape[1], dtype=bool)
    for index, (x, y, w, h, _area) in enumerate(stats[1:count], 1):
        if max(w, h) < SPECK * char:
            continue
        if h <= RULE_HEIGHT * char and w >= 2 * char and _straight(labels[y:y + h, x:x + w] == index):
            continue
        covered[x:x + w] = True
    return float(covered.sum())


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
    """(grey band under the table, OCR lines of it): where signature lines are. Kept for the last
    pages asked about: the classifier reads the footer, then the signature check looks at its ink."""
    gray = ocr.gray(image_bytes)
    h, _w = gray.shape
    start = table_bottom(gray)
    if start is None:
        start = 0                           # no rule found: read the whole page
    elif start > h - 40:
        start = int(h * 0.55)
    band = gray[start:h]
    return band, ocr.lines(band)


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


def _label_end(box: tuple, char_w: float, signer: str = SIGNER) -> float:
    """Where the 裁判长 label ends: the box's right edge, unless the box is far wider than its label's
    text (OCR read the label and the signature after it as one box); then from the label's length."""
    text, bx0, _by0, bx1, _by1 = box
    match = re.search(_spaced(signer) + LABEL_TAIL, text)
    expected = _width_units(text[:match.end()] if match else text) * char_w
    return bx1 if bx1 - bx0 <= 1.25 * expected else bx0 + 1.1 * expected


def page_signed(image_bytes: bytes, signer: str = SIGNER) -> bool | None:
    """True / False for a page with the signer's label; None when the page has no such label."""
    band, found = footer(image_bytes)
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
    label_end = _label_end(box, _char_width(found, 0.85 * char), signer)
    right = [b for b in found if b is not box and b[1] > label_end + 5 and abs((b[2] + b[4]) / 2 - mid) < height
             and NEXT_LABEL.search(b[0])]
    end = min([b[1] for b in right], default=min(w, label_end + 0.35 * w)) - 5
    written = written_width(band, int(label_end + 3), int(mid - height), int(end), int(mid + height), char)
    return written >= MIN_WRITTEN * char


def sheet_signed(pages: list[bytes], signer: str = SIGNER) -> bool | None:
    results = []
    for page in reversed(pages):
        try:
            value = page_signed(page, signer)
        except Exception:
            continue
        if value:
            return True
        results.append(value)
    if not results:
        return None
    return False
