"""The scheduled daemon (APScheduler 3): one poll at a time, a heartbeat in the state, and a
failed poll logged and retried at the next interval instead of stopping the service."""
from __future__ import annotations

import logging

from .config import Settings
from .errors import IntakeError, LockedError

log = logging.getLogger(__name__)


def poll_safely(settings: Settings) -> None:
    from .cli import poll
    try:
        stats = poll(settings)
        log.info("poll done: %s", stats)
    except LockedError as exc:
        log.warning("%s", exc)
    except IntakeError as exc:
        log.error("poll failed: %s", exc)
    except Exception:  # never let one bad poll end the service
        log.exception("poll crashed; will retry at the next interval")


def serve(settings: Settings) -> None:
    from apscheduler.schedulers.blocking import BlockingScheduler
    scheduler = BlockingScheduler(timezone="Asia/Shanghai")
    scheduler.add_job(poll_safely, "interval", args=[settings], minutes=settings.poll_minutes,
                      max_instances=1, coalesce=True, next_run_time=__import__("datetime").datetime.now())
    log.warning("intake-bot daemon started: polling every %s minute(s); Ctrl-C stops it", settings.poll_minutes)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
