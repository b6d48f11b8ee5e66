"""The service (APScheduler 3): the poll every poll_minutes (coalesced, one at a time, a grace for a
late start), reminders and the digest once a day at the campaign's and the settings' hours. A failed
poll is logged with its reason and retried at the next interval; SIGTERM or Ctrl-C lets the mail in
hand finish, then stops."""
from __future__ import annotations

import datetime as dt
import logging
import signal

from . import service
from .config import Settings
from .errors import IntakeError, LockedError

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


def poll(settings: Settings) -> None:
    stats = service.poll_once(settings, workbook="every")
    log.info("检查邮箱完成：读取 %(read)s 封，新邮件 %(new)s 封，失败 %(failed)s 封，回复 %(replies)s 封", stats)


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


def build_scheduler(settings: Settings):
    from apscheduler.schedulers.blocking import BlockingScheduler
    scheduler = BlockingScheduler(timezone="Asia/Shanghai")
    grace = int(settings.poll_minutes * 60)
    scheduler.add_job(_guarded("检查邮箱", poll), "interval", args=[settings], minutes=settings.poll_minutes,
                      id="poll", name="检查邮箱", max_instances=1, coalesce=True, misfire_grace_time=grace,
                      next_run_time=dt.datetime.now())
    scheduler.add_job(_guarded("更新材料跟踪表", refresh), "interval", args=[settings], minutes=settings.workbook_minutes,
                      id="workbook", name="更新材料跟踪表", max_instances=1, coalesce=True, misfire_grace_time=grace)
    scheduler.add_job(_guarded("发送提醒", remind), "cron", args=[settings], hour=settings.campaign.reminder_hour,
                      id="remind", name="截止前提醒", max_instances=1, coalesce=True, misfire_grace_time=3600)
    scheduler.add_job(_guarded("每日简报", digest), "cron", args=[settings], hour=settings.digest_hour,
                      id="digest", name="每日简报", max_instances=1, coalesce=True, misfire_grace_time=3600)
    return scheduler


def serve(settings: Settings) -> None:
    scheduler = build_scheduler(settings)

    def stop(signum, _frame):
        log.warning("收到停止信号（%s）：处理完手头这封邮件后停止", signal.Signals(signum).name)
        service.STOP.set()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    log.warning("intake-bot 已启动：每 %s 分钟检查一次邮箱，每天 %s 点发提醒（提醒日）、%s 点写每日简报",
                settings.poll_minutes, settings.campaign.reminder_hour, settings.digest_hour)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        service.STOP.set()
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)        # the poll in hand stops after its current mail
        log.warning("intake-bot 已停止")
