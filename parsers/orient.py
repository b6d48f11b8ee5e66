"""Which way up a photographed or scanned page is.

A phone stores a photo as its sensor saw it and says in the EXIF Orientation tag how to turn it; some
programs turn the pixels and keep the tag, others drop the tag; a page can be scanned or photographed
on its side or upside down. The EXIF tag is applied first; what is left is found on a small copy of
the page (the probe): text lines run across an upright page (a detected line is wider than tall), so
lines that run down the page mean a quarter turn; which of the two ways (or upright against upside
down) is the one the recogniser reads with the higher confidence. A probe whose lines do not say
plainly which way they run (a page filling a small part of a 12-megapixel photo: print five pixels
high on the probe) is taken again twice as large. The longest lines' lean is measured on the same
probe: a photo taken at a slight angle (two degrees or more) is straightened. Only then is the page
read in full, once, the right way up.

This module is the geometry and the decision; parsers.ocr runs the detector and the recogniser.
"""
from __future__ import annotations

import io

PROBE_SIDE = 720           # the probe's longer side, pixels: lines of print stay ten pixels high
PROBE_SIDES = (PROBE_SIDE, 1440)   # a larger probe when the first one is not clear (a small page in a photo)
CLEAR_LINES = 8            # a clear probe has this many long lines ...
CLEAR_SHARE = 0.8          # ... this share of their length running one way
LONG = 1.5                 # a detected line this many times longer than thick runs one way
MIN_LINES = 3              # fewer lines than this say nothing about the page's orientation
SAMPLES = 8                # lines the classifier reads (the longest ones)
CLEAR = 0.5                # the classifier's lines agree this much (-1..1): no second opinion needed
TURNS = (0, 90, 180, 270)  # counter-clockwise, as PIL's Image.rotate
STRAIGHTEN = 2.0           # a page leaning this many degrees or more is straightened before it is read; less,
                           # the table finder and signature check allow for (turning resamples thin strokes)
MAX_TILT = 12.0            # more than this is not a tilt: a probe that read crooked boxes


def exif_upright(data: bytes):
    """The image with its EXIF orientation applied (the tag is then dropped)."""
    from PIL import Image, ImageOps
    return ImageOps.exif_transpose(Image.open(io.BytesIO(data)))


def probe(data: bytes, side: int = PROBE_SIDE):
    """A small RGB copy of the page (EXIF applied) as a numpy array. A JPEG is decoded straight at a
    fraction of its size (the DCT's scaling), so a 12-megapixel photo costs a fraction of its pixels."""
    import numpy as np
    from PIL import Image, ImageOps
    image = Image.open(io.BytesIO(data))
    if image.format == "JPEG":
        image.draft("RGB", (side, side))
    image = ImageOps.exif_transpose(image).convert("RGB")
    scale = side / max(image.size)
    if scale < 1:
        image = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    return np.asarray(image)


def line_extent(box) -> tuple[float, float]:
    """(length along the box's first edge, length across it) of a detected line's four corners."""
    import numpy as np
    return float(np.linalg.norm(box[1] - box[0])), float(np.linalg.norm(box[3] - box[0]))


def _runs(boxes) -> tuple[float, float, int]:
    """(summed length of the lines running across, of those running down, how many long lines)."""
    across = down = 0.0
    count = 0
    for box in boxes:
        along, thick = line_extent(box)
        if along >= LONG * thick:
            across += along
            count += 1
        elif thick >= LONG * along:
            down += thick
            count += 1
    return across, down, count


def lines_run_down(boxes) -> bool | None:
    """True when the page's lines run down it (the page lies on its side), False when they run across,
    None when too few long lines were found to tell (a photo of people, a blank page)."""
    across, down, count = _runs(boxes)
    if count < MIN_LINES:
        return None
    return down > across


def clear(boxes) -> bool:
    """Whether a probe's lines say plainly which way they run: many long lines, nearly all one way. A
    page that fills a small part of a large photo has print too small on the probe: the detector finds
    a few blurs, some of them a column of numbers joined top to bottom, and a larger probe is needed."""
    across, down, count = _runs(boxes)
    return count >= CLEAR_LINES and max(across, down) >= CLEAR_SHARE * (across + down)


def tilt(boxes) -> float:
    """How far (degrees, counter-clockwise as PIL's Image.rotate turns it back) the page's lines lean
    off the nearest axis: the median over the long lines of the probe. A photo taken at a slight angle
    leans a few degrees; its table's rules then cross several rows of pixels and its signature lines
    rise across the page. The same for every quarter turn (turns and tilts add up). Only the longest
    lines count: the detector squares the box of a short one (a number in a cell) to the axes."""
    import math
    import statistics
    leans = []
    for box in sorted(boxes, key=lambda b: -max(line_extent(b)))[:SAMPLES]:
        along, thick = line_extent(box)
        if max(along, thick) < LONG * min(along, thick):
            continue
        dx, dy = (box[1] - box[0]) if along >= thick else (box[3] - box[0])
        angle = math.degrees(math.atan2(float(dy), float(dx)))
        leans.append((angle + 45.0) % 90.0 - 45.0)
    if len(leans) < MIN_LINES:
        return 0.0
    lean = statistics.median(leans)
    return lean if STRAIGHTEN <= abs(lean) <= MAX_TILT else 0.0


def samples(image, boxes, count: int = SAMPLES) -> list:
    """The longest detected lines, cut out of the image as they lie (axis-aligned boxes)."""
    import numpy as np
    ranked = sorted(boxes, key=lambda b: -max(line_extent(b)))[:count]
    out = []
    for box in ranked:
        x0, y0 = np.maximum(box.min(axis=0).astype(int), 0)
        x1, y1 = box.max(axis=0).astype(int) + 1
        piece = image[y0:y1, x0:x1]
        if piece.size:
            out.append(piece)
    return out


def turned(pieces: list, turn: int) -> list:
    """The pieces each turned counter-clockwise by `turn` degrees (a multiple of 90)."""
    import numpy as np
    return [np.ascontiguousarray(np.rot90(p, turn // 90)) for p in pieces]


def candidates(run_down: bool) -> tuple[int, int]:
    """The two turns that make such lines run across, the likelier first."""
    return (90, 270) if run_down else (0, 180)


def lean(classes: list) -> float:
    """How the direction classifier's answers lean, -1 (every line upside down, surely) to 1 (every
    line as it lies, surely): its confidence for each line, signed by its answer."""
    if not classes:
        return 0.0
    return sum((1.0 if label == "0" else -1.0) * float(score) for label, score in classes) / len(classes)


def decide(confidence: dict[int, float], floor: float = 0.5) -> int:
    """The turn read with the highest mean confidence; none (0) when no turn reads like text."""
    turn = max(confidence, key=confidence.get)
    return turn if confidence[turn] >= floor else 0


def rotate(image, turn: int, lean: float = 0.0):
    """The image turned counter-clockwise by `turn` degrees (without resampling), then straightened by
    `lean` degrees (the corners it uncovers white, as paper)."""
    from PIL import Image
    ops = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
    image = image.transpose(ops[turn]) if turn in ops else image
    if not lean:
        return image
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    paper = 255 if image.mode == "L" else (255, 255, 255)
    return image.rotate(lean, resample=Image.BICUBIC, expand=True, fillcolor=paper)
