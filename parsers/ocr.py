"""Offline OCR of scans and photos with RapidOCR (its models ship in the wheel).

The engine is created once per process. `lines()` returns text lines with their boxes, top to
bottom, NFKC-normalised (RapidOCR returns ASCII punctuation for full-width marks).
"""
from __future__ import annotations

import logging
from pathlib import Path

import threading
import unicodedata

from . import light, orient
from .base import trim_heap

log = logging.getLogger(__name__)
_engine = None
_lock = threading.Lock()
_unavailable: str | None = None
DET_SIDE = 480                     # the detector enlarges an image until its short side is this
BOX_THRESH = 0.5                   # RapidOCR's defaults: a line's mean text score to keep it,
UNCLIP = 1.6                       # how far a line's box is grown round its core,
TEXT_SCORE = 0.5                   # the recogniser's confidence to keep what it read


def available() -> bool:
    return _get() is not None


def _get():
    global _engine, _unavailable
    if _engine is not None or _unavailable:
        return _engine
    with _lock:
        if _engine is None and not _unavailable:
            try:
                from rapidocr_onnxruntime import RapidOCR
                # the detector's default enlarges every image to 736 px on its short side (a title band
                # became a 3000-px strip); at 480 the corpus reads the same and a worker peaks ~150 MB lower
                _engine = RapidOCR(config_path=_config(), det_limit_side_len=DET_SIDE)
            except Exception as exc:  # missing package or libGL
                _unavailable = f"OCR engine unavailable: {exc}"
                log.warning(_unavailable)
    return _engine


