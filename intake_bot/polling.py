"""One poll of a source, under the data directory's lock: replies an earlier run left caught up, the
mails that failed before read again, then the source's new mails in order through the stages — the
next mails' documents read ahead in the worker pool while the oldest is decided and committed
(pipeline.look_ahead) — and at the end the heartbeat and the workbook (workbook_refresh.py). A run
that died in the middle of a mail (killed, out of memory) has that mail blamed, and the next run goes
one mail at a time."""
from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from parsers.base import trim_heap

from .outputs.answer import catch_up_replies
from .settings.config import CHINA_TZ, ReplyMode
from .standing.context import Run
from .store.datadir import remember as remember_campaign
from .base.errors import STORAGE_ERRNOS, StorageError, storage_error
from .store.files import sync_dirs
from .intake import begin, build_stages, finish
from .store.lock import DataDirLock
from .base.pipeline import look_ahead
from .progress import progress
from .signals import STOP  # set by SIGTERM: the poll ends after the mail in hand
from .sources import Incoming, Source
from .outputs.staff_input import decisions_now
from .store.state import State
from .workbook_refresh import finish_poll, refresh_due, write_workbook_safely

log = logging.getLogger(__name__)
AHEAD_PER_WORKER = 4
WINDOW_BYTES = 192 << 20


def run_once(app, source: Source, roster_entries: list, now: dt.datetime | None = None,
             reply_mode: ReplyMode | None = None, workbook: str = "now") -> dict:
    """app: the Intake (settings, worker pool, deliverer). Storage errors are said in one sentence."""
    try:
        return _run_once(app, source, roster_entries, now, reply_mode, workbook)
    except sqlite3.OperationalError as exc:       # disk full or I/O error under the state database
        raise StorageError(f"写入处理记录（state.sqlite3）时出错：{exc}。本次检查已停止，未处理完的邮件会在"
                           "问题解决后的下一次检查中继续处理。") from None
    except OSError as exc:
        if exc.errno in STORAGE_ERRNOS:
            raise storage_error(exc, "写入数据目录") from None
        raise


def _run_once(app, source: Source, roster_entries: list, now: dt.datetime | None,
              reply_mode: ReplyMode | None, workbook: str) -> dict:
    settings, data_dir = app.settings, app.data_dir
    with DataDirLock(data_dir):
        state = State.in_dir(data_dir)
        try:
            remember_campaign(state, settings.campaign)
            state.store_roster(roster_entries)
            mode = ReplyMode(reply_mode or settings.reply_mode)
            run = Run(settings=settings, state=state, data_dir=data_dir, roster=roster_entries,
                      now=now or dt.datetime.now(CHINA_TZ), reply_mode=mode,
                      deliverer=app.deliverer(mode), pool=app.pool,
                      decisions=decisions_now(state, settings))     # staff edits since the last poll count now
            stages = build_stages()
            blame_unclean_stop(run)
            catch_up_replies(run)
            drive(run, retries(state, settings), stages)
            if hasattr(source, "known"):
                source.known = state.finished_sources()
            stopped_by_storage = False
            try:
                drive(run, progress(source), stages, source,
                      refresh=(lambda: write_workbook_safely(state, data_dir, settings, run.now, apart=True))
                      if workbook == "every" else None)
            except (StorageError, sqlite3.OperationalError):
                stopped_by_storage = True            # the disk: no workbook now, the next poll writes it
                raise
            finally:
                source.close()
                if not stopped_by_storage:
                    sync_dirs(run.unsynced)
                    finish_poll(state, data_dir, settings, run.stats, run.now, workbook)
            return run.stats
        finally:
            state.close()


def blame_unclean_stop(run: Run) -> None:
    """The mail the last run was stuck on when it died (killed, out of memory, power cut) gets an
    attempt counted; this run then goes one mail at a time so any further blame is exact."""
    row = run.state.meta.in_hand
    if row is None:
        return
    log.warning("上次运行未正常结束（处理邮件时被中止）：该邮件记一次失败，本次逐封处理")
    run.state.start_attempt(row)
    run.state.meta.in_hand = None
    run.careful = True


def drive(run: Run, items, stages, source: Source | None = None, refresh=None) -> None:
    """Mails in order; while one is decided and committed, the documents of the next ones are already
    being read by the worker pool (commits and replies stay in mail order)."""
    # Several mails ahead per worker: one mail with a long OCR must not leave the other workers idle.
    # The window is bounded by count and by the bytes of the documents it holds.
    def start(item, oldest: bool):
        run.oldest_in_flight = oldest
        mail = begin(run, item, stages)
        item.raw = b""                      # held once, by the archive; not by the window
        trim_heap()                         # the parse of a large mail leaves its buffers free: give them back
        return mail

    def done(item, mail, following) -> None:
        finish(run, mail, stages)
        if source is not None:
            source.committed(item)
        run.state.meta.in_hand = following.row_id if following is not None else None
        if refresh is not None and refresh_due(run.state, run.settings):    # a long backlog: staff see progress
            refresh()

    def stop() -> bool:
        stopping = STOP.is_set()
        if stopping:
            log.warning("收到停止信号：处理完已开始的邮件后停止，其余的下次处理")
        return stopping

    look_ahead(items, start, done, width=1 if run.careful else run.pool.size * AHEAD_PER_WORKER + 1,
               weight=lambda mail: sum(len(d.data) for d in mail.documents), max_weight=WINDOW_BYTES, stop=stop)


def retries(state: State, settings):
    """Messages that failed in an earlier run, read again from the archive (bounded attempts)."""
    for row in state.retry_rows(settings.max_attempts):
        try:
            raw = Path(row["archive_path"]).read_bytes()
        except OSError:
            continue
        yield Incoming(source=row["source"], raw=raw, locator=row["locator"])
