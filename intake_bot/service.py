"""The service layer: what the command line and the daemon both call.

poll once (a source through the stages, replies caught up, outputs rebuilt), rebuild the outputs,
export, and the facts behind `status`. Each call opens the data directory, holds its lock for the
length of the call and closes it.
"""
from __future__ import annotations

import atexit
import datetime as dt
from collections import deque
import logging
import sqlite3
import sys
from pathlib import Path

from parsers.base import ParseLimits

from .answer import catch_up_replies, make_deliverer
from .apart import write_apart
from .config import CHINA_TZ, ReplyMode, Settings
from .context import Run
from .datadir import remember as remember_campaign
from .errors import STORAGE_ERRNOS, IntakeError, StorageError, storage_error
from .export import build_export
from .files import move_aside, sync_dirs
from .intake import begin, build_stages, finish
from .lock import DataDirLock
from .signals import STOP          # set by SIGTERM: the poll ends after the mail in hand
from . import sources
from .sources import Incoming, Source
from .staff_input import WORKBOOK_NAME, decide, decisions_now, read_staff_cells, staff_edited
from .state import State
from . import tracking
from .tracking import UnreadableWorkbook
from .workers import WorkerLimits, WorkerPool
from parsers.base import trim_heap

log = logging.getLogger(__name__)
TMP_DIR = "tmp"
_pools: dict = {}


def pool_for(settings: Settings) -> WorkerPool:
    """The worker pool for these settings, kept between polls (a daemon does not restart its workers
    every few minutes); workers start on the first document."""
    limits = settings.limits
    key = (settings.worker_count, str(settings.campaign.source_file), limits, str(Path(settings.data_dir).resolve()))
    if key not in _pools:
        for old in _pools.values():
            old.close()
        _pools.clear()
        _pools[key] = WorkerPool(size=settings.worker_count, campaign_file=str(settings.campaign.source_file),
                                 use_ocr=limits.ocr,
                                 limits=WorkerLimits(seconds=limits.document_seconds, memory_mb=limits.worker_memory_mb,
                                                     parse=ParseLimits(max_pixels=limits.max_pixels,
                                                                       max_cells=limits.max_cells,
                                                                       page_seconds=limits.page_seconds,
                                                                       ocr_threads=1)),
                                 tmp_root=Path(settings.data_dir) / TMP_DIR)
    return _pools[key]


@atexit.register
def close_pools() -> None:
    for pool in _pools.values():
        pool.close()
    _pools.clear()


def open_source(settings: Settings, state: State | None = None):
    """The configured source for one poll (a context yielding it; the state keeps its cursor): its kind
    says how (sources/). Opening it tries nothing on a server."""
    return sources.polling(settings, state)


def load_roster_of(settings: Settings) -> list:
    from .roster import load_roster
    if not settings.roster:
        raise IntakeError("没有名单：请用 --roster 指定名单文件，或在配置文件中设置 roster。")
    return load_roster(settings.roster)


def poll_once(settings: Settings, now: dt.datetime | None = None, workbook: str = "now") -> dict:
    """One poll of the configured source: the function `run --once` and the daemon's job call.
    workbook: "now" rewrites it at the end of the poll (run --once); "every" leaves it to the refresh
    that runs at most every workbook_minutes, also in the middle of a long backlog (the daemon)."""
    roster_entries = load_roster_of(settings)
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    with State.in_dir(Path(settings.data_dir)) as cursor_state, open_source(settings, cursor_state) as source:
        return run_once(settings, source, roster_entries, now=now, workbook=workbook)


def run_once(settings: Settings, source: Source, roster_entries: list, now: dt.datetime | None = None,
             reply_mode: ReplyMode | None = None, workbook: str = "now") -> dict:
    try:
        return _run_once(settings, source, roster_entries, now, reply_mode, workbook)
    except sqlite3.OperationalError as exc:       # disk full or I/O error under the state database
        raise StorageError(f"写入处理记录（state.sqlite3）时出错：{exc}。本次检查已停止，未处理完的邮件会在"
                           "问题解决后的下一次检查中继续处理。") from None
    except OSError as exc:
        if exc.errno in STORAGE_ERRNOS:
            raise storage_error(exc, "写入数据目录") from None
        raise


