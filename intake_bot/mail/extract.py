"""Documents out of a mail: every part, every archive member, with hostile input refused.

Limits (member count, total and per-member size, compression ratio, nesting depth) are enforced
while streaming, before the bytes are held; encrypted archives are reported, never tried.
"""
from __future__ import annotations

import io
import zipfile

from parsers.sniff import ARCHIVES, dangerous_name, sniff

from .archives import ArchiveRefused, check_zip_members, open_archive, path_problem
from ..settings.config import Limits
from .model import Document
from .names import clean_text, readable
from ..store.records import DocClass


OFFICE_ZIPS = {"docx", "xlsx", "pptx", "odf"}


def screen(doc: Document, limits: Limits) -> Document:
    """Mark a document unsafe when its name or bytes say it must not be opened."""
    doc.kind = sniff(doc.data, doc.name)
    reason = (path_problem(doc.name) or dangerous_name(doc.name)
              or ("executable content" if doc.kind == "executable" else None)
              or ("zero-byte file" if doc.kind == "empty" else None)
              or ("encrypted Office file (password protected)" if doc.kind == "encrypted_office" else None)
              or (None if readable(doc.name) else "file name cannot be decoded")
              or (office_zip_problem(doc.data, limits) if doc.kind in OFFICE_ZIPS else None))
    if reason:
        doc.cls, doc.reason, doc.confidence = DocClass.UNSAFE, reason, 1.0
    return doc


def office_zip_problem(data: bytes, limits: Limits) -> str | None:
    """Office files are zips: the archive limits apply before any parser inflates their XML."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip_members(zf.infolist(), limits, limits.max_total_bytes)
    except ArchiveRefused as exc:
        return f"Office file {exc}"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None                    # damaged: the parser says how
    return None


def expand(documents: list[Document], limits: Limits, notes: list[str]) -> list[Document]:
    """Every document of the mail, archives opened (up to `limits.max_depth`)."""
    budget = [limits.max_total_bytes]
    out: list[Document] = []
    for doc in documents:
        out.extend(_expand_one(doc, limits, 0, budget, notes) if doc.examined else [doc])
    for doc in out:                     # names as a person may read them anywhere: no control or bidi characters
        doc.name = clean_text(doc.name)
        doc.container = clean_text(doc.container) if doc.container else doc.container
    return out


def _expand_one(doc: Document, limits: Limits, depth: int, budget: list, notes: list) -> list[Document]:
    screen(doc, limits)
    if doc.cls is DocClass.UNSAFE or doc.kind not in ARCHIVES:
        return [doc]
    if depth >= limits.max_depth:
        doc.cls, doc.reason = DocClass.UNSAFE, f"archive nested deeper than {limits.max_depth} levels"
        return [doc]
    try:
        members = list(open_archive(doc, limits, budget))
    except ArchiveRefused as exc:
        doc.cls, doc.reason, doc.confidence = DocClass.UNSAFE, str(exc), 1.0
        return [doc]
    except Exception as exc:  # corrupt or unsupported archive
        doc.cls, doc.reason, doc.confidence = DocClass.UNSAFE, f"damaged file, cannot be opened: {exc}", 1.0
        return [doc]
    out: list[Document] = []
    for member in members:
        if depth > 0:                   # inside a nested archive: named as the sender sees it, from the
            member.name = f"{doc.name}/{member.name}"     # attached container down (a/inner.zip/x.pdf)
            member.container = doc.container
        out.extend(_expand_one(member, limits, depth + 1, budget, notes))
    if not out:
        notes.append(f"{doc.name}: empty archive")
    return out

