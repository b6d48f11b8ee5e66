"""The intake's second phase, in mail order: a mail's documents collected from the workers, what it
is and whom it is from decided, its form checked against the roster, the outcome committed; then
(after the commit) its files saved and its reply sent."""
from __future__ import annotations

import logging

from .store import archive
from .mail import body, triage
from .campaign import forms, roster
from .reading import vintage
from .outputs.answer import send_reply
from .standing.context import Run
from .mail.model import Document, Mail
from .store.records import OCR_READ, TITLE_CHECK, TO_CHECK, UNSURE_READ, DocClass, MessageKind, MessageStatus, StoredMessage
from .outputs.tracking.view import kind_text
from .base.version import reader_version

log = logging.getLogger(__name__)


def collect_documents(run: Run, mail: Mail) -> None:
    run.pool.wait(mail.ticket or [])



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
    from .store.files import FILES_DIR, stored_name, write_atomic
    from .mail.names import sanitize
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
