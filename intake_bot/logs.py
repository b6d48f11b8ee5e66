"""The log: the console (warnings, or every step with -v) and a rotating file in the data directory
(a line per mail with its outcome, a line per error), times in China time as staff read them."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from .settings.config import CHINA_TZ, Settings

log = logging.getLogger("intake_bot")


class LocalTime(logging.Formatter):
    """Log times as staff read them: China time."""

    def formatTime(self, record, datefmt=None):
        return dt.datetime.fromtimestamp(record.created, CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _quiet_handler():
    from logging.handlers import RotatingFileHandler

    class QuietFileHandler(RotatingFileHandler):
        """A log file that cannot be written (a full disk) costs the line, never the run or the console."""

        def handleError(self, record):
            pass
    return QuietFileHandler


def file_logging(settings: Settings) -> None:
    """A rotating log in the data directory: a line per mail with its outcome, a line per error."""
    _QuietFileHandler = _quiet_handler()
    folder = Path(settings.data_dir) / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _QuietFileHandler(folder / "intake-bot.log", maxBytes=5 * 1024 * 1024, backupCount=5,
                                    encoding="utf-8")
    except OSError as exc:
        log.warning("日志文件无法写入 %s：%s", folder, exc)
        return
    handler.setFormatter(LocalTime("%(asctime)s %(levelname)s %(message)s"))
    handler.setLevel(logging.INFO)
    install(logging.getLogger("intake_bot"), handler)
    logging.getLogger("intake_bot").setLevel(logging.INFO)


installed: list = []


def install(logger: logging.Logger, handler: logging.Handler) -> None:
    """One handler of each kind per process, however often main() runs (tests call it many times)."""
    for old_logger, old in list(installed):
        if type(old) is type(handler):
            old_logger.removeHandler(old)
            old.close()
            installed.remove((old_logger, old))
    logger.addHandler(handler)
    installed.append((logger, handler))
