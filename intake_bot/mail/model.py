"""The unit of work while it flows through the stages: a mail and the documents found in it.

Mutable while the stages fill it in; `Mail.to_record()` turns it into the typed record that is
committed (records.py). Classes and kinds are enums; which material a document is, is the
campaign's key (a string the campaign defines).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..store.records import DocClass, DocumentRecord, MessageKind, MessageRecord, StoredMessage


@dataclass
class Document:
    """One file found in a mail: a MIME part, an archive member, an inline image."""
    name: str                         # as a person reads it (decoded, NFC)
    data: bytes = b""
    container: str | None = None      # archive name or forwarded mail subject; None for the mail itself
    declared_type: str = ""           # Content-Type as sent
    inline: bool = False
    kind: str = ""                    # sniffed from the bytes: pdf, docx, xlsx, xls, doc, jpeg, zip, ...
    cls: DocClass | None = None       # None until decided
    material: str | None = None       # the campaign's material key, when cls is MATERIAL
    reason: str = ""
    confidence: float = 0.0
    text: str = ""
    tables: list = field(default_factory=list)   # list[parsers.Table]
    scanned: bool = False             # pages had no text layer (OCR was used or needed)
    needs_manual_check: bool = False
    form: dict | None = None          # the campaign's form, read field by field
    form_problems: list = field(default_factory=list)
    problem_texts: list = field(default_factory=list)   # (code, the place and numbers in words)
    signed: bool | None = None        # a signed material: the signature found under the table
    closing_statement: bool = False   # its closing paragraphs say the body-statement material is "none"
    pages: list = field(default_factory=list, repr=False)   # page images of scans (for the signature)
    examined: bool = True             # False: listed only (a decorative image, the mail's own signature)
    heading: str = ""                 # its title lines, kept after the text is dropped (which entry it names)
    title_needed: bool = False        # the sender's unit leads several entries: a scan's title is read too
    roster_id: str | None = None      # the entry its content names, when not the mail's (records.py)
    roster_ids: tuple = ()            # the entries it covers when it names several of the unit's (one summary of two)
    excerpt: str = ""                 # the start of its text, kept when its unit leads several entries (title_needed)
    scan_title: str = ""              # a scan's title band read by OCR (a guess: which year and competition it names)
    names_other: tuple = ()           # (code, in words) its title names another year or competition: not counted
    occupations: list = field(default_factory=list)   # misrouted next-year application: the occupations it names
    applicant: str = ""               # misrouted next-year application: the unit it is made by (its 申办单位)

    def is_material(self, key: str | None) -> bool:
        return self.cls is DocClass.MATERIAL and key is not None and self.material == key

    def set_aside(self, reason: str) -> None:
        """Listed for staff, never read nor counted as a file the sender sent us."""
        self.cls, self.material, self.reason, self.examined = DocClass.OTHER, None, reason, False

    def refuse(self, reason: str) -> None:
        self.cls, self.material, self.reason, self.confidence = DocClass.UNSAFE, None, reason, 1.0

    def record(self) -> DocumentRecord:
        return DocumentRecord(name=self.name, cls=self.cls or DocClass.OTHER, material=self.material,
                              container=self.container, reason=self.reason, kind=self.kind, size=len(self.data),
                              confidence=round(self.confidence, 2), manual_check=self.needs_manual_check,
                              signed=self.signed, closing_statement=self.closing_statement,
                              roster_id=self.roster_id, roster_ids=tuple(self.roster_ids), form=self.form,
                              form_problems=tuple(self.form_problems) if self.form else (),
                              problem_texts=tuple(tuple(p) for p in self.problem_texts),
                              names_other=tuple(self.names_other), occupations=tuple(self.occupations),
                              applicant=self.applicant)


@dataclass
class Mail:
    """The unit of work: one message from the source, from raw bytes to its recorded outcome."""
    source: str                       # the source's key: a file name, or FOLDER/UIDVALIDITY/UID
    raw: bytes
    sha256: str = ""
    row_id: int | None = None
    archive_path: str = ""
    message_id: str | None = None
    content_key: str = ""             # the sender's words and files (intake.content_key)
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
    kind: MessageKind | None = None
    kind_reason: str = ""
    roster_id: str | None = None
    match_reason: str = ""
    declares_no_other: bool = False   # the body says the body-statement material is "none"
    large_attachment_link: bool = False
    delivery_actions: list = field(default_factory=list)   # a delivery report's Action per recipient (RFC 3464)
    notes: list = field(default_factory=list)       # per-item problems, recorded, run goes on
    failed: str | None = None
    hopeless: bool = False            # a retry cannot mend it: quarantined at once
    finished: bool = False            # decided early (duplicate, bounce, already processed)
    skip: bool = False                # already processed in an earlier run: nothing to record
    reply_to: str = ""
    references: str = ""
    locator: str | None = None        # where its source kind found it (sources/)
    committed: StoredMessage | None = None   # what commit stored (later stages act on it)
    ticket: list | None = None        # its documents in the worker pool

    def form_doc(self) -> Document | None:
        """The mail's form: the last one of its own entry, else the last one it carries."""
        docs = [d for d in self.documents if d.cls is DocClass.MATERIAL and d.form]
        own = [d for d in docs if d.roster_id is None]
        return (own or docs or [None])[-1]

    def signed(self) -> bool | None:
        values = [d.signed for d in self.documents if d.cls is DocClass.MATERIAL and d.signed is not None]
        if not values:
            return None
        return any(values)

    def materials(self, body_statement: str | None) -> set[str]:
        found = {d.material for d in self.documents if d.cls is DocClass.MATERIAL and d.material}
        if (self.declares_no_other or any(d.closing_statement for d in self.documents)) and body_statement:
            found.add(body_statement)
        return found

    def to_record(self, body_statement: str | None) -> MessageRecord:
        form = self.form_doc()
        return MessageRecord(
            source=self.source, sha256=self.sha256, message_id=self.message_id, content_key=self.content_key,
            kind=self.kind or MessageKind.OTHER, kind_reason=self.kind_reason, roster_id=self.roster_id,
            match_reason=self.match_reason, sender=self.sender, sender_name=self.sender_name,
            subject=self.subject, date=self.date, received_at=self.received_at, reply_to=self.reply_to,
            references=self.references, declares_no_other=self.declares_no_other,
            large_attachment_link=self.large_attachment_link,
            documents=tuple(d.record() for d in self.documents),
            materials=tuple(sorted(self.materials(body_statement))),
            form=form.form if form else None, form_problems=tuple(form.form_problems) if form else (),
            problem_texts=tuple(tuple(p) for d in self.documents for p in d.problem_texts),
            signed=self.signed(), notes=tuple(self.notes), failed=self.failed)
