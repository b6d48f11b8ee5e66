"""Mails as Chinese clients write them (Foxmail, Outlook, Coremail, QQ, phones): RFC 2047 words
inside quoted file names labelled gb2312, RFC 2231, raw 8-bit GBK, zip files without the UTF-8 flag.
`mailbox()` builds the demo/test mailbox: a small world of submissions, follow-ups and noise."""
from __future__ import annotations

import base64
import email.utils
import urllib.parse
from dataclasses import dataclass, field


CENTER = "intake@jdzx.gx.example"
MIME_OF = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf", "jpg": "image/jpeg", "zip": "application/zip",
           "doc": "application/msword", "xls": "application/vnd.ms-excel"}


@dataclass
class Attachment:
    name: str
    data: bytes
    style: str = "rfc2047-gb2312"     # rfc2047-gb2312 | rfc2231 | raw-gbk | utf8 | ascii
    inline_cid: str | None = None


@dataclass
class Mail:
    sender: str
    sender_name: str
    subject: str
    body: str
    attachments: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)
    message_id: str = ""
    date: str = "Mon, 10 Feb 2025 09:30:00 +0800"
    charset: str = "gbk"
    html_only: bool = False


def _b64_words(text: str, charset: str = "gb2312") -> str:
    raw = text.encode("gb18030" if charset.lower() in ("gb2312", "gbk", "gb18030") else charset)
    return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="


def _disposition(att: Attachment) -> tuple[str, str]:
    kind = "inline" if att.inline_cid else "attachment"
    if att.style == "rfc2047-gb2312":
        word = _b64_words(att.name, "gb2312")
        return f'{kind};\r\n\tfilename="{word}"', f'name="{word}"'
    if att.style == "rfc2231":
        quoted = urllib.parse.quote(att.name.encode("utf-8"))
        return f"{kind};\r\n\tfilename*=UTF-8''{quoted}", f'name="{_b64_words(att.name, "utf-8")}"'
    if att.style == "raw-gbk":
        return f'{kind};\r\n\tfilename="\x00RAW\x00"', 'name="\x00RAW\x00"'
    return f'{kind}; filename="{att.name}"', f'name="{att.name}"'


def render(mail: Mail) -> bytes:
    """The mail as bytes, CRLF line ends, the way the clients above write it."""
    boundary = "----=_NextPart_000_0012_01DB7B2C.5E3C1A20"
    lines = [
        f"From: \"{_b64_words(mail.sender_name, 'gb2312')}\" <{mail.sender}>",
        f"To: {CENTER}",
        f"Subject: {_b64_words(mail.subject, 'gb2312')}",
        f"Date: {mail.date}",
        f"Message-ID: {mail.message_id or email.utils.make_msgid(domain=mail.sender.split('@')[-1])}",
        "MIME-Version: 1.0",
        "X-Mailer: Foxmail 7.2.25.375[cn]",
    ]
    lines += [f"{k}: {v}" for k, v in mail.headers.items()]
    body_bytes = base64.encodebytes(mail.body.encode("gb18030")).decode().replace("\n", "\r\n")
    body_type = "text/html" if mail.html_only else "text/plain"
    raw_names = []
    if not mail.attachments:
        lines += [f'Content-Type: {body_type}; charset="{mail.charset}"', "Content-Transfer-Encoding: base64", "",
                  body_bytes]
    else:
        lines += [f'Content-Type: multipart/mixed;\r\n\tboundary="{boundary}"', "",
                  "This is a multi-part message in MIME format.", "", f"--{boundary}",
                  f'Content-Type: {body_type}; charset="{mail.charset}"', "Content-Transfer-Encoding: base64", "",
                  body_bytes]
        for att in mail.attachments:
            ext = att.name.rsplit(".", 1)[-1].lower()
            disp, name_param = _disposition(att)
            if att.style == "raw-gbk":
                raw_names.append(att.name.encode("gb18030"))
            lines += [f"--{boundary}", f"Content-Type: {MIME_OF.get(ext, 'application/octet-stream')};\r\n\t{name_param}",
                      "Content-Transfer-Encoding: base64", f"Content-Disposition: {disp}"]
            if att.inline_cid:
                lines.append(f"Content-ID: <{att.inline_cid}>")
            lines += ["", base64.encodebytes(att.data).decode().replace("\n", "\r\n")]
        lines += [f"--{boundary}--", ""]
    out = "\r\n".join(lines).encode("ascii")
    for raw in raw_names:                          # raw 8-bit GBK names, as some gov webmail sends
        out = out.replace(b"\x00RAW\x00", raw, 2)
    return out


def raw_zip(members: list[tuple[bytes, bytes]], flags: int = 0, declared_size: int | None = None) -> bytes:
    """A zip written byte by byte, names exactly as given (GBK without the UTF-8 flag, as WinRAR
    and 360 write them; or hostile ones). `flags` 0x1 marks members encrypted (a password zip)."""
    import struct
    import zlib
    local, central = bytearray(), bytearray()
    for name, data in members:
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = comp.compress(data) + comp.flush()
        crc = zlib.crc32(data)
        size = declared_size if declared_size is not None else len(data)
        offset = len(local)
        local += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, 8, 0, 0x5A21, crc, len(packed), size,
                             len(name), 0) + name + packed
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, 8, 0, 0x5A21, crc,
                               len(packed), size, len(name), 0, 0, 0, 0, 0o100644 << 16, offset) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def gbk_zip(members: dict[str, bytes]) -> bytes:
    return raw_zip([(name.encode("gb18030"), data) for name, data in members.items()])


def zip_bomb(name: bytes = "2024年竞赛材料汇总.xlsx".encode("gb18030"), size: int = 1 << 30,
             declared_size: int | None = None) -> bytes:
    """About 1 MB of deflated zeros that expand to `size` bytes (optionally lying about the size)."""
    import struct
    import zlib
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    packed, crc = [], 0
    for _ in range(size // len(chunk)):
        packed.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    packed.append(comp.flush())
    body = b"".join(packed)
    declared = size if declared_size is None else declared_size
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x5A21, crc, len(body), declared,
                        len(name), 0) + name + body
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x5A21, crc, len(body),
                          declared, len(name), 0, 0, 0, 0, 0o100644 << 16, 0) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + end


def stored_rar(members: list[tuple[bytes, bytes]], encrypted: bool = False) -> bytes:
    """A RAR 4 archive with stored (uncompressed) members, names as given (GBK as WinRAR writes them
    on a Chinese Windows). Enough for tests: no RAR writer is free to ship."""
    import struct
    import zlib

    def block(head_type: int, flags: int, body: bytes) -> bytes:
        header = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
        return struct.pack("<H", zlib.crc32(header) & 0xFFFF) + header

    out = b"Rar!\x1a\x07\x00" + block(0x73, 0, b"\x00" * 6)
    for name, data in members:
        flags = 0x8000 | (0x04 if encrypted else 0)
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), 0x5A210000, 20, 0x30,
                           len(name), 0x20) + name
        out += block(0x74, flags, body) + data
    return out + block(0x7B, 0x4000, b"")
