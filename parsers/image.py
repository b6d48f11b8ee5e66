"""Photos and scans (jpeg, png, ...): the text comes from OCR, run later and only when needed."""
from __future__ import annotations

import io

from . import base
from .base import Content, register
from .errors import DocumentError, UnsafeDocument


def check_pixels(data: bytes) -> None:
    """An image's size from its header, before any pixel is decoded (a small PNG can hold 13000×13000)."""
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise UnsafeDocument("image too large to decode (decompression bomb)") from None
    except Exception as exc:
        raise DocumentError(f"damaged image: {type(exc).__name__}: {exc}") from None
    if width * height > base.LIMITS.max_pixels:
        raise UnsafeDocument(f"image too large: {width}×{height} pixels (limit {base.LIMITS.max_pixels})")


@register("jpeg", "png", "gif", "bmp", "tiff", "webp")
def parse_image(data: bytes, name: str) -> Content:
    check_pixels(data)
    return Content(pages=1, pages_without_text=1, images=[data])
