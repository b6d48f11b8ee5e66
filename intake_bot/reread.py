"""Re-reading archived mail with the current reader (`intake-bot reread`).

When the reader improves, the mail already read keeps its old reading for the rest of the season.
`reread` reads the archived mails again through the same stages and the same worker isolation as a
poll — archiving, committing, saving files and replying left out — and says per mail and per entry
what the new reading would change. Nothing is kept unless asked (`apply`): then each mail's new
reading is committed on its own, with the reader and the time (an interrupted re-read goes on where
it stopped when started again with the same choice); what staff decided in the workbook is kept (it
is stored apart from the readings and applies to the new ones); no mail goes to anyone, except a
correction per entry staff name (`reply_to`), once per entry and reader. The service never re-reads
by itself.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from .standing import entry_state
from .settings.config import CHINA_TZ, ReplyMode, Settings
from .standing.context import Run
from .outputs.correction import send_correction
from .base.errors import IntakeError
from .intake import begin, build_stages, finish, save_files, settle_unread
from .store.lock import DataDirLock
from .base.pipeline import look_ahead, stage
from .store.records import MessageRecord, MessageStatus, StoredMessage
from .campaign.roster import RosterEntry
from .sources import Incoming
from .outputs.staff_input import decisions_now
from .store.state import State
from .store.state_meta import RereadMark
from .base.version import reader_version
from .workbook_refresh import write_workbook_safely

log = logging.getLogger(__name__)
LEFT_OUT = {"archive_mail", "commit", "save_files", "reply"}
NO_REPLY = "重新读取后保存的结果：不自动回复"


@dataclass(frozen=True)
class Selection:
    """Which archived mails: all, one entry's, or those received within a range of days (local)."""
    roster_id: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def key(self) -> dict:
        return {"roster_id": self.roster_id, "since": self.since and self.since.isoformat(),
                "until": self.until and self.until.isoformat()}


@dataclass
class Reading:
    message: StoredMessage              # as stored, with its old record
    read_by: str | None                 # the reader of the old record (None: before readers were recorded)
    after: MessageRecord | None = None  # the new reading; None when it failed (the old one stays)
    failed: str | None = None

    @property
    def changed(self) -> bool:
        return self.after is not None and _comparable(self.after) != _comparable(self.message.record)


@dataclass
class Report:
    version: str
    readings: list = field(default_factory=list)
    before: dict = field(default_factory=dict)          # roster id → Standing, with the old readings
    after: dict = field(default_factory=dict)           # roster id → Standing, with the new ones
    applied: bool = False
    resumed: int = 0                                    # mails an interrupted apply had already kept
    replies: list = field(default_factory=list)         # (roster id, what happened, in words)
    missing_archive: list = field(default_factory=list)


def _comparable(record: MessageRecord | None) -> dict:
    """What a reading decides (not the words of its technical reasons or notes)."""
    if record is None:
        return {}
    return {
        "kind": record.kind, "roster_id": record.roster_id, "materials": record.materials,
        "declares": record.declares_no_other, "form": record.form, "problems": sorted(record.problem_texts),
        "signed": record.signed,
        "documents": [(d.name, d.cls, d.material, d.signed, d.manual_check, d.roster_id, d.roster_ids,
                       d.names_other, tuple(sorted(d.problem_texts))) for d in record.documents],
    }


def _local_day(record: MessageRecord) -> dt.date | None:
    try:
        at = dt.datetime.fromisoformat(record.received_at or record.date)
    except (TypeError, ValueError):
        return None
    return (at if at.tzinfo else at.replace(tzinfo=CHINA_TZ)).astimezone(CHINA_TZ).date()


def chosen(messages: list[StoredMessage], selection: Selection, assigned: dict) -> list[StoredMessage]:
    """The mails read to the end that the selection names, in the order read. One entry's: those its old
    reading (or staff) gave it, and those no entry was found for (the new reading may find it). A
    quarantined mail is left out: it stopped or hung the reader, and failed ones are read again by the
    service."""
    out = []
    for m in messages:
        if m.status is not MessageStatus.DONE or m.record is None:
            continue
        unmatched = not m.record.roster_id and m.record.kind.answered and m.source not in assigned
        if selection.roster_id and not unmatched and \
                selection.roster_id not in (*m.record.served(), assigned.get(m.source)):
            continue
        day = _local_day(m.record)
        if (selection.since or selection.until) and day is None:
            continue
        if (selection.since and day < selection.since) or (selection.until and day > selection.until):
            continue
        out.append(m)
    return out


def archived_raw(data_dir: Path, recorded: str, sha256: str) -> bytes | None:
    """The archived mail, its bytes checked against its digest: in this data directory's archive (a
    directory that was moved or restored elsewhere keeps its archive folders), else where it was recorded."""
    from .store.archive import digest
    for path in sorted((data_dir / "archive").glob(f"*/{sha256}.eml")) + ([Path(recorded)] if recorded else []):
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        if digest(raw) == sha256:
            return raw
    return None


def from_archive(run: Run, mail) -> None:
    """The stored message this mail is (instead of archiving it again)."""
    from .store.archive import digest
    known = run.state.message_by_source(mail.source)
    mail.row_id, mail.sha256 = known.row, digest(mail.raw)


