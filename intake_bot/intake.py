"""The intake pipeline: one function lists the stages top to bottom; each stage is a plain function
of (run, mail). `run_once` drives a source through it and then rewrites the tracking workbook."""
from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from parsers.annex1 import check as check_annex1
from parsers.annex1 import looks_like_annex1, read_annex1, roster_mismatch

from . import archive, body, classify, entries, extract, mime, replies, roster, signature, triage
from .config import Settings
from .errors import LockedError, SendError
from .model import Document, Mail
from .pipeline import run_stages, stage
from .read import read_document
from .sources import Incoming, Source
from .state import State
from .tracking import write_workbook

log = logging.getLogger(__name__)
WORKBOOK_NAME = "材料跟踪表.xlsx"


def build_stages():
    return [
        stage(archive_mail),            # raw bytes to the archive, recorded before any parsing
        stage(parse_mime),              # headers, bodies, the parts that are files
        stage(find_duplicate),          # same Message-ID or same bytes as an earlier mail
        stage(triage_headers),          # bounces, auto-replies, spam: decided by headers
        stage(extract_documents),       # archives opened within limits, hostile files marked unsafe
        stage(read_documents),          # text and tables through the parser registry, OCR for scans
        stage(classify_documents),      # which of the four materials (or 2025 plan, other, unsafe)
        stage(read_forms),              # Annex 1 values and problem codes
        stage(read_pasted_form),        # an Annex 1 table pasted into the mail body (HTML)
        stage(read_body),               # "no other competitions" statements, large-attachment links
        stage(decide_kind),             # submission | plan_2025 | other
        stage(match_roster),            # which roster entry wrote
        stage(check_against_roster),    # roster_mismatch on the Annex 1
        stage(check_signatures),        # 裁判长 signature on the score sheet
        stage(commit, always=True),     # the outcome, committed; side effects only after this
        stage(save_files),              # readable files where staff can open them
        stage(reply),                   # the gap-list reply, once
    ]


@dataclass
class Run:
    settings: Settings
    state: State
    data_dir: Path
    roster: list
    now: dt.datetime
    reply_mode: str
    deliverer: object = None
    states: dict | None = None          # entry states, folded from the state on first use
    stats: dict = field(default_factory=lambda: {"read": 0, "new": 0, "failed": 0, "replies": 0})

    @property
    def roster_by_id(self) -> dict:
        return {e.id: e for e in self.roster}

    def entry_states(self) -> dict:
        if self.states is None:
            self.states = entries.fold([e.id for e in self.roster], self.state.records())
        return self.states


# ---- stages -------------------------------------------------------------------------------------

def archive_mail(run: Run, mail: Mail) -> None:
    mail.sha256 = archive.digest(mail.raw)
    known = run.state.message_by_source(mail.source)
    if known is not None and known["status"] in ("done", "quarantined"):
        mail.skip = mail.finished = True
        return
    if mail.folder and mail.uidvalidity and run.state.known_in_folder(mail.sha256, mail.folder, mail.uidvalidity):
        mail.skip = mail.finished = True      # re-listed after a UIDVALIDITY change: already processed
        return
    path = archive.store(run.data_dir / "archive", mail.raw, mail.sha256)
    mail.archive_path = str(path)
    if known is not None:
        mail.row_id = known["id"]
    else:
        mail.row_id = run.state.record_received(mail.source, mail.sha256, str(path), None,
                                                mail.folder, mail.uidvalidity, mail.uid)
    run.stats["new"] += 1


def parse_mime(run: Run, mail: Mail) -> None:
    if not mail.raw.strip():
        raise ValueError("empty file: not an e-mail message")
    msg = mime.parse_message(mail.raw)
    if not any(msg.get(h) for h in ("From", "Message-ID", "Subject", "Date", "Received")):
        raise ValueError("not an e-mail message (no From, Subject, Date or Message-ID header)")
    mime.fill_mail(mail, msg)
    for part in msg.walk():
        for defect in part.defects:
            mail.notes.append(f"MIME defect: {type(defect).__name__}")
    if any("CloseBoundaryNotFound" in n or "StartBoundaryNotFound" in n for n in mail.notes):
        mail.notes.append("truncated: the message ends before its last MIME part closes")
    _name, mail.reply_to = mime.address_of(msg.get("Reply-To") or "") if msg.get("Reply-To") else ("", "")
    mail.references = mime.decode_text(msg.get("References"))
    mail.received_at = mime.received_at(mail.raw, mail.notes)


