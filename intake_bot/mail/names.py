"""File names and header text decoded as a person reads them, and made safe for the disk.

Chinese clients label GBK text as gb2312, put RFC 2047 words inside quoted parameters, and send raw
8-bit bytes; the standard library and mail-parser lose characters on each of these. Everything is
decoded here from the raw header bytes (compat32 keeps them as surrogate escapes).
"""
from __future__ import annotations

import re
import unicodedata
from email.header import decode_header
from email.message import Message

from parsers.textcodec import codec, decode_bytes  # noqa: F401  (re-exported)

_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_BIDI_AND_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_CHARS = re.compile(r'[\\/:*?"<>|]')


def _raw_bytes(value: str) -> bytes:
    return value.encode("ascii", "surrogateescape") if _has_escapes(value) else value.encode("latin-1", "replace")


def _has_escapes(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def decode_text(value) -> str:
    """A header value (Subject, From name, filename parameter) as readable Unicode, NFC."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if _has_escapes(value):                     # raw 8-bit bytes in the header
        value = decode_bytes(value.encode("ascii", "surrogateescape"))
    if "=?" in value and _ENCODED_WORD.search(value):
        # Encoded words may sit inside quotes and be split across folded lines.
        joined = re.sub(r"\?=\s+=\?", "?==?", value)
        out = []
        try:
            for chunk, charset in decode_header(joined):
                if isinstance(chunk, bytes):
                    out.append(decode_bytes(chunk, charset))
                else:
                    out.append(chunk)
            value = "".join(out)
        except Exception:
            pass
    value = unicodedata.normalize("NFC", value.replace("\r", "").replace("\n", ""))
    return clean_text(value).strip().strip('"').strip()


def clean_text(value: str) -> str:
    """Text from a sender with control characters and bidi overrides removed (tabs become spaces), and
    a lone surrogate (a byte no codec could place) shown as U+FFFD: what reaches the workbook, a reply,
    the database or a log line cannot break a file or disguise a name."""
    return _SURROGATE.sub("\ufffd", _BIDI_AND_CONTROL.sub("", (value or "").replace("\t", " ")))


def _rfc2231(value: tuple) -> str:
    charset, _lang, text = value
    if not _has_escapes(text):
        raw = bytes(text, "raw-unicode-escape")
    else:                              # raw 8-bit bytes beside %-escapes (a byte each): both back to bytes
        try:
            raw = text.encode("latin-1", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "replace")
    return decode_bytes(raw, charset)


def _param(part: Message, name: str, header: str) -> str | None:
    try:
        value = part.get_param(name, header=header)
    except Exception:
        return None
    if value is None:
        return None
    if isinstance(value, tuple):
        return clean_text(unicodedata.normalize("NFC", _rfc2231(value))).strip()
    return decode_text(value)


def part_filename(part: Message) -> str | None:
    """The file name of a MIME part, from Content-Disposition filename or Content-Type name."""
    for name, header in (("filename", "content-disposition"), ("name", "content-type")):
        value = _param(part, name, header)
        if value:
            return value
    return None


def readable(name: str) -> bool:
    return "\ufffd" not in name and not _has_escapes(name)


def sanitize(name: str, max_length: int = 180) -> str:
    """A name safe to write to disk: no path parts, control or bidi characters, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _BIDI_AND_CONTROL.sub("", base)
    base = _UNSAFE_CHARS.sub("_", base).strip(" .")
    if not base or base in (".", ".."):
        base = "unnamed"
    if len(base.encode("utf-8")) > max_length:
        stem, dot, ext = base.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        stem = stem if dot and ext else base
        while len((stem + "." + ext).encode("utf-8")) > max_length and stem:
            stem = stem[:-1]
        base = f"{stem}.{ext}" if ext else stem
    return base


def address_of(value: str) -> tuple[str, str]:
    """(display name, lower-case address) of a From-like header value."""
    from email.utils import getaddresses
    text = decode_text(value)
    pairs = getaddresses([text])
    if not pairs:
        return "", ""
    name, addr = pairs[0]
    if not addr or "@" not in addr:
        m = re.search(r"[\w.+-]+@[\w.-]+", text)
        addr = m.group(0) if m else addr
    return name.strip(), addr.strip().lower()
