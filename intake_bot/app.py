"""The application: `Intake(settings)` owns what lives longer than one job — the worker pool that
examines documents (kept between polls: a service does not restart its workers every few minutes),
how replies leave (the deliverer), the data directory and its lock — and runs the jobs the command
line, the service, the benchmarks and the tests ask for: poll, refresh the workbook, remind, the
digest, preview, export, reread. Each job opens the data directory, holds its lock for the length of
the job (when it writes) and closes it.

    with Intake(settings) as app:
        stats = app.poll()
"""
from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import logging
from pathlib import Path

from parsers.base import ParseLimits

from .outputs.answer import make_deliverer
from .settings.config import CHINA_TZ, ReplyMode, Settings
from .standing.context import Run
from .store.datadir import remember as remember_campaign
from .base.errors import IntakeError
from .store.lock import DataDirLock
from . import sources
from .outputs.staff_input import WORKBOOK_NAME, decisions_now
from .store.state import State
from .reading.workers import WorkerLimits, WorkerPool
from .workbook_refresh import refresh_due, write_outputs, write_workbook_safely

log = logging.getLogger(__name__)
TMP_DIR = "tmp"
_POOLS: dict[int, WorkerPool] = {}       # every pool open in this process (closed at its exit)


@atexit.register
def _close_pools() -> None:
    """Workers an application left running end with the process."""
    for pool in list(_POOLS.values()):
        pool.close()
    _POOLS.clear()