def find_duplicate(run: Run, mail: Mail) -> None:
    first = run.state.first_with(mail.sha256, mail.message_id, before=mail.row_id)
    if first is not None and first["sha256"] != mail.sha256 and "truncated:" in (first["record"] or ""):
        first = None                    # a complete delivery after a truncated one is not a duplicate
    if first is not None:
        same = "the same bytes" if first["sha256"] == mail.sha256 else "the same Message-ID"
        mail.kind, mail.kind_reason = "duplicate", f"{same} as {first['source']}"
        mail.finished = True


def triage_headers(run: Run, mail: Mail) -> None:
    kind, reason = triage.header_kind(mail)
    if kind:
        mail.kind, mail.kind_reason = kind, reason
        mail.finished = True


def extract_documents(run: Run, mail: Mail) -> None:
    mail.documents = extract.expand(mail.documents, run.settings.limits, mail.notes)


def read_documents(run: Run, mail: Mail) -> None:
    for doc in mail.documents:
        try:
            read_document(doc, use_ocr=run.settings.limits.ocr)
        except Exception as exc:        # contained per attachment
            doc.cls, doc.reason = "unsafe", f"unreadable: {type(exc).__name__}: {exc}"


def classify_documents(run: Run, mail: Mail) -> None:
    for doc in mail.documents:
        classify.classify(doc)


def read_forms(run: Run, mail: Mail) -> None:
    for doc in mail.documents:
        if doc.cls != "basic_info":
            continue
        if doc.scanned and doc.pages and run.settings.limits.ocr:
            _ocr_form(doc)
        if not (doc.tables or doc.text):
            continue
        try:
            form = read_annex1(doc.tables, doc.text)
        except Exception as exc:
            doc.reason += f"; Annex 1 could not be read: {exc}"
            continue
        if form.found_grid or looks_like_annex1(doc.tables, doc.text):
            doc.basic_info = form.info
            doc.basic_info_problems = check_annex1(form)


PASTED_FORM_NAME = "（邮件正文中的基本情况表）"


def _ocr_form(doc: Document) -> None:
    """A photographed or scanned Annex 1: the whole page is read and its grid rebuilt."""
    from parsers import ocr
    from parsers.ocr_table import form_from_ocr
    texts, tables = [], []
    for i, page in enumerate(doc.pages[:4], 1):
        text, grids = form_from_ocr(ocr.lines(page, max_side=2400), source=f"page {i} (OCR)")
        texts.append(text)
        tables.extend(grids)
    doc.text, doc.tables = "\n".join(texts), tables
    doc.reason += "; read by OCR: check the values against the scan"
    doc.needs_manual_check = True


def read_pasted_form(run: Run, mail: Mail) -> None:
    if mail.basic_info_doc() or "<table" not in mail.body_html.lower():
        return
    from parsers.html import tables_of_html
    tables = tables_of_html(mail.body_html)
    text = body.own_text(mail.body_text)
    if not looks_like_annex1(tables, text + "\n" + "\n".join("\t".join(c or "" for c in r) for t in tables for r in t.rows)):
        return
    form = read_annex1(tables, text)
    if not form.found_grid:
        return
    mail.documents.append(Document(name=PASTED_FORM_NAME, kind="html", cls="basic_info", confidence=0.8,
                                   reason="Annex 1 table pasted into the mail body", basic_info=form.info,
                                   basic_info_problems=check_annex1(form)))


def read_body(run: Run, mail: Mail) -> None:
    mail.declares_no_other = body.declares_no_other(mail.body_text)
    mail.large_attachment_link = body.large_attachment_link(mail.body_text, mail.body_html)


def decide_kind(run: Run, mail: Mail) -> None:
    known = any(e.email and e.email in (mail.sender, *mail.forwarded_senders) for e in run.roster)
    if triage.looks_like_spam(mail, known):
        mail.kind, mail.kind_reason = "spam", "advertising or phishing words from an unknown sender"
        return
    mail.kind, mail.kind_reason = triage.content_kind(mail)


