"""The service (APScheduler 3): the poll every poll_minutes (coalesced, one at a time, a grace for a
late start), reminders and the digest once a day at the campaign's and the settings' hours. A failed
poll is logged with its reason; one that could not reach the mailbox is tried again sooner, the pause
doubling from 30 s up to the interval. SIGTERM or Ctrl-C lets the mail in hand finish, then stops.
The jobs are the application's (app.Intake: one for the service's life, its worker pool kept warm)."""
from __future__ import annotations

import datetime as dt
import logging
import threading

from . import signals, sources
from .app import Intake
from .settings.config import Settings
from .base.errors import IntakeError, LockedError, LoginError, SourceError
from .signals import STOP
from .sources.logins import GATE

log = logging.getLogger("intake_bot.daemon")


LOCKED_RETRY = 120                    # seconds: a daily job that found the data directory in use tries again


def _guarded(what: str, job, scheduler=None):
    """scheduler: a job that runs once a day (reminders, the digest) and found the data directory in use
    (a long `reread --apply`) is tried again in two minutes instead of waiting for tomorrow."""
    def run(app: Intake) -> None:
        try:
            job(app)
        except LockedError as exc:
            log.warning("%s推迟：%s", what, exc)
            if scheduler is not None:
                at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=LOCKED_RETRY)
                scheduler.add_job(run, "date", run_date=at, args=[app], id=f"{job.__name__}-again",
                                  replace_existing=True, misfire_grace_time=3600)
        except IntakeError as exc:
            log.error("%s失败：%s", what, exc)
        except Exception:                        # never let one bad run end the service
            log.exception("%s出错，下次按时重试", what)
        if run.after is not None:
            try:
                run.after()
            except Exception:
                log.exception("%s之后的处理出错", what)
    run.__name__ = job.__name__
    run.after = None                             # what follows each run (the poll: the IDLE watcher)
    return run


MORE_MAIL = threading.Event()         # the IDLE watcher heard of new mail: poll (again) now


def poll(app: Intake) -> None:
    while True:
        MORE_MAIL.clear()
        stats = app.poll(workbook="every")
        log.info("检查邮箱完成：读取 %(read)s 封，新邮件 %(new)s 封，失败 %(failed)s 封，回复 %(replies)s 封", stats)
        if not MORE_MAIL.is_set() or STOP.is_set():
            return                           # a mail announced during this poll is read by one more


def refresh(app: Intake) -> None:
    if app.refresh_workbook():
        log.info("材料跟踪表已更新")


def remind(app: Intake) -> None:
    result = app.remind()
    if result["day"] is not None:
        log.info("截止前 %s 天的提醒：发出 %s 封", result["day"], result["sent"])


def digest(app: Intake) -> None:
    path = app.digest()
    log.info("每日简报已写入 %s", path)


FIRST_RETRY = 30.0                    # seconds before the first retry of a poll that could not reach the mailbox


class Reconnect:
    """When to try again after a poll that could not reach the mailbox: sooner than the interval, the
    pause doubling, so a short outage costs seconds and a long one does not hammer the server. A
    refused login is not retried sooner (NetEase locks a mailbox after repeated failures)."""

    def __init__(self, interval_seconds: float):
        self.interval = interval_seconds
        self.pause: float | None = None

    def failed(self, exc: SourceError) -> float | None:
        """Seconds until the next try, or None: at the next interval."""
        if isinstance(exc, LoginError):
            return None
        self.pause = FIRST_RETRY if self.pause is None else self.pause * 2
        return self.pause if self.pause < self.interval else None

    def succeeded(self) -> None:
        self.pause = None


def poll_with_reconnect(scheduler, retry: Reconnect):
    def poll_job(app: Intake) -> None:
        try:
            poll(app)
        except SourceError as exc:
            pause = retry.failed(exc)
            if pause is None:
                raise
            log.error("检查邮箱失败：%s %.0f 秒后重试", exc, pause)
            scheduler.modify_job("poll", next_run_time=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=pause))
            return
        retry.succeeded()
    poll_job.__name__ = "poll"
    return poll_job


