"""The service layer: what the command line and the daemon both call.

poll once (a source through the stages, replies caught up, outputs rebuilt), rebuild the outputs,
export, and the facts behind `status`. Each call opens the data directory, holds its lock for the
length of the call and closes it.
"""
from __future__ import annotations

import atexit
import datetime as dt
import logging
from pathlib import Path

from parsers.base import ParseLimits

from . import entries
from .answer import catch_up_replies, make_deliverer
from .config import CHINA_TZ, ReplyMode, Settings, SourceKind
from .context import Run
from .errors import IntakeError
from .export import build_export
from .intake import build_stages, process
from .lock import DataDirLock
from .sources import Incoming, Source
from .state import State
from .tracking import write_workbook
from .workers import WorkerLimits, WorkerPool

log = logging.getLogger(__name__)
WORKBOOK_NAME = "材料跟踪表.xlsx"
TMP_DIR = "tmp"
_pools: dict = {}


def pool_for(settings: Settings) -> WorkerPool:
    """The worker pool for these settings, kept between polls (a daemon does not restart its workers
    every few minutes); workers start on the first document."""
    limits = settings.limits
    key = (settings.worker_count, str(settings.campaign.source_file), limits.ocr, limits.document_seconds,
           limits.worker_memory_mb, str(Path(settings.data_dir).resolve()))
    if key not in _pools:
        for old in _pools.values():
            old.close()
        _pools.clear()
        _pools[key] = WorkerPool(size=settings.worker_count, campaign_file=str(settings.campaign.source_file),
                                 use_ocr=limits.ocr,
                                 limits=WorkerLimits(seconds=limits.document_seconds, memory_mb=limits.worker_memory_mb,
                                                     parse=ParseLimits(max_pixels=limits.max_pixels,
                                                                       max_cells=limits.max_cells)),
                                 tmp_root=Path(settings.data_dir) / TMP_DIR)
    return _pools[key]


@atexit.register
def close_pools() -> None:
    for pool in _pools.values():
        pool.close()
    _pools.clear()


def open_source(settings: Settings, state: State | None = None) -> Source:
    from .sources import FolderSource
    box = settings.mailbox
    if box.kind is SourceKind.IMAP:
        from .imap import ImapSource
        return ImapSource(box, state)
    if not box.path:
        raise IntakeError("没有邮件来源：请用 --source 指定文件夹，或在配置文件中设置 mailbox.path"
                          "（或 mailbox.kind = \"imap\"）。")
    return FolderSource(box.path)


def load_roster_of(settings: Settings) -> list:
    from .roster import load_roster
    if not settings.roster:
        raise IntakeError("没有名单：请用 --roster 指定名单文件，或在配置文件中设置 roster。")
    return load_roster(settings.roster)


def poll_once(settings: Settings, now: dt.datetime | None = None) -> dict:
    """One poll of the configured source: the function `run --once` and the daemon's job call."""
    roster_entries = load_roster_of(settings)
    if settings.mailbox.kind is SourceKind.IMAP:
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        with State.in_dir(Path(settings.data_dir)) as cursor_state:
            return run_once(settings, open_source(settings, cursor_state), roster_entries, now=now)
    return run_once(settings, open_source(settings), roster_entries, now=now)


def run_once(settings: Settings, source: Source, roster_entries: list, now: dt.datetime | None = None,
             reply_mode: ReplyMode | None = None) -> dict:
    data_dir = Path(settings.data_dir)
    with DataDirLock(data_dir):
        state = State.in_dir(data_dir)
        try:
            state.store_roster(roster_entries)
            mode = ReplyMode(reply_mode or settings.reply_mode)
            run = Run(settings=settings, state=state, data_dir=data_dir, roster=roster_entries,
                      now=now or dt.datetime.now(CHINA_TZ), reply_mode=mode,
                      deliverer=make_deliverer(settings, data_dir, mode), pool=pool_for(settings))
            stages = build_stages()
            catch_up_replies(run)
            for item in _retries(state, settings):
                process(run, item, stages)
            if hasattr(source, "known"):
                source.known = state.finished_sources()
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
    for row in state.retry_rows(settings.max_attempts):
        try:
            raw = Path(row["archive_path"]).read_bytes()
        except OSError:
            continue
        yield Incoming(source=row["source"], raw=raw, folder=row["folder"], uidvalidity=row["uidvalidity"],
                       uid=row["uid"])


def write_outputs(state: State, data_dir: Path, settings: Settings) -> Path:
    roster_rows = state.roster_rows()
    messages = state.messages()
    states = entries.fold(settings.campaign, [e["id"] for e in roster_rows], messages)
    path = data_dir / WORKBOOK_NAME
    write_workbook(path, settings.campaign, roster_rows, states, messages)
    return path


def rebuild_outputs(settings: Settings) -> Path:
    data_dir = Path(settings.data_dir)
    with DataDirLock(data_dir), State.existing(data_dir) as state:
        return write_outputs(state, data_dir, settings)


def export(settings: Settings) -> dict:
    with State.existing(Path(settings.data_dir)) as state:
        return build_export(settings.campaign, state.roster_rows(), state.messages())
