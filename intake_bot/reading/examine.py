"""Everything done to one document, in a worker process: read it (parsers, OCR for scans), decide
which material it is (the campaign's rules), read the campaign's form from it, and check the
signature on signed materials. Pure of the mail and the store: a document in, the same document out
with its class, reason, form values and signature filled in, and its heavy parts (bytes, text,
tables, page images) dropped for the trip back."""
from __future__ import annotations

from . import classify, signature
from ..campaign import forms
from ..mail.body import closing_declares_none
from ..campaign import Campaign, Material
from ..campaign.model import unsigned_problem
from ..mail.model import Document
from .read import read_document
from ..store.records import OCR_READ, SIGNATURE_DOUBT, TO_CHECK, UNSURE_READ, DocClass


def examine(doc: Document, campaign: Campaign, use_ocr: bool) -> Document:
    if doc.cls is not DocClass.UNSAFE:
        try:
            read_document(doc, use_ocr=use_ocr, roles=campaign.sheet_roles)
        except Exception as exc:        # contained per document
            doc.refuse(f"unreadable: {type(exc).__name__}: {exc}")
    classify.classify(doc, campaign)
    material = campaign.material(doc.material) if doc.cls is DocClass.MATERIAL and doc.material else None
    if material is not None and material.closing_statement and campaign.statement:
        doc.closing_statement = closing_declares_none(doc.text, campaign.statement)
        if doc.closing_statement:
            doc.reason += campaign.words.statement_closing_reason.format(short=campaign.statement.short)
    if doc.cls is DocClass.MISROUTED and campaign.planning:
        from .application import occupations_named, unit_named
        doc.occupations = occupations_named(doc.tables, doc.text)
        doc.applicant = unit_named(doc.tables, doc.text)
    form = next((f for f in campaign.forms if doc.is_material(f.material)), None)
    if form is not None:
        read_form(doc, forms.reader(form.reader), use_ocr)
    doc.heading = heading(doc, use_ocr)
    if material is not None and material.title_check and doc.scanned and use_ocr and doc.pages and not doc.form:
        doc.scan_title = doc.heading if doc.title_needed else _title_band(doc.pages[0])
    if doc.title_needed and doc.cls is DocClass.MATERIAL and not doc.form and not doc.scanned:
        doc.excerpt = " ".join((doc.text or "")[:EXCERPT].split())     # which of the unit's competitions it covers
    if material is not None and material.signature:
        code = unsigned_problem(doc.material)
        said = campaign.problem_text(code)                # the campaign's words; a campaign without them: ours
        check_signature(doc, signer(material), said if said != code else campaign.words.unsigned.format(signer=material.signature))
    return doc


HEADING_LINES, HEADING_WIDTH = 3, 80
EXCERPT = 6000                          # characters of a text material kept to see which competitions it covers


def heading(doc: Document, use_ocr: bool) -> str:
    """The document's title lines: what a clerk reads to tell which competition it is about (a line of
    prose ends the title). A scan whose text is only its signature footer has its title band read,
    when the sender's unit leads more than one entry (title_needed: OCR costs a second a page)."""
    text = doc.text
    if doc.title_needed and use_ocr and doc.scanned and doc.pages and doc.cls is DocClass.MATERIAL and not doc.form:
        from .read import title_text
        try:
            text = title_text(doc.pages[0])
        except Exception:               # OCR missing or image damaged: the title stays unknown
            text = ""
    out = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if len(line) > HEADING_WIDTH and out:
            break
        out.append(line[:HEADING_WIDTH])
        if len(out) == HEADING_LINES:
            break
    return "\n".join(out)


def _title_band(page: bytes) -> str:
    """The title band of a scan, read by OCR: which year and competition it names (a guess, for staff)."""
    from .read import title_text
    try:
        return title_text(page)
    except Exception:                   # OCR missing or image damaged: the title stays unknown
        return ""


def read_form(doc: Document, reader: forms.FormReader, use_ocr: bool) -> None:
    by_ocr = doc.scanned and doc.pages and use_ocr
    if by_ocr:
        doc.text, doc.tables = reader.read_scan(doc.pages)      # a photographed or scanned form
        doc.reason += OCR_READ
        doc.needs_manual_check = True
    if not (doc.tables or doc.text):
        return
    try:
        reading = reader.read(doc.tables, doc.text)
    except Exception as exc:
        doc.reason += f"; the form could not be read: {exc}"
        return
    if reading.found_grid or reader.looks_like(doc.tables, doc.text):
        doc.form, doc.form_problems = reading.values, list(reading.problems)
        doc.problem_texts = [list(p) for p in reading.explanations]
        if by_ocr:
            hold_for_staff(doc)
        hold_doubts(doc, reading)


def hold_doubts(doc: Document, reading: forms.FormReading) -> None:
    """What the reader was not sure of (a computed formula, a fallback or tied candidate, a poor reading)
    and the problems resting on it: a manual-check item with the evidence, never told to the sender."""
    note = reading.staff_note()
    if reading.source and len(doc.tables) > 1:
        doc.reason += f"; form read from {reading.source}"
    if note:
        doc.needs_manual_check = True
        doc.reason += (UNSURE_READ if reading.doubts else "") + TO_CHECK + note


def hold_for_staff(doc: Document) -> None:
    """What looks wrong on a form read by OCR may be the OCR's misreading (a 3 read as 8): staff check it
    against the scan; the sender is not told of it."""
    texts = [text for _code, text in doc.problem_texts] or list(doc.form_problems)
    if texts:
        doc.reason += TO_CHECK + " / ".join(texts)
    doc.form_problems, doc.problem_texts = [], []


def signer(material: Material) -> signature.Signer:
    """Whose signature a signed material is checked for, with its sheet's other lines (the campaign's words)."""
    return signature.Signer(material.signature, material.signature_labels, material.signature_beside,
                            material.signature_below)


def check_signature(doc: Document, signer: signature.Signer, unsigned_text: str) -> None:
    """The signer's line on the sheet. Only a certain "unsigned" is told to the sender; one that rests
    on a doubtful reading (a label inferred, a seal over the line, a mark too small to call) is left
    open (signed unknown) for staff to look at."""
    pages = doc.pages or _render_pages(doc)
    if not pages:
        return
    try:
        verdict = signature.sheet_verdict(pages, signer)
        doc.signed = verdict.signed
        if verdict.signed is False and verdict.doubt:
            doc.signed, doc.needs_manual_check = None, True
            doc.reason += SIGNATURE_DOUBT + verdict.doubt
    except Exception as exc:
        doc.reason += f"; signature not checked: {exc}"
    if doc.signed is False:
        doc.problem_texts.append([unsigned_problem(doc.material),           # the campaign's words, with the file
                                  f"「{doc.name}」（共 {len(pages)} 页）：{unsigned_text}"])
    doc.pages = []


def _render_pages(doc: Document) -> list[bytes]:
    if doc.kind != "pdf":
        return []
    from parsers.pdf import render_all
    try:
        return render_all(doc.data)
    except Exception:
        return []


def lighten(doc: Document) -> Document:
    """What goes back to the main process: the decision, not the bytes, text, tables or page images."""
    doc.data, doc.text, doc.tables, doc.pages = b"", "", [], []
    return doc