def build_scheduler(app: Intake):
    from apscheduler.schedulers.blocking import BlockingScheduler
    settings = app.settings
    scheduler = BlockingScheduler(timezone="Asia/Shanghai")
    grace = int(settings.poll_minutes * 60)
    poll_job = poll_with_reconnect(scheduler, Reconnect(settings.poll_minutes * 60))
    scheduler.add_job(_guarded("检查邮箱", poll_job), "interval", args=[app], minutes=settings.poll_minutes,
                      id="poll", name="检查邮箱", max_instances=1, coalesce=True, misfire_grace_time=grace,
                      next_run_time=dt.datetime.now(dt.timezone.utc))
    scheduler.add_job(_guarded("更新材料跟踪表", refresh), "interval", args=[app], minutes=settings.workbook_minutes,
                      id="workbook", name="更新材料跟踪表", max_instances=1, coalesce=True, misfire_grace_time=grace)
    scheduler.add_job(_guarded("发送提醒", remind, scheduler), "cron", args=[app], hour=settings.campaign.reminder_hour,
                      id="remind", name="截止前提醒", max_instances=1, coalesce=True, misfire_grace_time=3600)
    scheduler.add_job(_guarded("每日简报", digest, scheduler), "cron", args=[app], hour=settings.digest_hour,
                      id="digest", name="每日简报", max_instances=1, coalesce=True, misfire_grace_time=3600)
    return scheduler


class Watching:
    """What the source kind watches between polls (IMAP IDLE: sources/watch.py), told after each poll;
    a poll at once when it says mail arrived."""

    def __init__(self, settings: Settings, scheduler):
        self.settings, self.scheduler = settings, scheduler
        self.watcher = sources.watching(settings, self.poll_now)     # None: the kind has nothing to watch

    def after_poll(self) -> None:
        if self.watcher is not None and not STOP.is_set():
            self.watcher.after_poll()

    def poll_now(self) -> None:
        MORE_MAIL.set()                      # a poll under way runs once more; otherwise one starts now
        self.scheduler.modify_job("poll", next_run_time=dt.datetime.now(dt.timezone.utc))

    def refused(self, refusal) -> None:
        """A login refused anywhere but the poll: the next try is the poll, a whole interval from now."""
        from .sources.logins import Who
        if refusal.who is Who.POLL:
            return
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=self.settings.poll_minutes)
        try:
            self.scheduler.modify_job("poll", next_run_time=later)
            from pathlib import Path

            from .store.state import State
            with State.in_dir(Path(self.settings.data_dir)) as state:
                GATE.note(state)             # `status` says it at once
        except Exception as exc:             # the poll says it again in its turn
            log.warning("登录被拒绝的记录未能写入：%s", exc)

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()


def few_arenas() -> None:
    """The service runs its jobs on the scheduler's threads, and glibc gives threads malloc arenas of their
    own that keep what was freed in them: two arenas keep the service's memory flat over a season
    (M_ARENA_MAX; the soak run in bench/)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)      # -8: M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def serve(app: Intake) -> None:
    few_arenas()
    settings = app.settings
    scheduler = build_scheduler(app)
    watching = Watching(settings, scheduler)
    scheduler.get_job("poll").func.after = watching.after_poll
    GATE.listeners.append(watching.refused)
    log.warning("intake-bot 已启动：每 %s 分钟检查一次邮箱，每天 %s 点发提醒（提醒日）、%s 点写每日简报",
                settings.poll_minutes, settings.campaign.reminder_hour, settings.digest_hour)
    signals.interrupt_main(True)             # from now on a stop signal also leaves the scheduler's wait
    try:
        if not STOP.is_set():        # a stop during start-up: nothing started, nothing to finish
            scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        STOP.set()
    finally:
        signals.interrupt_main(False)
        GATE.listeners.remove(watching.refused)
        watching.stop()
        if scheduler.running:
            scheduler.shutdown(wait=True)        # the poll in hand stops after its current mail
        log.warning("intake-bot 已停止")
