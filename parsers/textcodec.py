"""Bytes to text as Chinese senders write it: GB labels mean GB18030, Big5 means Big5-HKSCS."""
from __future__ import annotations

_CJK_ALIASES = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "csgb2312", "gb_2312-80",
                "x-euc-cn", "hz-gb-2312", "ms936", "windows-936"}
_BIG5_ALIASES = {"big5", "big5-hkscs", "cp950", "x-big5"}


def codec(charset: str | None) -> str:
    """The codec that really decodes text labelled `charset` (GB labels mean GB18030 in practice)."""
    cs = (charset or "").strip().strip('"').lower()
    if cs in _CJK_ALIASES:
        return "gb18030"
    if cs in _BIG5_ALIASES:
        return "big5hkscs"
    if cs in ("", "us-ascii", "ascii", "unknown-8bit", "x-unknown"):
        return "utf-8"
    return cs


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Bytes to text: the declared charset first (mapped), then UTF-8, then GB18030."""
    tried = []
    for cs in (codec(charset) if charset else None, "utf-8", "gb18030"):
        if not cs or cs in tried:
            continue
        tried.append(cs)
        try:
            return data.decode(cs)
        except (ValueError, LookupError):   # not this charset; a damaged name (a NUL, raw 8-bit) is no codec
            continue
    return data.decode("gb18030", errors="replace")
