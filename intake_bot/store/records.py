"""What was decided about a message and each of its documents: typed records, stored with a version.

The pipeline fills a `Mail` (model.py) while it works; at commit it becomes a `MessageRecord`, the
one shape every later reader uses (entries, workbook, replies, export). Records are stored as JSON
with `RECORD_VERSION`; records of an earlier layout are migrated when a data directory is opened.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields
from enum import StrEnum

RECORD_VERSION = 2

_SURROGATE = re.compile("[\ud800-\udfff]")


class MessageKind(StrEnum):
    SUBMISSION = "submission"          # material of the campaign (or an attempt to send it)
    MISROUTED = "misrouted"            # only material that belongs elsewhere (the campaign says where)
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    SPAM = "spam"
    DUPLICATE = "duplicate"
    OTHER = "other"

    @property
    def answered(self) -> bool:
        """Kinds that get a reply."""
        return self in (MessageKind.SUBMISSION, MessageKind.MISROUTED)


class DocClass(StrEnum):
    MATERIAL = "material"              # one of the campaign's materials (`material` says which)
    MISROUTED = "misrouted"            # material that belongs elsewhere
    OTHER = "other"                    # readable, none of the above
    UNSAFE = "unsafe"                  # refused: hostile, encrypted, unreadable


class MessageStatus(StrEnum):
    RECEIVED = "received"              # archived, not yet decided
    DONE = "done"
    FAILED = "failed"                  # will be retried from the archive
    QUARANTINED = "quarantined"        # failed too often or hopeless: a person looks at it


class ReplyStatus(StrEnum):
    PENDING = "pending"                # decided, not yet delivered
    WRITTEN = "written"                # in the outbox or drafts folder
    SENT = "sent"                      # accepted by the SMTP server
    UNCERTAIN = "uncertain"            # a run stopped while sending: never sent again automatically
    FAILED = "failed"                  # delivery refused: retried
    SKIPPED = "skipped"                # replies were off: never sent later

    @property
    def delivered(self) -> bool:
        return self in (ReplyStatus.WRITTEN, ReplyStatus.SENT, ReplyStatus.UNCERTAIN)

    @property
    def settled(self) -> bool:
        """Nothing more will be done for this reply."""
        return self.delivered or self is ReplyStatus.SKIPPED


@dataclass(frozen=True)
class DocumentRecord:
    name: str
    cls: DocClass
    material: str | None = None
    container: str | None = None
    reason: str = ""
    kind: str = ""                      # sniffed file type
    size: int = 0
    confidence: float = 0.0
    manual_check: bool = False
    signed: bool | None = None
    closing_statement: bool = False     # its closing paragraphs say the body-statement material is "none"
    # The roster entry the document's own content names (its form's competition, its title), when that
    # is not the message's entry; None: it belongs to the message's entry. The form read from it, with
    # its problems. Records stored before documents carried these have the message's form only (the
    # fields are optional, so such records read unchanged: see entries.share).
    roster_id: str | None = None
    roster_ids: tuple[str, ...] = ()    # several entries: a document that covers each of them (one summary of two)
    form: dict | None = None
    form_problems: tuple[str, ...] = ()
    problem_texts: tuple[tuple[str, str], ...] = ()
    # (problem code, in words) when its title names another year or another competition than its entry's:
    # the material is not counted (intake_bot.reading.vintage); () for every other document and older records.
    names_other: tuple[str, ...] = ()
    occupations: tuple[str, ...] = ()   # a misrouted next-year application: the occupations it names (planning)
    applicant: str = ""                 # ... and the unit it is made by, when readable (planning)

    @property
    def counted(self) -> bool:
        """A material that counts as received (not another year's or another competition's)."""
        return self.cls is DocClass.MATERIAL and bool(self.material) and not self.names_other

    @classmethod
    def from_dict(cls, data: dict) -> "DocumentRecord":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["cls"] = DocClass(values["cls"])
        values["form_problems"] = tuple(values.get("form_problems") or ())
        values["problem_texts"] = tuple(tuple(p) for p in values.get("problem_texts") or ())
        values["roster_ids"] = tuple(values.get("roster_ids") or ())
        values["names_other"] = tuple(values.get("names_other") or ())
        values["occupations"] = tuple(values.get("occupations") or ())
        return cls(**values)


# Markers in a document's technical reason, written by the examination and read by the workbook.
OCR_READ = "; read by OCR: check the values against the scan"
TO_CHECK = "; to check against the scan: "     # followed by the problems held back for staff
SIGNATURE_DOUBT = "; signature unclear: "      # followed by why an unsigned reading is not certain (in words)
UNSURE_READ = "; read with a doubt"            # the form itself: which sheet, a poor reading, a formula
TITLE_CHECK = "; title to check: "             # its title may name another year or competition (a guess)


@dataclass(frozen=True)
class MessageRecord:
    source: str
    sha256: str = ""
    message_id: str | None = None
    content_key: str = ""               # words and files: a reused Message-ID with another key is a new mail
    kind: MessageKind = MessageKind.OTHER
    kind_reason: str = ""
    roster_id: str | None = None
    match_reason: str = ""
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    date: str = ""
    received_at: str = ""
    reply_to: str = ""
    references: str = ""
    declares_no_other: bool = False     # the body says the body-statement material is "none"
    large_attachment_link: bool = False
    documents: tuple[DocumentRecord, ...] = ()
    materials: tuple[str, ...] = ()     # materials this message carries (documents and statements)
    form: dict | None = None            # the form's values, when the message carries the form
    form_problems: tuple[str, ...] = ()
    problem_texts: tuple[tuple[str, str], ...] = ()   # (code, in words: the place and the numbers)
    signed: bool | None = None          # the signature checked on signed materials
    notes: tuple[str, ...] = ()
    failed: str | None = None

    @property
    def states_no_other(self) -> bool:
        """The body-statement material is declared 'none': in the body, or at the end of a document."""
        return self.declares_no_other or any(d.closing_statement for d in self.documents)

    def served(self) -> tuple[str, ...]:
        """The roster entries this message speaks for: its own, then those its documents name."""
        if not self.roster_id:
            return ()
        out = [self.roster_id]
        out += [d.roster_id for d in self.documents if d.roster_id and d.roster_id not in out]
        out += [rid for d in self.documents for rid in d.roster_ids]
        return tuple(dict.fromkeys(out))

    def to_json(self) -> str:
        data = asdict(self)
        data["v"] = RECORD_VERSION
        text = json.dumps(data, ensure_ascii=False)
        # the last guard: a lone surrogate from a damaged header must not stop the commit (SQLite
        # takes only UTF-8); the sources clean their text, this keeps a missed one from aborting the run
        return text.encode("utf-8", "replace").decode("utf-8") if _SURROGATE.search(text) else text

    @classmethod
    def from_dict(cls, data: dict) -> "MessageRecord":
        if data.get("v", 1) < RECORD_VERSION:
            data = migrate_v1(data)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["kind"] = MessageKind(values.get("kind") or "other")
        values["documents"] = tuple(DocumentRecord.from_dict(d) for d in values.get("documents", ()))
        for name in ("materials", "form_problems", "notes"):
            values[name] = tuple(values.get(name) or ())
        values["problem_texts"] = tuple(tuple(p) for p in values.get("problem_texts") or ())
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> "MessageRecord":
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True)
class StoredMessage:
    """A row of the store: the record and what the store knows of its processing."""
    row: int
    source: str
    status: MessageStatus
    attempts: int = 0
    error: str | None = None
    record: MessageRecord | None = None
    reply: "StoredReply | None" = None

    @property
    def view(self) -> MessageRecord:
        """The record, or what is known of a message that never got one."""
        return self.record or MessageRecord(source=self.source, failed=self.error)


@dataclass(frozen=True)
class StoredReply:
    status: ReplyStatus
    reply_message_id: str
    recipient: str | None = None
    path: str | None = None
    error: str | None = None
    attempts: int = 0


_V1_KINDS = {k.value for k in MessageKind} - {"misrouted"}


def migrate_v1(data: dict) -> dict:
    """Layout 1 (untyped dicts, before campaigns were data): the misrouted class was stored under its
    campaign name. A class the record itself lists among its materials is a material; any class that
    is neither a material nor other/unsafe was the misrouted one."""
    materials = set(data.get("materials") or [])
    documents = []
    for a in data.get("attachments") or []:
        cls = a.get("class") or "other"
        if cls in ("other", "unsafe"):
            doc_cls, material = cls, None
        elif cls in materials:
            doc_cls, material = "material", cls
        else:
            doc_cls, material = "misrouted", None
        documents.append({"name": a.get("name", ""), "cls": doc_cls, "material": material,
                          "container": a.get("container"), "reason": a.get("reason", ""), "kind": a.get("kind", ""),
                          "size": a.get("size", 0), "confidence": a.get("confidence", 0.0),
                          "manual_check": bool(a.get("manual_check")), "signed": a.get("signed")})
    kind = data.get("kind") or "other"
    return {
        "source": data.get("source", ""), "sha256": data.get("sha256", ""), "message_id": data.get("message_id"),
        "kind": kind if kind in _V1_KINDS else "misrouted", "kind_reason": data.get("kind_reason", ""),
        "roster_id": data.get("roster_id"), "match_reason": data.get("match_reason", ""),
        "sender": data.get("sender", ""), "sender_name": data.get("sender_name", ""),
        "subject": data.get("subject", ""), "date": data.get("date", ""), "received_at": data.get("received_at", ""),
        "reply_to": data.get("reply_to", ""), "references": data.get("references", ""),
        "declares_no_other": bool(data.get("declares_no_other_competitions")),
        "large_attachment_link": bool(data.get("large_attachment_link")),
        "documents": documents, "materials": sorted(materials), "form": data.get("basic_info"),
        "form_problems": data.get("basic_info_problems") or [], "signed": data.get("score_sheet_signed"),
        "notes": data.get("notes") or [], "failed": data.get("failed"), "v": RECORD_VERSION,
    }