def stages():
    return [stage(from_archive), *(s for s in build_stages() if s.name not in LEFT_OUT), stage(settle_unread)]


def reread(app, selection: Selection, apply: bool = False, reply_to: tuple = (),
           reply_mode: ReplyMode | None = None, progress=lambda items, total: items,
           now: dt.datetime | None = None) -> Report:
    """app: the Intake (its settings, its worker pool)."""
    data_dir = app.data_dir
    if reply_to and not apply:
        raise IntakeError("--reply 只能与 --apply 一起使用：回复说的是保存后的新结果。")
    with State.existing(data_dir) as probe:
        if not probe.roster_rows():
            raise IntakeError("数据目录中还没有名单：请先运行 `intake-bot run`。")
    # Keeping takes the data directory for the whole re-read (the service's polls wait; its daily jobs are
    # tried again a little later); a preview only reads the store and may run beside the service.
    with DataDirLock(data_dir) if apply else contextlib.nullcontext(), State.existing(data_dir) as state:
        return _reread(app, state, data_dir, selection, apply, reply_to, reply_mode, progress,
                       now or dt.datetime.now(CHINA_TZ))


def _roster(settings: Settings, state: State, keep: bool) -> list[RosterEntry]:
    """The roster given (stored only when the re-read is kept), else the one the last run stored."""
    if settings.roster:
        from .campaign.roster import load_roster
        entries = load_roster(settings.roster)
        if keep:
            state.store_roster(entries)
        return entries
    return [RosterEntry(**row) for row in state.roster_rows()]


def _reread(app, state, data_dir, selection, apply, reply_to, reply_mode, progress, now) -> Report:
    settings = app.settings
    version = reader_version(settings.campaign.source_file)
    report = Report(version=version, applied=apply)
    roster_entries = _roster(settings, state, apply)
    ids = {e.id for e in roster_entries}
    for rid in (selection.roster_id, *reply_to):
        if rid and rid not in ids:
            raise IntakeError(f"名单中没有编号 {rid}。")
    decisions = decisions_now(state, settings, store=False)
    messages = state.messages()
    todo = chosen(messages, selection, decisions.assigned)
    readings = state.readings()
    skip_until = None
    if apply:
        unfinished = state.meta.reread_unfinished
        if unfinished and unfinished.version == version and unfinished.selection == selection.key():
            skip_until = unfinished.started.isoformat(timespec="seconds")   # an interrupted apply: its mails stay kept
        else:
            state.meta.reread_unfinished = RereadMark(version, selection.key(), dt.datetime.now(dt.timezone.utc))
    run = Run(settings=settings, state=state, data_dir=data_dir, roster=roster_entries, now=now,
              reply_mode=ReplyMode.OFF, pool=app.pool, decisions=decisions)
    steps = stages()
    new_records: dict[int, MessageRecord] = {}

    def start(item, _oldest: bool):
        reading, incoming = item
        report.readings.append(reading)
        mail = begin(run, incoming, steps)
        incoming.raw = b""                  # parsed: not held by the window
        return mail

    def done(item, mail, _following) -> None:
        reading, _incoming = item
        finish(run, mail, steps)
        if mail.failed:
            reading.failed = mail.failed
            log.warning("重新读取 %s 失败（保留原结果）：%s", mail.source, mail.failed)
        else:
            reading.after = mail.to_record(settings.campaign.body_statement_material)
            new_records[reading.message.row] = reading.after
            if apply:
                keep(run, mail, reading, version)

    def todo_read():
        for message in progress(todo, len(todo)):
            read_by, read_at = readings.get(message.row, (None, None))
            if skip_until and read_by == version and (read_at or "") >= skip_until:
                report.resumed += 1
                continue
            recorded, sha = state.archived(message.row)
            raw = archived_raw(data_dir, recorded, sha)
            if raw is None:
                report.missing_archive.append(message.source)
                continue
            yield Reading(message=message, read_by=read_by), Incoming(source=message.source, raw=raw)

    look_ahead(todo_read(), start, done, width=run.pool.size * 2 + 1)

    roster = [e.as_dict() for e in roster_entries]
    after = [replace(m, record=new_records[m.row], status=MessageStatus.DONE) if m.row in new_records else m
             for m in messages]
    report.before = entry_state.season(settings.campaign, roster, messages, decisions).standings
    report.after = entry_state.season(settings.campaign, roster, after, decisions).standings
    if apply:
        state.meta.reread_unfinished = None
        state.meta.workbook_due = True
        for rid in reply_to:
            report.replies.append((rid, send_correction(run, state, rid, version, reply_mode or settings.reply_mode)))
        write_workbook_safely(state, data_dir, settings, now)
    return report


def keep(run: Run, mail, reading: Reading, version: str) -> None:
    """The new reading of one mail, committed on its own (an interruption loses at most the mail in hand);
    a mail that had no reply gets none for its new reading; its files are saved where staff open them."""
    from .outputs.replies import reply_message_id
    row = reading.message.row
    run.state.record_reading(row, reading.after, version, (reply_message_id(reading.after.sha256, run.campaign), NO_REPLY))
    mail.committed = StoredMessage(row=row, source=mail.source, status=MessageStatus.DONE, record=reading.after)
    save_files(run, mail)
