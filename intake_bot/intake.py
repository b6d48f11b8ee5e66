"""The intake stages: one function lists them top to bottom; each stage is a plain function of
(run, mail) that fills in the mail. The campaign (run.campaign) says which materials there are, how
each is recognised and which form is read; nothing here names one year's collection."""
from __future__ import annotations

import logging

from . import archive, body, extract, forms, mime, roster, sources, triage, vintage
from .answer import send_reply
from .context import Run
from .errors import STORAGE_ERRNOS, storage_error
from .model import Document, Mail
from .pipeline import run_stages, stage
from .records import OCR_READ, TITLE_CHECK, TO_CHECK, UNSURE_READ, DocClass, MessageKind, MessageStatus, StoredMessage
from .sources import Incoming
from .tracking.view import kind_text
from .version import reader_version

log = logging.getLogger(__name__)


def build_stages():
    return [
        stage(archive_mail),            # raw bytes to the archive, recorded before any parsing
        stage(parse_mime),              # headers, bodies, the parts that are files
        stage(find_duplicate),          # same Message-ID or same bytes as an earlier mail
        stage(triage_headers),          # bounces, auto-replies, spam: decided by headers
        stage(extract_documents),       # archives opened within limits, hostile files marked unsafe
        stage(submit_documents),        # to the worker pool: read (OCR for scans), classify by the campaign's
                                        # rules, read the form, check signatures; a hostile file costs only itself
        # ---- the next mails' documents are read while this mail goes on (PHASE_TWO) ----
        stage(collect_documents),       # wait for this mail's documents
        stage(read_pasted_form),        # the form pasted into the mail body (HTML)
        stage(read_body),               # "none" statements, large-attachment links
        stage(decide_kind),             # submission | misrouted | other
        stage(match_roster),            # which roster entry wrote
        stage(assign_documents),        # a document whose content names another entry of the unit is that entry's
        stage(check_against_roster),    # the form against the roster entry
        stage(check_titles),            # a summary or score sheet titled for another year or competition
        stage(commit, always=True),     # the outcome, committed; side effects only after this
        stage(save_files),              # readable files where staff can open them
        stage(reply),                   # the gap-list reply, once
    ]


# ---- stages -------------------------------------------------------------------------------------

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
        run.state.set_meta("in_hand", mail.row_id)


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


def collect_documents(run: Run, mail: Mail) -> None:
    run.pool.wait(mail.ticket or [])


PHASE_TWO = "collect_documents"


def _form_reader(run: Run) -> forms.FormReader | None:
    return forms.reader(run.campaign.form.reader) if run.campaign.form else None


PASTED_FORM_NAME = "（邮件正文中的{name}）"


def read_pasted_form(run: Run, mail: Mail) -> None:
    reader = _form_reader(run)
    if reader is None or mail.form_doc() or "<table" not in mail.body_html.lower():
        return
    from parsers.html import tables_of_html
    tables = tables_of_html(mail.body_html)
    text = body.own_text(mail.body_text)
    if not reader.looks_like(tables, text + "\n" + "\n".join("\t".join(c or "" for c in r) for t in tables for r in t.rows)):
        return
    reading = reader.read(tables, text)
    if not reading.found_grid:
        return
    doc = Document(name=PASTED_FORM_NAME.format(name=run.campaign.form.name), kind="html",
                   cls=DocClass.MATERIAL, material=run.campaign.form.material, confidence=0.8,
                   reason="表格粘贴在邮件正文中", form=reading.values, form_problems=list(reading.problems),
                   problem_texts=[list(p) for p in reading.explanations])
    if reading.staff_note():
        doc.needs_manual_check = True
        doc.reason += (UNSURE_READ if reading.doubts else "") + TO_CHECK + reading.staff_note()
    mail.documents.append(doc)


def read_body(run: Run, mail: Mail) -> None:
    statement = run.campaign.statement
    mail.declares_no_other = body.declares_no_other(mail.body_text, statement,
                                                    run.campaign.ordinal(statement.key) if statement else 0,
                                                    center=run.campaign.center_address,
                                                    trusted={mail.sender, *(e.email for e in run.roster if e.email)})
    mail.large_attachment_link = body.large_attachment_link(mail.body_text, mail.body_html)