def _run_once(settings: Settings, source: Source, roster_entries: list, now: dt.datetime | None,
              reply_mode: ReplyMode | None, workbook: str) -> dict:
    data_dir = Path(settings.data_dir)
    with DataDirLock(data_dir):
        state = State.in_dir(data_dir)
        try:
            remember_campaign(state, settings.campaign)
            state.store_roster(roster_entries)
            mode = ReplyMode(reply_mode or settings.reply_mode)
            run = Run(settings=settings, state=state, data_dir=data_dir, roster=roster_entries,
                      now=now or dt.datetime.now(CHINA_TZ), reply_mode=mode,
                      deliverer=make_deliverer(settings, data_dir, mode), pool=pool_for(settings),
                      decisions=decisions_now(state, settings))     # staff edits since the last poll count now
            stages = build_stages()
            blame_unclean_stop(run)
            catch_up_replies(run)
            drive(run, _retries(state, settings), stages)
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
                    _finish_poll(state, data_dir, settings, run.stats, run.now, workbook)
            return run.stats
        finally:
            state.close()


def _finish_poll(state: State, data_dir: Path, settings: Settings, stats: dict, now: dt.datetime,
                 workbook: str = "now") -> None:
    """The heartbeat and the workbook, also after a poll that stopped early (best effort then)."""
    try:
        state.set_meta("last_poll", {"at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), **stats})
        if stats["read"]:
            state.set_meta("workbook_due", True)
        due = state.meta("workbook_due") or staff_edited(state, data_dir / WORKBOOK_NAME)
    except sqlite3.Error as exc:
        log.error("处理记录无法写入：%s", exc)
        return
    if due and (workbook == "now" or refresh_due(state, settings)):
        write_workbook_safely(state, data_dir, settings, now, apart=workbook == "every")


def refresh_due(state: State, settings: Settings) -> bool:
    """The daemon rewrites the workbook at most every workbook_minutes (a season's workbook takes
    seconds to write; polls every few minutes should not pay for it each time)."""
    last = state.meta("workbook_at")
    if not last:
        return True
    age = dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(last)
    return age >= dt.timedelta(minutes=settings.workbook_minutes) and (
        state.meta("workbook_due") or staff_edited(state, Path(settings.data_dir) / WORKBOOK_NAME))


def refresh_workbook(settings: Settings) -> bool:
    """The daemon's workbook job: rewrite it when due and not written in the last workbook_minutes."""
    data_dir = Path(settings.data_dir)
    if not (data_dir / "state.sqlite3").exists():
        return False
    with DataDirLock(data_dir), State.existing(data_dir) as state:
        if not refresh_due(state, settings):
            return False
        write_workbook_safely(state, data_dir, settings, dt.datetime.now(CHINA_TZ), apart=True)
        return True


def write_workbook_safely(state: State, data_dir: Path, settings: Settings, now: dt.datetime,
                           apart: bool = False) -> None:
    """apart: in a short-lived child process (the service, so its memory does not follow the season's
    largest workbook); a single run writes it in process."""
    try:
        if apart:
            write_apart(write_outputs, data_dir, settings, now)
        else:
            write_outputs(state, data_dir, settings, now)
    except (OSError, sqlite3.Error) as exc:         # retried at the next poll (it stays due)
        log.error("材料跟踪表未能写入（下次检查邮箱时重试）：%s", exc)
        try:
            state.set_meta("workbook_note", {"at": dt.datetime.now(CHINA_TZ).isoformat(timespec="seconds"),
                                             "text": f"材料跟踪表未能写入：{exc}；下次检查邮箱时重试。"})
        except sqlite3.Error:
            pass


def progress(items, total=None, desc="处理邮件"):
    """A progress bar for a backlog on a terminal; nothing under a service manager or in a pipe."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm
    total = total if total is not None else getattr(items, "total", None)
    return tqdm(items, total=total, desc=desc, unit="封", leave=False)


def progress_of(desc: str):
    return lambda items, total: progress(items, total, desc)


def blame_unclean_stop(run: Run) -> None:
    """The mail the last run was stuck on when it died (killed, out of memory, power cut) gets an
    attempt counted; this run then goes one mail at a time so any further blame is exact."""
    row = run.state.meta("in_hand")
    if row is None:
        return
    log.warning("上次运行未正常结束（处理邮件时被中止）：该邮件记一次失败，本次逐封处理")
    run.state.start_attempt(row)
    run.state.set_meta("in_hand", None)
    run.careful = True


AHEAD_PER_WORKER = 4
WINDOW_BYTES = 192 << 20


def drive(run: Run, items, stages, source: Source | None = None, refresh=None) -> None:
    """Mails in order; while one is decided and committed, the documents of the next ones are already
    being read by the worker pool (commits and replies stay in mail order)."""
    # Several mails ahead per worker: one mail with a long OCR must not leave the other workers idle.
    # The window is bounded by count and by the bytes of the documents it holds.
    width = 1 if run.careful else run.pool.size * AHEAD_PER_WORKER + 1
    window: deque = deque()

    def held() -> int:
        return sum(len(d.data) for _item, m in window for d in m.documents)

    def finish_oldest() -> None:
        item, mail = window.popleft()
        finish(run, mail, stages)
        if source is not None:
            source.committed(item)
        run.state.set_meta("in_hand", window[0][1].row_id if window else None)
        if refresh is not None and refresh_due(run.state, run.settings):    # a long backlog: staff see progress
            refresh()

    for item in items:
        run.oldest_in_flight = not window
        mail = begin(run, item, stages)
        item.raw = b""                      # held once, by the archive; not by the window
        trim_heap()                         # the parse of a large mail leaves its buffers free: give them back
        window.append((item, mail))
        while window and (len(window) >= width or (len(window) > 1 and held() > WINDOW_BYTES)):
            finish_oldest()
        if STOP.is_set():
            log.warning("收到停止信号：处理完已开始的邮件后停止，其余的下次处理")
            break
    while window:
        finish_oldest()


def _retries(state: State, settings: Settings):
    """Messages that failed in an earlier run, read again from the archive (bounded attempts)."""
    for row in state.retry_rows(settings.max_attempts):
        try:
            raw = Path(row["archive_path"]).read_bytes()
        except OSError:
            continue
        yield Incoming(source=row["source"], raw=raw, locator=row["locator"])


def editor_lock(path: Path) -> Path | None:
    """The lock file WPS, Excel (~$name) or LibreOffice (.~lock.name#) keeps beside a workbook it has open."""
    for lock in (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            return lock
    return None


def side_copy(path: Path) -> Path:
    return path.with_name(f"{path.stem}（新）{path.suffix}")


def write_outputs(state: State, data_dir: Path, settings: Settings, now: dt.datetime | None = None) -> Path:
    """The tracking workbook, never lost and never stale: marked due before it is written (a failed
    write is repeated at the next poll), the staff columns read back first (an unreadable workbook is
    kept as a dated copy, and said so), and never replaced under an editor that has it open."""
    now = now or dt.datetime.now(CHINA_TZ)
    state.set_meta("workbook_due", True)
    path = data_dir / WORKBOOK_NAME
    try:
        staff = read_staff_cells(state, path, settings)
    except UnreadableWorkbook as exc:
        kept = move_aside(path, f".无法读取-{now:%Y%m%d-%H%M%S}")       # never over an earlier copy
        note = (f"原材料跟踪表无法读取（{exc}），已另存为 {kept.name}；其中工作人员填写的内容"
                f"未能带入新表，请从该文件中手工复制。")
        log.warning("%s", note)
        state.set_meta("workbook_note", {"at": now.isoformat(timespec="seconds"), "text": note})
        staff = tracking.StaffCells()
    decisions = decide(state, settings, staff)
    lock = editor_lock(path)
    target = side_copy(path) if lock else path
    tracking.write(target, settings.campaign, state.roster_rows(), state.messages(), staff, decisions, now)
    if lock:
        note = (f"材料跟踪表正被打开（{lock.name}），新内容先写在 {target.name}；"
                f"关闭表格后，下次检查邮箱时会更新原表。")
        log.warning("%s", note)
        state.set_meta("workbook_note", {"at": now.isoformat(timespec="seconds"), "text": note})
        return target                              # still due: written in place once the editor closes it
    side_copy(path).unlink(missing_ok=True)
    state.set_meta("workbook_due", False)
    state.set_meta("workbook_at", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    state.set_meta("workbook_written", path.stat().st_mtime_ns)
    if (state.meta("workbook_note") or {}).get("text", "").startswith("材料跟踪表正被打开"):
        state.set_meta("workbook_note", None)
    return path


def rebuild_outputs(settings: Settings) -> Path:
    data_dir = Path(settings.data_dir)
    with DataDirLock(data_dir), State.existing(data_dir) as state:
        return write_outputs(state, data_dir, settings)


def export(settings: Settings) -> dict:
    with State.existing(Path(settings.data_dir)) as state:
        return build_export(settings.campaign, state.roster_rows(), state.messages(),
                            decisions_now(state, settings, store=False))


def remind(settings: Settings, now: dt.datetime | None = None) -> dict:
    """The reminder job: on the campaign's reminder days, one reminder per entry with gaps."""
    from .reminders import send_reminders
    roster_entries = load_roster_of(settings)
    data_dir = Path(settings.data_dir)
    with DataDirLock(data_dir), State.in_dir(data_dir) as state:
        remember_campaign(state, settings.campaign)
        state.store_roster(roster_entries)
        mode = ReplyMode(settings.reply_mode)
        run = Run(settings=settings, state=state, data_dir=data_dir, roster=roster_entries,
                  now=now or dt.datetime.now(CHINA_TZ), reply_mode=mode, deliverer=make_deliverer(settings, data_dir, mode))
        return send_reminders(run, decisions_now(state, settings))


def preview(settings: Settings, roster_id: str, now: dt.datetime | None = None):
    from .reminders import preview as compose_preview
    with State.existing(Path(settings.data_dir)) as state:
        roster = state.roster_rows()
        if roster_id not in {e["id"] for e in roster}:
            raise IntakeError(f"名单中没有编号 {roster_id}（已有：{'、'.join(e['id'] for e in roster[:20])}）。")
        return compose_preview(settings.campaign, roster, state.messages(), decisions_now(state, settings, store=False),
                               roster_id, now or dt.datetime.now(CHINA_TZ))


def digest(settings: Settings, now: dt.datetime | None = None) -> Path:
    """The daily digest: a file in the data directory, and a mail to the staff address when one is set."""
    from . import digest as daily
    from .files import write_atomic
    now = now or dt.datetime.now(CHINA_TZ)
    data_dir = Path(settings.data_dir)
    with DataDirLock(data_dir), State.existing(data_dir) as state:
        text, snapshot = daily.build(settings.campaign, state.roster_rows(), state.messages(),
                                     decisions_now(state, settings), state.meta("digest_last"), now)
        path = data_dir / "digest" / f"简报-{now.astimezone(CHINA_TZ):%Y-%m-%d}.txt"
        write_atomic(path, text.encode("utf-8"))
        if settings.staff_address and settings.reply_mode != ReplyMode.OFF:
            deliverer = make_deliverer(settings, data_dir, ReplyMode(settings.reply_mode))
            try:
                deliverer.deliver(daily.as_mail(settings.campaign, text, settings.staff_address, now),
                                  f"digest-{now.astimezone(CHINA_TZ):%Y%m%d}")
            except Exception as exc:             # the file is there; the mail is said in the log
                log.error("每日简报未能发给 %s：%s", settings.staff_address, exc)
        state.set_meta("digest_last", snapshot)
        return path
