"""Photos and scans (jpeg, png, ...): the text comes from OCR, run later and only when needed."""
from __future__ import annotations

from .base import Content, register


@register("jpeg", "png", "gif", "bmp", "tiff", "webp")
def parse_image(data: bytes, name: str) -> Content:
    return Content(pages=1, pages_without_text=1, images=[data])
