"""The intake's first phase: a mail archived, parsed, told apart from duplicates and bounces, its
files opened within limits and handed to the worker pool — all before the older mails have finished,
so the next mails' documents are read while the one before them is decided (pipeline.look_ahead)."""
from __future__ import annotations

from .store import archive
from .mail import extract, mime, triage
from .campaign import roster
from . import sources
from .standing.context import Run
from .base.errors import STORAGE_ERRNOS, storage_error
from .mail.model import Mail
from .store.records import MessageKind, MessageStatus


def archive_mail(run: Run, mail: Mail) -> None:
    mail.sha256 = archive.digest(mail.raw)
    known = run.state.message_by_source(mail.source)
    if known is not None and known.status in (MessageStatus.DONE, MessageStatus.QUARANTINED):
        mail.skip = mail.finished = True
        return
    if sources.relisted(mail.locator, lambda: run.state.locators_of(mail.sha256)):
        mail.skip = mail.finished = True      # re-listed after the source renumbered (IMAP UIDVALIDITY): already processed
        return
    try:
        path = archive.store(run.data_dir / "archive", mail.raw, mail.sha256, run.unsynced)
    except OSError as exc:
        if exc.errno in STORAGE_ERRNOS:
            raise storage_error(exc, "保存原始邮件") from None
        raise
    mail.archive_path = str(path)
    if known is not None:
        mail.row_id, attempts = known.row, known.attempts
    else:
        mail.row_id, attempts = run.state.record_received(mail.source, mail.sha256, str(path), None,
                                                          mail.locator), 0
    run.stats["new"] += 1
    if attempts >= run.settings.max_attempts:     # every earlier attempt failed or was cut off (a hang, a kill)
        mail.failed, mail.hopeless = POISON, True
        return
    if run.oldest_in_flight:                      # if the bot dies now, this is the mail it was stuck on
        run.state.meta.in_hand = mail.row_id


def parse_mime(run: Run, mail: Mail) -> None:
    if not mail.raw.strip():
        raise ValueError("empty file: not an e-mail message")
    msg, big = mime.parse_lean(mail.raw)
    if not any(msg.get(h) for h in ("From", "Message-ID", "Subject", "Date", "Received")):
        raise ValueError("not an e-mail message (no From, Subject, Date or Message-ID header)")
    mime.fill_mail(mail, msg, big)
    del big
    for part in msg.walk():
        for defect in part.defects:
            mail.notes.append(f"MIME defect: {type(defect).__name__}")
    if any("CloseBoundaryNotFound" in n or "StartBoundaryNotFound" in n for n in mail.notes):
        mail.notes.append(TRUNCATED + " the message ends before its last MIME part closes")
    _name, mail.reply_to = mime.address_of(msg.get("Reply-To") or "") if msg.get("Reply-To") else ("", "")
    mail.references = mime.decode_text(msg.get("References"))
    mail.received_at = mime.received_at(mail.raw, mail.notes)
    mail.content_key = content_key(mail)
    mail.headers = mime.parse_message(mime.header_block(mail.raw))   # the headers only: the parts live on as documents
    mail.raw = b""                      # archived and parsed: the bytes are not held for the rest of the mail


TRUNCATED = "truncated:"
REUSED_ID = "与这封邮件的邮件标识（Message-ID）相同，但内容不同，作为新邮件处理："
POISON = "这封邮件已处理多次，每次都未能完成（处理中程序被中止或超时），已隔离，请人工查看原邮件"


def content_key(mail: Mail) -> str:
    """What a second delivery of the same mail carries again: its subject and words, and the name and
    bytes of every file. Two mails with one Message-ID but another key are two submissions (clients and web
    forms that reuse Message-IDs exist)."""
    import hashlib
    words = "".join((mail.subject + mail.body_text).split()).encode("utf-8", "surrogatepass")
    files = sorted({hashlib.sha256(d.name.encode("utf-8", "surrogatepass") + b"\0" + d.data).hexdigest()[:16]
                    for d in mail.documents})
    return hashlib.sha256(words).hexdigest()[:16] + "|" + ",".join(files)


def repeats(later: str, earlier: str) -> bool:
    """A later mail brings nothing new: the same words, and no file the earlier did not carry."""
    if not earlier or not later:
        return True                     # a record from before content keys: the Message-ID decides
    words, _, files = later.partition("|")
    words_then, _, files_then = earlier.partition("|")
    return words == words_then and set(filter(None, files.split(","))) <= set(files_then.split(","))


def find_duplicate(run: Run, mail: Mail) -> None:
    first, reused = run.state.first_with(mail.sha256, mail.message_id, before=mail.row_id,
                                         same=lambda earlier: repeats(mail.content_key, earlier.content_key))
    if first is not None:
        earlier = (first.source, first.view.sha256, first.view.notes)
    else:                               # an earlier mail still in flight (its documents being read)
        match = next((m for m in run.in_flight if not m.failed and m.row_id is not None and m.row_id < mail.row_id
                      and (m.sha256 == mail.sha256 or (mail.message_id and m.message_id == mail.message_id
                                                       and repeats(mail.content_key, m.content_key)))), None)
        earlier = (match.source, match.sha256, match.notes) if match else None
        reused = reused or next((m.source for m in run.in_flight if m.row_id is not None and m.row_id < mail.row_id
                                 and mail.message_id and m.message_id == mail.message_id), None)
    if earlier is None and reused:
        mail.notes.append(f"{REUSED_ID}{reused}")
    if earlier is not None and earlier[1] != mail.sha256 and any(n.startswith(TRUNCATED) for n in earlier[2]):
        earlier = None                  # a complete delivery after a truncated one is not a duplicate
    if earlier is not None:
        same = "内容完全相同" if earlier[1] == mail.sha256 else "是同一封邮件（邮件标识相同）"
        mail.kind, mail.kind_reason = MessageKind.DUPLICATE, f"与 {earlier[0]} {same}"
        mail.finished = True


def triage_headers(run: Run, mail: Mail) -> None:
    kind, reason = triage.header_kind(mail)
    if kind:
        mail.kind, mail.kind_reason = kind, reason
        mail.finished = True


def extract_documents(run: Run, mail: Mail) -> None:
    mail.documents = extract.expand(mail.documents, run.settings.limits, mail.notes)


def submit_documents(run: Run, mail: Mail) -> None:
    if roster.leads_several(run.roster, mail.sender):
        for doc in mail.documents:      # which of the unit's competitions a scanned sheet is about
            doc.title_needed = True
    mail.ticket = run.pool.submit(mail.documents)
