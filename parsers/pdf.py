"""PDF through pdfplumber: text and tables per page; pages without a text layer are rendered
for OCR. Encrypted and damaged files are refused with the reason."""
from __future__ import annotations

import io

from . import base
from .base import Content, Table, register, time_limit
from .errors import DocumentError, UnsafeDocument

MAX_PAGES = 60
RENDER_SCALE = 2.0          # 144 dpi: enough for OCR of a scanned A4 table


def _check_bytes(data: bytes) -> None:
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        raise DocumentError("truncated or damaged PDF (no end-of-file marker)")
    if b"/Encrypt" in data[-65536:] or b"/Encrypt" in data[:65536]:
        raise UnsafeDocument("encrypted PDF (password protected): cannot be read")


@register("pdf")
def parse_pdf(data: bytes, name: str) -> Content:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    _check_bytes(data)
    content = Content()
    texts = []
    finished = False
    pdf = None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        with time_limit(base.LIMITS.page_seconds, "reading the PDF's page list"):
            content.pages = len(pdf.pages)
        if content.pages > MAX_PAGES:
            raise DocumentError(f"PDF has {content.pages} pages (more than {MAX_PAGES})")
        for i, page in enumerate(pdf.pages, 1):
            with time_limit(base.LIMITS.page_seconds, f"reading page {i} of the PDF"):
                text = page.extract_text() or ""
                if not text.strip():
                    content.pages_without_text += 1
                    content.images.append(_render(data, i - 1))
                    continue
                texts.append(text)
                for j, grid in enumerate(page.extract_tables(), 1):
                    content.tables.append(Table(source=f"page {i} table {j}", rows=grid))
        finished = True
    except PDFPasswordIncorrect:
        raise UnsafeDocument("encrypted PDF (password protected): cannot be read") from None
    except (DocumentError, UnsafeDocument):
        raise
    except Exception as exc:
        raise DocumentError(f"damaged PDF: {type(exc).__name__}: {exc}") from None
    finally:
        if pdf is not None and finished:
            pdf.close()                  # close() walks the pages again: never after one that looped
    content.text = "\n".join(texts)
    return content


def _render(data: bytes, index: int) -> bytes:
    import pypdfium2
    pdf = pypdfium2.PdfDocument(data)
    try:
        bitmap = pdf[index].render(scale=RENDER_SCALE, grayscale=True)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)   # held until read, then dropped: speed over size
        return out.getvalue()
    finally:
        pdf.close()


def render_all(data: bytes, limit: int = 10) -> list[bytes]:
    """Every page as an image (for checks that look at ink, such as signatures)."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(data)
    try:
        count = min(len(pdf), limit)
    finally:
        pdf.close()
    return [_render(data, i) for i in range(count)]
