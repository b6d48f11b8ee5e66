"""Files and mails an unlucky sender or an attacker sends: each must cost only itself.

    self_referencing_pdf()   a 1 KB PDF whose page contents refer to themselves (pdfminer loops)
    office_bomb_docx()       a small .docx whose XML declares hundreds of MB
    huge_sheet_xlsx()        a small .xlsx whose sheet declares millions of cells
    pixel_bomb_png()         a small PNG of 13000 × 13000 pixels
    relay_mails()            unknown senders asking the bot to answer a third party (Reply-To)
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from .mails import Attachment, Mail, render


def self_referencing_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"4 0 R",                                  # the page's contents: itself
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="xml" ContentType="application/xml"/></Types>')


def office_bomb_docx(megabytes: int = 300) -> bytes:
    """word/document.xml of `megabytes` MB (a comment of spaces), deflated to a few hundred KB."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><!--'
    body = head + b" " * (megabytes * 1024 * 1024) + b"--><w:body/></w:document>"
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", body)])


def huge_sheet_xlsx(rows: int = 1_048_576, cols: str = "XFD") -> bytes:
    """A sheet that declares the whole grid (17 billion cells) in a file of a few KB."""
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<dimension ref="A1:' + cols.encode() + str(rows).encode() + b'"/><sheetData/></worksheet>')
    workbook = (b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>')
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", workbook),
                 ("xl/worksheets/sheet1.xml", sheet)])


def pixel_bomb_png(side: int = 13000) -> bytes:
    """A 1-bit greyscale PNG of side × side pixels: a few dozen KB that decode to gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    raw = zlib.compress(row * side, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


CONTROL_NAME = "竞赛\x07工作\x1b[31m总结\u202egpj.docx"


def relay_mails(count: int = 50, target: str = "victim@third-party.example") -> list[tuple[str, bytes]]:
    """Unknown senders, Reply-To a third party, a link in the subject and in the file names."""
    out = []
    for i in range(count):
        mail = Mail(f"spammer{i}@bulk{i % 7}.example", "", f"快来领奖 http://evil.example/{i} 竞赛材料",
                    "请查收附件。", [Attachment(f"点击 http://evil.example/p{i} 领取.docx", b"PK\x03\x04" + b"\x00" * 40,
                                             style="rfc2231")],
                    headers={"Reply-To": target}, message_id=f"<relay-{i}@bulk.example>")
        out.append((f"relay-{i:03d}.eml", render(mail)))
    return out
