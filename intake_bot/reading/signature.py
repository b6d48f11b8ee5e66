"""Is a signed sheet signed by its signer (the campaign names whose: Material.signature)?

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

from .ink import MIN_WRITTEN, SOME_INK, Zone, table_bottom, written_width  # noqa: F401  (Zone: the zone found)

LABEL_TAIL = r"[\s·.]*(?:[(（]?[\s·.]*签[字名章][\s·.]*[)）]?)?[\s·.]*[:：]?"    # （签字）： after the signer
FOOTER_BOX_THRESH = 0.4   # a line of print with a scribble run through it is less surely text as a whole
LABEL_WORDS = r"签字|签名|日期|审核|核分|制表|[\u4e00-\u9fff)）][:：]|[:：]\s*$"     # a word and a colon: a label
PRINT = re.compile(r"[\u4e00-\u9fff()（）:：]")       # what a printed label is made of

INFERRED = "签字栏的位置由相邻栏推断"
SEALED = "签字处盖有印章"
SMALL_MARK = "签字处只有很小的笔迹"


@dataclass(frozen=True)
class Signer:
    """Whose line is looked for, and the sheet's other signature lines, in the campaign's words."""
    title: str                              # the signer's label
    labels: tuple[str, ...] = ()            # the other lines' label words: where the signer's zone ends
    beside: str = ""                        # a label on the signer's line, and
    below: str = ""                         # a label under it (regex): where a label lost under ink is

    @functools.cached_property
    def next_label(self) -> re.Pattern:
        return re.compile("|".join([LABEL_WORDS, *map(re.escape, self.labels)]))


@dataclass(frozen=True)
class Verdict:
    """The signer's line on a sheet: signed True/False, None when no page has the line; `doubt` says
    (for staff) why an unsigned reading is not certain."""
    signed: bool | None
    doubt: str = ""



def _spaced(signer: str) -> str:
    """The signer's title as OCR may read it: letters spaced out (裁 判 长) or not."""
    return r"\s*".join(map(re.escape, signer))


def _label_box(found: list[tuple], signer: Signer):
    """The signer's label box; when OCR lost the signer's label under the ink, inferred from its
    neighbours on the usual sheet (the row of the label beside it, the column of the label below it)."""
    label = re.compile(_spaced(signer.title))
    for box in found:
        if label.search(box[0]):
            return box
    if not (signer.beside and signer.below):
        return None
    beside = next((b for b in found if re.search(signer.beside, b[0])), None)
    below = next((b for b in found if re.search(signer.below, b[0])), None)
    if beside and below and below[2] > beside[2]:
        height = beside[4] - beside[2]
        return (f"{signer.title}(virtual)", below[1], beside[2], below[1] + 5.2 * height, beside[4])
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


def _label_start_at(placed: list[tuple[str, float]], adv: float, next_label: re.Pattern) -> float | None:
    """Where the first label among placed characters starts: the print before a label word (another
    line's label, a colon, ...) going back to where handwriting (characters that are not print) or a gap ends it."""
    text = "".join(ch for ch, _x in placed)
    match = next_label.search(text)
    if not match:
        return None
    first = match.start()
    while first > 0 and PRINT.match(text[first - 1]) and placed[first][1] - placed[first - 1][1] <= 1.8 * adv:
        first -= 1
    return placed[first][1] - 0.5 * adv


def _label_end(band, box: tuple, char_w: float, signer: Signer) -> tuple[float, float | None]:
    """(where the signer's label ends, where a next label read in the same box starts, or None).
    From where the recogniser placed the characters: half a character past the middle of the label's
    last one (a box read together with the signature after it is wider than the label). Else the box's
    right edge, or its text's printed length when the box is far wider than that."""
    text, bx0, _by0, bx1, _by1 = box
    placed = _box_characters(band, box)
    match = re.search(_spaced(signer.title) + LABEL_TAIL, "".join(ch for ch, _x in placed))
    if match and match.end() > match.start():
        label = placed[match.start():match.end()]
        adv = _advance(label, char_w)
        return min(bx1, label[-1][1] + 0.5 * adv), _label_start_at(placed[match.end():], adv, signer.next_label)
    match = re.search(_spaced(signer.title) + LABEL_TAIL, text)
    expected = _width_units(text[:match.end()] if match else text) * char_w
    return (bx1 if bx1 - bx0 <= 1.25 * expected else bx0 + 1.1 * expected), None


def _label_start(band, box: tuple, char_w: float, next_label: re.Pattern) -> float:
    """Where the print of a label box starts. A box far wider than its text holds handwriting run on
    into it from the left: the label then starts where the recogniser placed its first printed word."""
    text, bx0, _by0, bx1, _by1 = box
    if bx1 - bx0 <= 1.25 * _width_units(text) * char_w:
        return bx0
    placed = _box_characters(band, box)
    start = _label_start_at(placed, _advance(placed, char_w), next_label) if placed else None
    return bx0 if start is None else max(bx0, start)


def signer_zone(band, found: list[tuple], signer: Signer) -> Zone | None:
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
    labels = [b for b in found if b is not box and b[3] > start + char_w and signer.next_label.search(b[0])]
    beside = [b for b in labels if abs((b[2] + b[4]) / 2 - mid) < height]
    ends = [_label_start(band, b, char_w, signer.next_label) for b in beside] + ([inner] if inner is not None else [])
    if not ends:                        # the next label lost (under a seal): the label columns below
        ends = [b[1] for b in labels if b[1] > start + 2 * char_w and b[2] > by1]
    end = min([e for e in ends if e > start + char_w], default=min(w, start + 0.35 * w)) - 5
    return Zone(start + 3, end, mid - height, mid + height, char, inferred=text.endswith("(virtual)"))


def page_verdict(image_bytes: bytes, signer: Signer) -> Verdict | None:
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


def sheet_verdict(pages: list[bytes], signer: Signer) -> Verdict:
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


def sheet_signed(pages: list[bytes], signer: Signer) -> bool | None:
    return sheet_verdict(pages, signer).signed