def match_roster(run: Run, mail: Mail) -> None:
    info = mail.basic_info_doc()
    texts = [mail.subject, body.own_text(mail.body_text), *[d.name for d in mail.documents]]
    forwarded = [*mail.forwarded_senders, *body.quoted_senders(mail.body_text)]
    mail.roster_id, mail.match_reason = roster.match(run.roster, mail.sender, forwarded, texts,
                                                     info.basic_info if info else None)


def check_against_roster(run: Run, mail: Mail) -> None:
    entry = run.roster_by_id.get(mail.roster_id or "")
    if entry is None:
        return
    for doc in mail.documents:
        if doc.basic_info and roster_mismatch(doc.basic_info, entry.competition, entry.host):
            doc.basic_info_problems.append("roster_mismatch")


def check_signatures(run: Run, mail: Mail) -> None:
    for doc in mail.documents:
        if doc.cls != "score_sheet":
            continue
        pages = doc.pages or _render_pages(doc)
        if not pages:
            continue
        try:
            doc.signed = signature.sheet_signed(pages)
        except Exception as exc:
            doc.reason += f"; signature not checked: {exc}"
        doc.pages = []


def _render_pages(doc) -> list[bytes]:
    if doc.kind != "pdf":
        return []
    from parsers.pdf import render_all
    try:
        return render_all(doc.data)
    except Exception:
        return []


def commit(run: Run, mail: Mail) -> None:
    if mail.skip:
        return
    for doc in mail.documents:          # decided early (duplicate, bounce, ...): files listed, not read
        if not doc.cls:
            doc.cls, doc.reason = "other", f"not examined: the mail is {mail.kind or 'unreadable'}"
    if mail.row_id is None:             # failed before it could be archived: record what we can
        sha = mail.sha256 or archive.digest(mail.raw)
        mail.row_id = run.state.record_received(mail.source, sha, "", None)
    if mail.failed:
        row = run.state.db.execute("SELECT attempts FROM messages WHERE id=?", (mail.row_id,)).fetchone()
        attempts = (row["attempts"] if row else 0) + 1
        status = "quarantined" if attempts >= run.settings.max_attempts or _hopeless(mail) else "failed"
        mail.kind = mail.kind or "other"
        run.state.record_outcome(mail.row_id, status, mail.record(), error=mail.failed)
        run.stats["failed"] += 1
        return
    record = mail.record()
    run.state.record_outcome(mail.row_id, "done", record)
    record["_row"] = mail.row_id
    if run.states is not None and entries.counts(record) and record["roster_id"] in run.states:
        entries.apply(run.states[record["roster_id"]], record)


def _hopeless(mail: Mail) -> bool:
    """Failures that a retry cannot mend (the bytes will not change)."""
    return mail.failed.startswith(("parse_mime", "archive_mail"))


FILES_DIR = "files"


def save_files(run: Run, mail: Mail) -> None:
    """Each readable document under files/ROSTER_ID/ with a safe name (the original is recorded)."""
    if mail.skip or mail.kind not in ("submission", "plan_2025"):
        return
    from .files import write_atomic
    from .names import sanitize
    folder = run.data_dir / FILES_DIR / (mail.roster_id or "未匹配")
    for i, doc in enumerate(mail.documents):
        if doc.cls == "unsafe" or not doc.data:
            continue
        name = sanitize(doc.name, run.settings.limits.max_name_length)
        target = folder / f"{mail.row_id:06d}-{i:02d}-{name}"
        if target.resolve().parent != folder.resolve():
            continue                    # sanitize() makes this impossible; never write elsewhere
        if not target.exists():
            write_atomic(target, doc.data)


def reply(run: Run, mail: Mail) -> None:
    if mail.skip:
        return
    send_reply(run, mail.row_id, {**mail.record(), "_row": mail.row_id})


