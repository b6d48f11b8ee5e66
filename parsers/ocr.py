"""Offline OCR of scans and photos with RapidOCR (its models ship in the wheel).

The engine is created once per process. `lines()` returns text lines with their boxes, top to
bottom, NFKC-normalised (RapidOCR returns ASCII punctuation for full-width marks).
"""
from __future__ import annotations

import io
import logging
from pathlib import Path

from .base import trim_heap
import threading
import unicodedata

log = logging.getLogger(__name__)
_engine = None
_lock = threading.Lock()
_unavailable: str | None = None
DET_SIDE = 480                     # the detector enlarges an image until its short side is this


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


def gray(image_bytes: bytes, max_side: int = 2400):
    """A page image as a grey numpy array, upright (EXIF orientation applied), at most max_side."""
    import numpy as np
    from PIL import Image, ImageOps
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(image_bytes))).convert("L")
    if max(image.size) > max_side:
        scale = max_side / max(image.size)
        image = image.resize((int(image.width * scale), int(image.height * scale)))
    return np.asarray(image)


_cache: dict = {}
_CACHE_SIZE = 64


def lines(image, max_side: int = 2200) -> list[tuple]:
    """[(text, x0, y0, x1, y1)] of one image (encoded bytes, or a grey or RGB numpy array such as a
    band cut from a page), reading order (top to bottom, left to right). Results are kept for the last
    few images: the classifier and the signature check often ask about the same band of the same page."""
    import hashlib
    if isinstance(image, (bytes, bytearray)):
        key = (hashlib.sha1(image).hexdigest(), max_side)
    else:
        key = (hashlib.sha1(image.tobytes()).hexdigest(), image.shape, max_side)
    if key in _cache:
        return list(_cache[key])
    found = _lines(image, max_side)
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = found
    return list(found)


def _lines(source, max_side: int) -> list[tuple]:
    engine = _get()
    if engine is None:
        raise RuntimeError(_unavailable or "OCR engine unavailable")
    import numpy as np
    from PIL import Image, ImageOps
    if isinstance(source, (bytes, bytearray)):
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(source)))
    else:
        image = Image.fromarray(source)
    image = image.convert("RGB")
    scale = max_side / max(image.size)
    if scale < 1:
        image = image.resize((int(image.width * scale), int(image.height * scale)))
    image = _padded(image)
    result, _elapsed = engine(np.asarray(image), use_cls=False)
    del image
    trim_heap()                         # hand the detector's buffers back before the next image
    out = []
    for box, text, _score in result or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        out.append((unicodedata.normalize("NFKC", text), min(xs), min(ys), max(xs), max(ys)))
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
