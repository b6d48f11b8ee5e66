"""The service (APScheduler 3): the poll every poll_minutes (coalesced, one at a time, a grace for a
late start), reminders and the digest once a day at the campaign's and the settings' hours. A failed
poll is logged with its reason; one that could not reach the mailbox is tried again sooner, the pause
doubling from 30 s up to the interval. SIGTERM or Ctrl-C lets the mail in hand finish, then stops."""
from __future__ import annotations

import datetime as dt
import logging
import signal
import threading

from . import service
from .config import Settings
from .errors import IntakeError, LockedError, LoginError, SourceError

log = logging.getLogger("intake_bot.daemon")


def _guarded(what: str, job):
    def run(settings: Settings) -> None:
        try:
            job(settings)
        except LockedError as exc:
            log.warning("%s推迟：%s", what, exc)
        except IntakeError as exc:
            log.error("%s失败：%s", what, exc)
        except Exception:                        # never let one bad run end the service
            log.exception("%s出错，下次按时重试", what)
    run.__name__ = job.__name__
    return run


MORE_MAIL = threading.Event()         # the IDLE watcher heard of new mail: poll (again) now


def poll(settings: Settings) -> None:
    while True:
        MORE_MAIL.clear()
        stats = service.poll_once(settings, workbook="every")
        log.info("检查邮箱完成：读取 %(read)s 封，新邮件 %(new)s 封，失败 %(failed)s 封，回复 %(replies)s 封", stats)
        if not MORE_MAIL.is_set() or service.STOP.is_set():
            return                           # a mail announced during this poll is read by one more


def refresh(settings: Settings) -> None:
    if service.refresh_workbook(settings):
        log.info("材料跟踪表已更新")


def remind(settings: Settings) -> None:
    result = service.remind(settings)
    if result["day"] is not None:
        log.info("截止前 %s 天的提醒：发出 %s 封", result["day"], result["sent"])


def digest(settings: Settings) -> None:
    path = service.digest(settings)
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
    def poll_job(settings: Settings) -> None:
        try:
            poll(settings)
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


def build_scheduler(settings: Settings):
    from apscheduler.schedulers.blocking import BlockingScheduler
    scheduler = BlockingScheduler(timezone="Asia/Shanghai")
    grace = int(settings.poll_minutes * 60)
    poll_job = poll_with_reconnect(scheduler, Reconnect(settings.poll_minutes * 60))
    scheduler.add_job(_guarded("检查邮箱", poll_job), "interval", args=[settings], minutes=settings.poll_minutes,
                      id="poll", name="检查邮箱", max_instances=1, coalesce=True, misfire_grace_time=grace,
                      next_run_time=dt.datetime.now(dt.timezone.utc))
    scheduler.add_job(_guarded("更新材料跟踪表", refresh), "interval", args=[settings], minutes=settings.workbook_minutes,
                      id="workbook", name="更新材料跟踪表", max_instances=1, coalesce=True, misfire_grace_time=grace)
    scheduler.add_job(_guarded("发送提醒", remind), "cron", args=[settings], hour=settings.campaign.reminder_hour,
                      id="remind", name="截止前提醒", max_instances=1, coalesce=True, misfire_grace_time=3600)
    scheduler.add_job(_guarded("每日简报", digest), "cron", args=[settings], hour=settings.digest_hour,
                      id="digest", name="每日简报", max_instances=1, coalesce=True, misfire_grace_time=3600)
    return scheduler


def watch(settings: Settings, scheduler):
    """The IDLE watcher for an IMAP mailbox that asks for it; a new mail moves the poll to now."""
    from .config import SourceKind
    from .watch import MailboxWatcher
    if settings.mailbox.kind is not SourceKind.IMAP or not settings.mailbox.idle:
        return None

    def poll_now() -> None:
        MORE_MAIL.set()                      # a poll under way runs once more; otherwise one starts now
        scheduler.modify_job("poll", next_run_time=dt.datetime.now(dt.timezone.utc))

    return MailboxWatcher(settings.mailbox, poll_now, settings.poll_minutes).start()


def serve(settings: Settings) -> None:
    scheduler = build_scheduler(settings)
    watcher = None

    def stop(signum, _frame):
        log.warning("收到停止信号（%s）：处理完手头这封邮件后停止", signal.Signals(signum).name)
        service.STOP.set()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    log.warning("intake-bot 已启动：每 %s 分钟检查一次邮箱，每天 %s 点发提醒（提醒日）、%s 点写每日简报",
                settings.poll_minutes, settings.campaign.reminder_hour, settings.digest_hour)
    try:
        watcher = watch(settings, scheduler)
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        service.STOP.set()
    finally:
        if watcher is not None:
            watcher.stop()
        if scheduler.running:
            scheduler.shutdown(wait=True)        # the poll in hand stops after its current mail
        log.warning("intake-bot 已停止")
