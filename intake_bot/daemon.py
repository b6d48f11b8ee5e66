"""The scheduled daemon (APScheduler 3): one poll at a time, a heartbeat in the state, and a
failed poll logged and retried at the next interval instead of stopping the service."""
from __future__ import annotations

import datetime as dt
import logging

from .config import Settings
from .errors import IntakeError, LockedError
from .service import poll_once

log = logging.getLogger(__name__)


def poll_safely(settings: Settings) -> None:
    try:
        stats = poll_once(settings)
        log.info("检查邮箱完成：读取 %(read)s 封，新邮件 %(new)s 封，失败 %(failed)s 封，回复 %(replies)s 封", stats)
    except LockedError as exc:
        log.warning("%s", exc)
    except IntakeError as exc:
        log.error("检查邮箱失败：%s", exc)
    except Exception:  # never let one bad poll end the service
        log.exception("检查邮箱时出错，下次按时重试")


def serve(settings: Settings) -> None:
    from apscheduler.schedulers.blocking import BlockingScheduler
    scheduler = BlockingScheduler(timezone="Asia/Shanghai")
    scheduler.add_job(poll_safely, "interval", args=[settings], minutes=settings.poll_minutes,
                      max_instances=1, coalesce=True, next_run_time=dt.datetime.now())
    log.warning("intake-bot 已启动：每 %s 分钟检查一次邮箱；按 Ctrl-C 停止", settings.poll_minutes)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