def decide_kind(run: Run, mail: Mail) -> None:
    known = any(e.email and e.email in (mail.sender, *mail.forwarded_senders) for e in run.roster)
    if triage.looks_like_spam(mail, known):
        mail.kind, mail.kind_reason = MessageKind.SPAM, "陌生发件人，内容为广告或钓鱼"
        return
    if triage.looks_like_newsletter(mail, known):
        mail.kind, mail.kind_reason = MessageKind.SPAM, "群发的简报、期刊或订阅邮件（无邮件列表标记）：不回复"
        return
    mail.kind, mail.kind_reason = triage.content_kind(mail, known, run.campaign.mention_words or run.campaign.words.mention)


def match_roster(run: Run, mail: Mail) -> None:
    if mail.kind in (MessageKind.SPAM, MessageKind.OTHER):
        return                          # not about the collection: it speaks for no entry (a newsletter naming a unit)
    form = next((d for d in mail.documents if d.cls is DocClass.MATERIAL and d.form), None)   # the first form
    texts = [mail.subject, body.own_text(mail.body_text), *[d.name for d in mail.documents]]
    forwarded = [*mail.forwarded_senders, *body.quoted_senders(mail.body_text)]
    reader = _form_reader(run)
    names = roster.FormNames(reader.competition_of(form.form), tuple(reader.units_named(form.form))) \
        if form and reader else None
    mail.roster_id, mail.match_reason = roster.match(run.roster, mail.sender, forwarded, texts, names)


def assign_documents(run: Run, mail: Mail) -> None:
    """Each material document belongs to the roster entry its content names (roster.assign); only a
    mail matched to an entry is shared out: an unmatched one waits for staff as a whole."""
    own = run.roster_by_id.get(mail.roster_id or "")
    reader = _form_reader(run)
    if own is not None:
        fits = (lambda form, e: reader.roster_mismatch(form, e) is None) if reader else None
        roster.assign(run.roster, own, [d for d in mail.documents if d.cls is DocClass.MATERIAL], fits,
                      reader.competition_of if reader else None)


def check_against_roster(run: Run, mail: Mail) -> None:
    reader = _form_reader(run)
    if reader is None:
        return
    for doc in mail.documents:
        entry = run.roster_by_id.get(doc.roster_id or mail.roster_id or "")
        why = reader.roster_mismatch(doc.form, entry) if doc.form and entry else None
        if why and (OCR_READ in doc.reason or UNSURE_READ in doc.reason):   # perhaps a misreading: for staff
            doc.reason += TO_CHECK + why
        elif why:
            doc.form_problems.append("roster_mismatch")
            doc.problem_texts.append(["roster_mismatch", why])


def check_titles(run: Run, mail: Mail) -> None:
    """A material whose title names another year or another competition than its entry's (vintage) is not
    counted, and its sender is told which file and what it names; a guess (a scan read by OCR, a name
    that may be a nickname) stays counted and goes to staff."""
    own = run.roster_by_id.get(mail.roster_id or "")
    if own is None:
        return
    unit = roster.same_unit(run.roster, own)
    campaign = run.campaign
    for doc in mail.documents:
        material = campaign.material(doc.material or "") if doc.cls is DocClass.MATERIAL else None
        if material is None or not material.title_check or doc.form or doc.roster_ids:
            continue
        entry = run.roster_by_id.get(doc.roster_id or own.id) or own
        naming = vintage.check(doc.scan_title if doc.scanned else doc.heading, campaign.year, entry, run.roster,
                               unit, doc.scanned)
        if naming is None:
            continue
        if naming.sure:
            text = vintage.sender_text(campaign.problem_text(naming.code), naming, doc.name, material.name,
                                       campaign.year, entry.competition)
            doc.names_other = (naming.code, text)
            doc.reason += f"; {text}"
        else:
            doc.needs_manual_check = True
            doc.reason += TITLE_CHECK + vintage.staff_text(naming, doc.scanned)


def settle_unread(run: Run, mail: Mail) -> None:
    """Files of a mail decided early (duplicate, bounce, ...) are listed, not read."""
    for doc in mail.documents:
        if doc.cls is None:
            doc.cls, doc.reason = DocClass.OTHER, f"未查看：这封邮件是{kind_text(run.campaign, mail.kind or MessageKind.OTHER)}"