def _config() -> str | None:
    """RapidOCR's settings with the thread count of this process (base.LIMITS.ocr_threads): with a pool
    of workers, one thread each reads more pages per second than every worker fighting for all cores."""
    from . import base
    threads = base.LIMITS.ocr_threads
    if not threads:
        return None
    import os
    import tempfile
    import rapidocr_onnxruntime
    import yaml
    config = yaml.safe_load(Path(rapidocr_onnxruntime.__file__).with_name("config.yaml").read_text(encoding="utf-8"))
    # Global too: RapidOCR copies Global's thread counts over every section when it is given any keyword
    # (det_limit_side_len below), so a count set only per section was silently back to every core
    for section in ("Global", "Det", "Cls", "Rec"):
        config[section]["intra_op_num_threads"] = threads
        config[section]["inter_op_num_threads"] = 1
    fd, path = tempfile.mkstemp(prefix="rapidocr-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, allow_unicode=True)
    return path


_cache: dict = {}                  # lines() of the last images asked about
_turns: dict[str, tuple] = {}      # (turn, lean) found for each of the last images (by SHA-1)
_CACHE_SIZE = 64


def upright(image_bytes: bytes):
    """A page image (PIL) the right way up: its EXIF orientation applied, then the quarter turns the
    OCR finds on a small probe of it (parsers.orient), then straightened when its lines lean two
    degrees or more (a photo taken at a slight angle). Both are found once per image."""
    image = orient.exif_upright(image_bytes)
    return orient.rotate(image, *_orientation(image_bytes))


def turn_of(image_bytes: bytes) -> int:
    """The counter-clockwise turn (0, 90, 180, 270) that sets the page upright after its EXIF
    orientation; 0 when no OCR engine is there to tell."""
    return _orientation(image_bytes)[0]


def lean_of(image_bytes: bytes) -> float:
    """The degrees (counter-clockwise) that straighten the page's lines after the turn; 0 when they
    lean less than orient.STRAIGHTEN."""
    return _orientation(image_bytes)[1]


def _orientation(image_bytes: bytes) -> tuple[int, float]:
    import hashlib
    key = hashlib.sha1(image_bytes).hexdigest()
    if key not in _turns:
        if len(_turns) >= _CACHE_SIZE:
            _turns.pop(next(iter(_turns)))
        try:
            _turns[key] = _find_turn(image_bytes) if _get() is not None else (0, 0.0)
        except Exception as exc:        # a probe that cannot be read leaves the page as stored
            log.info("orientation not found: %s", exc)
            _turns[key] = (0, 0.0)
    return _turns[key]


def _find_turn(image_bytes: bytes) -> tuple[int, float]:
    """Detect the lines of a probe (a larger one when the first is not clear); ask the direction
    classifier about its longest lines turned the likelier way; when their answers disagree, read
    them both ways and keep the surer reading. The lines' lean comes with the turn."""
    engine = _get()
    engine.text_det.postprocess_op.box_thresh = BOX_THRESH
    for side in orient.PROBE_SIDES:             # a larger probe only when the small one is not clear
        small = orient.probe(image_bytes, side)
        boxes, _elapsed = engine.text_det(small)
        boxes = boxes if boxes is not None else []
        if orient.clear(boxes):
            break
    run_down = orient.lines_run_down(boxes)
    if run_down is None:
        return 0, 0.0
    lean = orient.tilt(boxes)
    pieces = orient.samples(small, boxes)
    if not pieces:
        return 0, lean
    likelier, other = orient.candidates(run_down)
    _pieces, classes, _elapsed = engine.text_cls(orient.turned(pieces, likelier))
    leaning = orient.lean(classes)
    if abs(leaning) >= orient.CLEAR:
        return (likelier if leaning > 0 else other), lean
    confidence = {}
    for turn in (likelier, other):
        read, _elapsed = engine.text_rec(orient.turned(pieces, turn))
        confidence[turn] = sum(score for _text, score in read) / max(len(read), 1)
    return orient.decide(confidence), lean


def gray(image_bytes: bytes, max_side: int = 2400, without_red: bool = False):
    """A page image as a grey numpy array, upright (see upright()), at most max_side, its light made
    even (parsers.light); without_red: the red of a colour page (a seal stamped over the print)
    turned to paper first."""
    import numpy as np
    image = upright(image_bytes)
    # one mode before the resize: RGB for a colour page whose red goes, grey otherwise (a bilevel or
    # palette scan resized as it is stored would be resampled by nearest neighbour, losing thin strokes)
    image = image.convert("RGB" if without_red and image.mode in _COLOUR else "L")
    if max(image.size) > max_side:
        scale = max_side / max(image.size)
        image = image.resize((int(image.width * scale), int(image.height * scale)))
    image = light.even(image)          # a photo's shadows, tint and desk as a scanner would see them
    return np.asarray(_paper_for_red(image) if without_red else image)


_COLOUR = ("RGB", "RGBA", "P", "CMYK", "YCbCr")


def _paper_for_red(image):
    """A grey copy of the image in which red pixels (a seal's ink, dark or faded, and its pink edges)
    are paper."""
    import numpy as np
    from PIL import Image
    if image.mode not in _COLOUR:
        return image.convert("L")
    rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    red, rest = rgb[..., 0], np.maximum(rgb[..., 1], rgb[..., 2])
    grey = np.asarray(image.convert("L")).copy()
    seal = ((red > 100) & (red - rest > 25)).astype(np.uint8)
    if seal.any():
        import cv2
        halo = cv2.dilate(seal, np.ones((5, 5), np.uint8)) & (grey > 150)   # the light edge a scan blurs around it
        grey[(seal | halo) > 0] = int(np.median(grey[::4, ::4]))            # the paper's own grey
    return Image.fromarray(grey)


def lines(image, max_side: int = 2200, box_thresh: float = BOX_THRESH) -> list[tuple]:
    """[(text, x0, y0, x1, y1)] of one image (encoded bytes, or a grey or RGB numpy array such as a
    band cut from a page: boxes in its pixels), reading order (top to bottom, left to right). Results
    are kept for the last few images: the classifier and the signature check often ask about the same
    band of the same page.
    box_thresh: how sure the detector must be, on average over a line, that it is text."""
    import hashlib
    if isinstance(image, (bytes, bytearray)):
        key = (hashlib.sha1(image).hexdigest(), max_side, box_thresh)
    else:
        key = (hashlib.sha1(image.tobytes()).hexdigest(), image.shape, max_side, box_thresh)
    if key in _cache:
        return list(_cache[key])
    found = _lines(image, max_side, box_thresh)
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = found
    return list(found)


def _lines(source, max_side: int, box_thresh: float) -> list[tuple]:
    engine = _get()
    if engine is None:
        raise RuntimeError(_unavailable or "OCR engine unavailable")
    import numpy as np
    from PIL import Image
    encoded = isinstance(source, (bytes, bytearray))
    image = upright(bytes(source)) if encoded else Image.fromarray(source)
    image = image.convert("RGB")
    scale = max_side / max(image.size)
    # an array's boxes are given in its own pixels (the signature check measures ink there: a whole
    # photographed page read as its footer band, 2,400 px, had its label placed 8% too high, on the
    # table's last row); an encoded page's in the pixels of the page as read, at most max_side
    back = 1 / scale if scale < 1 and not encoded else 1.0
    if scale < 1:
        image = image.resize((int(image.width * scale), int(image.height * scale)))
    image = _padded(image)
    # every setting given each time: RapidOCR keeps the last call's settings for the next
    result, _elapsed = engine(np.asarray(image), use_cls=False, box_thresh=box_thresh, unclip_ratio=UNCLIP,
                              text_score=TEXT_SCORE)
    del image
    trim_heap()                         # hand the detector's buffers back before the next image
    out = []
    for box, text, _score in result or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        out.append((unicodedata.normalize("NFKC", text), min(xs) * back, min(ys) * back, max(xs) * back, max(ys) * back))
    out.sort(key=lambda t: (round(t[2] / 12), t[1]))
    return out


def _padded(image):
    """A band narrower than the detector's short side, padded with white to it. The detector enlarges
    such an image until its short side is DET_SIDE: a 214-px footer band became a 2,671×480 image with
    text twice its size, and took twice the time of a page. Padded, the text keeps the size it has on
    a page; boxes keep their coordinates (the padding is below or to the right)."""
    width, height = image.size
    if min(width, height) >= DET_SIDE:
        return image
    from PIL import Image
    out = Image.new("RGB", (max(width, DET_SIDE), max(height, DET_SIDE)), "white")
    out.paste(image, (0, 0))
    return out


def characters(piece) -> list[tuple[str, float]]:
    """[(character, x of its middle)] of one line of print cut out of a page (a grey or RGB array):
    where the recogniser placed each character it read, in the piece's pixels. Tells where a label
    ends when the detector read it in one box with the handwriting after it."""
    engine = _get()
    if engine is None:
        raise RuntimeError(_unavailable or "OCR engine unavailable")
    import numpy as np
    if piece.ndim == 2:
        piece = np.stack([piece] * 3, axis=-1)
    height, width = piece.shape[:2]
    if not height or not width:
        return []
    read, _elapsed = engine.text_rec([np.ascontiguousarray(piece)], True)
    text, _score, *info = read[0]
    if not info or not text:
        return []
    steps, words, columns = info[0][:3]             # the recogniser's steps over the piece's width
    out = []
    for word, cols in zip(words, columns):
        for char, col in zip(word, cols):
            out.append((unicodedata.normalize("NFKC", char), (col + 0.5) * width / steps))
    return out


def text_of(found: list[tuple]) -> str:
    """Lines joined into text: boxes on one visual row become one line."""
    rows: list[list[tuple]] = []
    for item in sorted(found, key=lambda t: (t[2] + t[4]) / 2):
        mid = (item[2] + item[4]) / 2
        if rows and abs(mid - rows[-1][0][5]) < max(8, (item[4] - item[2]) * 0.6):
            rows[-1].append(item + (rows[-1][0][5],))
        else:
            rows.append([item + (mid,)])
    return "\n".join("\t".join(i[0] for i in sorted(row, key=lambda t: t[1])) for row in rows)