def send_reply(run: Run, row_id: int, record: dict) -> bool:
    """The gap-list reply for one committed message, at most once. True when it left now."""
    ok, _why = triage.may_reply_to(record.get("kind") or "", record.get("sender") or "")
    if not ok:
        return False
    existing = run.state.reply(row_id)
    if run.reply_mode == "off":             # decided: this message gets no reply, not even later
        if existing is None:
            run.state.set_reply(row_id, "skipped", replies.reply_message_id(record["sha256"], run.settings.campaign),
                                error="replies were off")
        return False
    if existing is not None and existing["status"] in ("written", "sent", "uncertain", "skipped"):
        return False
    rid = record.get("roster_id") or ""
    entry = run.roster_by_id.get(rid)
    msg = replies.compose(record, run.entry_states().get(rid), entry.as_dict() if entry else None,
                          run.settings.campaign, run.now)
    if run.reply_mode == "smtp" and existing is not None and existing["status"] == "pending":
        run.state.set_reply(row_id, "uncertain", msg["Message-ID"], msg["To"],
                            error="an earlier run stopped while sending: not sent again")
        return False
    run.state.set_reply(row_id, "pending", msg["Message-ID"], msg["To"])
    try:
        where = run.deliverer.deliver(msg, f"{row_id:06d}-{record['sha256'][:12]}")
    except SendError as exc:
        run.state.set_reply(row_id, "failed", msg["Message-ID"], msg["To"], error=str(exc))
        return False
    run.state.set_reply(row_id, "sent" if run.reply_mode == "smtp" else "written", msg["Message-ID"],
                        msg["To"], path=where)
    run.stats["replies"] += 1
    return True


def catch_up_replies(run: Run) -> None:
    """Replies an earlier run committed to but did not finish (stopped, or the server refused)."""
    for rec in run.state.unanswered():
        send_reply(run, rec["_row"], rec)


# ---- driving a run ------------------------------------------------------------------------------

class DataDirLock:
    """One run at a time per data directory (two runs would consume and reply twice)."""

    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / ".lock"
        self.fh = None

    def __enter__(self):
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise LockedError(f"Another intake-bot run is using {self.path.parent}; try again when it ends.") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(str(os.getpid()))
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def make_deliverer(settings: Settings, data_dir: Path, mode: str):
    if mode == "smtp":
        return replies.SmtpSender(settings)
    return replies.Outbox(data_dir / ("drafts" if mode == "drafts" else "outbox"))


def process(run: Run, item: Incoming, stages=None) -> Mail:
    mail = Mail(source=item.source, raw=item.raw, folder=item.folder, uidvalidity=item.uidvalidity, uid=item.uid)
    if item.error:
        mail.failed = f"fetch: {item.error}"
    run.stats["read"] += 1
    return run_stages(stages or build_stages(), run, mail)


def run_once(settings: Settings, source: Source, roster_entries: list, now: dt.datetime | None = None,
             reply_mode: str | None = None) -> dict:
    data_dir = Path(settings.data_dir)
    with DataDirLock(data_dir):
        state = State.in_dir(data_dir)
        try:
            state.store_roster(roster_entries)
            mode = reply_mode or settings.reply_mode
            run = Run(settings=settings, state=state, data_dir=data_dir, roster=roster_entries,
                      now=now or dt.datetime.now(dt.timezone(dt.timedelta(hours=8))), reply_mode=mode,
                      deliverer=make_deliverer(settings, data_dir, mode))
            stages = build_stages()
            catch_up_replies(run)
            for item in _retries(state, settings):
                process(run, item, stages)
            if hasattr(source, "known"):
                source.known = {r["source"] for r in state.db.execute(
                    "SELECT source FROM messages WHERE status IN ('done', 'quarantined')")}
            try:
                for item in source:
                    process(run, item, stages)
                    source.committed(item)
            finally:
                source.close()
                state.set_meta("last_poll", {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                                             **run.stats})
                if run.stats["read"] or not (data_dir / WORKBOOK_NAME).exists():
                    write_outputs(state, data_dir, settings)
            return run.stats
        finally:
            state.close()


def _retries(state: State, settings: Settings):
    """Messages that failed in an earlier run, read again from the archive (bounded attempts)."""
    for row in state.messages("failed"):
        if row["attempts"] >= settings.max_attempts or not row["archive_path"]:
            continue
        try:
            raw = Path(row["archive_path"]).read_bytes()
        except OSError:
            continue
        yield Incoming(source=row["source"], raw=raw, folder=row["folder"], uidvalidity=row["uidvalidity"],
                       uid=row["uid"])


def write_outputs(state: State, data_dir: Path, settings: Settings) -> Path:
    roster_rows = state.roster_rows()
    records = state.records()
    states = entries.fold([e["id"] for e in roster_rows], records)
    path = data_dir / WORKBOOK_NAME
    write_workbook(path, settings.campaign, roster_rows, states, records, state.replies())
    return path