def commit(run: Run, mail: Mail) -> None:
    if mail.skip:
        return
    settle_unread(run, mail)
    if mail.row_id is None:             # failed before it could be archived: record what we can, once
        known = run.state.message_by_source(mail.source)
        mail.row_id = known.row if known is not None else run.state.record_received(
            mail.source, mail.sha256 or archive.digest(mail.raw), "", None, mail.locator)
    statement = run.campaign.body_statement_material
    if mail.failed:
        if not mail.hopeless:
            run.state.start_attempt(mail.row_id)
        attempts = run.state.attempts(mail.row_id)
        status = MessageStatus.QUARANTINED if attempts >= run.settings.max_attempts or _hopeless(mail) \
            else MessageStatus.FAILED
        mail.kind = mail.kind or MessageKind.OTHER
        run.state.record_outcome(mail.row_id, status, mail.to_record(statement), error=mail.failed,
                                 read_by=reader_version(run.campaign.source_file))
        log.warning("邮件 %s 处理失败（%s）：%s", mail.source, "已隔离" if status is MessageStatus.QUARANTINED
                    else "将重试", mail.failed)
        run.stats["failed"] += 1
        return
    record = mail.to_record(statement)
    run.state.record_outcome(mail.row_id, MessageStatus.DONE, record, read_by=reader_version(run.campaign.source_file))
    log.info("邮件 %s：%s，对应 %s，材料 %s", mail.source, kind_text(run.campaign, record.kind),
             record.roster_id or "无", "、".join(run.campaign.material(m).short for m in record.materials) or "无")
    mail.committed = StoredMessage(row=mail.row_id, source=mail.source, status=MessageStatus.DONE, record=record)
    run.remember(mail.committed)


def _hopeless(mail: Mail) -> bool:
    """Failures that a retry cannot mend (the bytes will not change)."""
    return mail.hopeless or mail.failed.startswith(("parse_mime", "archive_mail"))


def save_files(run: Run, mail: Mail) -> None:
    """Each readable document under files/ROSTER_ID/ with a safe name (the original is recorded)."""
    if mail.skip or not (mail.kind and mail.kind.answered):
        return
    from .files import FILES_DIR, stored_name, write_atomic
    from .names import sanitize
    for i, doc in enumerate(mail.documents):
        if doc.cls is DocClass.UNSAFE or not doc.data or not doc.examined:
            continue
        folder = run.data_dir / FILES_DIR / (doc.roster_id or mail.roster_id or "未匹配")
        name = sanitize(doc.name, run.settings.limits.max_name_length)
        target = folder / stored_name(mail.row_id, i, name)
        if target.resolve().parent != folder.resolve():
            continue                    # sanitize() makes this impossible; never write elsewhere
        if not target.exists():
            try:
                write_atomic(target, doc.data, sync=False)      # a copy for staff: the archive holds the original
            except OSError as exc:          # the mail is committed; its reply still goes out
                log.error("附件 %s 未能保存到 %s：%s", name, folder, exc)
                mail.notes.append(f"file not saved: {name}: {exc.strerror}")


def reply(run: Run, mail: Mail) -> None:
    if mail.skip or mail.committed is None:
        return
    send_reply(run, mail.committed)


def begin(run: Run, item: Incoming, stages) -> Mail:
    """Phase one of a mail: archived, parsed, its documents handed to the worker pool."""
    mail = Mail(source=item.source, raw=item.raw, locator=item.locator)
    if item.error:                      # the source cannot take it: no retry mends that, staff look at it
        mail.failed, mail.hopeless = item.error, True
    run.stats["read"] += 1
    run_stages(phase(stages, 1), run, mail)
    run.in_flight.append(mail)
    return mail


def finish(run: Run, mail: Mail, stages) -> Mail:
    """Phase two: its documents collected, decided, committed, answered."""
    try:
        return run_stages(phase(stages, 2), run, mail)
    finally:
        run.in_flight.remove(mail)


def phase(stages, which: int):
    split = next(i for i, st in enumerate(stages) if st.name == PHASE_TWO)
    return stages[:split] if which == 1 else stages[split:]


def process(run: Run, item: Incoming, stages=None) -> Mail:
    """One mail through every stage (in order, nothing else in flight)."""
    stages = stages or build_stages()
    run.oldest_in_flight = True
    return finish(run, begin(run, item, stages), stages)
