"""Is the final score sheet signed by the chief referee (裁判长)?

For each page image: find where the table ends (the last long horizontal rule), OCR the band
below it, find the 裁判长 label, and measure the ink between the label and the next label on its
line. Ink is a signature; an empty or underlined space is not. True when any page is signed,
False when the line is missing or blank on every page, None when nothing could be read.
"""
from __future__ import annotations

import re

from parsers import ocr

LABEL = re.compile(r"裁判长")
INK_LEVEL = 120           # grey value below which a pixel is ink
MIN_INK = 0.012           # share of ink pixels in the signature box that means "signed"


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
            return int((rows[-1] + 1) * k)
    return None


def ink_share(gray, x0: int, y0: int, x1: int, y1: int) -> float:
    region = gray[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    if region.size == 0:
        return 0.0
    ink = region < INK_LEVEL
    lines = ink.mean(axis=1) > 0.5          # drop ruled underlines: a blank line is not a signature
    ink[lines] = False
    return float(ink.mean())


def _label_box(found: list[tuple]):
    """The 裁判长 label's box; when OCR lost it under the ink, inferred from its neighbours
    (the row of the 监督员 label, the column of the 记分员 label)."""
    for box in found:
        if LABEL.search(box[0]):
            return box
    supervisor = next((b for b in found if "监督" in b[0]), None)
    scorer = next((b for b in found if "记分" in b[0] or "计分" in b[0]), None)
    if supervisor and scorer and scorer[2] > supervisor[2]:
        height = supervisor[4] - supervisor[2]
        return ("裁判长(virtual)", scorer[1], supervisor[2], scorer[1] + 5.2 * height, supervisor[4])
    return None


def footer(image_bytes: bytes):
    """(grey band under the table, OCR lines of it): where signature lines are."""
    gray = ocr.gray(image_bytes)
    h, _w = gray.shape
    start = table_bottom(gray)
    if start is None:
        start = 0                           # no rule found: read the whole page
    elif start > h - 40:
        start = int(h * 0.55)
    band = gray[start:h]
    return band, ocr.lines(ocr.png(band))


def footer_text(image_bytes: bytes) -> str:
    return ocr.text_of(footer(image_bytes)[1])


def page_signed(image_bytes: bytes) -> bool | None:
    """True / False for a page with a 裁判长 label; None when the page has no such label."""
    band, found = footer(image_bytes)
    h, w = band.shape
    box = _label_box(found)
    if box is None:
        return None
    text, bx0, by0, bx1, by1 = box
    heights = sorted(b[4] - b[2] for b in found) or [by1 - by0]
    char = heights[len(heights) // 2]
    height = min(by1 - by0, char * 1.5)
    mid = (by0 + by1) / 2
    label_end = min(bx1, bx0 + 6.8 * char)            # OCR may read label and signature as one box
    right = [b for b in found if b[1] > label_end + 5 and abs((b[2] + b[4]) / 2 - mid) < height
             and re.search(r"签字|监督|记分|日期|审核", b[0])]
    end = min([b[1] for b in right], default=min(w, label_end + 0.35 * w)) - 5
    share = ink_share(band, int(label_end + 3), int(mid - height), int(end), int(mid + height))
    return share >= MIN_INK


def sheet_signed(pages: list[bytes]) -> bool | None:
    results = []
    for page in reversed(pages):
        try:
            value = page_signed(page)
        except Exception:
            continue
        if value:
            return True
        results.append(value)
    if not results:
        return None
    return False
