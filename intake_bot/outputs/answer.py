"""The reply state machine: at most one reply per committed message, decided before it leaves; an
address not on the roster gets one automatic reply in the whole collection, whatever it sends.

none → pending → written | sent | failed; a pending SMTP reply found by a later run was perhaps sent
(the run stopped mid-send): it becomes uncertain and is never sent again automatically. Replies off
means skipped, for good.
"""
from __future__ import annotations

from pathlib import Path

from ..standing import entry_state
from . import replies
from .. import sources
from ..mail import triage
from ..settings.config import ReplyMode, Settings
from ..standing.context import Run
from ..base.errors import SendError, ServerUnreachable
from ..store.records import DocClass, MessageKind, MessageRecord, ReplyStatus, StoredMessage


def make_deliverer(settings: Settings, data_dir: Path, mode: ReplyMode):
    if mode == ReplyMode.SMTP:
        return OnceUnreachable(replies.SmtpSender(settings))
    drafts = sources.draft_store(settings) if mode == ReplyMode.DRAFTS else None
    if drafts is not None:
        return OnceUnreachable(drafts)   # the mailbox's Drafts folder: staff review and send
    return replies.Outbox(data_dir / ("drafts" if mode == ReplyMode.DRAFTS else "outbox"))


class OnceUnreachable:
    """A deliverer whose server, once it could not be reached, is not tried again in this poll: a
    server that is down would cost every waiting reply the connection timeout, and a backlog would
    stall for as long. The replies wait for the next poll, their attempts not counted."""

    def __init__(self, deliverer):
        self.deliverer = deliverer
        self.why: str | None = None

    def deliver(self, msg, key: str) -> str:
        if self.why:
            raise ServerUnreachable(self.why)
        try:
            return self.deliverer.deliver(msg, key)
        except ServerUnreachable as exc:
            self.why = f"{exc}，本次检查不再尝试，下次检查时重发"
            raise ServerUnreachable(self.why) from None


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""


def on_roster(run: Run, address: str) -> bool:
    return address.lower() in {e.email.lower() for e in run.roster if e.email}


def recipient(run: Run, record: MessageRecord) -> tuple[str | None, str]:
    """Whom to answer, or (None, why not). Only a roster contact, or a sender whose mail carries
    recognisable campaign material, is answered; Reply-To only when it is on the roster or in the
    sender's own domain (the bot must never be a relay to a third party)."""
    contacts = {e.email.lower() for e in run.roster if e.email}
    sender = (record.sender or "").lower()
    recognised = bool(record.materials) or record.kind is MessageKind.MISROUTED or \
        any(d.cls is DocClass.MISROUTED for d in record.documents)
    if sender not in contacts and not recognised:
        return None, "发件人不在名单中，邮件里也没有可识别的材料：不自动回复"
    reply_to = (record.reply_to or "").lower()
    if reply_to and reply_to != sender and (reply_to in contacts or _domain(reply_to) == _domain(sender)):
        return record.reply_to, ""
    return record.sender, ""


def send_reply(run: Run, message: StoredMessage) -> bool:
    """The gap-list reply for one committed message, at most once. True when it left now."""
    record = message.record
    ok, _why = triage.may_reply_to(record.kind, record.sender)
    if not ok:
        return False
    row_id = message.row
    existing = run.state.reply(row_id)
    message_id = replies.reply_message_id(record.sha256, run.campaign)
    if run.reply_mode == ReplyMode.OFF:             # decided: this message gets no reply, not even later
        if existing is None:
            run.state.set_reply(row_id, ReplyStatus.SKIPPED, message_id, error="replies were off")
        return False
    if existing is not None and existing.status.settled:
        return False
    to, why_not = recipient(run, record)
    day = run.now.date().isoformat()
    resuming = existing is not None and existing.status is ReplyStatus.PENDING
    if to and run.state.replies_to(to, day) >= run.settings.replies_per_day and not resuming:
        to, why_not = None, f"今天已向 {to} 自动回复 {run.settings.replies_per_day} 封，为防滥用不再自动回复"
    if to and not on_roster(run, to) and not resuming and run.state.replied_before(to, row_id):
        to, why_not = None, (f"{to} 不在名单中，此前已自动回复过一次：发件人可能被冒用，不再自动回复，"
                             "请工作人员查看后处理")          # a forged From must not make the bot mail a stranger daily
    if to is None:
        run.state.set_reply(row_id, ReplyStatus.SKIPPED, message_id, error=why_not)
        return False
    record = entry_state.assigned(message, run.decisions).record     # staff may have assigned it since
    rid = record.roster_id or ""
    entry = run.roster_by_id.get(rid)
    others = [(run.entry_state(o), run.roster_by_id[o].as_dict()) for o in record.served()[1:]
              if o in run.roster_by_id]          # the other entries whose documents the message carries
    msg = replies.compose(record, run.entry_state(rid) if rid else None, entry.as_dict() if entry else None,
                          run.campaign, run.now, to=to, others=others)
    if run.reply_mode == ReplyMode.SMTP and existing is not None and existing.status is ReplyStatus.PENDING:
        run.state.set_reply(row_id, ReplyStatus.UNCERTAIN, msg["Message-ID"], msg["To"],
                            error="上次运行在发送途中中止，可能已发出：不再自动重发")
        return False
    run.state.set_reply(row_id, ReplyStatus.PENDING, msg["Message-ID"], msg["To"], day=day,
                        durable=run.reply_mode != ReplyMode.OUTBOX)       # leaving the machine: survives a power cut
    try:
        where = run.deliverer.deliver(msg, f"{row_id:06d}-{record.sha256[:12]}")
    except SendError as exc:
        answer = getattr(exc, "server_answer", None)
        run.state.set_reply(row_id, ReplyStatus.FAILED, msg["Message-ID"], msg["To"],
                            error=str(exc) + (f"（服务器答复：{answer}）" if answer else ""),
                            refund=isinstance(exc, ServerUnreachable))     # never reached the server
        return False
    run.state.set_reply(row_id, ReplyStatus.SENT if run.reply_mode == ReplyMode.SMTP else ReplyStatus.WRITTEN,
                        msg["Message-ID"], msg["To"], path=where)
    run.stats["replies"] += 1
    return True


def catch_up_replies(run: Run) -> None:
    """Replies an earlier run committed to but did not finish (stopped, or the server refused), a
    bounded number of delivery attempts each."""
    for message in run.state.unanswered(run.settings.reply_attempts):
        send_reply(run, message)
