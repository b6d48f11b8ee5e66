"""Typed plain data passed between stages."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    """One file found in a mail: a MIME part, an archive member, an inline image."""
    name: str                         # as a person reads it (decoded, NFC)
    data: bytes = b""
    container: str | None = None      # archive name or forwarded mail subject; None for the mail itself
    declared_type: str = ""           # Content-Type as sent
    inline: bool = False
    kind: str = ""                    # sniffed from the bytes: pdf, docx, xlsx, xls, doc, jpeg, zip, ...
    cls: str = ""                     # summary | score_sheet | basic_info | other_competitions | plan_2025 | other | unsafe
    reason: str = ""
    confidence: float = 0.0
    text: str = ""
    tables: list = field(default_factory=list)   # list[parsers.Table]
    scanned: bool = False             # pages had no text layer (OCR was used or needed)
    needs_manual_check: bool = False
    basic_info: dict | None = None
    basic_info_problems: list = field(default_factory=list)
    signed: bool | None = None        # score sheet: 裁判长 signature
    pages: list = field(default_factory=list, repr=False)   # page images of scans (for the signature)

    @property
    def usable(self) -> bool:
        return self.cls not in ("unsafe", "")

    def record(self) -> dict:
        return {"name": self.name, "container": self.container, "class": self.cls or "other",
                "reason": self.reason, "kind": self.kind, "size": len(self.data),
                "confidence": round(self.confidence, 2), "manual_check": self.needs_manual_check,
                "signed": self.signed}


@dataclass
class Mail:
    """The unit of work: one message from the source, from raw bytes to its recorded outcome."""
    source: str                       # file name, or FOLDER/UIDVALIDITY/UID
    raw: bytes
    sha256: str = ""
    row_id: int | None = None
    archive_path: str = ""
    message_id: str | None = None
    sender: str = ""                  # address
    sender_name: str = ""
    subject: str = ""
    date: str = ""
    received_at: str = ""             # when the center's server got it (ISO, China time)
    headers: Any = None               # email.message.Message (compat32)
    body_text: str = ""
    body_html: str = ""
    forwarded_senders: list = field(default_factory=list)
    documents: list = field(default_factory=list)   # list[Document]
    kind: str = ""                    # submission | auto_reply | bounce | spam | plan_2025 | duplicate | other
    kind_reason: str = ""
    roster_id: str | None = None
    match_reason: str = ""
    declares_no_other: bool = False
    large_attachment_link: bool = False
    notes: list = field(default_factory=list)       # per-item problems, recorded, run goes on
    failed: str | None = None
    finished: bool = False            # decided early (duplicate, bounce, already processed)
    skip: bool = False                # already processed in an earlier run: nothing to record
    reply_to: str = ""
    references: str = ""
    folder: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None

    def basic_info_doc(self) -> Document | None:
        docs = [d for d in self.documents if d.cls == "basic_info" and d.basic_info]
        return docs[-1] if docs else None

    def score_sheet_signed(self) -> bool | None:
        values = [d.signed for d in self.documents if d.cls == "score_sheet" and d.signed is not None]
        if not values:
            return None
        return any(values)

    def materials(self) -> set:
        found = {d.cls for d in self.documents
                 if d.cls in ("summary", "score_sheet", "basic_info", "other_competitions")}
        if self.declares_no_other:
            found.add("other_competitions")
        return found

    def record(self) -> dict:
        info = self.basic_info_doc()
        return {
            "source": self.source, "message_id": self.message_id, "kind": self.kind or "other",
            "kind_reason": self.kind_reason, "roster_id": self.roster_id, "match_reason": self.match_reason,
            "sender": self.sender, "sender_name": self.sender_name, "subject": self.subject,
            "date": self.date, "received_at": self.received_at, "sha256": self.sha256,
            "declares_no_other_competitions": self.declares_no_other,
            "large_attachment_link": self.large_attachment_link,
            "attachments": [d.record() for d in self.documents],
            "materials": sorted(self.materials()),
            "basic_info": info.basic_info if info else None,
            "basic_info_problems": list(info.basic_info_problems) if info else [],
            "score_sheet_signed": self.score_sheet_signed(),
            "notes": list(self.notes), "failed": self.failed,
            "reply_to": self.reply_to, "references": self.references,
        }
