"""Plain text files."""
from __future__ import annotations

from .base import Content, register
from .textcodec import decode_bytes


@register("text")
def parse_text(data: bytes, name: str) -> Content:
    return Content(text=decode_bytes(data))
