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
    last_bottom, last_page = 0.0, 0     # where the last table ended: a grid that runs on continues there
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
                found = page.find_tables()
                for j, table in enumerate(found, 1):
                    grid = table.extract()
                    top, bottom = table.bbox[1] / page.height, table.bbox[3] / page.height
                    previous = content.tables[-1] if content.tables else None
                    if j == 1 and previous is not None and _continues(previous, grid, top, last_bottom, last_page, i):
                        rest = _without_repeated_header(previous.rows, grid)
                        if rest and _split_row(previous.rows[-1], rest[0]):
                            previous.rows[-1] = [_join(a, b) for a, b in zip(previous.rows[-1], rest.pop(0))]
                        previous.rows.extend(rest)
                        previous.source += f" (continued on page {i})"
                    else:
                        content.tables.append(Table(source=f"page {i} table {j}", rows=grid))
                    last_bottom, last_page = bottom, i
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


PAGE_END, PAGE_START = 0.75, 0.3     # a table that runs to the foot of a page, one that starts at the head of the next


def _continues(previous: Table, grid: list, top: float, last_bottom: float, last_page: int, page: int) -> bool:
    """A table split by a page break: the last table of one page runs to its foot, the first table of
    the next page starts at its head with the same number of columns (a form's rows and its 合计 row
    spilled onto page 2). pdfplumber returns the two parts as separate tables."""
    if last_page != page - 1 or last_bottom < PAGE_END or top > PAGE_START or not grid or not previous.rows:
        return False
    return len(grid[0]) == len(previous.rows[0])


def _without_repeated_header(rows: list, grid: list) -> list:
    """The continuation's rows, without the header rows a page repeats (the same cells as the first rows)."""
    skip = 0
    while skip < len(grid) and skip < len(rows) and skip < 4 and grid[skip] == rows[skip]:
        skip += 1
    return grid[skip:]


def _filled(cell) -> bool:
    return cell is not None and bool(str(cell).strip())


def _split_row(last: list, first: list) -> bool:
    """The page break fell inside a row (Word lets a row break across pages): the next page's first row
    holds only the rest of the wrapped cells — fewer cells than the row above, and no number of its own."""
    mine = [c for c in first if _filled(c)]
    return bool(mine) and len(mine) < sum(_filled(c) for c in last) and _filled(last[0]) and \
        not any(str(c).strip().replace(".", "", 1).isdigit() for c in mine)


def _join(a, b):
    if not _filled(b):
        return a
    return b if not _filled(a) else f"{a}\n{b}"


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
