"""Plain text files."""
from __future__ import annotations

from .textcodec import decode_bytes

from .base import Content, register


@register("text")
def parse_text(data: bytes, name: str) -> Content:
    return Content(text=decode_bytes(data))
