"""The reply state machine: at most one reply per committed message, decided before it leaves.

none → pending → written | sent | failed; a pending SMTP reply found by a later run was perhaps sent
(the run stopped mid-send): it becomes uncertain and is never sent again automatically. Replies off
means skipped, for good.
"""
from __future__ import annotations

from pathlib import Path

from . import replies, triage
from .config import ReplyMode, Settings
from .context import Run
from .errors import SendError
from .records import ReplyStatus, StoredMessage


def make_deliverer(settings: Settings, data_dir: Path, mode: ReplyMode):
    if mode == ReplyMode.SMTP:
        return replies.SmtpSender(settings)
    return replies.Outbox(data_dir / ("drafts" if mode == ReplyMode.DRAFTS else "outbox"))


def send_reply(run: Run, message: StoredMessage) -> bool:
    """The gap-list reply for one committed message, at most once. True when it left now."""
    record = message.record
    ok, _why = triage.may_reply_to(record.kind, record.sender)
    if not ok:
        return False
    row_id = message.row
    existing = run.state.reply(row_id)
    if run.reply_mode == ReplyMode.OFF:             # decided: this message gets no reply, not even later
        if existing is None:
            run.state.set_reply(row_id, ReplyStatus.SKIPPED, replies.reply_message_id(record.sha256, run.campaign),
                                error="replies were off")
        return False
    if existing is not None and existing.status.settled:
        return False
    rid = record.roster_id or ""
    entry = run.roster_by_id.get(rid)
    msg = replies.compose(record, run.entry_states().get(rid), entry.as_dict() if entry else None,
                          run.campaign, run.now)
    if run.reply_mode == ReplyMode.SMTP and existing is not None and existing.status is ReplyStatus.PENDING:
        run.state.set_reply(row_id, ReplyStatus.UNCERTAIN, msg["Message-ID"], msg["To"],
                            error="an earlier run stopped while sending: not sent again")
        return False
    run.state.set_reply(row_id, ReplyStatus.PENDING, msg["Message-ID"], msg["To"])
    try:
        where = run.deliverer.deliver(msg, f"{row_id:06d}-{record.sha256[:12]}")
    except SendError as exc:
        run.state.set_reply(row_id, ReplyStatus.FAILED, msg["Message-ID"], msg["To"], error=str(exc))
        return False
    run.state.set_reply(row_id, ReplyStatus.SENT if run.reply_mode == ReplyMode.SMTP else ReplyStatus.WRITTEN,
                        msg["Message-ID"], msg["To"], path=where)
    run.stats["replies"] += 1
    return True


def catch_up_replies(run: Run) -> None:
    """Replies an earlier run committed to but did not finish (stopped, or the server refused)."""
    for message in run.state.unanswered():
        send_reply(run, message)