class Intake:
    """The intake bot for one settings: its resources, and its jobs as methods."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self._pool: WorkerPool | None = None

    # -- what it owns ---------------------------------------------------------------------------
    @property
    def pool(self) -> WorkerPool:
        """The worker pool, kept for the application's life; its workers start on the first document."""
        if self._pool is None:
            limits = self.settings.limits
            self._pool = WorkerPool(
                size=self.settings.worker_count, campaign_file=str(self.settings.campaign.source_file),
                use_ocr=limits.ocr,
                limits=WorkerLimits(seconds=limits.document_seconds, memory_mb=limits.worker_memory_mb,
                                    parse=ParseLimits(max_pixels=limits.max_pixels, max_cells=limits.max_cells,
                                                      page_seconds=limits.page_seconds, ocr_threads=1)),
                tmp_root=self.data_dir / TMP_DIR)
            _POOLS[id(self._pool)] = self._pool
        return self._pool

    def deliverer(self, mode: ReplyMode | None = None):
        """How replies leave in this mode (the settings' by default): a new one per job, so a server
        found unreachable is given up for that job only."""
        return make_deliverer(self.settings, self.data_dir, ReplyMode(mode or self.settings.reply_mode))

    def lock(self) -> DataDirLock:
        """The data directory's lock: the jobs that write wait for each other (a second process refuses)."""
        return DataDirLock(self.data_dir)

    def roster(self) -> list:
        from .campaign.roster import load_roster
        if not self.settings.roster:
            raise IntakeError("没有名单：请用 --roster 指定名单文件，或在配置文件中设置 roster。")
        return load_roster(self.settings.roster)

    def open_source(self, state: State | None = None):
        """The configured source for one poll (a context yielding it; the state keeps its cursor): its kind
        says how (sources/). Opening it tries nothing on a server."""
        return sources.polling(self.settings, state)

    @contextlib.contextmanager
    def _open_source(self):
        """The configured source, open for one poll, its cursor in the data directory's state."""
        Path(self.settings.data_dir).mkdir(parents=True, exist_ok=True)
        with State.in_dir(Path(self.settings.data_dir)) as cursor_state, self.open_source(cursor_state) as source:
            yield source

    def ready(self) -> None:
        """What the service needs before it starts, said now rather than at every poll."""
        self.roster()
        with self.open_source():            # a folder that is not there is said now (no login tried)
            pass

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            _POOLS.pop(id(self._pool), None)
            self._pool = None

    def __enter__(self) -> "Intake":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def workbook_path(self) -> Path:
        return self.data_dir / WORKBOOK_NAME

    def _run(self, state: State, roster_entries: list, now: dt.datetime | None, mode: ReplyMode, **more) -> Run:
        return Run(settings=self.settings, state=state, data_dir=self.data_dir, roster=roster_entries,
                   now=now or dt.datetime.now(CHINA_TZ), reply_mode=mode, **more)

    # -- the jobs -------------------------------------------------------------------------------
    def poll(self, now: dt.datetime | None = None, workbook: str = "now") -> dict:
        """One poll of the configured source: `run --once` and the service's job.
        workbook: "now" rewrites it at the end of the poll (run --once); "every" leaves it to the refresh
        that runs at most every workbook_minutes, also in the middle of a long backlog (the service)."""
        roster_entries = self.roster()
        with self._open_source() as source:
            return self.run_once(source, roster_entries, now=now, workbook=workbook)

    def run_once(self, source: sources.Source, roster_entries: list, now: dt.datetime | None = None,
                 reply_mode: ReplyMode | None = None, workbook: str = "now") -> dict:
        """One poll of a given source (polling.py)."""
        from .polling import run_once
        return run_once(self, source, roster_entries, now=now, reply_mode=reply_mode, workbook=workbook)

    def refresh_workbook(self) -> bool:
        """The service's workbook job: rewrite it when due and not written in the last workbook_minutes."""
        if not (self.data_dir / "state.sqlite3").exists():
            return False
        with self.lock(), State.existing(self.data_dir) as state:
            if not refresh_due(state, self.settings):
                return False
            write_workbook_safely(state, self.data_dir, self.settings, dt.datetime.now(CHINA_TZ), apart=True)
            return True

    def rebuild_outputs(self) -> Path:
        with self.lock(), State.existing(self.data_dir) as state:
            return write_outputs(state, self.data_dir, self.settings)

    def export(self) -> dict:
        from .outputs.export import build_export
        with State.existing(self.data_dir) as state:
            return build_export(self.settings.campaign, state.roster_rows(), state.messages(),
                                decisions_now(state, self.settings, store=False))

    def remind(self, now: dt.datetime | None = None) -> dict:
        """The reminder job: on the campaign's reminder days, one reminder per entry with gaps."""
        from .outputs.reminders import send_reminders
        roster_entries = self.roster()
        with self.lock(), State.in_dir(self.data_dir) as state:
            remember_campaign(state, self.settings.campaign)
            state.store_roster(roster_entries)
            mode = ReplyMode(self.settings.reply_mode)
            run = self._run(state, roster_entries, now, mode, deliverer=self.deliverer(mode))
            return send_reminders(run, decisions_now(state, self.settings))

    def preview(self, roster_id: str, now: dt.datetime | None = None):
        """The mail one entry would get now, and its standing."""
        from .outputs.reminders import preview as compose_preview
        with State.existing(self.data_dir) as state:
            roster = state.roster_rows()
            if roster_id not in {e["id"] for e in roster}:
                raise IntakeError(f"名单中没有编号 {roster_id}（已有：{'、'.join(e['id'] for e in roster[:20])}）。")
            return compose_preview(self.settings.campaign, roster, state.messages(),
                                   decisions_now(state, self.settings, store=False), roster_id,
                                   now or dt.datetime.now(CHINA_TZ))

    def digest(self, now: dt.datetime | None = None) -> Path:
        """The daily digest: a file in the data directory, and a mail to the staff address when one is set."""
        from .outputs import digest as daily
        from .store.files import write_atomic
        settings = self.settings
        now = now or dt.datetime.now(CHINA_TZ)
        with self.lock(), State.existing(self.data_dir) as state:
            text, snapshot = daily.build(settings.campaign, state.roster_rows(), state.messages(),
                                         decisions_now(state, settings), state.meta.digest_last, now)
            path = self.data_dir / "digest" / f"简报-{now.astimezone(CHINA_TZ):%Y-%m-%d}.txt"
            write_atomic(path, text.encode("utf-8"))
            if settings.staff_address and settings.reply_mode != ReplyMode.OFF:
                deliverer = self.deliverer()
                try:
                    deliverer.deliver(daily.as_mail(settings.campaign, text, settings.staff_address, now),
                                      f"digest-{now.astimezone(CHINA_TZ):%Y%m%d}")
                except Exception as exc:             # the file is there; the mail is said in the log
                    log.error("每日简报未能发给 %s：%s", settings.staff_address, exc)
            state.meta.digest_last = snapshot
            return path

    def status(self, now: dt.datetime | None = None) -> list[str]:
        """What the bot did and whether it runs as it should, a line each (`intake-bot status`)."""
        from .outputs.status import status_lines
        return status_lines(self.settings, now)

    def reread(self, selection, **options):
        """`intake-bot reread`: the archived mails read again with the current reader (reread.py)."""
        from .reread import reread
        return reread(self, selection, **options)
