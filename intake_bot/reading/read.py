"""Read each document's content through the parser registry; OCR scans and photos, only the
regions that matter (the title band of the first page, the signature band under the table)."""
from __future__ import annotations

import parsers
from parsers import ocr

from ..base.errors import DocumentError, NeedsManualCheck, NoReader, UnsafeDocument
from ..mail.model import Document
from ..store.records import DocClass

TITLE_BAND = 0.25


def read_document(doc: Document, use_ocr: bool = True, roles: tuple[str, ...] = ()) -> None:
    """Fill text and tables; mark the document unsafe or for manual check when it cannot be read.
    roles: the signature lines' roles printed under a signed sheet's table (the campaign's words)."""
    if doc.cls is DocClass.UNSAFE:
        return
    if is_owner_file(doc):
        doc.cls, doc.confidence = DocClass.UNSAFE, 1.0
        doc.reason = f"{OWNER_FILE}: Office writes it beside an open document; it is not the document"
        return
    try:
        content = parsers.parse(doc.data, doc.kind, doc.name)
    except UnsafeDocument as exc:
        doc.cls, doc.reason, doc.confidence = DocClass.UNSAFE, str(exc), 1.0
        return
    except NoReader:
        doc.cls, doc.confidence = DocClass.OTHER, 0.5
        doc.needs_manual_check = True
        doc.reason = f"a file type the bot does not read ({doc.kind}): needs manual check"
        return
    except NeedsManualCheck as exc:
        doc.needs_manual_check, doc.reason = True, str(exc)
        return
    except DocumentError as exc:
        doc.cls, doc.reason, doc.confidence = DocClass.UNSAFE, f"unreadable: {exc}", 1.0
        return
    doc.text = content.text
    doc.tables = content.tables
    doc.pages = content.images          # page images kept for the signature check
    if content.pages_without_text and not content.text.strip():
        doc.scanned = True
        if use_ocr and content.images:
            try:
                doc.text = scan_text(content.images, roles)
            except Exception as exc:  # OCR missing or image damaged
                doc.needs_manual_check, doc.reason = True, f"needs manual check: OCR failed ({exc})"
        else:
            doc.needs_manual_check = True


OWNER_FILE = "an Office owner (lock) file"
OWNER_SIZE = 4096


def is_owner_file(doc: Document) -> bool:
    """~$name.docx / ~$name.xlsx: the small file Word, Excel and WPS keep beside a document while it is
    open (the user's name inside). Sent by mistake instead of the document, it holds none of it."""
    base = doc.name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.startswith("~$") and len(doc.data) <= OWNER_SIZE


def _crop(image_bytes: bytes, top: float, bottom: float):
    gray = ocr.gray(image_bytes)
    h = gray.shape[0]
    return gray[int(h * top):int(h * bottom)]


def scan_text(pages: list[bytes], roles: tuple[str, ...] = ()) -> str:
    """What a clerk glances at on a scan: the footer under the table of the last page (signature
    lines, cached for the signature check) and, when that does not show two `roles`' lines, the title
    band (a band cut through the footer showed one role's line with its （签字）, which was counted as a
    second line: the title was never read and a photographed score sheet went to 'other')."""
    from .signature import footer_text
    bottom = footer_text(pages[-1])
    if sum(role in bottom for role in roles) >= 2:
        return bottom
    return title_text(pages[0]) + "\n" + bottom


def title_text(image_bytes: bytes) -> str:
    """OCR of the title band of a page: enough to tell a score sheet from a form or a photo."""
    return ocr.text_of(ocr.lines(_crop(image_bytes, 0.0, TITLE_BAND)))
